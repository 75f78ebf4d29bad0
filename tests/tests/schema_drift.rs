//! `sync` on tables that already exist checks them against the models: a column type, a
//! missing column, a nullability, a missing unique index or foreign key is reported, every one,
//! and nothing is created or changed. Each case syncs one version of a model, then a second
//! version of it on the same table.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use orm_core::sqlx::Pool;
use orm_core::{Backend, BelongsTo, Error, HasMany, HasOne, Model, Schema, SchemaDifference};
use orm_tests::backends;
use uuid::Uuid;

/// A model `sync` has not seen yet: a sync that fails must not create its table.
#[derive(Model, Debug)]
struct Fresh {
    id: i64,
}

async fn count<DB: Backend>(pool: &Pool<DB>, table: &str) -> orm_core::Result<i64> {
    let mut sql = orm_core::sql::Sql::new(DB::DIALECT);
    sql.push("SELECT COUNT(*) FROM ").ident(table);
    sql.fetch_scalar::<i64>(pool).await
}

/// Syncs `second` after `first` on a table holding the row `seed` inserts: expects exactly
/// `expected` (model, column, expected, found) and no change (the row is there, `Fresh` was not
/// created).
async fn drift<DB: Backend>(
    pool: &Pool<DB>,
    first: Schema,
    second: Schema,
    seed: &'static str,
    expected: &[(&str, Option<&str>, &str, &str)],
) -> orm_core::Result<()> {
    let table = "drifts";
    first.sync(pool).await?;
    let mut sql = orm_core::sql::Sql::new(DB::DIALECT);
    sql.push(orm_core::AssertSqlSafe(seed.to_string()));
    sql.execute(pool).await?;
    assert_eq!(count(pool, table).await?, 1);
    let err = second.model::<Fresh>().sync(pool).await.unwrap_err();
    let Error::SchemaDrift { differences } = &err else { panic!("expected SchemaDrift, got {err:?}") };
    let got: Vec<_> =
        differences.iter().map(|d: &SchemaDifference| (d.model, d.column.as_deref(), d.expected.as_str(), d.found.as_str())).collect();
    assert_eq!(got, expected, "{err}");
    assert!(differences.iter().all(|d| d.table == table));
    assert_eq!(count(pool, table).await?, 1, "rows untouched");
    assert!(count(pool, "freshes").await.is_err(), "no table was created");
    // The first version still matches: it syncs, twice.
    first.sync(pool).await?;
    first.sync(pool).await?;
    Ok(())
}

const SEED: &str = "INSERT INTO drifts (id) VALUES (7)";

fn dialect<DB: Backend>(_: &Pool<DB>) -> orm_core::Dialect {
    DB::DIALECT
}

mod ty {
    use super::*;
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V1 {
        pub id: i64,
        pub title: Option<i64>,
    }
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V2 {
        pub id: i64,
        pub title: Option<String>,
    }
}

mod json {
    use super::*;
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V1 {
        pub id: i64,
        pub doc: Option<String>,
    }
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V2 {
        pub id: i64,
        pub doc: Option<serde_json::Value>,
    }
}

mod missing {
    use super::*;
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V1 {
        pub id: i64,
    }
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V2 {
        pub id: i64,
        pub title: Option<String>,
        pub rank: i32,
    }
}

mod not_null {
    use super::*;
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V1 {
        pub id: i64,
        pub title: i32,
        /// Not in V2: an unknown NOT NULL column without a default fails every insert of V2.
        pub stamp: i32,
        /// Not in V2 either, but nullable: V2 can leave it out.
        pub note: Option<String>,
    }
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V2 {
        pub id: i64,
        pub title: Option<i32>,
    }
}

// Only their schema is used.
#[allow(dead_code)]
mod unique {
    use super::*;
    pub mod v1 {
        use super::*;
        #[derive(Model, Debug)]
        #[model(table = "parents")]
        pub struct Parent {
            pub id: i64,
            #[has_many]
            pub children: HasMany<Child>,
        }
        #[derive(Model, Debug)]
        #[model(table = "drifts")]
        pub struct Child {
            pub id: i64,
            #[belongs_to]
            pub parent: Option<BelongsTo<Parent>>,
        }
    }
    pub mod v2 {
        use super::*;
        #[derive(Model, Debug)]
        #[model(table = "parents")]
        pub struct Parent {
            pub id: i64,
            #[has_one]
            pub child: HasOne<Child>,
        }
        #[derive(Model, Debug)]
        #[model(table = "drifts")]
        pub struct Child {
            pub id: i64,
            #[belongs_to]
            pub parent: Option<BelongsTo<Parent>>,
        }
    }
}

