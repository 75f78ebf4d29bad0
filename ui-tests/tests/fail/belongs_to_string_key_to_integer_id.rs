// A foreign key has the type of the key it references: a `String` key cannot point at an `i64`
// id.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct User {
    id: i64,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User, String>,
}

fn main() {}
