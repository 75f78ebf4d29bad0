// The `through` model of a `#[belongs_to_many]` links both sides: it has a `#[belongs_to]` to
// each.

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
struct UserBooks {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {}
