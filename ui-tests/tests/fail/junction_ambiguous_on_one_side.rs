// Each side of a many-to-many resolves its own keys: `Reading` has two `#[belongs_to]` to
// `User`, so `User.books` says which, even though `Book.readers` already does.

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
    #[belongs_to_many(through = Reading, other_key = "reader")]
    readers: BelongsToMany<User>,
}

#[derive(Model)]
struct Reading {
    id: i64,
    #[belongs_to]
    reader: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    #[belongs_to]
    recommender: Option<BelongsTo<User>>,
}

fn main() {}
