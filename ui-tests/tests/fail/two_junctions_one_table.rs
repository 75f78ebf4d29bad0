// The two sides of a many-to-many name one junction: two junction models with one table would
// silently replace each other.

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
    #[belongs_to_many(through = Rating)]
    readers: BelongsToMany<User>,
}

#[derive(Model)]
#[model(junction, table = "readings")]
struct Reading {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

#[derive(Model)]
#[model(junction, table = "readings")]
struct Rating {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    stars: i32,
}

fn main() {}
