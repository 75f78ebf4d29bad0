//! The driver's errors as the crate's [`Error`]: classified here, where sqlx is known, so the
//! error type itself names no driver.

use crate::error::{DriverError, Error};

impl From<sqlx::Error> for Error {
    fn from(source: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        let kind = match &source {
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) | sqlx::Error::ColumnNotFound(_) => Kind::Decode,
            sqlx::Error::Database(db) if is_retryable(db.as_ref()) => Kind::Retryable,
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::UniqueViolation => Kind::Unique,
                ErrorKind::ForeignKeyViolation => Kind::ForeignKey,
                ErrorKind::NotNullViolation => Kind::NotNull,
                _ => match crate::error::unknown_column(db.code().as_deref(), db.message()) {
                    Some(column) => Kind::UnknownColumn(column),
                    None => Kind::Other,
                },
            },
            _ => Kind::Other,
        };
        let source = driver(source);
        match kind {
            Kind::Decode => Error::Decode { source },
            Kind::Retryable => Error::Retryable { source },
            Kind::Unique => Error::UniqueViolation { source },
            Kind::ForeignKey => Error::ForeignKeyViolation { source },
            Kind::NotNull => Error::NotNullViolation { source },
            Kind::UnknownColumn(column) => Error::UnknownColumn { model: None, column, source },
            Kind::Other => Error::Database(source),
        }
    }
}

enum Kind {
    Decode,
    Retryable,
    Unique,
    ForeignKey,
    NotNull,
    UnknownColumn(String),
    Other,
}

/// The driver's error with the database's own message and code, when it is the database's.
fn driver(source: sqlx::Error) -> DriverError {
    let (message, code) = match source.as_database_error() {
        Some(db) => (db.message().to_owned(), db.code().map(|c| c.into_owned())),
        None => (String::new(), None),
    };
    DriverError::new(message, code, source)
}

/// Whether the database aborted the statement (or its whole transaction) only because of
/// other transactions, so that running it again can succeed.
fn is_retryable(db: &dyn sqlx::error::DatabaseError) -> bool {
    #[cfg(feature = "mysql")]
    if let Some(e) = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>() {
        // ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT (whose SQLSTATE is the generic HY000).
        return matches!(e.number(), 1213 | 1205);
    }
    #[cfg(feature = "sqlite")]
    if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        // The code is the extended result code; its low byte is the primary one:
        // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with all their extended forms.
        return db.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| matches!(c & 0xff, 5 | 6));
    }
    // PostgreSQL (and the SQL standard): deadlock_detected, serialization_failure,
    // lock_not_available.
    matches!(db.code().as_deref(), Some("40P01" | "40001" | "55P03"))
}
