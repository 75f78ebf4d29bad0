// `remove_*` unlinks by nulling the target's key: with a required key it cannot be called.

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
    user: BelongsTo<User>,
}

async fn unlink(pool: &orm_core::sqlx::SqlitePool, user: &User, post: &mut Post) {
    let _ = user.remove_post(pool, post).await;
}

fn main() {
    let _ = unlink;
}
