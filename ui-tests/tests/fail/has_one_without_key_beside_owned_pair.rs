// A `#[has_one]` needs a `#[belongs_to]` back, even when the other model already pairs with
// this one through another key (`Author.posts` <- `Post.writer`).

use orm_core::{BelongsTo, HasMany, HasOne, Model};

#[derive(Model)]
struct Author {
    id: i64,
    #[has_many]
    posts: HasMany<Post>,
}

#[derive(Model)]
struct Post {
    id: i64,
    #[belongs_to]
    writer: BelongsTo<Author>,
    #[has_one]
    featured_by: HasOne<Author>,
}

fn main() {}
