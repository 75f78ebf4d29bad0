// Two models that share a name in different modules are two models: linked through a junction
// model (default keys picked by type) or a generated junction with named keys, neither is
// taken for a self many-to-many.

use orm_core::{BelongsTo, BelongsToMany, Model};

mod staff {
    use orm_core::{BelongsToMany, Model};

    #[derive(Model)]
    #[model(table = "staff")]
    pub struct User {
        pub id: i64,
        #[belongs_to_many(through = crate::Assignment)]
        pub clients: BelongsToMany<crate::customers::User>,
        #[belongs_to_many(through = "contacts", foreign_key = "staff_id", other_key = "customer_id")]
        pub contacts: BelongsToMany<super::customers::User>,
    }
}

mod customers {
    use orm_core::{BelongsToMany, Model};

    use crate::staff;

    #[derive(Model)]
    #[model(table = "customers")]
    pub struct User {
        pub id: i64,
        #[belongs_to_many(through = crate::Assignment)]
        pub advisers: BelongsToMany<staff::User>,
        #[belongs_to_many(through = "contacts", foreign_key = "customer_id", other_key = "staff_id")]
        pub contacts: BelongsToMany<staff::User>,
    }
}

#[derive(Model)]
#[model(junction)]
struct Assignment {
    #[belongs_to]
    adviser: BelongsTo<staff::User>,
    #[belongs_to]
    client: BelongsTo<customers::User>,
}

fn main() {
    let _ = (staff::User::CLIENTS, staff::User::CONTACTS, customers::User::ADVISERS, customers::User::CONTACTS);
}
