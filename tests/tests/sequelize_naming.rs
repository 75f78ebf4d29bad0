//! `#[model(naming = "sequelize")]` gives Sequelize's default names, so the ORM shares a
//! database with a Sequelize app: tables `Users` (the plural of the model), columns `createdAt`,
//! keys `UserId` (the target's name) or `authorId` (an alias), and a generated junction
//! (`through = "FavBooks"`) with `UserId`, `BookId`, `createdAt`, `updatedAt`.
//!
//! The tables are Sequelize's own: the DDL Sequelize 6.37.8's `sync()` ran for the article's
//! models, committed in `tests/sequelize/fixtures/<backend>.sql`, with the catalog it left in
//! `<backend>.json`; and, for comparison, the ones `Schema::sync` makes under the same names.
//! Ids are `i32`, as Sequelize's `INTEGER` keys.

use chrono::{DateTime, Utc};
use orm_core::sql::Sql;
use orm_core::{BelongsTo, BelongsToMany, ChangeKind, Connection, Dialect, HasMany, HasOne, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(naming = "sequelize")]
struct User {
    id: i32,
    name: Option<String>,
    #[model(created_at)]
    created_at: DateTime<Utc>,
    #[model(updated_at)]
    updated_at: DateTime<Utc>,
    #[has_one]
    profile: HasOne<Profile>,
    #[has_many]
    comments: HasMany<Comment>,
    #[belongs_to_many(through = UserBooks, as = "read")]
    read: BelongsToMany<Book, UserBooks>,
    #[belongs_to_many(through = "FavBooks", as = "favorites")]
    favorites: BelongsToMany<Book>,
}

