// A user follows users: a many-to-many from `User` to itself, through a `Follows` junction whose
// two keys both point at `User`.

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = Follows, foreign_key = "follower_id", other_key = "followee_id")]
    following: BelongsToMany<User>,
    #[belongs_to_many(through = Follows, foreign_key = "followee_id", other_key = "follower_id")]
    followers: BelongsToMany<User>,
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
