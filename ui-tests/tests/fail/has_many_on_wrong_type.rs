// `#[has_many]` goes on a `HasMany<Target>` field.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    comments: Vec<Comment>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {}
