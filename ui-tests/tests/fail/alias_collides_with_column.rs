// An association name never equals a column name of the same model.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    name: String,
    #[has_many(as = "name")]
    comments: HasMany<Comment>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {}
