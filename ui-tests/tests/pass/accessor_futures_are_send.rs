// Every accessor's future is `Send`, so it can be spawned on a multi-threaded runtime: the
// accessors return the future of a runtime function, and its auto traits show through the
// `impl Future` they return. One call of each accessor kind, on a pool and in a transaction.

use orm_core::{BelongsTo, BelongsToMany, HasMany, HasOne, Model};

#[derive(Model, Debug, Default)]
struct User {
    id: i64,
    name: String,
    #[has_one]
    profile: HasOne<Profile>,
    #[has_many]
    comments: HasMany<Comment>,
    #[belongs_to_many(through = UserBooks, as = "read")]
    books: BelongsToMany<Book>,
    #[belongs_to_many(through = "fav_books")]
    favorites: BelongsToMany<Book>,
}

#[derive(Model, Debug, Default)]
struct Profile {
    id: i64,
    bio: String,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug, Default)]
struct Comment {
    id: i64,
    body: String,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug, Default)]
struct Book {
    id: i64,
    title: String,
    #[belongs_to_many(through = UserBooks, as = "readers")]
    users: BelongsToMany<User>,
    #[belongs_to_many(through = "fav_books")]
    fans: BelongsToMany<User>,
}

#[derive(Model, Debug, Default)]
#[model(junction)]
struct UserBooks {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    rating: Option<i32>,
}

fn send<F: std::future::Future + Send>(f: F) -> F {
    f
}

fn accessors(pool: &orm_core::sqlx::SqlitePool, user: &mut User, profile: &mut Profile, comment: &mut Comment, book: &Book) {
    let _ = send(user.profile(pool));
    let _ = send(user.set_profile(pool, None));
    let _ = send(user.create_profile(pool, Profile::default()));
    let _ = send(user.comments(pool));
    let _ = send(user.count_comments(pool));
    let _ = send(user.has_comment(pool, &*comment));
    let _ = send(user.add_comment(pool, &mut *comment));
    let _ = send(user.remove_comment(pool, &mut *comment));
    let _ = send(user.set_comments(pool, &mut *comment));
    let _ = send(user.create_comment(pool, Comment::default()));
    let _ = send(user.read(pool));
    let _ = send(user.count_read(pool));
    let _ = send(user.has_read(pool, book));
    let _ = send(user.add_read(pool, book));
    let _ = send(user.remove_read(pool, book));
    let _ = send(user.set_read(pool, book));
    let _ = send(user.create_read(pool, Book::default()));
    let _ = send(user.add_read_with(pool, book, UserBooks::default()));
    let _ = send(user.update_read_with(pool, book, UserBooks::default()));
    let _ = send(user.read_through(pool));
    let _ = send(user.favorites(pool));
    let _ = send(book.fans(pool));
    let _ = send(comment.user(pool));
    let _ = send(comment.set_user(pool, Some(&*user)));
    let _ = send(profile.create_user(pool, User::default()));
}

async fn in_transaction(pool: &orm_core::sqlx::SqlitePool, user: &User) -> orm_core::Result<()> {
    let mut tx = pool.begin().await?;
    let _ = send(user.comments(&mut *tx)).await?;
    let _ = send(user.read(&mut *tx)).await?;
    let _ = send(user.add_favorites(&mut *tx, &[] as &[Book])).await?;
    tx.commit().await?;
    Ok(())
}

fn main() {
    let _ = accessors;
    let _ = in_transaction;
}
