// A self many-to-many names two different junction columns with `foreign_key` and `other_key`.

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = Follows, foreign_key = "follower", other_key = "follower_id")]
    following: BelongsToMany<Self>,
}

#[derive(Model)]
#[model(junction)]
struct Follows {
    #[belongs_to]
    follower: BelongsTo<User>,
    #[belongs_to]
    followee: BelongsTo<User>,
}

fn main() {}
