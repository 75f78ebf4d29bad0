// An optional `#[belongs_to]`: a nullable key, `ON DELETE SET NULL` by default.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    tasks: HasMany<Task>,
}

#[derive(Model)]
struct Task {
    id: i64,
    title: String,
    #[belongs_to]
    assignee: Option<BelongsTo<User>>,
}

async fn unassign(pool: &orm_core::sqlx::SqlitePool, user: &User, task: &mut Task) -> orm_core::Result<()> {
    user.remove_task(pool, &mut *task).await?;
    task.set_assignee(pool, None).await
}

fn main() {
    let _ = unassign;
}
