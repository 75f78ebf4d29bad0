// The inverse of a `#[has_one]` is a `#[belongs_to]`, not a `#[has_many]`.

use orm_core::{HasMany, HasOne, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_one]
    profile: HasOne<Profile>,
}

#[derive(Model)]
struct Profile {
    id: i64,
    #[has_many]
    users: HasMany<User>,
}

fn main() {}
