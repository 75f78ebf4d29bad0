// `BelongsToMany<T, J>` names the `through` model, in any spelling: a path, a type alias.

use orm_core::{BelongsTo, BelongsToMany, Model};

type Reading = crate::UserBooks;

#[derive(Model, Clone)]
struct User {
    id: i64,
    #[belongs_to_many(through = UserBooks)]
    books: BelongsToMany<Book, crate::UserBooks>,
}

#[derive(Model, Clone)]
struct Book {
    id: i64,
    #[belongs_to_many(through = crate::UserBooks)]
    readers: BelongsToMany<User, Reading>,
}

#[derive(Model, Clone, Default)]
#[model(junction)]
struct UserBooks {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    rating: Option<i32>,
}

fn main() {
    let _ = User::query().include(User::BOOKS);
    let _ = Book::query().include(Book::READERS);
}
