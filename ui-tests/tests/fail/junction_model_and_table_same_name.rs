// A junction model on one side and a table name on the other are two junctions, even when the
// names match: the model's `rating` column would never exist.

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
    #[belongs_to_many(through = "readings")]
    readers: BelongsToMany<User>,
}

#[derive(Model)]
#[model(junction)]
struct Reading {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    rating: i32,
}

fn main() {}
