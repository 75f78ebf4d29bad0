// Column names are compared ignoring case and underscores (SQLite and MySQL fold case): a column
// `userId` duplicates the `user_id` that `#[belongs_to] user` generates.

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = UserBooks)]
    books: BelongsToMany<Book>,
}

#[derive(Model)]
struct Book {
    id: i64,
    #[belongs_to_many(through = UserBooks)]
    users: BelongsToMany<User>,
}

#[derive(Model)]
#[model(junction)]
struct UserBooks {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    #[model(column = "userId")]
    owner: i64,
}

fn main() {}
