// Both sides of a many-to-many share the junction with their keys swapped.

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = Follows, foreign_key = "follower", other_key = "followee")]
    following: BelongsToMany<Self>,
    #[belongs_to_many(through = Follows, foreign_key = "follower", other_key = "followee", as = "followers")]
    followers: BelongsToMany<Self>,
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
