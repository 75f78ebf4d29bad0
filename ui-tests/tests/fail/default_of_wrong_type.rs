// `#[model(default = ...)]` is a value of the field's type.

use orm_core::Model;

#[derive(Model)]
struct Book {
    id: i64,
    #[model(default = "none")]
    pages: i32,
}

fn main() {}
