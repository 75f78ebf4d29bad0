// `target_key` names a column of the target.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct User {
    id: i64,
    email: String,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to(target_key = "nope")]
    user: BelongsTo<User, String>,
}

fn main() {}
