// Under `naming = "sequelize"` a field `user_id` is the column `userId`, and `#[belongs_to] user`
// stores its key in `UserId`: one column to SQLite and MySQL, which ignore case. This is the
// article's `UserBooks` (Sequelize's duplicate `userId` beside `UserId`), refused at the field.

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
#[model(naming = "sequelize")]
struct User {
    id: i32,
    #[belongs_to_many(through = UserBooks)]
    books: BelongsToMany<Book>,
}

#[derive(Model)]
#[model(naming = "sequelize")]
struct Book {
    id: i32,
    #[belongs_to_many(through = UserBooks)]
    users: BelongsToMany<User>,
}

#[derive(Model)]
#[model(naming = "sequelize", junction)]
struct UserBooks {
    user_id: i32,
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

fn main() {}
