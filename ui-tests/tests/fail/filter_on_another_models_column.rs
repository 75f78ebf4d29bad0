// A query filters on its own model's columns: `User::query()` cannot take a `Post` column.

use orm_core::Model;

#[derive(Model)]
struct User {
    id: i64,
    name: String,
}

#[derive(Model)]
struct Post {
    id: i64,
    title: String,
}

fn main() {
    let _ = User::query().filter(Post::TITLE.eq("hello"));
}
