// `#[model(naming = ...)]` takes a string, as `table` does: `naming = "sequelize"`.

use orm_core::Model;

#[derive(Model)]
#[model(naming = sequelize)]
struct User {
    id: i64,
    name: String,
}

fn main() {}
