// The `through` of a `#[belongs_to_many]` is a model (or a table name as a string).

use orm_core::{BelongsToMany, Model};

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

struct UserBooks {
    user_id: i64,
    book_id: i64,
}

fn main() {}
