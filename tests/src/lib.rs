//! The test harness: every integration test body runs once per backend, each time against a
//! database (SQLite in memory, a PostgreSQL schema, a MariaDB database) of its own, created
//! with a unique name and dropped afterwards.
//!
//! PostgreSQL and MariaDB are reached through `ORM_TEST_POSTGRES_URL` and `ORM_TEST_MYSQL_URL`.
//! Without them a test says it is skipped, unless `CI` is set: then a missing server fails.

use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};

pub use orm_core;
use orm_core::sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use orm_core::sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use orm_core::sqlx::sqlite::SqlitePool;
use orm_core::sqlx::{self, Executor};

/// A name no other test (in this run or a parallel one) uses.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{prefix}_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos)
}

/// The URL of a server from the environment; `None` (with a notice) when it is not configured
/// outside CI. Under CI a missing URL is a failure.
pub fn server_url(var: &str, test: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false") => {
            panic!("{var} is not set, and under CI the {test} test must run against a real server")
        }
        _ => {
            // Straight to stderr: libtest captures `eprintln!` of passing tests, and a skip must
            // be seen.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "skipped: {test} (set {var} to run it)");
            None
        }
    }
}

/// A private in-memory SQLite database.
pub async fn sqlite() -> SqlitePool {
    orm_core::sqlite::memory().await.expect("open in-memory SQLite")
}

/// A PostgreSQL pool whose connections see only a fresh schema; drop it with [`drop_postgres`].
pub async fn postgres(url: &str, max_connections: u32) -> (PgPool, String) {
    let schema = unique_name("orm_test");
    let admin = PgPool::connect(url).await.expect("connect to PostgreSQL");
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\""))).await.expect("create schema");
    admin.close().await;
    let options = PgConnectOptions::from_str(url).expect("PostgreSQL URL").options([("search_path", schema.as_str())]);
    let pool = PgPoolOptions::new().max_connections(max_connections).connect_with(options).await.expect("connect to PostgreSQL");
    (pool, schema)
}

/// Drops the schema made by [`postgres`].
pub async fn drop_postgres(url: &str, pool: PgPool, schema: &str) {
    pool.close().await;
    let admin = PgPool::connect(url).await.expect("connect to PostgreSQL");
    admin.execute(sqlx::AssertSqlSafe(format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))).await.expect("drop schema");
    admin.close().await;
}

/// A MariaDB/MySQL pool on a fresh database; drop it with [`drop_mysql`].
pub async fn mysql(url: &str, max_connections: u32) -> (MySqlPool, String) {
    let database = unique_name("orm_test");
    let admin = MySqlPool::connect(url).await.expect("connect to MariaDB");
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE `{database}`"))).await.expect("create database");
    admin.close().await;
    let options = MySqlConnectOptions::from_str(url).expect("MariaDB URL").database(&database);
    let pool = MySqlPoolOptions::new().max_connections(max_connections).connect_with(options).await.expect("connect to MariaDB");
    (pool, database)
}

/// Drops the database made by [`mysql`].
pub async fn drop_mysql(url: &str, pool: MySqlPool, database: &str) {
    pool.close().await;
    let admin = MySqlPool::connect(url).await.expect("connect to MariaDB");
    admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS `{database}`"))).await.expect("drop database");
    admin.close().await;
}

/// Runs `body` to the end, then `cleanup`, then re-raises a panic of `body`: a failing test
/// still drops its database.
pub async fn run_then<F, C>(body: F, cleanup: C)
where
    F: std::future::Future<Output = orm_core::Result<()>> + Send + 'static,
    C: std::future::Future<Output = ()>,
{
    let outcome = tokio::spawn(body).await;
    cleanup.await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("test failed: {e} ({e:?})"),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// `backends! { async fn name(pool) { body } }` defines `name::sqlite`, `name::postgres` and
/// `name::mysql`: one body, type-checked and run once per backend, `pool` a pool of that
/// backend. The body returns `orm_core::Result<()>`. `backends!(connections = 8; ...)` sizes the
/// server pools (SQLite in memory always has one connection).
#[macro_export]
macro_rules! backends {
    (connections = $n:expr; $(async fn $name:ident($pool:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    // The body is built in a plain fn: an async block made inside the async test
                    // fn trips rustc's higher-ranked Send check (rust-lang/rust#110338).
                    fn body($pool: $crate::orm_core::sqlx::SqlitePool) -> impl ::std::future::Future<Output = $crate::orm_core::Result<()>> + Send + 'static {
                        async move $body
                    }
                    let pool = $crate::sqlite().await;
                    let cleanup_pool = pool.clone();
                    $crate::run_then(body(pool), async move { cleanup_pool.close().await }).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some(url) = $crate::server_url("ORM_TEST_POSTGRES_URL", concat!(module_path!(), "::postgres")) else { return };
                    fn body($pool: $crate::orm_core::sqlx::PgPool) -> impl ::std::future::Future<Output = $crate::orm_core::Result<()>> + Send + 'static {
                        async move $body
                    }
                    let (pool, schema) = $crate::postgres(&url, $n).await;
                    let cleanup_pool = pool.clone();
                    $crate::run_then(body(pool), $crate::drop_postgres(&url, cleanup_pool, &schema)).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mysql() {
                    let Some(url) = $crate::server_url("ORM_TEST_MYSQL_URL", concat!(module_path!(), "::mysql")) else { return };
                    fn body($pool: $crate::orm_core::sqlx::MySqlPool) -> impl ::std::future::Future<Output = $crate::orm_core::Result<()>> + Send + 'static {
                        async move $body
                    }
                    let (pool, database) = $crate::mysql(&url, $n).await;
                    let cleanup_pool = pool.clone();
                    $crate::run_then(body(pool), $crate::drop_mysql(&url, cleanup_pool, &database)).await;
                }
            }
        )*
    };
    ($(async fn $name:ident($pool:ident) $body:block)*) => {
        $crate::backends! { connections = 4; $(async fn $name($pool) $body)* }
    };
}
