//! The Sequelize associations article, in Rust, on embedded SQLite:
//! `cargo run -p orm-core --example quickstart`.

use orm_core::{BelongsTo, BelongsToMany, HasMany, HasOne, Model, Schema};

#[derive(Model, Debug, Clone, Default)]
struct User {
    id: i64,
    name: String,
    #[has_one]
    profile: HasOne<Profile>,
    #[has_many]
    comments: HasMany<Comment>,
    #[belongs_to_many(through = UserBooks, as = "read")]
    read: BelongsToMany<Book, UserBooks>,
    #[belongs_to_many(through = "fav_books", as = "favorites")]
    favorites: BelongsToMany<Book>,
}

#[derive(Model, Debug, Clone)]
struct Profile {
    id: i64,
    bio: String,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug, Clone)]
struct Comment {
    id: i64,
    body: String,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug, Clone, Default)]
struct Book {
    id: i64,
    title: String,
    #[belongs_to_many(through = UserBooks, as = "readers")]
    readers: BelongsToMany<User>,
    #[belongs_to_many(through = "fav_books", as = "fans")]
    fans: BelongsToMany<User>,
}

/// The junction of `read`, with a column of its own.
#[derive(Model, Debug, Clone, Default)]
#[model(junction)]
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
    for statement in schema.create_statements(orm_core::Dialect::Sqlite)? {
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

    // Eager loading: one query per association level, whatever the number of users.
    let users = User::query()
        .include(User::PROFILE)
        .include(User::COMMENTS.order_by(Comment::ID.desc()))
        .include(User::READ)
        .include(User::FAVORITES.include(Book::FANS))
        .all(&pool)
        .await?;
    for user in &users {
        let profile = user.profile.loaded().flatten().map(|p| p.bio.as_str());
        let comments: Vec<&str> = user.comments.loaded().unwrap_or_default().iter().map(|c| c.body.as_str()).collect();
        println!("{}: profile {profile:?}, comments {comments:?}", user.name);
        for (book, link) in user.read.loaded_through().into_iter().flatten() {
            println!("  read {} (rating {:?})", book.title, link.rating);
        }
        for book in user.favorites.loaded().unwrap_or_default() {
            let fans: Vec<&str> = book.fans.loaded().unwrap_or_default().iter().map(|u| u.name.as_str()).collect();
            println!(
                "  favorite {} (fans {fans:?}, {} readers not loaded)",
                book.title,
                if book.readers.is_loaded() { "with" } else { "its" }
            );
        }
    }
    Ok(())
}
