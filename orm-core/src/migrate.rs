//! Migration files generated from the models, in the layout of the driver's migrator
//! (`<dir>/<version>_<name>.sql`), applied and tracked by that migrator: change a model →
//! [`generate`] → review the file → [`apply`].
//!
//! A generated file is the [`Migration`] between the models and the database it was generated
//! against, for that database's backend: keep one directory per backend you run
//! ([`default_dir`]: `migrations/postgres`, …). `generate` refuses while a file of the directory
//! has not been applied (it would be generated twice), and refuses data-losing steps unless
//! allowed. [`cli`] turns a binary of the app into the command:
//!
//! ```no_run
//! // src/bin/migrate.rs of the app
//! # use orm_core::{Model, Schema};
//! # #[derive(Model)] struct User { id: i64 }
//! #[tokio::main]
//! async fn main() -> std::process::ExitCode {
//!     orm_core::migrate::cli(Schema::new().model::<User>()).await
//! }
//! ```
//!
//! ```text
//! DATABASE_URL=postgres://… cargo run --bin migrate -- generate add_isbn   # writes migrations/postgres/<version>_add_isbn.sql
//! DATABASE_URL=postgres://… cargo run --bin migrate -- apply               # runs it (the driver's migrator)
//! DATABASE_URL=postgres://… cargo run --bin migrate -- status | verify
//! ```

use std::path::{Path, PathBuf};

use crate::backend::{Applied, Db, migrator};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::schema::{Migration, Schema};

/// `migrations/sqlite`, `migrations/postgres` or `migrations/mysql`: the directory [`cli`] uses
/// for `dialect` when not given `--dir`.
pub fn default_dir(dialect: Dialect) -> PathBuf {
    Path::new("migrations").join(match dialect {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgres",
        Dialect::MySql => "mysql",
    })
}

fn io(place: &Path, e: std::io::Error) -> Error {
    Error::Migrate { place: place.display().to_string(), message: e.to_string() }
}

/// Writes the migration from the database `db` to the models of `schema` as
/// `<dir>/<version>_<name>.sql` (the version is the UTC time, `YYYYMMDDhhmmss`, after every
/// version already in `dir`) and returns its path; `None` when the database matches the models.
/// Nothing is applied.
///
/// Refused: a file of `dir` that `db` has not applied ([`Error::Migrate`]); a data-losing step
/// unless `allow_destructive` ([`Error::DestructiveMigration`]); a change no generated step makes
/// ([`Error::MigrationUnsupported`]).
pub async fn generate(schema: &Schema, db: &Db, dir: &Path, name: &str, allow_destructive: bool) -> Result<Option<PathBuf>> {
    let slug: String = name.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if slug.trim_matches('_').is_empty() {
        return Err(Error::Migrate { place: dir.display().to_string(), message: format!("the name {name:?} has no letter or digit") });
    }
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let files = migrator::status(db, dir).await?;
    if let Some(pending) = files.iter().find(|f| !f.applied) {
        return Err(Error::Migrate {
            place: format!("{} in {}", pending.version, dir.display()),
            message: "is not applied yet: apply it (or delete it) before generating the next one".into(),
        });
    }
    let migration: Migration = schema.migration(db).await?.allow_destructive(allow_destructive)?;
    if migration.is_empty() {
        return Ok(None);
    }
    let version = files.iter().map(|f| f.version + 1).max().unwrap_or(0).max(utc_version());
    let path = dir.join(format!("{version}_{slug}.sql"));
    std::fs::write(&path, migration.sql()).map_err(|e| io(&path, e))?;
    Ok(Some(path))
}

/// Applies the files of `dir` that `db` has not run, in version order, with the driver's migrator.
pub async fn apply(db: &Db, dir: &Path) -> Result<()> {
    migrator::run(db, dir).await
}

/// Each file of `dir` and whether `db` ran it.
pub async fn status(db: &Db, dir: &Path) -> Result<Vec<Applied>> {
    migrator::status(db, dir).await
}

/// The current UTC time as `YYYYMMDDhhmmss`, the version format the driver's command-line tool gives files.
fn utc_version() -> i64 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    ((year * 100 + month) * 100 + day) * 1_000_000 + (rest / 3600) * 10_000 + (rest % 3600 / 60) * 100 + rest % 60
}

const USAGE: &str = "usage: migrate <command> [--dir DIR]   (the database is $DATABASE_URL)
  generate <name> [--allow-destructive]   write the changes from the database to the models as <DIR>/<version>_<name>.sql
  apply                                   run the files the database has not run (the driver's migrator)
  status                                  list the files and whether each ran
  verify                                  check that the database matches the models
DIR defaults to migrations/<backend> (sqlite, postgres or mysql).";

/// The migration command over `schema`, reading `std::env::args()` and `DATABASE_URL`:
/// `generate <name> [--allow-destructive]`, `apply`, `status`, `verify`, each with an optional
/// `--dir DIR`. Prints what it did, or the error (then the exit code is 1).
pub async fn cli(schema: Schema) -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = async {
        let url = std::env::var("DATABASE_URL")
            .map_err(|_| Error::Migrate { place: "DATABASE_URL".into(), message: format!("is not set\n{USAGE}") })?;
        let db = crate::connect(&url).await?;
        let outcome = run_cli(&schema, &db, &args).await;
        db.close().await;
        outcome
    };
    match outcome.await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run_cli(schema: &Schema, db: &Db, args: &[String]) -> Result<()> {
    let usage = |message: String| Error::Migrate { place: "arguments".into(), message: format!("{message}\n{USAGE}") };
    let mut dir = default_dir(db.dialect());
    let mut allow = false;
    let mut words = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--dir" => dir = PathBuf::from(it.next().ok_or_else(|| usage("`--dir` needs a directory".into()))?),
            "--allow-destructive" => allow = true,
            other if other.starts_with("--") => return Err(usage(format!("unknown option `{other}`"))),
            other => words.push(other),
        }
    }
    match words.as_slice() {
        ["generate", name] => match generate(schema, db, &dir, name, allow).await? {
            Some(path) => println!("wrote {} — review it, then run `apply`", path.display()),
            None => println!("the database matches the models: nothing to generate"),
        },
        ["apply"] => {
            let before = status(db, &dir).await?.iter().filter(|f| !f.applied).count();
            apply(db, &dir).await?;
            println!("applied {before} migration(s) from {}", dir.display());
        }
        ["status"] => {
            for f in status(db, &dir).await? {
                let state = match (f.applied, f.changed) {
                    (true, true) => "applied, but the file changed since",
                    (true, false) => "applied",
                    (false, _) => "pending",
                };
                println!("{} {} — {state}", f.version, f.description);
            }
        }
        ["verify"] => {
            schema.verify(db).await?;
            println!("the database matches the models");
        }
        _ => return Err(usage(format!("unknown command `{}`", words.join(" ")))),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions_are_utc_timestamps() {
        let v = super::utc_version();
        assert!((20260101000000..21000101000000).contains(&v), "{v}");
        let (month, day) = (v / 100_000_000 % 100, v / 1_000_000 % 100);
        assert!((1..=12).contains(&month) && (1..=31).contains(&day), "{v}");
    }
}
