// An association name (`as` alias, or the field name) is used once per model.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many(foreign_key = "author", as = "posts")]
    written: HasMany<Post>,
    #[has_many(foreign_key = "editor", as = "posts")]
    edited: HasMany<Post>,
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
