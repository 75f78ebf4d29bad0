// `#[belongs_to] user` stores its key in the column `user_id`; a field `user_id` next to it
// would declare that column twice (Sequelize's `userId` beside the generated `UserId`).

use orm_core::{BelongsTo, BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many(through = UserBooks)]
    books: BelongsToMany<Book>,
}

#[derive(Model)]
struct Book {
    id: i64,
    #[belongs_to_many(through = UserBooks)]
    users: BelongsToMany<User>,
}

#[derive(Model)]
#[model(junction)]
struct UserBooks {
    user_id: i64,
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

fn main() {}
