//! A model's life over several versions, through generated migration files applied by sqlx's
//! migrator: create; add a nullable column; add a NOT NULL column with a default; add an index, a
//! unique, a belongs_to (its key, constraint and index); rename a column; widen a type; drop a
//! column with the opt-in. After each step the rows are intact, `verify` is clean, a second
//! `generate` finds nothing and a second `apply` runs nothing. A data-losing change is refused
//! without the opt-in, and nothing is written. On SQLite, adding a foreign key and dropping a
//! column rebuild the table: the rows, the indexes, and the rows of a table referencing it stay.

// Earlier versions of a model keep fields no test reads.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use orm_core::migrate;
use orm_core::{ChangeKind, Db, Error, Model, Schema};
use orm_tests::backends;

macro_rules! review {
    () => {
        /// Refers to `books` from the first version on: a rebuild of `books` must keep its rows.
        #[derive(Model, Debug, Clone)]
        #[model(table = "reviews")]
        pub struct Review {
            pub id: i64,
            pub body: String,
            #[belongs_to]
            pub book: orm_core::BelongsTo<Book>,
        }
    };
}

mod v1 {
    use orm_core::{HasMany, Model};
    #[derive(Model, Debug, Clone)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        #[has_many]
        pub reviews: HasMany<Review>,
    }
    review!();
}

mod v2 {
    use orm_core::{HasMany, Model};
    #[derive(Model, Debug, Clone)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        pub subtitle: Option<String>,
        #[has_many]
        pub reviews: HasMany<Review>,
    }
    review!();
}

mod v3 {
    use orm_core::{HasMany, Model};
    #[derive(Model, Debug, Clone)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        pub subtitle: Option<String>,
        #[model(default = 0)]
        pub pages: i32,
        #[has_many]
        pub reviews: HasMany<Review>,
    }
    review!();
}

mod v4 {
    use orm_core::{BelongsTo, HasMany, Model};
    #[derive(Model, Debug, Clone)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        pub subtitle: Option<String>,
        #[model(default = 0, index)]
        pub pages: i32,
        #[model(unique)]
        pub isbn: Option<String>,
        #[belongs_to]
        pub author: Option<BelongsTo<Author>>,
        #[has_many]
        pub reviews: HasMany<Review>,
    }
    #[derive(Model, Debug, Clone)]
    #[model(table = "authors")]
    pub struct Author {
        pub id: i64,
        pub name: String,
        #[has_many]
        pub books: HasMany<Book>,
    }
    review!();
}

mod v5 {
    use orm_core::{BelongsTo, HasMany, Model};
    #[derive(Model, Debug, Clone)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        #[model(renamed_from = "subtitle")]
        pub tagline: Option<String>,
        #[model(default = 0, index)]
        pub pages: i32,
        #[model(unique)]
        pub isbn: Option<String>,
        #[belongs_to]
        pub author: Option<BelongsTo<Author>>,
        #[has_many]
        pub reviews: HasMany<Review>,
    }
    #[derive(Model, Debug, Clone)]
    #[model(table = "authors")]
    pub struct Author {
        pub id: i64,
        pub name: String,
        #[has_many]
        pub books: HasMany<Book>,
    }
    review!();
}

/// `pages` widened to `i64`, or (in `narrow`) narrowed to `i16`.
macro_rules! pages_as {
    ($name:ident, $ty:ty, $default:expr) => {
        mod $name {
            use orm_core::{BelongsTo, HasMany, Model};
            #[derive(Model, Debug, Clone)]
            #[model(table = "books")]
            pub struct Book {
                pub id: i64,
                pub title: String,
                pub tagline: Option<String>,
                #[model(default = $default, index)]
                pub pages: $ty,
                #[model(unique)]
                pub isbn: Option<String>,
                #[belongs_to]
                pub author: Option<BelongsTo<Author>>,
                #[has_many]
                pub reviews: HasMany<Review>,
            }
            #[derive(Model, Debug, Clone)]
            #[model(table = "authors")]
            pub struct Author {
                pub id: i64,
                pub name: String,
                #[has_many]
                pub books: HasMany<Book>,
            }
            review!();
        }
    };
}
pages_as!(v6, i64, 0i64);
pages_as!(narrow, i16, 0i16);

