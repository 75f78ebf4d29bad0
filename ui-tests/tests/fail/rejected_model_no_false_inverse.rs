// A model rejected for its own mistake (here a duplicate column in `Book`) is reported once:
// its partner `User` does not add a false "has no inverse".

use orm_core::{BelongsToMany, Model};

type Novel = Book;

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = "readings")]
    books: BelongsToMany<Novel>,
}

#[derive(Model)]
struct Book {
    id: i64,
    title: String,
    #[model(column = "title")]
    heading: String,
    #[belongs_to_many(through = "readings")]
    readers: BelongsToMany<User>,
}

fn main() {}
