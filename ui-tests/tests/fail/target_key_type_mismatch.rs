// A `target_key` column has the key's type.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct User {
    id: i64,
    email: String,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to(target_key = "email")]
    user: BelongsTo<User, i64>,
}

fn main() {}
