// A `#[has_one]` and a `#[has_many]` pairing with the same key, spelled `Self` and by name.

use orm_core::{BelongsTo, HasMany, HasOne, Model};

type Tree = Node;

#[derive(Model)]
struct Node {
    id: i64,
    #[belongs_to]
    parent: Option<BelongsTo<Self>>,
    #[has_one(foreign_key = "parent", as = "first_child")]
    first: HasOne<Self>,
    #[has_many(foreign_key = "parent_id")]
    children: HasMany<Tree>,
}

fn main() {}
