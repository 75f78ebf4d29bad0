// A generated junction's two keys are two columns, whatever the target's spelling: an alias of
// the model itself with `foreign_key == other_key` is refused at compile time.

use orm_core::{BelongsToMany, Model};

type Peer = Member;

#[derive(Model)]
struct Member {
    id: i64,
    #[belongs_to_many(through = "peerings", foreign_key = "member_id", other_key = "member_id")]
    peers: BelongsToMany<Peer>,
}

fn main() {}
