// Names are compared as the backends see them: `follower_id` and `FOLLOWER_ID` are one column
// in SQLite and MySQL, so they cannot be a generated junction's two keys.

use orm_core::{BelongsToMany, Model};

#[derive(Model)]
struct Account {
    id: i64,
    #[belongs_to_many(through = "follows", foreign_key = "follower_id", other_key = "FOLLOWER_ID")]
    following: BelongsToMany<Self>,
}

fn main() {}
