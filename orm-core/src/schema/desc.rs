//! A schema as plain data in one backend's terms. What the models need (built by
//! [`Schema`](super::Schema)) and what a database has (read from its catalog by
//! [`introspect`](super::introspect)) take the same shape, so the differ compares two values and
//! the statement builder reads one.

use std::borrow::Cow;

use crate::dialect::Dialect;
use crate::value::{SqlType, Value};

pub(crate) use crate::sql::FkAction;
use crate::sql::ForeignKeySpec;

/// One table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableDesc {
    /// The model the table stores; empty for a table read from the catalog.
    pub model: &'static str,
    pub name: String,
    pub columns: Vec<ColumnDesc>,
    /// In key order; empty for a table without a primary key.
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<ForeignKeyDesc>,
    /// Every index but the primary key's.
    pub indexes: Vec<IndexDesc>,
    /// `#[model(renamed_from = "...")]`: the name a migration renames the table from.
    pub renamed_from: Option<String>,
    /// The `CHECK`s of enum columns (a catalog's: their names only).
    pub checks: Vec<CheckDesc>,
}

/// An enum column's `CHECK`: its name (which hashes the values), the column and the values. A
/// catalog's has the name only.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CheckDesc {
    pub name: String,
    pub column: String,
    pub values: Vec<String>,
}

impl From<&CheckDesc> for crate::sql::CheckSpec {
    fn from(c: &CheckDesc) -> Self {
        crate::sql::CheckSpec { name: c.name.clone().into(), column: c.column.clone().into(), values: c.values.clone() }
    }
}

impl TableDesc {
    pub fn column(&self, name: &str) -> Option<&ColumnDesc> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Whether the database generates a column's values: for a wanted table, its single-column
    /// key.
    pub fn generated_key(&self) -> bool {
        self.columns.iter().any(|c| c.generated)
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ColumnDesc {
    pub name: String,
    pub ty: ColumnTypeDesc,
    pub nullable: bool,
    /// Whether an insert may leave the column out (a default, a generated key).
    pub has_default: bool,
    /// Whether the database generates the values (an identity, an auto-increment key, SQLite's
    /// rowid).
    pub generated: bool,
    /// The `DEFAULT`: the model's value, or the catalog's text.
    pub default: Option<DefaultDesc>,
    /// `#[model(renamed_from = "...")]`: the name a migration renames the column from.
    pub renamed_from: Option<String>,
}

/// A column's `DEFAULT`, as a model declares it or as a catalog spells it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DefaultDesc {
    Model(Value),
    Catalog(String),
}

impl ColumnDesc {
    /// The model's default value (`None` for a catalog's column).
    pub fn default_value(&self) -> Option<&Value> {
        match &self.default {
            Some(DefaultDesc::Model(v)) => Some(v),
            _ => None,
        }
    }

    /// The catalog's default text (`None` for a model's column).
    pub fn default_text(&self) -> Option<&str> {
        match &self.default {
            Some(DefaultDesc::Catalog(t)) => Some(t),
            _ => None,
        }
    }
}

/// A column's type: the one a model asks for, or the one a catalog reports (a database can hold
/// types the ORM has no [`SqlType`] for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ColumnTypeDesc {
    /// A model's type; `indexed`: the column carries a key or an index (MySQL cannot index
    /// `TEXT` without a prefix length).
    Model { ty: SqlType, indexed: bool },
    /// The catalog's spelling, as it reports it (messages quote it so).
    Catalog(String),
}

impl ColumnTypeDesc {
    /// The type as `dialect` spells it: [`Dialect::column_type`], or the catalog's text.
    pub fn spelled(&self, dialect: Dialect) -> Cow<'_, str> {
        match self {
            ColumnTypeDesc::Model { ty, indexed } => Cow::Borrowed(dialect.column_type(*ty, *indexed)),
            ColumnTypeDesc::Catalog(text) => Cow::Borrowed(text),
        }
    }

    /// The type in `dialect`'s one spelling per type ([`Dialect::normalize_type`]).
    pub fn normalized(&self, dialect: Dialect) -> String {
        dialect.normalize_type(&self.spelled(dialect))
    }

    /// Whether `dialect` stores the two as the same type.
    pub fn same(&self, other: &ColumnTypeDesc, dialect: Dialect) -> bool {
        self == other || self.normalized(dialect) == other.normalized(dialect)
    }
}

/// One foreign key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ForeignKeyDesc {
    pub name: String,
    pub columns: Vec<String>,
    pub target_table: String,
    pub target_columns: Vec<String>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
}

/// One index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexDesc {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
    /// Partial, on expressions or on column prefixes: it does not make the whole columns unique.
    pub partial: bool,
}

impl From<&ForeignKeyDesc> for ForeignKeySpec {
    fn from(fk: &ForeignKeyDesc) -> Self {
        ForeignKeySpec {
            name: fk.name.clone().into(),
            columns: fk.columns.iter().map(|c| c.clone().into()).collect(),
            target_table: fk.target_table.clone().into(),
            target_columns: fk.target_columns.iter().map(|c| c.clone().into()).collect(),
            on_delete: fk.on_delete,
            on_update: fk.on_update,
        }
    }
}
