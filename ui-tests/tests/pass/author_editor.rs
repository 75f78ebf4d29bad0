// Two `#[belongs_to]` to the same model, told apart by `foreign_key` on the `#[has_many]` side.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many(foreign_key = "author_id")]
    written: HasMany<Post>,
    #[has_many(foreign_key = "editor")]
    edited: HasMany<Post>,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to]
    author: BelongsTo<User>,
    #[belongs_to]
    editor: Option<BelongsTo<User>>,
}

fn main() {}
