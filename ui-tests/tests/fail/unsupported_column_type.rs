// A plain field is a column, so its type must be one a column can hold.

use orm_core::Model;

#[derive(Model)]
struct Post {
    id: i64,
    tags: Vec<String>,
}

fn main() {}
