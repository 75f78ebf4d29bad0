// `target_key` names a column of the target; naming one of its associations is one error, at
// the `#[belongs_to]`, not a mismatch on the `#[has_many]` side first.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_many]
    notes: HasMany<Note>,
}

#[derive(Model)]
struct Note {
    id: i64,
    #[belongs_to(target_key = "notes")]
    user: BelongsTo<User, i64>,
}

fn main() {}
