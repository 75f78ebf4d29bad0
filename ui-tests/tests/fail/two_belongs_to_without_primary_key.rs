// A model without a primary key is not silently a junction because it has two `#[belongs_to]`:
// a comment would get the key (post, user), and a second comment a UNIQUE violation.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct User {
    id: i64,
}

#[derive(Model)]
struct Post {
    id: i64,
}

#[derive(Model)]
struct Comment {
    body: String,
    #[belongs_to]
    post: BelongsTo<Post>,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {}
