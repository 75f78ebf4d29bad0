// An association name is used once per model: `as = "author"` beside `#[belongs_to] author`
// would generate `author`, `set_author` and `AUTHOR` twice.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    posts: HasMany<Post>,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to]
    author: BelongsTo<User>,
    #[has_many(as = "author")]
    replies: HasMany<Reply>,
}

#[derive(Model)]
struct Reply {
    id: i64,
    #[belongs_to]
    post: BelongsTo<Post>,
}

fn main() {}
