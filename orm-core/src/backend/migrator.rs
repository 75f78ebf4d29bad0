//! Migration files applied by sqlx's own migrator: its `_sqlx_migrations` table keeps which
//! versions ran and their checksums, so an edited file that already ran is refused, and a
//! version is never applied twice.

use std::path::Path;

use sqlx::migrate::{Migrate, MigrateError, Migrator};

use super::handle::{Db, Pool};
use crate::error::{Error, Result};

/// A migration file and whether the database has run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The file's version (the number its name starts with).
    pub version: i64,
    /// Its description (the rest of the name).
    pub description: String,
    /// Whether the database ran it.
    pub applied: bool,
    /// It ran, but the file changed since (the migrator refuses to go on).
    pub changed: bool,
}

fn error(dir: &Path, e: MigrateError) -> Error {
    let place = match &e {
        MigrateError::ExecuteMigration(_, v)
        | MigrateError::VersionMissing(v)
        | MigrateError::VersionMismatch(v)
        | MigrateError::VersionNotPresent(v)
        | MigrateError::Dirty(v) => format!("{v} in {}", dir.display()),
        _ => dir.display().to_string(),
    };
    Error::Migrate { place, message: e.to_string() }
}

async fn migrator(dir: &Path) -> Result<Migrator> {
    Migrator::new(dir.to_path_buf()).await.map_err(|e| error(dir, e))
}

/// Applies the files of `dir` that `db` has not run, in version order.
pub(crate) async fn run(db: &Db, dir: &Path) -> Result<()> {
    let migrator = migrator(dir).await?;
    match &db.0 {
        #[cfg(feature = "sqlite")]
        Pool::Sqlite(pool) => {
            let mut conn = pool.acquire().await?;
            let outcome = migrator.run_direct(None, &mut *conn, false).await;
            if outcome.is_err() {
                // A rebuild script that failed half-way leaves its own transaction open and
                // foreign keys off on this connection: it must not go back to the pool.
                conn.close().await.ok();
            }
            outcome.map_err(|e| error(dir, e))
        }
        #[cfg(feature = "postgres")]
        Pool::Postgres(pool) => migrator.run(pool).await.map_err(|e| error(dir, e)),
        #[cfg(feature = "mysql")]
        Pool::MySql(pool) => migrator.run(pool).await.map_err(|e| error(dir, e)),
    }
}

/// Each file of `dir`, and whether `db` ran it.
pub(crate) async fn status(db: &Db, dir: &Path) -> Result<Vec<Applied>> {
    let migrator = migrator(dir).await?;
    let table = migrator.table_name.clone();
    let applied = match &db.0 {
        #[cfg(feature = "sqlite")]
        Pool::Sqlite(pool) => list(&mut *pool.acquire().await?, &table).await,
        #[cfg(feature = "postgres")]
        Pool::Postgres(pool) => list(&mut *pool.acquire().await?, &table).await,
        #[cfg(feature = "mysql")]
        Pool::MySql(pool) => list(&mut *pool.acquire().await?, &table).await,
    }
    .map_err(|e| error(dir, e))?;
    Ok(migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .map(|m| {
            let ran = applied.iter().find(|a| a.version == m.version);
            Applied {
                version: m.version,
                description: m.description.to_string(),
                applied: ran.is_some(),
                changed: ran.is_some_and(|a| a.checksum != m.checksum),
            }
        })
        .collect())
}

async fn list(conn: &mut impl Migrate, table: &str) -> std::result::Result<Vec<sqlx::migrate::AppliedMigration>, MigrateError> {
    conn.ensure_migrations_table(table).await?;
    conn.list_applied_migrations(table).await
}
