// A junction's link keys are NOT NULL, also when the junction has its own `id`.

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = Reading)]
    books: BelongsToMany<Book>,
}

#[derive(Model)]
struct Book {
    id: i64,
    #[belongs_to_many(through = Reading)]
    readers: BelongsToMany<User>,
}

#[derive(Model)]
struct Reading {
    id: i64,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

fn main() {}
