//! The `INSERT` node.

use super::select::{Name, TableRef};
use crate::value::Value;

/// `INSERT INTO table (columns) VALUES (row), (row) [ON CONFLICT …] [RETURNING "table"."key"]`.
/// Each bound value is labelled with its column (and the table's model) for error messages.
#[derive(Clone, Debug, PartialEq)]
pub struct Insert {
    pub(crate) table: TableRef,
    pub(crate) columns: Vec<&'static str>,
    /// Values in the order of `columns`.
    pub(crate) rows: Vec<Vec<Value>>,
    /// The key column the database generates, left out of `columns`. When no other column is
    /// given, each row names it with the backend's placeholder (SQLite `NULL`, PostgreSQL
    /// `DEFAULT`); MySQL writes `() VALUES ()`.
    pub(crate) generated_key: Option<&'static str>,
    pub(crate) returning: Option<&'static str>,
    pub(crate) on_conflict: Option<OnConflict>,
    /// The key column of rows inserted with explicit keys into a table whose key is generated:
    /// PostgreSQL moves the key's sequence past them (see the PostgreSQL renderer); the other
    /// backends, whose generators move on by themselves, render nothing for it.
    pub(crate) bump_sequence: Option<&'static str>,
}

/// What an insert does with a row whose `keys` exist already.
#[derive(Clone, Debug, PartialEq)]
pub struct OnConflict {
    pub(crate) keys: Vec<Name>,
    pub(crate) action: ConflictAction,
}

/// The action of an [`OnConflict`].
#[derive(Clone, Debug, PartialEq)]
pub enum ConflictAction {
    /// Keep the existing row.
    DoNothing,
    /// Overwrite these columns of the existing row with the inserted values.
    Update(Vec<Name>),
}

impl Insert {
    /// `INSERT INTO table (columns) …`, with no row yet.
    pub fn into(table: impl Into<TableRef>, columns: impl IntoIterator<Item = &'static str>) -> Self {
        Insert {
            table: table.into(),
            columns: columns.into_iter().collect(),
            rows: Vec::new(),
            generated_key: None,
            returning: None,
            on_conflict: None,
            bump_sequence: None,
        }
    }

    /// Adds a row of values, in the order of the columns.
    pub fn row(mut self, values: Vec<Value>) -> Self {
        debug_assert_eq!(values.len(), self.columns.len(), "an insert row has one value per column");
        self.rows.push(values);
        self
    }

    /// Adds rows.
    pub fn rows(mut self, rows: impl IntoIterator<Item = Vec<Value>>) -> Self {
        for row in rows {
            self = self.row(row);
        }
        self
    }

    /// Names the key column the database generates (left out of the columns).
    pub fn generated_key(mut self, column: &'static str) -> Self {
        self.generated_key = Some(column);
        self
    }

    /// `RETURNING "table"."column"`.
    pub fn returning(mut self, column: &'static str) -> Self {
        self.returning = Some(column);
        self
    }

    /// A row whose `keys` exist is left as it is.
    pub fn on_conflict_do_nothing(mut self, keys: impl IntoIterator<Item = &'static str>) -> Self {
        self.on_conflict = Some(OnConflict { keys: keys.into_iter().map(Name::from).collect(), action: ConflictAction::DoNothing });
        self
    }

    /// A row whose `keys` exist gets the inserted values of `columns`.
    pub fn on_conflict_update(
        mut self,
        keys: impl IntoIterator<Item = &'static str>,
        columns: impl IntoIterator<Item = &'static str>,
    ) -> Self {
        let action = ConflictAction::Update(columns.into_iter().map(Name::from).collect());
        self.on_conflict = Some(OnConflict { keys: keys.into_iter().map(Name::from).collect(), action });
        self
    }

    /// The rows bring explicit values for `key`, a generated key: see [`Insert`]'s field.
    pub fn bump_sequence(mut self, key: &'static str) -> Self {
        self.bump_sequence = Some(key);
        self
    }
}
