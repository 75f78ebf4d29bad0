// A `#[belongs_to]` stores a key, not a time.

use chrono::{DateTime, Utc};
use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    posts: HasMany<Post>,
    #[model(updated_at)]
    touched: DateTime<Utc>,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to]
    #[model(deleted_at)]
    user: Option<BelongsTo<User>>,
}

fn main() {}
