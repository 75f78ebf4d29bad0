// `include` takes an association of the model being queried.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model, Clone)]
struct User {
    id: i64,
    #[has_many]
    posts: HasMany<Post>,
}

#[derive(Model, Clone)]
struct Post {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {
    let _ = User::query().include(Post::USER);
}
