// A many-to-many from a model to itself has two junction keys to the same model, so it names
// them: `foreign_key` for this side, `other_key` for the other.

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = Follows)]
    following: BelongsToMany<User>,
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
