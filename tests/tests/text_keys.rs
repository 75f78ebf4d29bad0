//! Issue 18, classes 3 and 4: a text key means the same in the database as in Rust.
//! - Keys compare by their bytes on every backend: on MariaDB text key columns are binary and
//!   NO PAD (`"FR"` and `"fr "` no longer pass the foreign key of `"fr"`), so a lazy accessor and
//!   an include (which groups by bytes) agree; a key column made with the old collation is drift.
//! - A value longer than its column is never stored cut short. On MariaDB a text key column is
//!   `VARCHAR(255)`: a 300-character key is `Error::UnsupportedValue` before anything is sent (a
//!   non-strict session stored it cut to 255 with `Ok`, and `find` then missed it); on SQLite and
//!   PostgreSQL it round-trips. The ORM's own MariaDB pools pin a strict `sql_mode`.

use orm_core::{Backend, BelongsTo, Dialect, Error, Model, Schema, SqlType};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "countries")]
struct Country {
    id: String,
    name: String,
    #[has_many]
    cities: orm_core::HasMany<City>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct City {
    id: i64,
    name: String,
    #[belongs_to]
    country: Option<BelongsTo<Country>>,
}

fn country(id: &str) -> Country {
    Country { id: id.into(), name: format!("country {id}"), cities: Default::default() }
}

fn city(name: &str, country: &Country) -> City {
    City { id: 0, name: name.into(), country: Some(BelongsTo::from(country)) }
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
    async fn text_keys_compare_by_their_bytes(pool) {
        Schema::new().model::<Country>().model::<City>().sync(&pool).await?;
        let mut countries = vec![country("fr"), country("FR"), country("fr "), country("Fr")];
        Country::insert_all(&pool, &mut countries).await?;
        let mut cities: Vec<City> = countries.iter().map(|c| city(&format!("in {:?}", c.id), c)).collect();
        City::insert_all(&pool, &mut cities).await?;
        for (c, expected) in countries.iter().zip(&cities) {
            let found = Country::find(&pool, c.id.clone()).await?.expect("each spelling is its own row");
            assert_eq!(found.id, c.id);
            // The lazy accessor, the count and the include see the same one city.
            let lazy = c.cities(&pool).await?;
            assert_eq!(lazy.iter().map(|x| x.id).collect::<Vec<_>>(), vec![expected.id], "lazy cities of {:?}", c.id);
            assert_eq!(c.count_cities(&pool).await?, 1);
            let parent = City::find(&pool, expected.id).await?.unwrap().country(&pool).await?.unwrap();
            assert_eq!(parent.id, c.id, "the belongs_to getter of the city of {:?}", c.id);
        }
        let loaded = Country::query().include(Country::CITIES).all(&pool).await?;
        for c in &loaded {
            let names: Vec<&str> = c.cities.loaded().unwrap().iter().map(|x| x.name.as_str()).collect();
            assert_eq!(names, [format!("in {:?}", c.id)], "include of {:?}", c.id);
        }
        let filtered = Country::query().filter(Country::ID.in_(["fr".to_string(), "FR ".to_string()])).all(&pool).await?;
        assert_eq!(filtered.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["fr"]);
        // A key that differs from a stored one only in case or trailing spaces references nothing.
        for stray in ["fR", "FR ", "fr  "] {
            let mut orphan = City { id: 0, name: "orphan".into(), country: Some(BelongsTo::new(stray.to_string())) };
            let result = orphan.insert(&pool).await;
            assert!(matches!(result, Err(Error::ForeignKeyViolation { .. })), "{stray:?}: {result:?}");
        }
        Ok(())
    }

    async fn a_key_column_with_the_old_collation_is_drift(pool) {
        if dialect(&pool) != Dialect::MySql {
            return Ok(());
        }
        let mut sql = orm_core::sql::Sql::new(Dialect::MySql);
        sql.push("CREATE TABLE countries (id VARCHAR(255) NOT NULL PRIMARY KEY, name LONGTEXT NOT NULL) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
        sql.execute(&pool).await?;
        match Schema::new().model::<Country>().sync(&pool).await {
            Err(e @ Error::SchemaDrift { .. }) => {
                let text = e.to_string();
                assert!(text.contains("id") && text.contains("nopad_bin"), "{text}");
            }
            other => panic!("expected SchemaDrift for the case-folding key, got {other:?}"),
        }
        Ok(())
    }

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
            let mut c = country(&long);
            assert_too_long("insert", c.insert(&mut *conn).await, "Country", "id");
            assert_too_long("insert_all", Country::insert_all(&mut *conn, std::slice::from_mut(&mut c)).await, "Country", "id");
            assert_eq!(Country::query().count(&mut *conn).await?, 0, "something was stored");
            // 255 characters fit, multi-byte ones too.
            let mut fits = country(&"é".repeat(255));
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
            let ghost = country(&long);
            assert_too_long("setter", city.set_country(&mut *conn, Some(&ghost)).await, "City", "country_id");
            assert_eq!(City::find(&mut *conn, city.id).await?, Some(city));
        } else {
            let mut c = country(&"k".repeat(300));
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
