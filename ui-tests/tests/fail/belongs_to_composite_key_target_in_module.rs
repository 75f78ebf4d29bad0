// A `#[belongs_to]` to a junction keyed by its two `#[belongs_to]`, in another module and named
// by its path: one error, at the field.

use orm_core::{BelongsTo, Model};

mod lending {
    use orm_core::{BelongsTo, BelongsToMany, Model};

    #[derive(Model)]
    pub struct User {
        id: i64,
        #[belongs_to_many(through = Loan)]
        books: BelongsToMany<Book>,
    }

    #[derive(Model)]
    pub struct Book {
        id: i64,
        #[belongs_to_many(through = Loan)]
        borrowers: BelongsToMany<User>,
    }

    #[derive(Model)]
    #[model(junction)]
    pub struct Loan {
        #[belongs_to]
        user: BelongsTo<User>,
        #[belongs_to]
        book: BelongsTo<Book>,
    }
}

#[derive(Model)]
struct Reminder {
    id: i64,
    #[belongs_to]
    loan: BelongsTo<crate::lending::Loan>,
}

fn main() {}
