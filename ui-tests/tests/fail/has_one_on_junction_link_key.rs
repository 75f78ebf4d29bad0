// A `#[has_one]` makes its key unique; paired with a link key of a many-to-many's junction, a
// user could borrow one book only. The has_one/has_many rule covers link keys.

use orm_core::{BelongsTo, BelongsToMany, HasOne, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = Loan)]
    books: BelongsToMany<Book>,
    #[has_one]
    loan: HasOne<Loan>,
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
