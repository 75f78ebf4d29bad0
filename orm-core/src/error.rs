//! The one error type of the crate.

/// What can go wrong in an ORM call. Match on the variant; the database's own error is kept as
/// the `source` where there is one.
///
/// ```
/// use orm_core::{Error, Model, Schema};
///
/// #[derive(Model)]
/// struct Tag { #[model(primary_key)] name: String }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let pool = orm_core::sqlite::memory().await?;
/// Schema::new().model::<Tag>().sync(&pool).await?;
/// Tag { name: "rust".into() }.insert(&pool).await?;
/// let mut again = Tag { name: "rust".into() };
/// match again.insert(&pool).await {
///     Err(Error::UniqueViolation { .. }) => {} // the tag exists already
///     other => panic!("expected a unique violation, got {other:?}"),
/// }
/// # Ok::<(), orm_core::Error>(()) }).unwrap();
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A row that had to exist was not found (e.g. reloading a deleted instance).
    #[error("no `{model}` row with that key was found")]
    NotFound {
        /// The model that was looked up.
        model: &'static str,
    },
    /// An instance that was never inserted was used where a stored row is needed.
    #[error("this `{model}` has not been inserted yet; insert it before using its associations")]
    Unsaved {
        /// The model of the unsaved instance.
        model: &'static str,
    },
    /// A unique or primary-key constraint rejected the write.
    #[error("unique constraint violated: {}", .source.as_database_error().map_or("", |e| e.message()))]
    UniqueViolation {
        /// The original driver error.
        source: sqlx::Error,
    },
    /// A foreign-key constraint rejected the write (an orphan row, or a parent still referenced).
    #[error("foreign key constraint violated: {}", .source.as_database_error().map_or("", |e| e.message()))]
    ForeignKeyViolation {
        /// The original driver error.
        source: sqlx::Error,
    },
    /// A NOT NULL constraint rejected the write.
    #[error("not-null constraint violated: {}", .source.as_database_error().map_or("", |e| e.message()))]
    NotNullViolation {
        /// The original driver error.
        source: sqlx::Error,
    },
    /// A column could not be decoded into its Rust field type.
    #[error("could not decode a column: {source}")]
    Decode {
        /// The original driver error.
        source: sqlx::Error,
    },
    /// An association call that the model's declaration does not allow at run time
    /// (e.g. removing a child whose foreign key is not optional).
    #[error("{0}")]
    Association(String),
    /// Any other database or connection error.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    /// The database gave up on the statement so that another transaction could go on: a
    /// deadlock, a serialization failure or a lock wait timeout. Nothing of the failed
    /// transaction was kept, and running it again may succeed. The ORM retries the transactions
    /// it starts itself; inside a transaction of yours it returns this, so retry your whole
    /// transaction.
    #[error("transaction aborted by the database, retry it: {}", .source.as_database_error().map_or("", |e| e.message()))]
    Retryable {
        /// The original driver error.
        source: sqlx::Error,
    },
}

impl From<sqlx::Error> for Error {
    fn from(source: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        match &source {
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) | sqlx::Error::ColumnNotFound(_) => Error::Decode { source },
            sqlx::Error::Database(db) if is_retryable(db.as_ref()) => Error::Retryable { source },
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::UniqueViolation => Error::UniqueViolation { source },
                ErrorKind::ForeignKeyViolation => Error::ForeignKeyViolation { source },
                ErrorKind::NotNullViolation => Error::NotNullViolation { source },
                _ => Error::Database(source),
            },
            _ => Error::Database(source),
        }
    }
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

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
