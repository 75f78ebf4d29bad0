//! A statement as the connection seam receives it.

use super::Sql;
use crate::dialect::Dialect;

/// One statement for [`Connection`](crate::Connection) to run.
#[derive(Debug)]
pub enum Statement {
    /// Text and values written by hand (or already rendered).
    Raw(Sql),
}

/// What a statement does to the data, as routing, retries and tracing ask it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads only.
    Read,
    /// Writes (or may: a hand-written statement counts as a write).
    Write,
    /// Reads and locks the rows it reads.
    Lock,
    /// Changes the schema.
    Schema,
}

impl Statement {
    /// What the statement does.
    pub fn access(&self) -> Access {
        match self {
            Statement::Raw(_) => Access::Write,
        }
    }

    /// The statement as text and values in `dialect`.
    pub fn into_sql(self, dialect: Dialect) -> Sql {
        match self {
            Statement::Raw(sql) => {
                debug_assert_eq!(sql.dialect, dialect);
                sql
            }
        }
    }
}

impl From<Sql> for Statement {
    fn from(sql: Sql) -> Self {
        Statement::Raw(sql)
    }
}
