// A model's fields are its columns, so they need names: tuple structs are rejected.

use orm_core::Model;

#[derive(Model)]
struct User(i64, String);

fn main() {}
