// A junction keyed by its two `#[belongs_to]` cannot have an optional one.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct User {
    id: i64,
}

#[derive(Model)]
struct Book {
    id: i64,
}

#[derive(Model)]
#[model(junction)]
struct Reading {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: Option<BelongsTo<Book>>,
}

fn main() {}
