// A composite index lists each field once.

use orm_core::Model;

#[derive(Model)]
#[model(index(title, title))]
struct Book {
    id: i64,
    title: String,
}

fn main() {}
