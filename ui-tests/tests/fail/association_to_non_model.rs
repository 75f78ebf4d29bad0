// An association points at a model: the target of `#[has_many]` must derive `Model`.

use orm_core::{HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    comments: HasMany<Comment>,
}

struct Comment {
    id: i64,
    body: String,
}

fn main() {}