mod fk {
    use super::*;
    #[derive(Model, Debug)]
    #[model(table = "parents")]
    pub struct Parent {
        pub id: i64,
    }
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V1 {
        pub id: i64,
        pub parent_id: Option<i64>,
    }
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V2 {
        pub id: i64,
        #[belongs_to(on_delete = cascade)]
        pub parent: Option<BelongsTo<Parent>>,
    }
    #[derive(Model, Debug)]
    #[model(table = "drifts")]
    pub struct V3 {
        pub id: i64,
        #[belongs_to]
        pub parent: Option<BelongsTo<Parent>>,
    }
}

/// A table made by hand with a column spelled `Title`.
#[derive(Model, Debug, PartialEq)]
#[model(table = "drifts")]
struct Cased {
    id: i64,
    title: String,
}

/// Every column type, each as a value and as NULL, and the associations' constraints.
#[derive(Model, Debug)]
struct Every {
    id: i64,
    small: i16,
    int: i32,
    big: i64,
    real: f32,
    double: f64,
    flag: bool,
    text: String,
    bytes: Vec<u8>,
    day: NaiveDate,
    moment: NaiveDateTime,
    clock: NaiveTime,
    stamp: DateTime<Utc>,
    uid: Uuid,
    doc: serde_json::Value,
    o_small: Option<i16>,
    o_text: Option<String>,
    o_stamp: Option<DateTime<Utc>>,
    o_uid: Option<Uuid>,
    o_doc: Option<serde_json::Value>,
}

#[derive(Model, Debug)]
struct Tagged {
    #[model(primary_key)]
    code: String,
    #[belongs_to]
    every: Option<BelongsTo<Every>>,
    #[belongs_to(foreign_key = "strict_id", on_delete = restrict, on_update = no_action)]
    strict: Option<BelongsTo<Every>>,
}

