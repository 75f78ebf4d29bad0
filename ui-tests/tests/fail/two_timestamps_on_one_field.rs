// A column keeps one timestamp: `created_at` and `updated_at` are two columns.

use chrono::{DateTime, Utc};
use orm_core::Model;

#[derive(Model)]
struct Post {
    id: i64,
    #[model(created_at, updated_at)]
    stamp: DateTime<Utc>,
}

fn main() {}
