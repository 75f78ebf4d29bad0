// A `#[belongs_to]` stores one key column of its target; a junction model keyed by its two
// `#[belongs_to]` has none: one error, at the field, saying how to fix it.

use orm_core::{BelongsTo, BelongsToMany, Model};

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
    loan: BelongsTo<Loan>,
}

fn main() {}
