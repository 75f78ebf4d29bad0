// The has_one/has_many rule covers a junction's link keys whatever the spelling: the junction
// named through an alias on one side and a path on the other.

use orm_core::{BelongsTo, BelongsToMany, HasOne, Model};

type Borrowing = Loan;

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = crate::Loan)]
    books: BelongsToMany<Book>,
    #[has_one]
    current: HasOne<Borrowing>,
}

#[derive(Model)]
struct Book {
    id: i64,
    #[belongs_to_many(through = Loan)]
    borrowers: BelongsToMany<User>,
}

#[derive(Model)]
struct Loan {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

fn main() {}
