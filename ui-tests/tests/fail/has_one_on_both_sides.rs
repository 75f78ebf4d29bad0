// A one-to-one has one owner: `#[has_one]` on one side, `#[belongs_to]` on the other, never
// `#[has_one]` on both.

use orm_core::{HasOne, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[has_one]
    profile: HasOne<Profile>,
}

#[derive(Model)]
struct Profile {
    id: i64,
    #[has_one]
    user: HasOne<User>,
}

fn main() {}
