// An association name becomes accessor names, so it is an identifier.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many(as = "my posts")]
    posts: HasMany<Post>,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {}
