// A `HasMany<T>` field is an association, so it carries `#[has_many]`.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    comments: HasMany<Comment>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {}
