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
    #[error("unique constraint violated: {}", .source.message())]
    UniqueViolation {
        /// The original driver error.
        source: DriverError,
    },
    /// A foreign-key constraint rejected the write (an orphan row, or a parent still referenced).
    #[error("foreign key constraint violated: {}", .source.message())]
    ForeignKeyViolation {
        /// The original driver error.
        source: DriverError,
    },
    /// A NOT NULL constraint rejected the write.
    #[error("not-null constraint violated: {}", .source.message())]
    NotNullViolation {
        /// The original driver error.
        source: DriverError,
    },
    /// A column holds NULL where the model's field is not an `Option` (a row written outside the
    /// ORM, or a column made nullable since): read as an error on every backend, never as `""`,
    /// `0` or a made-up key.
    #[error("`{model}.{column}` is NULL in the database, but the field is not an `Option`; make it `Option<_>` or fill the column")]
    UnexpectedNull {
        /// The model being read (`"?"` when a raw row is read with no model).
        model: &'static str,
        /// The column.
        column: String,
    },
    /// A column holds a text that is none of an [`Enum`](crate::Enum)'s values (a row written
    /// outside the ORM, or a variant removed since).
    #[error("`{model}.{column}` holds {value:?}, which is not a value of the enum `{name}`; add the variant or fix the row")]
    UnknownEnumValue {
        /// The enum.
        name: &'static str,
        /// The model being read (`"?"` when a raw row is read with no model).
        model: &'static str,
        /// The column (`"?"` when read with no model).
        column: String,
        /// The stored text.
        value: String,
    },
    /// A model's [`Hooks::validate`](crate::model::Hooks::validate) refused the instance; nothing
    /// was written.
    #[error("`{model}.{field}` is invalid: {message}")]
    Validation {
        /// The model.
        model: &'static str,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A column could not be decoded into its Rust field type.
    #[error("could not decode a column: {source}")]
    Decode {
        /// The original driver error.
        source: DriverError,
    },
    /// An association call that the model's declaration does not allow at run time
    /// (e.g. removing a child whose foreign key is not optional).
    #[error("{0}")]
    Association(String),
    /// Any other database or connection error.
    #[error("database error: {0}")]
    Database(#[source] DriverError),
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
        kind: crate::value::SqlType,
        /// The value, printed.
        value: String,
        /// The backend that cannot hold it.
        backend: crate::dialect::Dialect,
        /// What the backend lacks, and what would fit.
        reason: &'static str,
    },
    /// [`connect`](crate::connect) was given a URL it cannot open: its scheme names no supported
    /// database, or one whose crate feature is off.
    #[error("cannot open a `{scheme}:` URL: {reason}")]
    UnsupportedUrl {
        /// The URL's scheme (never the rest, which may hold a password).
        scheme: String,
        /// Why.
        reason: &'static str,
    },
    /// Two parts of a schema would take the same name in the database (two models on one table,
    /// or a generated constraint or index name that another table or index already takes).
    #[error("`{first}` and `{second}` both need the name `{name}` in the database; give one of them another table name")]
    SchemaNameCollision {
        /// The shared name.
        name: String,
        /// The model that took it first.
        first: &'static str,
        /// The model that needs it too.
        second: &'static str,
    },
    /// A table or column name is longer than the backend allows (it would be cut short, and two
    /// cut names could meet).
    #[error(
        "`{model}`: the name `{name}` is {len} long, more than the {limit} this backend allows (PostgreSQL counts bytes, MySQL characters)"
    )]
    IdentifierTooLong {
        /// The model the name belongs to.
        model: &'static str,
        /// The name as declared.
        name: String,
        /// Its length as the backend counts it (bytes on PostgreSQL, characters on MySQL).
        len: usize,
        /// The backend's limit.
        limit: usize,
    },
    /// [`Schema::sync`](crate::Schema::sync) (or `sync_force`, `drop_all`) was given a transaction
    /// on a backend whose schema changes commit it (MySQL, MariaDB): run it on the pool or a
    /// connection outside the transaction. Nothing was changed, and the transaction is still open.
    #[error(
        "{backend:?} commits the open transaction before each schema change: run the {changes} pending change(s) outside the transaction (nothing was changed)"
    )]
    SchemaChangeInTransaction {
        /// The backend.
        backend: crate::dialect::Dialect,
        /// How many statements the sync would send.
        changes: usize,
    },
    /// Existing tables differ from the models; nothing was changed.
    #[error("the database differs from the models (nothing was changed): {}", display_list(differences))]
    SchemaDrift {
        /// Every difference found.
        differences: Vec<SchemaDifference>,
    },
    /// A migration would lose stored data (drop a column, narrow a type) and was not allowed
    /// to; nothing was written or changed. Allow it with `allow_destructive` after reviewing
    /// the steps.
    #[error("the migration would lose data and was not allowed to (nothing was changed): {}", display_list(steps))]
    DestructiveMigration {
        /// The destructive steps.
        steps: Vec<SchemaDifference>,
    },
    /// A difference no generated migration makes (another primary key, a key the database does
    /// not generate): write that step by hand. Nothing was written or changed.
    #[error("{difference}: a migration cannot be generated for this ({reason}); write it by hand")]
    MigrationUnsupported {
        /// The difference.
        difference: Box<SchemaDifference>,
        /// Why.
        reason: &'static str,
    },
    /// A column's `#[model(default = ...)]` has no literal the backend's DDL can hold.
    #[error("`{model}`.`{column}`: the default {value} cannot be written into the schema: {reason}")]
    UnsupportedDefault {
        /// The model.
        model: &'static str,
        /// The column.
        column: String,
        /// The default, as a message shows it.
        value: String,
        /// Why.
        reason: &'static str,
    },
    /// Reading, writing or applying migration files failed (the migrator's message, or the file
    /// system's), naming the file or version where there is one.
    #[error("migration {place}: {message}")]
    Migrate {
        /// The file, directory or version concerned.
        place: String,
        /// What went wrong.
        message: String,
    },
    /// Dropping the tables would drop or orphan tables outside the schema that reference them;
    /// nothing was changed.
    #[error("tables outside this schema depend on its tables (nothing was changed): {}", display_list(dependents))]
    SchemaDependents {
        /// Each table outside the schema with the model whose table it references.
        dependents: Vec<Dependent>,
    },
    /// Required foreign keys form a cycle, so no row of these models could ever be inserted.
    #[error("the required foreign keys of {} form a cycle, so no row could be inserted first; make one of them optional (`Option<BelongsTo<..>>`)", .models.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" → "))]
    RequiredKeyCycle {
        /// The models in the cycle, each referencing the next (and the last the first).
        models: Vec<&'static str>,
    },
    /// The database gave up on the statement so that another transaction could go on: a
    /// deadlock, a serialization failure or a lock wait timeout. Nothing of the failed
    /// transaction was kept, and running it again may succeed. The ORM retries the transactions
    /// it starts itself; inside a transaction of yours it returns this, so retry your whole
    /// transaction.
    #[error("transaction aborted by the database, retry it: {}", .source.message())]
    Retryable {
        /// The original driver error.
        source: DriverError,
    },
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
        source: DriverError,
    },
}

