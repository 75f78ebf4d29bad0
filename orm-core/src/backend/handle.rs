//! Opening databases: the run-time handle [`Db`] over the three backends ([`connect`]), and
//! pools of one backend with the settings the ORM relies on ([`sqlite`], [`mysql`]).

use super::BoxFuture;
use super::connection::{Connection, Done, Transaction};
use super::row::Row;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::sql::Statement;

/// A pool of any of the three backends, chosen at run time from a URL by [`connect`]: an app that
/// runs on SQLite in its tests and on PostgreSQL in production passes `&db` everywhere, with no
/// bound over the driver's traits. Cloning it clones the pool handle (the connections are shared).
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".into());
/// let db = orm_core::connect(&url).await?;
/// assert_eq!(db.dialect(), orm_core::Dialect::Sqlite);
/// # Ok::<(), orm_core::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct Db(pub(super) Pool);

#[derive(Debug, Clone)]
pub(super) enum Pool {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgPool),
    #[cfg(feature = "mysql")]
    MySql(sqlx::MySqlPool),
}

macro_rules! on_pool {
    ($pool:expr, |$p:ident| $body:expr) => {
        match $pool {
            #[cfg(feature = "sqlite")]
            Pool::Sqlite($p) => $body,
            #[cfg(feature = "postgres")]
            Pool::Postgres($p) => $body,
            #[cfg(feature = "mysql")]
            Pool::MySql($p) => $body,
        }
    };
}

/// Opens a pool over the database at `url`: `sqlite:…` (foreign keys on; `sqlite::memory:` is one
/// private in-memory database, as [`sqlite::memory`]), `postgres://…` / `postgresql://…`, or
/// `mysql://…` / `mariadb://…` (with the release check of `mysql::pool_options`). A scheme whose
/// backend feature is not enabled is [`Error::UnsupportedUrl`].
pub async fn connect(url: &str) -> Result<Db> {
    let scheme = url.split_once(':').map_or("", |(s, _)| s).to_ascii_lowercase();
    let refused = |reason: &'static str| Error::UnsupportedUrl { scheme: scheme.clone(), reason };
    match scheme.as_str() {
        "sqlite" => {
            #[cfg(feature = "sqlite")]
            return Ok(Db(Pool::Sqlite(if url.starts_with("sqlite::memory:") {
                sqlite::memory().await?
            } else {
                sqlite::connect(url).await?
            })));
            #[cfg(not(feature = "sqlite"))]
            return Err(refused("orm-core was built without its `sqlite` feature"));
        }
        "postgres" | "postgresql" => {
            #[cfg(feature = "postgres")]
            return Ok(Db(Pool::Postgres(sqlx::PgPool::connect(url).await?)));
            #[cfg(not(feature = "postgres"))]
            return Err(refused("orm-core was built without its `postgres` feature"));
        }
        "mysql" | "mariadb" => {
            #[cfg(feature = "mysql")]
            return Ok(Db(Pool::MySql(mysql::connect(&url.replacen("mariadb:", "mysql:", 1)).await?)));
            #[cfg(not(feature = "mysql"))]
            return Err(refused("orm-core was built without its `mysql` feature"));
        }
        _ => Err(refused("the scheme names no supported database (sqlite:, postgres://, mysql://, mariadb://)")),
    }
}

impl Db {
    /// The SQL dialect of the database.
    pub fn dialect(&self) -> Dialect {
        on_pool!(&self.0, |p| (&p).dialect())
    }

    /// Closes every connection of the pool.
    pub async fn close(&self) {
        on_pool!(&self.0, |p| p.close().await)
    }
}

#[cfg(feature = "sqlite")]
impl From<sqlx::SqlitePool> for Db {
    fn from(pool: sqlx::SqlitePool) -> Self {
        Db(Pool::Sqlite(pool))
    }
}
#[cfg(feature = "postgres")]
impl From<sqlx::PgPool> for Db {
    fn from(pool: sqlx::PgPool) -> Self {
        Db(Pool::Postgres(pool))
    }
}
#[cfg(feature = "mysql")]
impl From<sqlx::MySqlPool> for Db {
    fn from(pool: sqlx::MySqlPool) -> Self {
        Db(Pool::MySql(pool))
    }
}

