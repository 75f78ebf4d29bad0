// `#[model(created_at)]` writes the time of the insert: its field is a chrono timestamp.

use orm_core::Model;

#[derive(Model)]
struct Post {
    id: i64,
    #[model(created_at)]
    created: String,
}

fn main() {}
