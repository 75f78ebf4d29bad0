// The primary key takes no default: each row needs its own.

use orm_core::Model;

#[derive(Model)]
struct Book {
    #[model(default = 1)]
    id: i64,
    title: String,
}

fn main() {}
