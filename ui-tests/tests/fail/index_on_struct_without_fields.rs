// On the struct, `index` names its fields; a one-column index goes on its field.

use orm_core::Model;

#[derive(Model)]
#[model(index)]
struct Book {
    id: i64,
    title: String,
}

fn main() {}
