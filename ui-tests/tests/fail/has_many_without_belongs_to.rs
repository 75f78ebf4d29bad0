// `#[has_many]` keeps its key on the target: the target needs a `#[belongs_to]` back.

use orm_core::{HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    comments: HasMany<Comment>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    body: String,
}

fn main() {}
