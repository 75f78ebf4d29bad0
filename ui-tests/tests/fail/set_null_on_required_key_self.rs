// `on_delete = set_null` needs an optional key, also on a key to `Self`.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct Node {
    id: i64,
    #[belongs_to(on_delete = "SET NULL")]
    parent: BelongsTo<Self>,
}

fn main() {}
