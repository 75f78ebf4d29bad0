// A foreign key has the type of the key it references: `BelongsTo<User, i32>` cannot point at an
// `i64` id.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct User {
    id: i64,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User, i32>,
}

fn main() {}