backends! {
    async fn a_drifted_column_type_is_reported(pool) {
        let (expected, found) = match dialect(&pool) {
            orm_core::Dialect::Sqlite => ("type text", "type integer"),
            orm_core::Dialect::Postgres => ("type text", "type bigint"),
            orm_core::Dialect::MySql => ("type longtext", "type bigint"),
        };
        drift(&pool, Schema::new().model::<ty::V1>(), Schema::new().model::<ty::V2>(), SEED, &[("V2", Some("title"), expected, found)]).await
    }

    async fn text_where_json_is_wanted_is_reported(pool) {
        let (expected, found) = match dialect(&pool) {
            // SQLite keeps JSON as TEXT: the same column.
            orm_core::Dialect::Sqlite => return Schema::new().model::<json::V2>().sync(&pool).await.and(Schema::new().model::<json::V1>().sync(&pool).await),
            orm_core::Dialect::Postgres => ("type jsonb", "type text"),
            orm_core::Dialect::MySql => ("type json", "type longtext"),
        };
        drift(&pool, Schema::new().model::<json::V1>(), Schema::new().model::<json::V2>(), SEED, &[("V2", Some("doc"), expected, found)]).await
    }

    async fn a_missing_column_is_reported(pool) {
        let (title, rank) = match dialect(&pool) {
            orm_core::Dialect::Sqlite => ("a column TEXT NULL", "a column INTEGER NOT NULL"),
            orm_core::Dialect::Postgres => ("a column TEXT NULL", "a column INTEGER NOT NULL"),
            orm_core::Dialect::MySql => ("a column LONGTEXT NULL", "a column INT NOT NULL"),
        };
        drift(&pool, Schema::new().model::<missing::V1>(), Schema::new().model::<missing::V2>(), SEED, &[
            ("V2", Some("title"), title, "no such column"),
            ("V2", Some("rank"), rank, "no such column"),
        ]).await
    }

    async fn an_extra_not_null_is_reported(pool) {
        let int = match dialect(&pool) {
            orm_core::Dialect::Sqlite => "INTEGER",
            orm_core::Dialect::Postgres => "integer",
            orm_core::Dialect::MySql => "int(11)",
        };
        let extra = format!("{int} NOT NULL without a default");
        drift(&pool, Schema::new().model::<not_null::V1>(), Schema::new().model::<not_null::V2>(), "INSERT INTO drifts (id, title, stamp) VALUES (7, 1, 2)", &[
            ("V2", Some("title"), "NULL", "NOT NULL"),
            ("V2", Some("stamp"), "no such column, or one that may be left out", extra.as_str()),
        ]).await
    }

    async fn a_missing_unique_index_is_reported(pool) {
        use unique::{v1, v2};
        drift(&pool, Schema::new().model::<v1::Parent>().model::<v1::Child>(), Schema::new().model::<v2::Parent>().model::<v2::Child>(), SEED, &[
            ("Child", Some("parent_id"), "UNIQUE (parent_id)", "no unique index"),
        ]).await
    }

    async fn a_missing_or_different_foreign_key_is_reported(pool) {
        drift(&pool, Schema::new().model::<fk::Parent>().model::<fk::V1>(), Schema::new().model::<fk::Parent>().model::<fk::V2>(), SEED, &[
            ("V2", Some("parent_id"), "FOREIGN KEY (parent_id) REFERENCES parents (id) ON DELETE CASCADE ON UPDATE CASCADE", "no foreign key"),
        ]).await?;
        // The key exists now, with other actions: reported too.
        Schema::new().model::<fk::Parent>().model::<fk::V3>().sync_force(&pool).await?;
        let err = Schema::new().model::<fk::Parent>().model::<fk::V2>().sync(&pool).await.unwrap_err();
        let Error::SchemaDrift { differences } = &err else { panic!("{err:?}") };
        assert_eq!(differences.len(), 1, "{err}");
        assert_eq!(differences[0].expected, "FOREIGN KEY (parent_id) REFERENCES parents (id) ON DELETE CASCADE ON UPDATE CASCADE");
        assert_eq!(differences[0].found, "FOREIGN KEY (parent_id) REFERENCES parents (id) ON DELETE SET NULL ON UPDATE CASCADE");
        // And a key the model does not declare.
        let err = Schema::new().model::<fk::Parent>().model::<fk::V1>().sync(&pool).await.unwrap_err();
        let Error::SchemaDrift { differences } = &err else { panic!("{err:?}") };
        assert_eq!(differences.len(), 1, "{err}");
        assert_eq!((differences[0].column.as_deref(), differences[0].expected.as_str()), (Some("parent_id"), "no foreign key"));
        Ok(())
    }

    async fn a_column_in_another_case_matches_where_the_backend_folds_case(pool) {
        let ddl = match dialect(&pool) {
            orm_core::Dialect::Sqlite => "CREATE TABLE drifts (id INTEGER PRIMARY KEY AUTOINCREMENT, \"Title\" TEXT NOT NULL)",
            orm_core::Dialect::Postgres => "CREATE TABLE drifts (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"Title\" TEXT NOT NULL)",
            orm_core::Dialect::MySql => "CREATE TABLE drifts (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, `Title` LONGTEXT NOT NULL)",
        };
        let mut sql = orm_core::sql::Sql::new(dialect(&pool));
        sql.push(orm_core::AssertSqlSafe(ddl.to_string()));
        sql.execute(&pool).await?;
        let result = Schema::new().model::<Cased>().sync(&pool).await;
        if dialect(&pool).folds_column_case() {
            result?;
            let mut row = Cased { id: 0, title: "t".into() };
            row.insert(&pool).await?;
            assert_eq!(Cased::find(&pool, row.id).await?, Some(row));
        } else {
            // PostgreSQL's `"title"` is not `"Title"`: a missing column and an unknown required one.
            let err = result.unwrap_err();
            let Error::SchemaDrift { differences } = &err else { panic!("{err:?}") };
            let columns: Vec<_> = differences.iter().map(|d| d.column.as_deref()).collect();
            assert_eq!(columns, [Some("title"), Some("Title")], "{err}");
        }
        Ok(())
    }

    async fn an_unchanged_schema_of_every_type_syncs_again(pool) {
        let s = Schema::new().model::<Every>().model::<Tagged>();
        s.sync(&pool).await?;
        s.sync(&pool).await?;
        s.sync_force(&pool).await?;
        s.sync(&pool).await?;
        Ok(())
    }
}
