// `unique`, `index`, `default` and `renamed_from` describe a column; a `#[has_many]` is not one.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    #[model(index)]
    comments: HasMany<Comment>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {}
