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
    /// A hand-written statement's result has no column for a field of the model it is decoded
    /// into (raw SQL is decoded by column name).
    #[error("the result has no column `{column}` for `{model}`: select it (or alias a column `AS {column}`)")]
    MissingColumn {
        /// The model decoded into.
        model: &'static str,
        /// The model's column the result lacks.
        column: &'static str,
    },
    /// A hand-written statement's result has a model's column twice (e.g. `id` of two joined
    /// tables), so which one is meant is not known.
    #[error("the result has the column `{column}` of `{model}` more than once: alias the others")]
    AmbiguousColumn {
        /// The model decoded into.
        model: &'static str,
        /// The column found more than once.
        column: &'static str,
    },
    /// The database has no column a statement names: typically a table created before a field
    /// was added to its model. `column` is as the database reports it (`table.column` for the
    /// ORM's statements, which qualify every column).
    #[error(
        "the database has no column `{column}`{}: the table is older than its model (add the column, or re-create the table)",
        .model.map(|m| format!(" of `{m}`")).unwrap_or_default()
    )]
    UnknownColumn {
        /// The model whose column it is, when the statement says (`None` for a junction table
        /// without a model).
        model: Option<&'static str>,
        /// The column the database could not find.
        column: String,
        /// The original driver error.
        source: sqlx::Error,
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
                _ => match unknown_column(db.code().as_deref(), db.message()) {
                    Some(column) => Error::UnknownColumn { model: None, column, source },
                    None => Error::Database(source),
                },
            },
            _ => Error::Database(source),
        }
    }
}

/// The column named by a database's "no such column" error: PostgreSQL's SQLSTATE 42703
/// (`column t.c does not exist`), MySQL's 42S22 (`Unknown column 't.c' in ...`), SQLite's
/// `no such column: t.c` / `table t has no column named c` (SQLite has no code of its own for it).
fn unknown_column(code: Option<&str>, message: &str) -> Option<String> {
    let between = |from: &str, to: &str| {
        let rest = &message[message.find(from)? + from.len()..];
        Some(rest[..rest.find(to)?].to_owned())
    };
    match code {
        Some("42703") => between("column ", " does not exist").map(|c| c.replace('"', "")),
        Some("42S22") => between("'", "'"),
        _ => {
            if let Some(column) = message.strip_prefix("no such column: ") {
                Some(column.to_owned())
            } else {
                let (table, column) = message.strip_prefix("table ")?.split_once(" has no column named ")?;
                Some(format!("{table}.{column}"))
            }
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
