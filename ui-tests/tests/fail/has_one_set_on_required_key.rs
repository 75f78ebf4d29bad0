// A has_one's `set_*` unlinks the previous row by nulling its key: with a required key it
// cannot be called.

use orm_core::{BelongsTo, HasOne, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_one]
    profile: HasOne<Profile>,
}

#[derive(Model)]
struct Profile {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

async fn replace(pool: &orm_core::sqlx::SqlitePool, user: &User) {
    let _ = user.set_profile(pool, None).await;
}

fn main() {
    let _ = replace;
}
