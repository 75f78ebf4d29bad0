// A `#[model(skip)]` field is not a column: column keys mean nothing on it.

use orm_core::Model;

#[derive(Model)]
struct Book {
    id: i64,
    #[model(skip, unique)]
    cached: String,
}

fn main() {}
