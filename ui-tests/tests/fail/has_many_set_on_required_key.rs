// `set_*` of a has_many unlinks the rows left out by nulling their key; on a required key it
// does not compile (like `remove_*`), rather than fail at run time.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct Post {
    id: i64,
    #[has_many]
    comments: HasMany<Comment>,
}

#[derive(Model)]
struct Comment {
    id: i64,
    #[belongs_to]
    post: BelongsTo<Post>,
}

async fn relink(pool: &orm_core::sqlx::SqlitePool, post: &Post, comments: &mut [Comment]) -> orm_core::Result<()> {
    post.set_comments(pool, comments).await
}

fn main() {
    let _ = relink;
}
