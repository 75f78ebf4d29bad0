//! The models of the Sequelize associations article (User, Profile, Comment, Book and the
//! `UserBooks` junction), shared by the association tests, and a raw-SQL helper for effects the
//! ORM does not expose (updating a primary key, inserting a junction row by hand).

// Each test file uses a different part of this module.
#![allow(dead_code)]

use orm_core::sql::Sql;
use orm_core::{BelongsTo, BelongsToMany, HasMany, HasOne, Model, Schema};

#[derive(Model, Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub name: String,
    #[has_one]
    pub profile: HasOne<Profile>,
    #[has_many]
    pub comments: HasMany<Comment>,
    #[belongs_to_many(through = UserBooks, as = "read")]
    pub read: BelongsToMany<Book>,
    #[belongs_to_many(through = "fav_books", as = "favorites")]
    pub favorites: BelongsToMany<Book>,
}

#[derive(Model, Debug, Clone, PartialEq)]
pub struct Profile {
    pub id: i64,
    pub bio: String,
    #[belongs_to]
    pub user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: i64,
    pub body: String,
    #[belongs_to]
    pub user: Option<BelongsTo<User>>,
}

/// Like `Comment`, but its key is required: Sequelize's default for it is `ON DELETE CASCADE`.
#[derive(Model, Debug, Clone, PartialEq)]
pub struct Review {
    pub id: i64,
    pub body: String,
    #[belongs_to]
    pub user: BelongsTo<User>,
}

#[derive(Model, Debug, Clone, PartialEq)]
pub struct Book {
    pub id: i64,
    pub title: String,
    #[belongs_to_many(through = UserBooks, as = "readers")]
    pub readers: BelongsToMany<User>,
    #[belongs_to_many(through = "fav_books", as = "fans")]
    pub fans: BelongsToMany<User>,
}

/// The junction of `read`/`readers`, with a column of its own; its key is the pair of
/// `#[belongs_to]` columns.
#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(junction)]
pub struct UserBooks {
    #[belongs_to]
    pub user: BelongsTo<User>,
    #[belongs_to]
    pub book: BelongsTo<Book>,
    pub rating: Option<i32>,
}

pub fn schema() -> Schema {
    Schema::new().model::<User>().model::<Profile>().model::<Comment>().model::<Review>().model::<Book>().model::<UserBooks>()
}

pub fn user(name: &str) -> User {
    User {
        id: 0,
        name: name.into(),
        profile: Default::default(),
        comments: Default::default(),
        read: Default::default(),
        favorites: Default::default(),
    }
}

pub fn book(title: &str) -> Book {
    Book { id: 0, title: title.into(), readers: Default::default(), fans: Default::default() }
}

pub fn profile(bio: &str) -> Profile {
    Profile { id: 0, bio: bio.into(), user: None }
}

pub fn comment(body: &str) -> Comment {
    Comment { id: 0, body: body.into(), user: None }
}

/// Inserts users named `names`, in order.
pub async fn users(db: impl orm_core::Connection, names: &[&str]) -> orm_core::Result<Vec<User>> {
    let mut rows: Vec<User> = names.iter().map(|n| user(n)).collect();
    User::insert_all(db, &mut rows).await?;
    Ok(rows)
}

/// Inserts books titled `titles`, in order.
pub async fn books(db: impl orm_core::Connection, titles: &[&str]) -> orm_core::Result<Vec<Book>> {
    let mut rows: Vec<Book> = titles.iter().map(|t| book(t)).collect();
    Book::insert_all(db, &mut rows).await?;
    Ok(rows)
}

/// Runs one statement written by hand (plain lower-case identifiers and literals, valid on every
/// backend); returns the rows it changed.
pub async fn raw(db: impl orm_core::Connection, statement: &str) -> orm_core::Result<u64> {
    let mut sql = Sql::new(db.dialect());
    sql.push(orm_core::AssertSqlSafe(statement));
    Ok(sql.execute(db).await?.rows_affected)
}

/// The single integer a hand-written query returns (e.g. a `COUNT(*)`).
pub async fn raw_i64(db: impl orm_core::Connection, statement: &str) -> orm_core::Result<i64> {
    let mut sql = Sql::new(db.dialect());
    sql.push(orm_core::AssertSqlSafe(statement));
    sql.fetch_scalar::<i64>(db).await
}

/// The names of `users`, for comparing sets of rows.
pub fn names(users: &[User]) -> Vec<String> {
    users.iter().map(|u| u.name.clone()).collect()
}

/// The titles of `books`.
pub fn titles(books: &[Book]) -> Vec<String> {
    books.iter().map(|b| b.title.clone()).collect()
}
