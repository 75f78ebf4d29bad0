// `BelongsToMany<T, J>` loads junction rows of type `J`, so `J` is the `through` model.

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = UserBooks)]
    books: BelongsToMany<Book, Rating>,
}

#[derive(Model)]
struct Book {
    id: i64,
    #[belongs_to_many(through = UserBooks)]
    readers: BelongsToMany<User>,
}

#[derive(Model)]
#[model(junction)]
struct UserBooks {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

#[derive(Model)]
struct Rating {
    id: i64,
    stars: i32,
}

fn main() {}
