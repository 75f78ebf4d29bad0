// A many-to-many is declared on both sides: the target has a `#[belongs_to_many]` back through
// the same junction.

use orm_core::{BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = "user_books")]
    books: BelongsToMany<Book>,
}

#[derive(Model)]
struct Book {
    id: i64,
}

fn main() {}