mod v7 {
    use orm_core::{BelongsTo, HasMany, Model};
    #[derive(Model, Debug, Clone)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        #[model(default = 0, index)]
        pub pages: i64,
        #[model(unique)]
        pub isbn: Option<String>,
        #[belongs_to]
        pub author: Option<BelongsTo<Author>>,
        #[has_many]
        pub reviews: HasMany<Review>,
    }
    #[derive(Model, Debug, Clone)]
    #[model(table = "authors")]
    pub struct Author {
        pub id: i64,
        pub name: String,
        #[has_many]
        pub books: HasMany<Book>,
    }
    review!();
}

/// A plain column that a later version makes a foreign key.
mod owner_plain {
    use orm_core::Model;
    #[derive(Model, Debug, Clone)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        pub owner_id: Option<i64>,
    }
}

mod owner_key {
    use orm_core::{BelongsTo, HasMany, Model};
    #[derive(Model, Debug, Clone)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        #[belongs_to(foreign_key = "owner_id")]
        pub owner: Option<BelongsTo<Owner>>,
    }
    #[derive(Model, Debug, Clone)]
    #[model(table = "owners")]
    pub struct Owner {
        pub id: i64,
        #[has_many]
        pub books: HasMany<Book>,
    }
}

/// A required column with no default: rows that exist could not get a value.
mod required_isbn {
    use orm_core::Model;
    #[derive(Model, Debug, Clone)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        pub owner_id: Option<i64>,
        pub isbn: String,
    }
}

fn dir() -> PathBuf {
    std::env::temp_dir().join(orm_tests::unique_name("orm_migrations"))
}

fn files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

/// Generates the migration to `schema`, applies it, and checks that a second round does
/// nothing. `changes`: whether the backend has anything to change. Returns the file's text.
async fn step(db: &Db, dir: &Path, schema: &Schema, name: &str, allow: bool, changes: bool) -> orm_core::Result<String> {
    let written = migrate::generate(schema, db, dir, name, allow).await?;
    assert_eq!(written.is_some(), changes, "{name}: a file is written exactly when something changes");
    migrate::apply(db, dir).await?;
    schema.verify(db).await?;
    assert!(migrate::generate(schema, db, dir, name, allow).await?.is_none(), "{name}: nothing left to generate");
    let before = files(dir);
    migrate::apply(db, dir).await?;
    assert_eq!(files(dir), before);
    assert!(migrate::status(db, dir).await?.iter().all(|f| f.applied && !f.changed));
    Ok(match written {
        Some(path) => std::fs::read_to_string(path).expect("read the generated file"),
        None => String::new(),
    })
}

async fn reviews_of(db: &Db, book: i64) -> orm_core::Result<i64> {
    v1::Review::query().filter(v1::Review::BOOK_ID.eq(book)).count(db).await
}

