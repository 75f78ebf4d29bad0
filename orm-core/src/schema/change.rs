//! What the differ finds, as typed data: each way the schema a database has falls short of the
//! one the models need. `sync` creates the missing tables and reports the rest
//! ([`Change::difference`] builds the [`SchemaDifference`] of [`Error::SchemaDrift`]); migrations
//! will render the same list as statements.
//!
//! [`Error::SchemaDrift`]: crate::Error::SchemaDrift

use super::desc::{ColumnDesc, ColumnTypeDesc, ForeignKeyDesc, IndexDesc, TableDesc, list};
use crate::dialect::Dialect;
use crate::error::SchemaDifference;
use crate::sql::spelling;

/// One change that brings a database's schema to the models'. `model` and `table` name the
/// wanted table; "wanted" is what the model needs, "found" what the database has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// A wanted table the database does not have.
    AddTable(TableDesc),
    /// A wanted column the table lacks.
    AddColumn { model: &'static str, table: String, column: ColumnDesc },
    /// A column the model does not know that refuses its inserts: `NOT NULL` without a default.
    /// Unknown columns an insert may leave out are left alone.
    DropColumn { model: &'static str, table: String, column: ColumnDesc },
    /// A column of another type.
    AlterType { model: &'static str, table: String, column: String, wanted: ColumnTypeDesc, found: ColumnTypeDesc },
    /// A column that is nullable where the model's is not, or the other way round.
    AlterNullability { model: &'static str, table: String, column: String, wanted: bool, found: bool },
    /// Another primary key (columns in any order), or none.
    PrimaryKey { model: &'static str, table: String, wanted: Vec<String>, found: Vec<String> },
    /// The right primary key, but the database does not generate it as the model expects.
    GenerateKey { model: &'static str, table: String, column: String },
    /// A wanted foreign key the table lacks (keys are matched by their columns).
    AddForeignKey { model: &'static str, table: String, key: ForeignKeyDesc },
    /// A foreign key on the same columns with another target or other actions.
    AlterForeignKey { model: &'static str, table: String, wanted: ForeignKeyDesc, found: ForeignKeyDesc },
    /// A foreign key the model does not declare (it refuses writes the model expects to succeed).
    DropForeignKey { model: &'static str, table: String, key: ForeignKeyDesc },
    /// A wanted unique index the table lacks (matched by columns; a partial one does not count).
    /// Indexes that are not unique are not compared.
    AddIndex { model: &'static str, table: String, index: IndexDesc },
    /// A unique index the model does not declare, other than the primary key's.
    DropIndex { model: &'static str, table: String, index: IndexDesc },
}

/// `key` as SQL spells it, or "no primary key".
fn describe_key(key: &[String]) -> String {
    if key.is_empty() { "no primary key".to_owned() } else { spelling::primary_key(key) }
}

/// The column a difference about `columns` names: only a single one.
fn one(columns: &[String]) -> Option<String> {
    (columns.len() == 1).then(|| columns[0].clone())
}

impl Change {
    /// The model and the table the change is about.
    pub fn place(&self) -> (&'static str, &str) {
        match self {
            Change::AddTable(t) => (t.model, &t.name),
            Change::AddColumn { model, table, .. }
            | Change::DropColumn { model, table, .. }
            | Change::AlterType { model, table, .. }
            | Change::AlterNullability { model, table, .. }
            | Change::PrimaryKey { model, table, .. }
            | Change::GenerateKey { model, table, .. }
            | Change::AddForeignKey { model, table, .. }
            | Change::AlterForeignKey { model, table, .. }
            | Change::DropForeignKey { model, table, .. }
            | Change::AddIndex { model, table, .. }
            | Change::DropIndex { model, table, .. } => (model, table),
        }
    }

    /// The change as [`Error::SchemaDrift`](crate::Error::SchemaDrift) reports it, with types
    /// spelled as `dialect` does; `None` for a missing table, which `sync` creates.
    pub fn difference(&self, dialect: Dialect) -> Option<SchemaDifference> {
        let (column, expected, found): (Option<String>, String, String) = match self {
            Change::AddTable(_) => return None,
            Change::AddColumn { column, .. } => (
                Some(column.name.clone()),
                format!("a column {}", spelling::column(&column.ty.spelled(dialect), column.nullable)),
                "no such column".into(),
            ),
            Change::DropColumn { column, .. } => (
                Some(column.name.clone()),
                "no such column, or one that may be left out".into(),
                format!("{} without a default", spelling::column(&column.ty.spelled(dialect), false)),
            ),
            Change::AlterType { column, wanted, found, .. } => {
                (Some(column.clone()), format!("type {}", wanted.normalized(dialect)), format!("type {}", found.normalized(dialect)))
            }
            Change::AlterNullability { column, wanted, found, .. } => {
                (Some(column.clone()), spelling::nullability(*wanted).into(), spelling::nullability(*found).into())
            }
            Change::PrimaryKey { wanted, found, .. } => (None, describe_key(wanted), describe_key(found)),
            Change::GenerateKey { column, .. } => {
                (Some(column.clone()), "a key the database generates".into(), "a key it does not generate".into())
            }
            Change::AddForeignKey { key, .. } => (one(&key.columns), spelling::foreign_key(&key.into()), "no foreign key".into()),
            Change::AlterForeignKey { wanted, found, .. } => {
                (one(&wanted.columns), spelling::foreign_key(&wanted.into()), spelling::foreign_key(&found.into()))
            }
            Change::DropForeignKey { key, .. } => (one(&key.columns), "no foreign key".into(), spelling::foreign_key(&key.into())),
            Change::AddIndex { index, .. } => (one(&index.columns), format!("UNIQUE ({})", list(&index.columns)), "no unique index".into()),
            Change::DropIndex { index, .. } => {
                (one(&index.columns), "no unique index".into(), format!("UNIQUE ({}) `{}`", list(&index.columns), index.name))
            }
        };
        let (model, table) = self.place();
        Some(SchemaDifference { model, table: table.to_owned(), column, expected, found })
    }
}
