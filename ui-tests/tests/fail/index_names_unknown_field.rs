// `#[model(index(..))]` on the struct names fields of the model; a misspelt one is named, with
// the closest field.

use orm_core::Model;

#[derive(Model)]
#[model(index(author, titel))]
struct Book {
    id: i64,
    author: String,
    title: String,
}

fn main() {}