fn display_list<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

impl Error {
    /// The error with the model and column it was decoding named, where it did not know them.
    #[doc(hidden)]
    pub fn in_column(self, model_name: &'static str, column_name: &'static str) -> Self {
        match self {
            Error::UnknownEnumValue { name, model: "?", value, .. } => {
                Error::UnknownEnumValue { name, model: model_name, column: column_name.to_owned(), value }
            }
            other => other,
        }
    }
}

/// One way an existing table differs from its model, as [`Error::SchemaDrift`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaDifference {
    /// The model whose table differs.
    pub model: &'static str,
    /// The table.
    pub table: String,
    /// The column, when the difference is about one (not for a composite key or index).
    pub column: Option<String>,
    /// What the model needs.
    pub expected: String,
    /// What the database has.
    pub found: String,
    /// What kind of change makes the database match.
    pub kind: ChangeKind,
    /// Whether that change loses stored data (a dropped column, a narrower type).
    pub destructive: bool,
}

/// The kinds of difference [`Schema::diff`](crate::Schema::diff) finds, one per kind of change a
/// migration makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChangeKind {
    /// A table to create.
    AddTable,
    /// A table to rename (`#[model(renamed_from = "...")]`).
    RenameTable,
    /// A column to add.
    AddColumn,
    /// A column to rename (`#[model(renamed_from = "...")]` on a field).
    RenameColumn,
    /// A column the model does not know, to drop.
    DropColumn,
    /// A column's `DEFAULT` to change.
    AlterDefault,
    /// A column's type to change.
    AlterType,
    /// A column's nullability to change.
    AlterNullability,
    /// Another primary key.
    PrimaryKey,
    /// A key the database should generate.
    GenerateKey,
    /// A foreign key to add.
    AddForeignKey,
    /// A foreign key to change (target or actions).
    AlterForeignKey,
    /// A foreign key to drop.
    DropForeignKey,
    /// An index to create.
    AddIndex,
    /// An index to drop.
    DropIndex,
    /// An enum column's check to add.
    AddCheck,
    /// A check of other values to drop.
    DropCheck,
}

impl std::fmt::Display for SchemaDifference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` (table `{}`)", self.model, self.table)?;
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        write!(f, ": expected {}, found {}", self.expected, self.found)
    }
}

/// A table outside a schema that references one of its tables, as [`Error::SchemaDependents`]
/// lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    /// The table outside the schema.
    pub table: String,
    /// Its foreign-key constraint.
    pub constraint: String,
    /// The model whose table it references.
    pub model: &'static str,
    /// That table.
    pub references: String,
}

impl std::fmt::Display for Dependent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "table `{}` references `{}` (table `{}`) through `{}`", self.table, self.model, self.references, self.constraint)
    }
}

impl Error {
    /// An error of the ORM's own making where the driver's would go: a result the database
    /// should not have given (`what` says what was wrong).
    pub(crate) fn protocol(what: String) -> Self {
        Error::Database(DriverError::new(String::new(), None, what))
    }
}

/// The column named by a database's "no such column" error: PostgreSQL's SQLSTATE 42703
/// (`column t.c does not exist`), MySQL's 42S22 (`Unknown column 't.c' in ...`), SQLite's
/// `no such column: t.c` / `table t has no column named c` (SQLite has no code of its own for it).
pub(crate) fn unknown_column(code: Option<&str>, message: &str) -> Option<String> {
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

/// The driver's own error, kept as the `source` of an [`Error`]: the database's message and
/// code where it is the database's, and the driver's error itself (downcast it with
/// [`DriverError::get_ref`] to inspect it further).
#[derive(Debug)]
pub struct DriverError {
    message: String,
    code: Option<String>,
    source: Box<dyn std::error::Error + Send + Sync + 'static>,
}

impl DriverError {
    pub(crate) fn new(
        message: String,
        code: Option<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        DriverError { message, code, source: source.into() }
    }

    /// The database's message (empty when the error is not the database's, e.g. a lost
    /// connection).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The database's error code (SQLSTATE on PostgreSQL and MySQL, the result code on SQLite).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The driver's error itself.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.source
    }
}

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for DriverError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.source()
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
