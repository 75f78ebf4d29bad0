// Table names that differ only in case are one table in SQLite and MySQL: `"Likes"` and
// `"likes"` on one model are one generated junction.

use orm_core::{BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = "likes")]
    posts: BelongsToMany<Post>,
    #[belongs_to_many(through = "Likes", as = "liked")]
    liked: BelongsToMany<crate::Post>,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to_many(through = "likes")]
    likers: BelongsToMany<User>,
}

fn main() {}
