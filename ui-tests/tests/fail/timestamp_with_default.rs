// The ORM writes a timestamp's time: it takes no default.

use chrono::NaiveDateTime;
use orm_core::Model;

#[derive(Model)]
struct Post {
    id: i64,
    #[model(created_at, default = NaiveDateTime::MIN)]
    created: NaiveDateTime,
}

fn main() {}
