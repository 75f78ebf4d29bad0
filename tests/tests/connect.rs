//! One handle over the three backends, chosen at run time from a URL (`orm_core::connect`), as an
//! app that runs on SQLite in its tests and PostgreSQL in production would use it: the app's code
//! is generic over `impl Connection` alone, with no bound over sqlx's traits.

use orm_core::{BelongsTo, Connection, Db, Dialect, Error, HasMany, Model, Schema};

#[derive(Model, Debug, Clone, PartialEq)]
struct Author {
    id: i64,
    name: String,
    #[has_many]
    notes: HasMany<Note>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Note {
    id: i64,
    body: String,
    #[belongs_to]
    author: BelongsTo<Author>,
}

/// The app: written once, for whatever `Connection` it is handed.
async fn app(db: &Db) -> orm_core::Result<()> {
    Schema::new().model::<Author>().model::<Note>().sync(db).await?;
    let mut ada = Author { id: 0, name: "ada".into(), notes: Default::default() };
    ada.insert(db).await?;
    ada.create_note(db, Note { id: 0, body: "first".into(), author: Default::default() }).await?;
    assert_eq!(ada.count_notes(db).await?, 1);
    let loaded = Author::query().include(Author::NOTES).all(db).await?;
    assert_eq!(loaded[0].notes.loaded().map(|n| n.len()), Some(1));
    assert_eq!(names(db).await?, ["ada"]);

    // A transaction through the same handle: rolled back, then committed.
    let mut conn = db;
    let mut tx = conn.begin().await?;
    Author { id: 0, name: "bob".into(), notes: Default::default() }.insert(&mut tx).await?;
    assert_eq!(names(&mut tx).await?, ["ada", "bob"]);
    tx.rollback().await?;
    assert_eq!(names(db).await?, ["ada"]);
    let mut tx = conn.begin().await?;
    Author { id: 0, name: "cy".into(), notes: Default::default() }.insert(&mut tx).await?;
    tx.commit().await?;
    assert_eq!(names(db).await?, ["ada", "cy"]);
    Ok(())
}

/// Generic over the backend with one bound.
async fn names(db: impl Connection) -> orm_core::Result<Vec<String>> {
    Ok(Author::query().order_by(Author::ID.asc()).all(db).await?.into_iter().map(|a| a.name).collect())
}

#[tokio::test]
async fn sqlite_by_url() {
    let db = orm_core::connect("sqlite::memory:").await.expect("open SQLite");
    assert_eq!(db.dialect(), Dialect::Sqlite);
    app(&db).await.expect("app on SQLite");
}

#[tokio::test]
async fn sqlite_file_by_url() {
    let path = std::env::temp_dir().join(format!("{}.db", orm_tests::unique_name("orm_connect")));
    let db = orm_core::connect(&format!("sqlite://{}?mode=rwc", path.display())).await.expect("open SQLite file");
    let outcome = app(&db).await;
    db.close().await;
    let _ = std::fs::remove_file(&path);
    outcome.expect("app on a SQLite file");
}

#[tokio::test]
async fn postgres_by_url() {
    let Some(url) = orm_tests::server_url("ORM_TEST_POSTGRES_URL", "connect::postgres_by_url") else { return };
    let (pool, schema) = orm_tests::postgres(&url, 1).await;
    pool.close().await;
    let separator = if url.contains('?') { '&' } else { '?' };
    let db = orm_core::connect(&format!("{url}{separator}options=-c%20search_path%3D{schema}")).await.expect("connect to PostgreSQL");
    assert_eq!(db.dialect(), Dialect::Postgres);
    let outcome = app(&db).await;
    db.close().await;
    let admin = orm_core::sqlx::PgPool::connect(&url).await.expect("connect to PostgreSQL");
    orm_tests::drop_postgres(&url, admin, &schema).await;
    outcome.expect("app on PostgreSQL");
}

#[tokio::test]
async fn mariadb_by_url() {
    let Some(url) = orm_tests::server_url("ORM_TEST_MYSQL_URL", "connect::mariadb_by_url") else { return };
    let (pool, database) = orm_tests::mysql(&url, 1).await;
    pool.close().await;
    let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
    // `mariadb://` names the same driver as `mysql://`.
    let db = orm_core::connect(&format!("{}/{database}", base.replacen("mysql:", "mariadb:", 1))).await.expect("connect to MariaDB");
    assert_eq!(db.dialect(), Dialect::MySql);
    let outcome = app(&db).await;
    db.close().await;
    let admin = orm_core::sqlx::MySqlPool::connect(&url).await.expect("connect to MariaDB");
    orm_tests::drop_mysql(&url, admin, &database).await;
    outcome.expect("app on MariaDB");
}

#[tokio::test]
async fn an_unknown_scheme_is_a_typed_error_naming_it() {
    match orm_core::connect("oracle://scott:tiger@localhost/db").await {
        Err(Error::UnsupportedUrl { scheme, .. }) => assert_eq!(scheme, "oracle"),
        other => panic!("expected UnsupportedUrl, got {:?}", other.map(|db| db.dialect())),
    }
    // The message names the scheme, never the rest of the URL (it may hold a password).
    let err = orm_core::connect("oracle://scott:tiger@localhost/db").await.map(|_| ()).unwrap_err();
    assert!(!err.to_string().contains("tiger"), "{err}");
}
