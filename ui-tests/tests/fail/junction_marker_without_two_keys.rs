// `#[model(junction)]` without an `id` keys the model by its two `#[belongs_to]`, so it needs
// exactly two.

use orm_core::{BelongsTo, Model};

#[derive(Model)]
struct User {
    id: i64,
}

#[derive(Model)]
#[model(junction)]
struct Membership {
    #[belongs_to]
    user: BelongsTo<User>,
    role: String,
}

fn main() {}
