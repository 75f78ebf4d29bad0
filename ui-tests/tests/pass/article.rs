// The models of the Sequelize associations article: a user has one profile, has many comments,
// reads books through a junction model with its own `rating` column, and keeps favorites in a
// junction table the ORM creates.

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
    books: BelongsToMany<Book>,
    #[belongs_to_many(through = "fav_books")]
    favorites: BelongsToMany<Book>,
}

#[derive(Model, Debug)]
struct Profile {
    id: i64,
    bio: String,
    #[belongs_to]
    user: BelongsTo<User>,
}

#[derive(Model, Debug)]
struct Comment {
    id: i64,
    body: String,
    #[belongs_to]
    user: BelongsTo<User>,
}

#[derive(Model, Debug)]
struct Book {
    id: i64,
    title: String,
    #[belongs_to_many(through = UserBooks, as = "readers")]
    users: BelongsToMany<User>,
    #[belongs_to_many(through = "fav_books")]
    fans: BelongsToMany<User>,
}

#[derive(Model, Debug)]
#[model(junction)]
struct UserBooks {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    rating: Option<i32>,
}

async fn use_accessors(pool: &orm_core::sqlx::SqlitePool) -> orm_core::Result<()> {
    Schema::new().model::<User>().model::<Profile>().model::<Comment>().model::<Book>().model::<UserBooks>().sync(pool).await?;
    let mut ada = User {
        id: 0,
        name: "ada".into(),
        profile: Default::default(),
        comments: Default::default(),
        books: Default::default(),
        favorites: Default::default(),
    };
    ada.insert(pool).await?;
    let _profile: Option<Profile> = ada.profile(pool).await?;
    let _comments: Vec<Comment> = ada.comments(pool).await?;
    let book = ada.create_read(pool, Book { id: 0, title: "Dune".into(), users: Default::default(), fans: Default::default() }).await?;
    let _rows: Vec<(Book, UserBooks)> = ada.read_through(pool).await?;
    ada.add_favorite(pool, &book).await?;
    let _fans: Vec<User> = book.fans(pool).await?;
    let _readers: Vec<User> = book.readers(pool).await?;
    Ok(())
}

fn main() {
    let _ = use_accessors;
}
