//! Issue 18, classes 2 and 8: NULL means one thing on every backend.
//! - `eq(None)` / `ne(None)` are `IS NULL` / `IS NOT NULL` (not `= NULL`, which matches nothing),
//!   and a `None` in an `in_` list matches NULL;
//! - a NULL read into a field that is not an `Option` is `Error::UnexpectedNull` naming the model
//!   and column — through find, query, first, a lazy accessor, an include and raw SQL — never `""`,
//!   `0` or a made-up key (SQLite's driver reads it so).

use orm_core::sql::Sql;
use orm_core::{BelongsTo, Error, HasMany, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "shelves")]
struct Shelf {
    id: i64,
    label: String,
    #[has_many]
    boxes: HasMany<Crate>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "crates")]
struct Crate {
    id: i64,
    name: String,
    note: Option<String>,
    size: i32,
    #[belongs_to]
    shelf: Option<BelongsTo<Shelf>>,
}

fn schema() -> Schema {
    Schema::new().model::<Shelf>().model::<Crate>()
}

fn item(name: &str, note: Option<&str>) -> Crate {
    Crate { id: 0, name: name.into(), note: note.map(Into::into), size: 1, shelf: None }
}

async fn exec(db: impl orm_core::Connection, statement: &'static str) -> orm_core::Result<u64> {
    let mut sql = Sql::new(db.dialect());
    sql.push(orm_core::AssertSqlSafe(statement.to_string()));
    Ok(sql.execute(db).await?.rows_affected)
}

fn names(rows: &[Crate]) -> Vec<&str> {
    let mut names: Vec<&str> = rows.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names
}

#[track_caller]
fn assert_unexpected_null<T: std::fmt::Debug>(what: &str, result: orm_core::Result<T>, model: &str, column: &str) {
    match result {
        Err(e @ Error::UnexpectedNull { .. }) => {
            let Error::UnexpectedNull { model: m, column: c } = &e else { unreachable!() };
            assert_eq!((*m, c.as_str()), (model, column), "{what}: {e}");
            assert!(e.to_string().contains(&format!("`{model}.{column}`")), "{what}: {e}");
        }
        other => panic!("{what}: expected UnexpectedNull for {model}.{column}, got {other:?}"),
    }
}

