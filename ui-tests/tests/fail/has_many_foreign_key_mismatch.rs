// The `foreign_key` of a `#[has_many]` names the target's `#[belongs_to]` it pairs with (by
// field or column); it must name one that exists.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many(foreign_key = "writer_id")]
    posts: HasMany<Post>,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to(foreign_key = "author_id")]
    author: BelongsTo<User>,
}

fn main() {}
