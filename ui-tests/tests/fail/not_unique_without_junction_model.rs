// `unique = false` needs a junction model with its own key: a generated junction table
// (`through = "table"`) has only the pair.

use orm_core::{BelongsToMany, Model};

#[derive(Model)]
struct Member {
    id: i64,
    #[belongs_to_many(through = "loans", unique = false)]
    books: BelongsToMany<Book>,
}

#[derive(Model)]
struct Book {
    id: i64,
    #[belongs_to_many(through = "loans", unique = false)]
    members: BelongsToMany<Member>,
}

fn main() {}
