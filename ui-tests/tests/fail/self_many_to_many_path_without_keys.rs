// A self many-to-many is recognised by type, not spelling: through a path into another module,
// the generated junction still needs its two keys named.

mod club {
    use orm_core::{BelongsToMany, Model};

    #[derive(Model)]
    pub struct Member {
        id: i64,
        #[belongs_to_many(through = "peerings")]
        peers: BelongsToMany<crate::club::Member>,
    }
}

fn main() {
    let _ = club::Member::PEERS;
}
