// Two junction models in different modules with one table are two junctions.

use orm_core::{BelongsToMany, Model};

mod a {
    use orm_core::{BelongsTo, Model};

    #[derive(Model)]
    #[model(junction, table = "links")]
    pub struct Link {
        #[belongs_to]
        user: BelongsTo<crate::User>,
        #[belongs_to]
        tag: BelongsTo<crate::Tag>,
    }
}

mod b {
    use orm_core::{BelongsTo, Model};

    #[derive(Model)]
    #[model(junction, table = "links")]
    pub struct Link {
        #[belongs_to]
        user: BelongsTo<crate::User>,
        #[belongs_to]
        tag: BelongsTo<crate::Tag>,
    }
}

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = a::Link)]
    tags: BelongsToMany<Tag>,
}

#[derive(Model)]
struct Tag {
    id: i64,
    #[belongs_to_many(through = b::Link)]
    users: BelongsToMany<User>,
}

fn main() {}
