// `u64` is not a column type (PostgreSQL has no unsigned integers): one error at the field.

use orm_core::Model;

#[derive(Model)]
struct Counter {
    id: i64,
    hits: u64,
}

fn main() {}
