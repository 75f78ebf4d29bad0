// Both sides of a many-to-many share one junction table, so they agree on `unique`.

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
    #[belongs_to_many(through = Loan)]
    members: BelongsToMany<Member>,
}

#[derive(Model)]
struct Loan {
    id: i64,
    #[belongs_to]
    member: BelongsTo<Member>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

fn main() {}
