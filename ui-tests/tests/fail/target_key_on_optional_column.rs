// A `target_key` column is referenced by a foreign key: it must be required (sync makes it
// unique). An optional one would leave `set_*` storing nothing for a target without it.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    email: Option<String>,
    #[has_many(source_key = "email")]
    notes: HasMany<Note>,
}

#[derive(Model)]
struct Note {
    id: i64,
    #[belongs_to(foreign_key = "author_email", target_key = "email")]
    author: BelongsTo<User, String>,
}

fn main() {}
