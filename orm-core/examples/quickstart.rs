//! The Sequelize associations article, in Rust, on embedded SQLite:
//! `cargo run -p orm-core --example quickstart`.

// The association fields hold eager-loaded rows; this example reads through accessors only.
#![allow(dead_code)]

use orm_core::{BelongsTo, BelongsToMany, HasMany, HasOne, Model, Schema};

#[derive(Model, Debug)]
struct User {
    id: i64,
    name: String,
    #[has_one]
    profile: HasOne<Profile>,
    #[has_many]
    comments: HasMany<Comment>,
    #[belongs_to_many(through = UserBooks, as = "read")]
    read: BelongsToMany<Book>,
    #[belongs_to_many(through = "fav_books", as = "favorites")]
    favorites: BelongsToMany<Book>,
}

#[derive(Model, Debug)]
struct Profile {
    id: i64,
    bio: String,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug)]
struct Comment {
    id: i64,
    body: String,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug)]
struct Book {
    id: i64,
    title: String,
    #[belongs_to_many(through = UserBooks, as = "readers")]
    readers: BelongsToMany<User>,
    #[belongs_to_many(through = "fav_books", as = "fans")]
    fans: BelongsToMany<User>,
}

/// The junction of `read`, with a column of its own.
#[derive(Model, Debug, Default)]
struct UserBooks {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    rating: Option<i32>,
}

#[tokio::main]
async fn main() -> orm_core::Result<()> {
    let pool = orm_core::sqlite::memory().await?;
    let schema = Schema::new().model::<User>().model::<Profile>().model::<Comment>().model::<Book>().model::<UserBooks>();
    for statement in schema.create_statements(orm_core::Dialect::Sqlite) {
        println!("{statement};");
    }
    schema.sync_force(&pool).await?;

    let mut ada = User { id: 0, name: "ada".into(), ..Default::default() };
    ada.insert(&pool).await?;
    println!("inserted user {} (id {})", ada.name, ada.id);

    let profile = ada.create_profile(&pool, Profile { id: 0, bio: "mathematician".into(), user: None }).await?;
    println!("ada.profile() -> {:?}", ada.profile(&pool).await?.map(|p| p.bio));
    println!("profile.user() -> {:?}", profile.user(&pool).await?.map(|u| u.name));

    ada.create_comment(&pool, Comment { id: 0, body: "first!".into(), user: None }).await?;
    ada.create_comment(&pool, Comment { id: 0, body: "second".into(), user: None }).await?;
    println!("ada.count_comments() -> {}", ada.count_comments(&pool).await?);

    let mut sicp = Book { id: 0, title: "SICP".into(), ..Default::default() };
    sicp.insert(&pool).await?;
    ada.add_favorite(&pool, &sicp).await?;
    ada.add_read_with(&pool, &sicp, UserBooks { rating: Some(5), ..Default::default() }).await?;
    let favorites: Vec<String> = ada.favorites(&pool).await?.into_iter().map(|b| b.title).collect();
    println!("ada.favorites() -> {favorites:?}");
    for (book, link) in ada.read_through(&pool).await? {
        println!("ada read {} and rated it {:?}", book.title, link.rating);
    }
    println!("sicp.fans() -> {:?}", sicp.fans(&pool).await?.into_iter().map(|u| u.name).collect::<Vec<_>>());
    Ok(())
}

impl Default for User {
    fn default() -> Self {
        User { id: 0, name: String::new(), profile: HasOne::default(), comments: HasMany::default(), read: Default::default(), favorites: Default::default() }
    }
}

impl Default for Book {
    fn default() -> Self {
        Book { id: 0, title: String::new(), readers: Default::default(), fans: Default::default() }
    }
}
