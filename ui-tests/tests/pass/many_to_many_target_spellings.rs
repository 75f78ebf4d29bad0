// A generated junction's default keys come from the models, not from how they are spelled:
// `BelongsToMany<Novel>` (an alias of `Book`) and `BelongsToMany<crate::shelf::Book>` both keep
// the book's key in `book_id`, which the other side names the same way. A self many-to-many
// spelled `Self` or by an alias, keys named, and its two sides through one generated table.

use orm_core::{BelongsToMany, Model};

type Novel = shelf::Book;

mod shelf {
    use orm_core::{BelongsToMany, Model};

    #[derive(Model)]
    pub struct Book {
        pub id: i64,
        #[belongs_to_many(through = "readings")]
        pub readers: BelongsToMany<crate::Reader>,
        #[belongs_to_many(through = "wishes")]
        pub wished_by: BelongsToMany<super::Reader>,
    }
}

#[derive(Model)]
struct Reader {
    id: i64,
    #[belongs_to_many(through = "readings")]
    read: BelongsToMany<Novel>,
    #[belongs_to_many(through = "wishes")]
    wishes: BelongsToMany<crate::shelf::Book>,
}

type Peer = Member;

#[derive(Model)]
struct Member {
    id: i64,
    #[belongs_to_many(through = "follows", foreign_key = "follower_id", other_key = "followee_id")]
    following: BelongsToMany<Peer>,
    #[belongs_to_many(through = "follows", foreign_key = "followee_id", other_key = "follower_id")]
    followers: BelongsToMany<Self>,
}

fn main() {
    let _ = (Reader::READ, Reader::WISHES, shelf::Book::READERS, shelf::Book::WISHED_BY, Member::FOLLOWING, Member::FOLLOWERS);
}
