// A field's `default` makes the derive implement `Default` (so `..Default::default()` takes the
// declared defaults): the struct cannot also derive it.

use orm_core::Model;

#[derive(Model, Default)]
struct Book {
    id: i64,
    #[model(default = 100)]
    pages: i32,
}

fn main() {}
