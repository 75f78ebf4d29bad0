// When the target has several `#[belongs_to]` to the source, a `#[has_many]` says which one it
// pairs with, by `foreign_key`.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    posts: HasMany<Post>,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to]
    author: BelongsTo<User>,
    #[belongs_to]
    editor: BelongsTo<User>,
}

fn main() {}