backends! {
    async fn none_in_a_filter_means_is_null(pool) {
        schema().sync(&pool).await?;
        let mut rows = vec![item("a", None), item("b", Some("x")), item("c", None), item("d", Some("y"))];
        Crate::insert_all(&pool, &mut rows).await?;

        let null = Crate::query().filter(Crate::NOTE.eq(None::<String>)).all(&pool).await?;
        assert_eq!(names(&null), ["a", "c"]);
        let not_null = Crate::query().filter(Crate::NOTE.ne(None::<String>)).all(&pool).await?;
        assert_eq!(names(&not_null), ["b", "d"]);
        // The same through `Option` values that happen to be `None`, and under `not`.
        let wanted: Option<String> = None;
        assert_eq!(Crate::query().filter(Crate::NOTE.eq(wanted.clone())).count(&pool).await?, 2);
        assert_eq!(Crate::query().filter(!Crate::NOTE.eq(wanted)).count(&pool).await?, 2);
        // `Some` compares as before.
        assert_eq!(names(&Crate::query().filter(Crate::NOTE.eq(Some("x".to_string()))).all(&pool).await?), ["b"]);

        // A `None` in a list matches NULL; the other values as ever; negated, neither.
        let listed = Crate::query().filter(Crate::NOTE.in_([None, Some("y".to_string())])).all(&pool).await?;
        assert_eq!(names(&listed), ["a", "c", "d"]);
        let only_none = Crate::query().filter(Crate::NOTE.in_([None::<String>])).all(&pool).await?;
        assert_eq!(names(&only_none), ["a", "c"]);
        let outside = Crate::query().filter(!Crate::NOTE.in_([None, Some("y".to_string())])).all(&pool).await?;
        assert_eq!(names(&outside), ["b"]);
        // Deleting by it removes exactly those rows.
        assert_eq!(Crate::query().filter(Crate::NOTE.eq(None::<String>)).delete(&pool).await?, 2);
        assert_eq!(Crate::query().count(&pool).await?, 2);
        Ok(())
    }

    async fn a_null_in_a_required_field_is_a_typed_error_everywhere(pool) {
        schema().sync(&pool).await?;
        let mut shelf = Shelf { id: 0, label: "top".into(), boxes: Default::default() };
        shelf.insert(&pool).await?;
        let mut good = item("good", None);
        good.shelf = Some(BelongsTo::from(&shelf));
        good.insert(&pool).await?;
        // Rows written outside the ORM: the columns are nullable in the database (made so by
        // hand here, as a later migration or another program might).
        let relax = match pool_dialect(&pool) {
            orm_core::Dialect::Postgres => vec![
                "ALTER TABLE crates ALTER COLUMN name DROP NOT NULL",
                "ALTER TABLE crates ALTER COLUMN size DROP NOT NULL",
                "ALTER TABLE shelves ALTER COLUMN label DROP NOT NULL",
            ],
            orm_core::Dialect::MySql => vec![
                "ALTER TABLE crates MODIFY name LONGTEXT NULL",
                "ALTER TABLE crates MODIFY size INT NULL",
                "ALTER TABLE shelves MODIFY label LONGTEXT NULL",
            ],
            // SQLite: rebuild the two tables without NOT NULL.
            orm_core::Dialect::Sqlite => vec![
                "PRAGMA foreign_keys = OFF",
                "CREATE TABLE crates_loose (id INTEGER PRIMARY KEY, name TEXT, note TEXT, size INTEGER, shelf_id INTEGER)",
                "INSERT INTO crates_loose SELECT id, name, note, size, shelf_id FROM crates",
                "DROP TABLE crates",
                "ALTER TABLE crates_loose RENAME TO crates",
                "CREATE TABLE shelves_loose (id INTEGER PRIMARY KEY, label TEXT)",
                "INSERT INTO shelves_loose SELECT id, label FROM shelves",
                "DROP TABLE shelves",
                "ALTER TABLE shelves_loose RENAME TO shelves",
            ],
        };
        let mut conn = pool.acquire().await.map_err(orm_core::Error::from)?;
        for statement in relax {
            exec(&mut conn, statement).await?;
        }
        drop(conn);
        exec(&pool, "UPDATE crates SET name = NULL").await?;
        exec(&pool, "INSERT INTO crates (name, note, size, shelf_id) VALUES ('sized', NULL, NULL, NULL)").await?;

        let id = good.id;
        assert_unexpected_null("find", Crate::find(&pool, id).await, "Crate", "name");
        assert_unexpected_null("query", Crate::query().all(&pool).await, "Crate", "name");
        assert_unexpected_null("first", Crate::query().filter(Crate::ID.eq(id)).first(&pool).await, "Crate", "name");
        assert_unexpected_null("lazy accessor", shelf.boxes(&pool).await, "Crate", "name");
        assert_unexpected_null("include", Shelf::query().include(Shelf::BOXES).all(&pool).await, "Crate", "name");
        let mut raw = Sql::new(pool_dialect(&pool));
        raw.push("SELECT * FROM crates");
        assert_unexpected_null("raw SQL", raw.fetch_all::<Crate>(&pool).await, "Crate", "name");
        // An integer column: not 0.
        exec(&pool, "UPDATE crates SET name = 'named'").await?;
        assert_unexpected_null("integer", Crate::query().all(&pool).await, "Crate", "size");
        // The parent of a belongs_to include, and a target read by a lazy belongs_to.
        exec(&pool, "UPDATE crates SET size = 1").await?;
        exec(&pool, "UPDATE shelves SET label = NULL").await?;
        let stored = Crate::find(&pool, id).await?.expect("the row is readable again");
        assert_unexpected_null("belongs_to getter", stored.shelf(&pool).await, "Shelf", "label");
        assert_unexpected_null("belongs_to include", Crate::query().include(Crate::SHELF).all(&pool).await, "Shelf", "label");
        // A raw row read by hand names the result column.
        let mut sql = Sql::new(pool_dialect(&pool));
        sql.push("SELECT label FROM shelves");
        match sql.fetch_scalar::<String>(&pool).await {
            Err(Error::UnexpectedNull { column, .. }) => assert_eq!(column, "label"),
            other => panic!("a raw scalar NULL read as {other:?}"),
        }
        Ok(())
    }
}

fn pool_dialect<DB: orm_core::Backend>(_: &orm_core::sqlx::Pool<DB>) -> orm_core::Dialect {
    DB::DIALECT
}
