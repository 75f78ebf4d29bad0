//! [`Statement`]: any statement the ORM sends, as data, and what it does to the database.

use super::Sql;
use super::catalog::Catalog;
use super::delete::Delete;
use super::insert::Insert;
use super::render::builder;
use super::schema_change::SchemaChange;
use super::select::Select;
use super::update::Update;
use crate::dialect::Dialect;

/// A statement as plain data, rendered into [`Sql`] for one backend.
///
/// ```
/// use orm_core::{Dialect, Value};
/// use orm_core::sql::{col, Access, Dir, Select, Statement};
///
/// let select = Select::from("users").columns("users", ["id", "name"]).order_by(col("users", "id"), Some(Dir::Desc)).limit(10);
/// let stmt = Statement::from(select);
/// assert_eq!(stmt.access(), Access::Read);
/// let sql = stmt.render(Dialect::Postgres);
/// assert_eq!(sql.text(), r#"SELECT "users"."id", "users"."name" FROM "users" ORDER BY "users"."id" DESC LIMIT $1"#);
/// assert_eq!(sql.args(), &[Value::BigInt(10)]);
/// ```
#[derive(Clone, Debug)]
pub enum Statement {
    /// `SELECT`.
    Select(Select),
    /// `INSERT`.
    Insert(Insert),
    /// `UPDATE`.
    Update(Update),
    /// `DELETE`.
    Delete(Delete),
    /// DDL.
    Schema(SchemaChange),
    /// A query of the backend's catalog: which tables, columns, keys and indexes it has.
    Catalog(Catalog),
    /// Hand-written SQL, sent as it is.
    Raw(Sql),
}

/// What a statement may do, read from its tree (never from its text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Reads rows only.
    Read,
    /// Writes rows; also any [`Statement::Raw`], which is never taken for a read.
    Write,
    /// Reads rows and locks them until the transaction ends.
    Lock,
    /// Changes the schema.
    Schema,
}

impl Statement {
    /// What the statement may do.
    pub fn access(&self) -> Access {
        match self {
            Statement::Select(s) if s.lock.is_some() => Access::Lock,
            Statement::Select(_) | Statement::Catalog(_) => Access::Read,
            Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_) | Statement::Raw(_) => Access::Write,
            Statement::Schema(_) => Access::Schema,
        }
    }

    /// The statement's text and bound values in `dialect` (a [`Statement::Raw`] as written).
    pub fn render(&self, dialect: Dialect) -> Sql {
        if let Statement::Raw(sql) = self {
            return sql.clone();
        }
        let mut sql = Sql::new(dialect);
        builder(dialect).prepare_statement(self, &mut sql);
        sql
    }

    /// Asks the server its version (`SELECT VERSION()`, one text column), which tells MariaDB
    /// from MySQL where the dialect alone cannot ([`Dialect::returns_keys_on`]).
    pub fn server_version(dialect: Dialect) -> Statement {
        Statement::Raw(Sql::raw(dialect, "SELECT VERSION()".to_owned()))
    }

    /// A new transaction holding the savepoints the driver keeps for nesting levels `1..depth`
    /// (the driver's names, which its rollback of each level refers to).
    /// After MySQL rolled a whole transaction back by itself (a deadlock does, savepoints
    /// included), this lets every open level roll back as the driver will ask, rather than fail
    /// on a savepoint that no longer exists.
    pub(crate) fn savepoints_reopened(dialect: Dialect, depth: usize) -> Vec<Statement> {
        let mut out = vec![Statement::Raw(Sql::raw(dialect, "START TRANSACTION".to_owned()))];
        out.extend((1..depth).map(|level| Statement::Raw(Sql::raw(dialect, format!("SAVEPOINT _sqlx_savepoint_{level}")))));
        out
    }

    /// [`Statement::render`], without copying a [`Statement::Raw`].
    pub fn into_sql(self, dialect: Dialect) -> Sql {
        match self {
            Statement::Raw(sql) => sql,
            other => other.render(dialect),
        }
    }
}

impl From<Select> for Statement {
    fn from(s: Select) -> Self {
        Statement::Select(s)
    }
}

impl From<Insert> for Statement {
    fn from(s: Insert) -> Self {
        Statement::Insert(s)
    }
}

impl From<Update> for Statement {
    fn from(s: Update) -> Self {
        Statement::Update(s)
    }
}

impl From<Delete> for Statement {
    fn from(s: Delete) -> Self {
        Statement::Delete(s)
    }
}

impl From<SchemaChange> for Statement {
    fn from(s: SchemaChange) -> Self {
        Statement::Schema(s)
    }
}

impl From<super::schema_change::CreateTable> for Statement {
    fn from(s: super::schema_change::CreateTable) -> Self {
        Statement::Schema(SchemaChange::CreateTable(s))
    }
}

impl From<Catalog> for Statement {
    fn from(c: Catalog) -> Self {
        Statement::Catalog(c)
    }
}

impl From<Sql> for Statement {
    fn from(s: Sql) -> Self {
        Statement::Raw(s)
    }
}
