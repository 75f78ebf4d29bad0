// A many-to-many names its junction: `through = JunctionModel` or `through = "table_name"`.

use orm_core::{BelongsToMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    #[belongs_to_many]
    books: BelongsToMany<Book>,
}

#[derive(Model)]
struct Book {
    id: i64,
}

fn main() {}
