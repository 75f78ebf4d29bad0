// `unique = false` lets a pair repeat, so the junction model needs a primary key of its own:
// one keyed by the pair itself cannot hold it twice.

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct Member {
    id: i64,
    #[belongs_to_many(through = Loan, unique = false)]
    books: BelongsToMany<Book>,
}

#[derive(Model)]
struct Book {
    id: i64,
    #[belongs_to_many(through = Loan, unique = false)]
    members: BelongsToMany<Member>,
}

#[derive(Model)]
#[model(junction)]
struct Loan {
    // No key column: the pair is the primary key.
    #[belongs_to]
    member: BelongsTo<Member>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

fn main() {}
