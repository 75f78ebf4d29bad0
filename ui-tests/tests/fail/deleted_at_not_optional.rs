// `#[model(deleted_at)]` is `None` while the row is live: its field is an optional timestamp.

use orm_core::Model;

#[derive(Model)]
struct Post {
    id: i64,
    #[model(deleted_at)]
    deleted: chrono::DateTime<chrono::Utc>,
}

fn main() {}
