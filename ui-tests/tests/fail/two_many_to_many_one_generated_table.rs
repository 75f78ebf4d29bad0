// A generated junction holds one many-to-many: two on one model through `"likes"` are caught
// by the derive, not at sync.

use orm_core::{BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = "likes")]
    posts: BelongsToMany<Post>,
    #[belongs_to_many(through = "likes")]
    comments: BelongsToMany<Comment>,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to_many(through = "likes")]
    likers: BelongsToMany<User>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to_many(through = "likes")]
    likers: BelongsToMany<User>,
}

fn main() {}
