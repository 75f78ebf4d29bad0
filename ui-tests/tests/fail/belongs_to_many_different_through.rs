// Both sides of a many-to-many go through the same junction.

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
    #[belongs_to_many(through = "book_users")]
    users: BelongsToMany<User>,
}

fn main() {}
