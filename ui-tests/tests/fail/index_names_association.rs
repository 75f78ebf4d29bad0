// An index is over columns: an association field is not one.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
#[model(unique(name, comments))]
struct User {
    id: i64,
    name: String,
    #[has_many]
    comments: HasMany<Comment>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {}
