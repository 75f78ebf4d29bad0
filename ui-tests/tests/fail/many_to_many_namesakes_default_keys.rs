// Two models that share a name in different modules are two models: linked through a generated
// junction, both keys would default to `user_id`, one column; name them.

use orm_core::{BelongsToMany, Model};

mod staff {
    use super::*;

    #[derive(Model)]
    #[model(table = "staff")]
    pub struct User {
        id: i64,
        #[belongs_to_many(through = "assignments")]
        clients: BelongsToMany<crate::customers::User>,
    }
}

mod customers {
    use super::*;

    #[derive(Model)]
    #[model(table = "customers")]
    pub struct User {
        id: i64,
        #[belongs_to_many(through = "assignments")]
        advisers: BelongsToMany<crate::staff::User>,
    }
}

fn main() {}
