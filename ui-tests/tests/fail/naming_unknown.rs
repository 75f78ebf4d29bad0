// `#[model(naming = "...")]` takes one of the conventions the derive knows ("snake", the
// default, or "sequelize"); another value is reported at the value, with the closest one.

use orm_core::Model;

#[derive(Model)]
#[model(naming = "sequelise")]
struct User {
    id: i64,
    name: String,
}

fn main() {}
