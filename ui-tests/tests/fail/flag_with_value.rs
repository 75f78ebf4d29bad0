// `unique` is a flag: it takes no value.

use orm_core::Model;

#[derive(Model)]
struct Book {
    id: i64,
    #[model(unique = true)]
    isbn: String,
}

fn main() {}
