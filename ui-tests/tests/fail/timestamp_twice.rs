// One column keeps one timestamp of a model.

use chrono::{DateTime, Utc};
use orm_core::Model;

#[derive(Model)]
struct Post {
    id: i64,
    #[model(updated_at)]
    edited: DateTime<Utc>,
    #[model(updated_at)]
    touched: DateTime<Utc>,
}

fn main() {}
