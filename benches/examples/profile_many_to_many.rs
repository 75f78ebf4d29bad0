//! The many-to-many include of the benchmark in a loop, for an instruction profile:
//! `cargo build --release -p orm-bench --example profile_many_to_many` then
//! `valgrind --tool=callgrind target/release/examples/profile_many_to_many` and `callgrind_annotate`.

use orm_bench::{Book, User, UserBook, book, reading_links, schema, user};
use orm_core::Model;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let pool = orm_core::sqlite::memory().await.unwrap();
    schema().sync(&pool).await.unwrap();
    let mut users: Vec<User> = (0..500).map(user).collect();
    User::insert_all(&pool, &mut users).await.unwrap();
    let mut books: Vec<Book> = (0..50).map(book).collect();
    Book::insert_all(&pool, &mut books).await.unwrap();
    let mut links = reading_links(&users, &books);
    UserBook::insert_all(&pool, &mut links).await.unwrap();
    for _ in 0..20 {
        let users = User::query().include(User::BOOKS).all(&pool).await.unwrap();
        assert_eq!(users.len(), 500);
    }
}
