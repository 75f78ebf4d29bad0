// A self many-to-many is recognised by type, not spelling: through an alias, the generated
// junction still needs its two keys named.

use orm_core::{BelongsToMany, Model};

type Peer = Member;

#[derive(Model)]
struct Member {
    id: i64,
    #[belongs_to_many(through = "peerings")]
    peers: BelongsToMany<Peer>,
}

fn main() {}
