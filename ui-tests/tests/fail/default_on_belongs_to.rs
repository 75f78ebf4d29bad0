// A foreign key's value is the linked row's key: `default` does not apply to a `#[belongs_to]`.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    comments: HasMany<Comment>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    #[model(default = 1)]
    user: BelongsTo<User>,
}

fn main() {}
