// `foreign_key` is the junction's key to this side and `other_key` the key to the other: named
// the wrong way round, the error says so rather than "no `#[belongs_to]` to either side".

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = Loan, foreign_key = "book_id", other_key = "user_id")]
    books: BelongsToMany<Book>,
}

#[derive(Model)]
struct Book {
    id: i64,
    #[belongs_to_many(through = Loan)]
    borrowers: BelongsToMany<User>,
}

#[derive(Model)]
#[model(junction)]
struct Loan {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

fn main() {}
