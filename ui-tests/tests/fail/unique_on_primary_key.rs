// The primary key is unique and indexed already.

use orm_core::Model;

#[derive(Model)]
struct Book {
    #[model(unique)]
    id: i64,
}

fn main() {}
