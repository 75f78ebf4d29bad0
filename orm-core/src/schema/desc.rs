//! A schema as plain data in one backend's terms. What the models need (built by
//! [`Schema`](super::Schema)) and what a database has (read from its catalog by
//! [`introspect`](super::introspect)) take the same shape, so the differ compares two values and
//! the statement builder reads one.

/// One table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableDesc {
    /// The model the table stores; empty for a table read from the catalog.
    pub model: &'static str,
    pub name: String,
    pub columns: Vec<ColumnDesc>,
    /// In key order; empty for a table without a primary key.
    pub primary_key: Vec<String>,
    /// Whether the database generates the (single-column) key.
    pub generated_key: bool,
    pub foreign_keys: Vec<ForeignKeyDesc>,
    /// Every index but the primary key's.
    pub indexes: Vec<IndexDesc>,
}

impl TableDesc {
    pub fn column(&self, name: &str) -> Option<&ColumnDesc> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnDesc {
    pub name: String,
    /// The type as the backend spells it (compare through `Dialect::normalize_type`).
    pub ty: String,
    pub nullable: bool,
    /// Whether an insert may leave the column out (a default, a generated key).
    pub has_default: bool,
    /// For a wanted column: the definition after its name in `CREATE TABLE`.
    pub definition: String,
}

/// One foreign key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ForeignKeyDesc {
    pub name: String,
    pub columns: Vec<String>,
    pub target_table: String,
    pub target_columns: Vec<String>,
    /// `ON DELETE` as SQL (`CASCADE`, `SET NULL`, …).
    pub on_delete: String,
    /// `ON UPDATE` as SQL.
    pub on_update: String,
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

/// `a, b` for messages.
pub(crate) fn list(columns: &[String]) -> String {
    columns.join(", ")
}
