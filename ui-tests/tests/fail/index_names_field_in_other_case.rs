// Field names in `#[model(unique(..))]` are Rust field names, case included.

use orm_core::Model;

#[derive(Model)]
#[model(unique(Title))]
struct Book {
    id: i64,
    title: String,
}

fn main() {}
