// A filter value has the column's type: `User::ID` is an `i64` column, not text.

use orm_core::Model;

#[derive(Model)]
struct User {
    id: i64,
    name: String,
}

fn main() {
    let _ = User::query().filter(User::ID.eq("1"));
}
