// A `#[belongs_to]` may reference another column than the target's primary key; the
// `#[has_many]` side names the same column with `source_key`.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct User {
    id: i64,
    email: String,
    #[has_many(source_key = "email")]
    logins: HasMany<Login>,
}

#[derive(Model)]
struct Login {
    id: i64,
    #[belongs_to(foreign_key = "user_email", target_key = "email")]
    user: BelongsTo<User, String>,
}

fn main() {}