impl Connection for &Db {
    fn dialect(&self) -> Dialect {
        Db::dialect(self)
    }
    fn execute<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Done>> {
        let db: &'a Db = self;
        on_pool!(&db.0, |p| Box::pin(async move { (&mut &*p).execute(stmt).await }))
    }
    fn fetch<'a>(&'a mut self, stmt: Statement, each: &'a mut (dyn FnMut(&Row) -> Result<()> + Send)) -> BoxFuture<'a, Result<()>> {
        let db: &'a Db = self;
        on_pool!(&db.0, |p| Box::pin(async move { (&mut &*p).fetch(stmt, each).await }))
    }
    fn fetch_optional<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Option<Row>>> {
        let db: &'a Db = self;
        on_pool!(&db.0, |p| Box::pin(async move { (&mut &*p).fetch_optional(stmt).await }))
    }
    fn begin<'a>(&'a mut self) -> BoxFuture<'a, Result<Transaction<'a>>> {
        let db: &'a Db = self;
        on_pool!(&db.0, |p| super::connection::begin_on_pool(p))
    }
}

/// Embedded SQLite connections with foreign-key enforcement on.
#[cfg(feature = "sqlite")]
pub mod sqlite {
    use std::str::FromStr;
    use std::sync::{Arc, Mutex};

    use sqlx::ConnectOptions;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

    /// A pool over one private in-memory database. The data lives as long as the pool: a
    /// connection of its own, outside the pool, keeps the database open, so a connection the
    /// pool closes (e.g. after a call was cancelled halfway) takes nothing with it.
    pub async fn memory() -> crate::Result<SqlitePool> {
        // sqlx names each `:memory:` database (`file:sqlx-in-memory-N`, shared cache), so every
        // connection made from these options opens the same one.
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        let keeper = Arc::new(Mutex::new(options.connect().await?));
        Ok(SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            // The pool keeps its options, and so this closure, until it is dropped: the keeper
            // lives exactly as long as the pool.
            .after_connect(move |_, _| {
                let _keeper = &keeper;
                Box::pin(async { Ok(()) })
            })
            .connect_with(options)
            .await?)
    }

    /// A pool over the database at `url` (e.g. `sqlite://app.db?mode=rwc`), with foreign keys on.
    pub async fn connect(url: &str) -> crate::Result<SqlitePool> {
        let options = SqliteConnectOptions::from_str(url)?.foreign_keys(true);
        Ok(SqlitePoolOptions::new().connect_with(options).await?)
    }
}

/// MariaDB/MySQL pools that survive cancelled calls.
#[cfg(feature = "mysql")]
pub mod mysql {
    use std::str::FromStr;
    use std::time::Duration;

    use sqlx::Connection;
    use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};

    /// How long a connection coming back to the pool may take to answer a ping.
    const RELEASE_CHECK: Duration = Duration::from_secs(2);

    /// Pool options that discard a connection left halfway through a statement. A call dropped
    /// mid-statement (by `tokio::time::timeout` or `select!`) can leave sqlx-mysql 0.9's
    /// connection waiting for a reply the server never sends; the pool's own check on release
    /// then waits forever and holds a slot, so the next calls hang. Here that check is bounded
    /// and such a connection is closed instead (its transaction, never committed, is rolled
    /// back by the server).
    ///
    /// ```no_run
    /// # async fn f() -> orm_core::Result<()> {
    /// let pool = orm_core::mysql::pool_options().max_connections(8).connect("mysql://root@localhost/app").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// Each connection's session is also made strict (`STRICT_ALL_TABLES` added to its
    /// `sql_mode`): a server configured otherwise would store a value that does not fit its
    /// column cut short, or a bad date as zero, and answer `Ok`.
    pub fn pool_options() -> MySqlPoolOptions {
        MySqlPoolOptions::new()
            .after_connect(|conn, _| {
                Box::pin(async move { sqlx::Executor::execute(conn, crate::sql::MYSQL_STRICT_SESSION).await.map(|_| ()) })
            })
            .after_release(|conn, _| {
                Box::pin(async move {
                    // `false` closes the connection; a healthy one answers at once.
                    Ok(matches!(tokio::time::timeout(RELEASE_CHECK, conn.ping()).await, Ok(Ok(()))))
                })
            })
    }

    /// A pool over the database at `url` built with [`pool_options`].
    pub async fn connect(url: &str) -> crate::Result<MySqlPool> {
        let options = MySqlConnectOptions::from_str(url)?;
        Ok(pool_options().connect_with(options).await?)
    }
}