backends! {
    async fn a_model_lives_through_seven_versions(pool) {
        let db = Db::from(pool.clone());
        let dialect = db.dialect();
        let dir = dir();
        let outcome = async {
            // 1. Create.
            let v1_schema = Schema::new().model::<v1::Book>().model::<v1::Review>();
            let sql = step(&db, &dir, &v1_schema, "create books", false, true).await?;
            assert!(sql.contains("CREATE TABLE"), "{sql}");
            let mut dune = v1::Book { id: 0, title: "Dune".into(), reviews: Default::default() };
            dune.insert(&db).await?;
            dune.create_review(&db, v1::Review { id: 0, body: "great".into(), book: Default::default() }).await?;

            // 2. A nullable column.
            let sql = step(&db, &dir, &Schema::new().model::<v2::Book>().model::<v2::Review>(), "subtitle", false, true).await?;
            assert!(sql.contains("ADD COLUMN"), "{sql}");
            let mut book = v2::Book::find(&db, dune.id).await?.expect("the row is there");
            assert_eq!((book.title.as_str(), book.subtitle.as_deref()), ("Dune", None));
            book.subtitle = Some("Desert planet".into());
            book.update(&db).await?;

            // 3. A NOT NULL column with a default: the existing row takes it.
            step(&db, &dir, &Schema::new().model::<v3::Book>().model::<v3::Review>(), "pages", false, true).await?;
            let book = v3::Book::find(&db, dune.id).await?.expect("the row is there");
            assert_eq!((book.subtitle.as_deref(), book.pages), (Some("Desert planet"), 0));
            let fresh = v3::Book { title: "Emma".into(), ..Default::default() };
            assert_eq!(fresh.pages, 0, "the derive's Default takes the declared default");

            // 4. An index, a unique, a belongs_to with its table.
            let v4_schema = Schema::new().model::<v4::Author>().model::<v4::Book>().model::<v4::Review>();
            let sql = step(&db, &dir, &v4_schema, "authors", false, true).await?;
            if dialect == orm_core::Dialect::Sqlite {
                assert!(sql.starts_with("-- no-transaction") && sql.contains("orm_rebuild_books"), "{sql}");
            }
            let mut frank = v4::Author { id: 0, name: "Frank".into(), books: Default::default() };
            frank.insert(&db).await?;
            let mut book = v4::Book::find(&db, dune.id).await?.expect("the row is there");
            assert_eq!((book.pages, book.subtitle.as_deref()), (0, Some("Desert planet")));
            book.set_author(&db, Some(&frank)).await?;
            book.isbn = Some("978-0441013593".into());
            book.update(&db).await?;
            assert_eq!(reviews_of(&db, dune.id).await?, 1, "the referencing row outlived the rebuild");
            let mut twin = v4::Book { title: "Dune again".into(), isbn: Some("978-0441013593".into()), ..Default::default() };
            assert!(twin.insert(&db).await.is_err(), "isbn is unique");
            let mut orphan = v4::Review { id: 0, body: "?".into(), book: orm_core::BelongsTo::new(999_999) };
            assert!(orphan.insert(&db).await.is_err(), "the reviews' foreign key still holds");

            // 5. A rename keeps the values.
            let sql = step(&db, &dir, &Schema::new().model::<v5::Author>().model::<v5::Book>().model::<v5::Review>(), "tagline", false, true).await?;
            assert!(sql.contains("RENAME COLUMN"), "{sql}");
            let book = v5::Book::find(&db, dune.id).await?.expect("the row is there");
            assert_eq!(book.tagline.as_deref(), Some("Desert planet"));

            // 6. A narrower type is refused, and nothing is written; a wider one goes through.
            let narrow = Schema::new().model::<narrow::Author>().model::<narrow::Book>().model::<narrow::Review>();
            let before = files(&dir);
            if dialect != orm_core::Dialect::Sqlite {
                let err = migrate::generate(&narrow, &db, &dir, "narrow", false).await.unwrap_err();
                let Error::DestructiveMigration { steps } = &err else { panic!("expected DestructiveMigration, got {err:?}") };
                assert_eq!(steps.iter().map(|s| (s.kind, s.column.as_deref())).collect::<Vec<_>>(), [(ChangeKind::AlterType, Some("pages"))]);
            }
            assert_eq!(files(&dir), before, "nothing written");
            let v6_schema = Schema::new().model::<v6::Author>().model::<v6::Book>().model::<v6::Review>();
            // SQLite stores every integer width as INTEGER: nothing to change there.
            step(&db, &dir, &v6_schema, "wider pages", false, dialect != orm_core::Dialect::Sqlite).await?;
            let book = v6::Book::find(&db, dune.id).await?.expect("the row is there");
            assert_eq!((book.pages, book.isbn.as_deref()), (0, Some("978-0441013593")));
            assert_eq!(book.author.as_ref().map(|a| *a.key()), Some(frank.id));

            // 7. Dropping a column loses data: refused without the opt-in, done with it.
            let v7_schema = Schema::new().model::<v7::Author>().model::<v7::Book>().model::<v7::Review>();
            let err = migrate::generate(&v7_schema, &db, &dir, "drop tagline", false).await.unwrap_err();
            assert!(matches!(&err, Error::DestructiveMigration { steps } if steps[0].kind == ChangeKind::DropColumn), "{err:?}");
            assert!(matches!(v7_schema.verify(&db).await, Err(Error::SchemaDrift { .. })));
            let sql = step(&db, &dir, &v7_schema, "drop tagline", true, true).await?;
            assert!(sql.contains("-- DESTRUCTIVE: "), "{sql}");
            let book = v7::Book::find(&db, dune.id).await?.expect("the row is there");
            assert_eq!((book.title.as_str(), book.pages, book.isbn.as_deref()), ("Dune", 0, Some("978-0441013593")));
            assert_eq!(reviews_of(&db, dune.id).await?, 1);
            assert_eq!(migrate::status(&db, &dir).await?.len(), if dialect == orm_core::Dialect::Sqlite { 6 } else { 7 });
            Ok(())
        }
        .await;
        std::fs::remove_dir_all(&dir).ok();
        outcome
    }

    async fn a_file_edited_after_it_ran_is_refused(pool) {
        let db = Db::from(pool.clone());
        let dir = dir();
        let outcome = async {
            let schema = Schema::new().model::<v1::Book>().model::<v1::Review>();
            let path = migrate::generate(&schema, &db, &dir, "create", false).await?.expect("a file");
            migrate::apply(&db, &dir).await?;
            std::fs::write(&path, std::fs::read_to_string(&path).expect("read") + "\n-- edited\n").expect("write");
            let err = migrate::apply(&db, &dir).await.unwrap_err();
            assert!(matches!(&err, Error::Migrate { message, .. } if message.contains("modified")), "{err}");
            let status = migrate::status(&db, &dir).await?;
            assert!(status[0].applied && status[0].changed);
            // A pending file blocks the next generate.
            std::fs::write(dir.join("99990101000000_pending.sql"), "SELECT 1;").expect("write");
            let err = migrate::generate(&Schema::new().model::<v2::Book>().model::<v2::Review>(), &db, &dir, "next", false).await.unwrap_err();
            assert!(matches!(&err, Error::Migrate { message, .. } if message.contains("not applied")), "{err}");
            Ok(())
        }
        .await;
        std::fs::remove_dir_all(&dir).ok();
        outcome
    }

    async fn a_migration_that_fails_changes_nothing(pool) {
        let db = Db::from(pool.clone());
        let dir = dir();
        let outcome = async {
            let plain = Schema::new().model::<owner_plain::Book>();
            step(&db, &dir, &plain, "books", false, true).await?;
            let mut book = owner_plain::Book { id: 0, title: "Dune".into(), owner_id: Some(42) };
            book.insert(&db).await?;
            // A required column without a default is not generated at all.
            let err = migrate::generate(&Schema::new().model::<required_isbn::Book>(), &db, &dir, "isbn", false).await.unwrap_err();
            assert!(matches!(&err, Error::MigrationUnsupported { difference, .. } if difference.column.as_deref() == Some("isbn")), "{err}");
            // The key 42 names no owner: the new foreign key cannot hold, and applying fails.
            let keyed = Schema::new().model::<owner_key::Owner>().model::<owner_key::Book>();
            migrate::generate(&keyed, &db, &dir, "owner key", false).await?.expect("a file");
            assert!(migrate::apply(&db, &dir).await.is_err());
            plain.verify(&db).await?;
            let kept = owner_plain::Book::find(&db, book.id).await?.expect("the row is there");
            assert_eq!((kept.title.as_str(), kept.owner_id), ("Dune", Some(42)));
            Ok(())
        }
        .await;
        std::fs::remove_dir_all(&dir).ok();
        outcome
    }
}
