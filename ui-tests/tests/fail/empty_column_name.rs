// An empty name names nothing: the error says where it is written and what to write.

use orm_core::Model;

#[derive(Model)]
struct User {
    id: i64,
    #[model(column = "")]
    name: String,
}

fn main() {}
