// A `#[has_one]` makes its key unique on the target, so a `#[has_many]` pairing with the same
// `#[belongs_to]` could never hold two rows.

use orm_core::{BelongsTo, HasMany, HasOne, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_one]
    profile: HasOne<Profile>,
    #[has_many(as = "past_profiles")]
    profiles: HasMany<crate::Profile>,
}

#[derive(Model)]
struct Profile {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
}

fn main() {}
