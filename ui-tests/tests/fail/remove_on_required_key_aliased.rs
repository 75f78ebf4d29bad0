// `remove_*` (plural too) needs an optional key, however the target is spelled.

use orm_core::{BelongsTo, HasMany, Model};

mod blog {
    pub use super::Post as Article;
}

#[derive(Model)]
pub struct User {
    id: i64,
    #[has_many]
    posts: HasMany<blog::Article>,
}

#[derive(Model)]
pub struct Post {
    id: i64,
    #[belongs_to]
    author: BelongsTo<crate::User>,
}

async fn unlink(pool: &orm_core::sqlx::SqlitePool, user: &User, posts: &mut [Post]) {
    let _ = user.remove_posts(pool, posts).await;
}

fn main() {
    let _ = unlink;
}
