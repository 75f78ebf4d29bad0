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
    /// A value the backend's column cannot hold as it is: NaN on SQLite, ±infinity on MySQL, a
    /// year outside 1000–9999 in a MySQL `DATETIME`, nanoseconds where the column keeps
    /// microseconds. Checked before the statement is sent, so nothing was written; the same
    /// check covers values compared in filters.
    #[error("`{model}.{column}`: {backend:?} cannot hold the {kind:?} value {value} ({reason})")]
    UnsupportedValue {
        /// The model the value was for (`"?"` for raw SQL with no model).
        model: &'static str,
        /// The column the value was for (`"?"` when the statement does not say).
        column: &'static str,
        /// The value's SQL type.
        kind: crate::SqlType,
        /// The value, printed.
        value: String,
        /// The backend that cannot hold it.
        backend: crate::Dialect,
        /// What the backend lacks, and what would fit.
        reason: &'static str,
    },
}

impl From<sqlx::Error> for Error {
    fn from(source: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        match &source {
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) | sqlx::Error::ColumnNotFound(_) => Error::Decode { source },
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

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