#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(naming = "sequelize")]
struct Profile {
    id: i32,
    bio: Option<String>,
    #[model(created_at)]
    created_at: DateTime<Utc>,
    #[model(updated_at)]
    updated_at: DateTime<Utc>,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

/// Sequelize's `paranoid: true`.
#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(naming = "sequelize")]
struct Comment {
    id: i32,
    body: Option<String>,
    #[model(created_at)]
    created_at: DateTime<Utc>,
    #[model(updated_at)]
    updated_at: DateTime<Utc>,
    #[model(deleted_at)]
    deleted_at: Option<DateTime<Utc>>,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(naming = "sequelize")]
struct Book {
    id: i32,
    title: Option<String>,
    #[model(created_at)]
    created_at: DateTime<Utc>,
    #[model(updated_at)]
    updated_at: DateTime<Utc>,
    #[belongs_to_many(through = UserBooks, as = "readers")]
    readers: BelongsToMany<User>,
    #[belongs_to_many(through = "FavBooks", as = "fans")]
    fans: BelongsToMany<User>,
}

/// The junction model with a column of its own; its table keeps its name, as in Sequelize.
#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(naming = "sequelize", junction)]
struct UserBooks {
    rating: Option<i32>,
    #[model(created_at)]
    created_at: DateTime<Utc>,
    #[model(updated_at)]
    updated_at: DateTime<Utc>,
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
}

/// Not in the article: Sequelize's plurals, a camelCase column and an aliased key.
#[derive(Model, Debug)]
#[model(naming = "sequelize")]
struct Person {
    id: i32,
    full_name: String,
    #[belongs_to]
    author: Option<BelongsTo<User>>,
    #[belongs_to]
    category: Option<BelongsTo<Category>>,
}

#[derive(Model, Debug)]
#[model(naming = "sequelize")]
struct Category {
    id: i32,
}

fn schema() -> Schema {
    Schema::new().model::<User>().model::<Profile>().model::<Comment>().model::<Book>().model::<UserBooks>()
}

const FIXTURES: [(&str, &str, &str); 3] = [
    ("sqlite", include_str!("../sequelize/fixtures/sqlite.sql"), include_str!("../sequelize/fixtures/sqlite.json")),
    ("postgres", include_str!("../sequelize/fixtures/postgres.sql"), include_str!("../sequelize/fixtures/postgres.json")),
    ("mysql", include_str!("../sequelize/fixtures/mysql.sql"), include_str!("../sequelize/fixtures/mysql.json")),
];

fn fixture(dialect: Dialect) -> (&'static str, &'static str) {
    let name = match dialect {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgres",
        Dialect::MySql => "mysql",
    };
    FIXTURES.iter().find(|(n, ..)| *n == name).map(|(_, sql, json)| (*sql, *json)).expect("a fixture per backend")
}

/// Runs Sequelize's own `CREATE TABLE` statements, as it logged them.
async fn create_sequelize_tables(db: impl Connection + Copy) -> orm_core::Result<()> {
    let (ddl, _) = fixture(db.dialect());
    for statement in ddl.lines().filter(|l| l.starts_with("CREATE ")) {
        let mut sql = Sql::new(db.dialect());
        sql.push(orm_core::AssertSqlSafe(statement.trim_end_matches(';').to_owned()));
        sql.execute(db).await?;
    }
    Ok(())
}

/// `SELECT COUNT(*) FROM "<table>"` (with `WHERE "<column>" IS NOT NULL`): what is stored, read
/// by Sequelize's names.
async fn count(db: impl Connection, table: &str, not_null: Option<&str>) -> orm_core::Result<i64> {
    let mut sql = Sql::new(db.dialect());
    sql.push("SELECT COUNT(*) FROM ").ident(table);
    if let Some(column) = not_null {
        sql.push(" WHERE ").ident(column).push(" IS NOT NULL");
    }
    sql.fetch_scalar(db).await
}

fn titles(books: &[Book]) -> Vec<&str> {
    books.iter().filter_map(|b| b.title.as_deref()).collect()
}

/// The table and column names of each model are the ones Sequelize created, on every backend.
#[test]
fn names_are_sequelizes() {
    fn names<M: Model>() -> (&'static str, Vec<&'static str>) {
        let mut columns: Vec<&str> = M::COLUMNS.iter().map(|c| c.name).collect();
        columns.sort_unstable();
        (M::TABLE, columns)
    }
    let models = [names::<User>(), names::<Profile>(), names::<Comment>(), names::<Book>(), names::<UserBooks>()];
    assert_eq!(models.iter().map(|(t, _)| *t).collect::<Vec<_>>(), ["Users", "Profiles", "Comments", "Books", "UserBooks"]);
    for (backend, _, json) in FIXTURES {
        let catalog: serde_json::Value = serde_json::from_str(json).expect("fixture JSON");
        let tables = catalog["tables"].as_array().expect("tables");
        for (table, columns) in &models {
            let found = tables.iter().find(|t| t["name"] == *table).unwrap_or_else(|| panic!("{backend}: Sequelize made no table {table}"));
            let mut found: Vec<&str> =
                found["columns"].as_array().expect("columns").iter().map(|c| c["name"].as_str().expect("name")).collect();
            found.sort_unstable();
            assert_eq!(&found, columns, "{backend}: columns of {table}");
        }
    }
    // The typed constants keep Rust's names.
    assert_eq!(Comment::USER_ID.name(), "UserId");
    assert_eq!(Comment::CREATED_AT.name(), "createdAt");
    // Sequelize's plurals (`inflection`), and a key named after the field where it is not the
    // target's name (Sequelize's `as: 'author'`).
    assert_eq!((Person::TABLE, Category::TABLE), ("People", "Categories"));
    assert_eq!(Person::FULL_NAME.name(), "fullName");
    assert_eq!(Person::AUTHOR_ID.name(), "authorId");
    assert_eq!(Person::CATEGORY_ID.name(), "CategoryId");
}

/// The article's scenario, on whichever tables `db` has: every association kind, includes,
/// soft delete; then reads by Sequelize's names what was written.
async fn scenario(db: impl Connection + Copy) -> orm_core::Result<()> {
    let mut ada = User { name: Some("ada".into()), ..Default::default() };
    ada.insert(db).await?;
    assert!(ada.id > 0 && ada.created_at == ada.updated_at);
    let mut bob = User { name: Some("bob".into()), ..Default::default() };
    bob.insert(db).await?;
    let mut books =
        vec![Book { title: Some("SICP".into()), ..Default::default() }, Book { title: Some("TAOCP".into()), ..Default::default() }];
    Book::insert_all(db, &mut books).await?;
    assert!(books[0].id > 0 && books[1].id > books[0].id);

    // has_one, has_many: `Profiles.UserId`, `Comments.UserId`.
    ada.create_profile(db, Profile { bio: Some("mathematician".into()), ..Default::default() }).await?;
    let first = ada.create_comment(db, Comment { body: Some("first".into()), ..Default::default() }).await?;
    let mut second = Comment { body: Some("second".into()), ..Default::default() };
    second.insert(db).await?;
    ada.add_comment(db, &mut second).await?;
    assert_eq!(first.user(db).await?.map(|u| u.id), Some(ada.id));

    // The generated junction `FavBooks`, with its NOT NULL `createdAt`/`updatedAt`.
    ada.add_favorites(db, &books).await?;
    bob.add_favorite(db, &books[0]).await?;
    assert_eq!(count(db, "FavBooks", Some("createdAt")).await?, 3);
    let fans: Vec<Option<String>> = books[0].fans(db).await?.into_iter().map(|u| u.name).collect();
    assert_eq!(fans, [Some("ada".to_owned()), Some("bob".to_owned())]);
    ada.remove_favorite(db, &books[1]).await?;
    assert_eq!(ada.count_favorites(db).await?, 1);

    // The junction model `UserBooks`, with its `rating`.
    ada.add_read_with(db, &books[1], UserBooks { rating: Some(5), ..Default::default() }).await?;
    bob.add_read(db, &books[1]).await?;
    let read = ada.read_through(db).await?;
    assert_eq!(read.iter().map(|(b, j)| (b.title.as_deref(), j.rating)).collect::<Vec<_>>(), [(Some("TAOCP"), Some(5))]);
    assert_eq!(books[1].count_readers(db).await?, 2);

    // Everything at once through includes.
    let users = User::query()
        .include(User::PROFILE)
        .include(User::COMMENTS)
        .include(User::FAVORITES.include(Book::FANS))
        .include(User::READ)
        .order_by(User::ID.asc())
        .all(db)
        .await?;
    let (a, b) = (&users[0], &users[1]);
    assert_eq!(a.profile.loaded().unwrap().and_then(|p| p.bio.as_deref()), Some("mathematician"));
    assert_eq!(b.profile.loaded(), Some(None));
    let bodies: Vec<_> = a.comments.loaded().unwrap().iter().map(|c| c.body.as_deref()).collect();
    assert_eq!(bodies, [Some("first"), Some("second")]);
    assert_eq!(titles(a.favorites.loaded().unwrap()), ["SICP"]);
    let fans: Vec<_> = a.favorites.loaded().unwrap()[0].fans.loaded().unwrap().iter().map(|u| u.name.as_deref()).collect();
    assert_eq!(fans, [Some("ada"), Some("bob")]);
    assert_eq!(
        a.read.loaded_through().unwrap().map(|(b, j)| (b.title.as_deref(), j.rating)).collect::<Vec<_>>(),
        [(Some("TAOCP"), Some(5))]
    );
    assert_eq!(titles(b.read.loaded().unwrap()), ["TAOCP"]);

    // Soft delete marks Sequelize's `deletedAt`.
    first.delete(db).await?;
    assert_eq!(ada.count_comments(db).await?, 1);
    assert_eq!(count(db, "Comments", Some("deletedAt")).await?, 1);
    let all = Comment::query().with_deleted().order_by(Comment::ID.asc()).all(db).await?;
    assert!(all[0].deleted_at.is_some() && all[1].deleted_at.is_none());

    // What Sequelize itself would read: its names hold the ORM's rows.
    assert_eq!(count(db, "Profiles", Some("UserId")).await?, 1);
    assert_eq!(count(db, "UserBooks", Some("rating")).await?, 1);
    assert_eq!(count(db, "Users", Some("updatedAt")).await?, 2);
    Ok(())
}

backends! {
    async fn the_orm_works_on_sequelizes_tables(pool) {
        create_sequelize_tables(&pool).await?;
        scenario(&pool).await
    }

    async fn sync_creates_the_tables_under_sequelizes_names(pool) {
        schema().sync(&pool).await?;
        scenario(&pool).await?;
        assert_eq!(schema().diff(&pool).await?, []);
        Ok(())
    }

    async fn sequelizes_tables_differ_from_the_models_in_types_and_indexes_only(pool) {
        create_sequelize_tables(&pool).await?;
        let differences = schema().diff(&pool).await?;
        for d in &differences {
            eprintln!("{:?}: {d} ({:?})", (&pool).dialect(), d.kind);
        }
        // VARCHAR(255) where the ORM makes TEXT, MariaDB's DATETIME where it makes DATETIME(6),
        // and the indexes Sequelize does not make (on each key, UNIQUE on a has_one's key).
        let other: Vec<String> =
            differences.iter().filter(|d| !matches!(d.kind, ChangeKind::AlterType | ChangeKind::AddIndex)).map(ToString::to_string).collect();
        assert!(other.is_empty(), "differences beyond types and indexes: {other:#?}");
        Ok(())
    }
}
