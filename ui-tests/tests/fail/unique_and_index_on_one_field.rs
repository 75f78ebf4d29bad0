// A unique column is indexed already: one field is `unique` or `index`, not both.

use orm_core::Model;

#[derive(Model)]
struct Book {
    id: i64,
    #[model(unique, index)]
    isbn: String,
}

fn main() {}
