// A rejected junction model is reported once: neither side of the many-to-many through it adds
// a false "no inverse" or "no `#[belongs_to]`".

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
    #[belongs_to_many(through = crate::Loan)]
    borrowers: BelongsToMany<User>,
}

#[derive(Model)]
struct Loan {
    id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    #[model(primery_key)]
    days: i32,
}

fn main() {}
