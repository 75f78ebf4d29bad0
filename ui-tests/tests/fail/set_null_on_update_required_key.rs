// `on_update = set_null` nulls the key, so the key must be optional.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct User {
    id: i64,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to(on_update = "set null")]
    author: BelongsTo<User>,
}

fn main() {}
