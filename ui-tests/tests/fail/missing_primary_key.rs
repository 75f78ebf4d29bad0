// Every model has a primary key: an `id` field, a `#[model(primary_key)]` field, or (for a
// junction) exactly two `#[belongs_to]` fields.

use orm_core::Model;

#[derive(Model)]
struct User {
    email: String,
    name: String,
}

fn main() {}
