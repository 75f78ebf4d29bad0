// Generated names never collide: `#[has_many] comments` generates `count_comments`, so a
// `#[has_one(as = "count_comments")]` cannot exist beside it.

use orm_core::{BelongsTo, HasMany, HasOne, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many(foreign_key = "user")]
    comments: HasMany<Comment>,
    #[has_one(as = "count_comments", foreign_key = "pinned_by")]
    pinned: HasOne<Comment>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    pinned_by: Option<BelongsTo<User>>,
}

fn main() {}
