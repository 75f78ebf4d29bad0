// A model is one table row: `#[derive(Model)]` works on structs only.

use orm_core::Model;

#[derive(Model)]
enum Status {
    Active,
    Banned,
}

fn main() {}
