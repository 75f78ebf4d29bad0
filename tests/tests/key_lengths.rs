//! Issue 18, class 4: a value longer than its column is never stored cut short. On MariaDB a text
//! key column is `VARCHAR(255)`: a 300-character key is `Error::UnsupportedValue` before anything
//! is sent (a non-strict session stored it cut to 255 with `Ok`, and `find` then missed it); on
//! SQLite and PostgreSQL it round-trips. The ORM's own MariaDB pools pin a strict `sql_mode`.

use orm_core::{Backend, BelongsTo, Dialect, Error, Model, Schema, SqlType};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Country {
    id: String,
    name: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct City {
    id: i64,
    name: String,
    #[belongs_to]
    country: Option<BelongsTo<Country>>,
}

fn dialect<DB: Backend>(_: &orm_core::sqlx::Pool<DB>) -> Dialect {
    DB::DIALECT
}

#[track_caller]
fn assert_too_long<T: std::fmt::Debug>(what: &str, result: orm_core::Result<T>, model: &str, column: &str) {
    match result {
        Err(Error::UnsupportedValue { model: m, column: c, kind: SqlType::Text, .. }) if m == model && c == column => {}
        other => panic!("{what}: expected UnsupportedValue for {model}.{column}, got {other:?}"),
    }
}

backends! {
    async fn a_key_longer_than_its_column_is_refused_before_it_is_sent(pool) {
        let d = dialect(&pool);
        Schema::new().model::<Country>().model::<City>().sync(&pool).await?;
        if d == Dialect::MySql {
            // As a server configured without strict mode would run it.
            let mut conn = pool.acquire().await.map_err(Error::from)?;
            let mut loose = orm_core::sql::Sql::new(d);
            loose.push("SET SESSION sql_mode = ''");
            loose.execute(&mut *conn).await?;
            let long = "k".repeat(300);
            let mut c = Country { id: long.clone(), name: "long".into() };
            assert_too_long("insert", c.insert(&mut *conn).await, "Country", "id");
            assert_too_long("insert_all", Country::insert_all(&mut *conn, std::slice::from_mut(&mut c)).await, "Country", "id");
            assert_eq!(Country::query().count(&mut *conn).await?, 0, "something was stored");
            // 255 characters fit, multi-byte ones too.
            let mut fits = Country { id: "é".repeat(255), name: "fits".into() };
            fits.insert(&mut *conn).await?;
            assert_eq!(Country::find(&mut *conn, fits.id.clone()).await?, Some(fits.clone()));
            // A foreign key: insert, update and the setter.
            let mut city = City { id: 0, name: "x".into(), country: Some(BelongsTo::new(long.clone())) };
            assert_too_long("foreign key insert", city.insert(&mut *conn).await, "City", "country_id");
            city.country = Some(BelongsTo::from(&fits));
            city.insert(&mut *conn).await?;
            let mut changed = city.clone();
            changed.country = Some(BelongsTo::new(long.clone()));
            assert_too_long("foreign key update", changed.update(&mut *conn).await, "City", "country_id");
            let ghost = Country { id: long.clone(), name: "never stored".into() };
            assert_too_long("setter", city.set_country(&mut *conn, Some(&ghost)).await, "City", "country_id");
            assert_eq!(City::find(&mut *conn, city.id).await?, Some(city));
        } else {
            let mut c = Country { id: "k".repeat(300), name: "long".into() };
            c.insert(&pool).await?;
            assert_eq!(Country::find(&pool, c.id.clone()).await?, Some(c));
        }
        Ok(())
    }
}

/// The ORM's MariaDB pool makes every session strict, whatever the server's default.
#[tokio::test]
async fn the_orms_mariadb_pools_are_strict() {
    let Some(url) = orm_tests::server_url("ORM_TEST_MYSQL_URL", "key_lengths::the_orms_mariadb_pools_are_strict") else { return };
    let pool = orm_core::mysql::pool_options().max_connections(2).connect(&url).await.expect("connect to MariaDB");
    let mut sql = orm_core::sql::Sql::new(Dialect::MySql);
    sql.push("SELECT @@SESSION.sql_mode");
    let mode: String = sql.fetch_scalar(&pool).await.expect("read sql_mode");
    assert!(mode.split(',').any(|m| m == "STRICT_ALL_TABLES"), "sql_mode is {mode}");
    pool.close().await;
}
