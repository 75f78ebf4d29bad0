// A `#[belongs_to]` to a junction keyed by its two `#[belongs_to]`, written through an alias and
// optional: still one error, at the field.

use orm_core::{BelongsTo, BelongsToMany, Model};

type Lending = Loan;

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = Loan)]
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

#[derive(Model)]
struct Reminder {
    id: i64,
    #[belongs_to]
    loan: Option<BelongsTo<Lending>>,
}

fn main() {}
