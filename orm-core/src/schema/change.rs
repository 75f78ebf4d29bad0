//! What the differ finds, as typed data: each way the schema a database has falls short of the
//! one the models need. `sync` creates the missing tables and reports the rest
//! ([`Change::difference`] builds the [`SchemaDifference`] of [`Error::SchemaDrift`]); migrations
//! will render the same list as statements.
//!
//! [`Error::SchemaDrift`]: crate::Error::SchemaDrift

use super::desc::{CheckDesc, ColumnDesc, ColumnTypeDesc, ForeignKeyDesc, IndexDesc, TableDesc};
use crate::dialect::Dialect;
use crate::error::{ChangeKind, SchemaDifference};
use crate::sql::spelling;
use crate::value::SqlType;

/// One change that brings a database's schema to the models'. `model` and `table` name the
/// wanted table; "wanted" is what the model needs, "found" what the database has.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Change {
    /// A wanted table the database does not have.
    AddTable(TableDesc),
    /// A wanted table the database has under the name the model says it had
    /// (`#[model(renamed_from = "...")]`).
    RenameTable { model: &'static str, from: String, to: String },
    /// A wanted column the table lacks.
    AddColumn { model: &'static str, table: String, column: ColumnDesc },
    /// A wanted column the table has under its earlier name (`#[model(renamed_from = "...")]`).
    RenameColumn { model: &'static str, table: String, from: String, to: String },
    /// A column the model does not know. `blocks_inserts`: it is `NOT NULL` without a default,
    /// so the model's inserts fail (`sync` reports only those).
    DropColumn { model: &'static str, table: String, column: ColumnDesc, blocks_inserts: bool },
    /// A column whose `DEFAULT` is not the model's.
    AlterDefault { model: &'static str, table: String, column: ColumnDesc, found: Option<String> },
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
    /// An enum column's `CHECK` the table lacks (matched by name, which hashes the values).
    AddCheck { model: &'static str, table: String, check: CheckDesc },
    /// A `CHECK` named as the ORM names one that the model does not declare (another list of
    /// values: it refuses the new ones).
    DropCheck { model: &'static str, table: String, name: String },
    /// A wanted index the table lacks (matched by columns and uniqueness; a partial one does
    /// not count).
    AddIndex { model: &'static str, table: String, index: IndexDesc },
    /// A unique index the model does not declare, other than the primary key's; or an index
    /// named as the ORM names one that the model no longer declares.
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
            Change::RenameTable { model, to, .. } => (model, to),
            Change::AddColumn { model, table, .. }
            | Change::RenameColumn { model, table, .. }
            | Change::AlterDefault { model, table, .. }
            | Change::DropColumn { model, table, .. }
            | Change::AlterType { model, table, .. }
            | Change::AlterNullability { model, table, .. }
            | Change::PrimaryKey { model, table, .. }
            | Change::GenerateKey { model, table, .. }
            | Change::AddForeignKey { model, table, .. }
            | Change::AlterForeignKey { model, table, .. }
            | Change::DropForeignKey { model, table, .. }
            | Change::AddIndex { model, table, .. }
            | Change::DropIndex { model, table, .. }
            | Change::AddCheck { model, table, .. }
            | Change::DropCheck { model, table, .. } => (model, table),
        }
    }

    /// Whether the models' own statements fail, or `sync` would do harm, on the schema as it
    /// is: what `sync` reports. A missing index, another default, an unknown nullable column
    /// are left to migrations; a missing table `sync` creates.
    pub fn harmful(&self) -> bool {
        match self {
            Change::AddTable(_) | Change::AlterDefault { .. } | Change::AddCheck { .. } => false,
            Change::DropColumn { blocks_inserts, .. } => *blocks_inserts,
            Change::AddIndex { index, .. } => index.unique,
            Change::DropIndex { index, .. } => index.unique,
            _ => true,
        }
    }

    /// What kind of change it is.
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::AddTable(_) => ChangeKind::AddTable,
            Change::RenameTable { .. } => ChangeKind::RenameTable,
            Change::AddColumn { .. } => ChangeKind::AddColumn,
            Change::RenameColumn { .. } => ChangeKind::RenameColumn,
            Change::DropColumn { .. } => ChangeKind::DropColumn,
            Change::AlterDefault { .. } => ChangeKind::AlterDefault,
            Change::AlterType { .. } => ChangeKind::AlterType,
            Change::AlterNullability { .. } => ChangeKind::AlterNullability,
            Change::PrimaryKey { .. } => ChangeKind::PrimaryKey,
            Change::GenerateKey { .. } => ChangeKind::GenerateKey,
            Change::AddForeignKey { .. } => ChangeKind::AddForeignKey,
            Change::AlterForeignKey { .. } => ChangeKind::AlterForeignKey,
            Change::DropForeignKey { .. } => ChangeKind::DropForeignKey,
            Change::AddIndex { .. } => ChangeKind::AddIndex,
            Change::DropIndex { .. } => ChangeKind::DropIndex,
            Change::AddCheck { .. } => ChangeKind::AddCheck,
            Change::DropCheck { .. } => ChangeKind::DropCheck,
        }
    }

    /// Whether applying the change loses stored data: dropping a column, or a type that may not
    /// hold every value of the old one ([`widens`]).
    pub fn destructive(&self, dialect: Dialect) -> bool {
        match self {
            Change::DropColumn { .. } => true,
            Change::AlterType { wanted, found, .. } => !widens(dialect, found, wanted),
            _ => false,
        }
    }

    /// The change as [`Error::SchemaDrift`](crate::Error::SchemaDrift) reports it, with types
    /// spelled as `dialect` does.
    pub fn difference(&self, dialect: Dialect) -> SchemaDifference {
        let (column, expected, found): (Option<String>, String, String) = match self {
            Change::AddTable(t) => (None, format!("a table `{}`", t.name), "no such table".into()),
            Change::RenameTable { from, to, .. } => (None, format!("the table `{to}`"), format!("the table `{from}` (renamed_from)")),
            Change::RenameColumn { from, to, .. } => {
                (Some(to.clone()), format!("a column `{to}`"), format!("the column `{from}` (renamed_from)"))
            }
            Change::AlterDefault { column, found, .. } => (
                Some(column.name.clone()),
                spelling::default(column.default_value().map(|v| v as &dyn std::fmt::Display)),
                spelling::default(found.as_ref().map(|f| f as &dyn std::fmt::Display)),
            ),
            Change::AddColumn { column, .. } => {
                let default = match column.default_value() {
                    Some(v) => format!(" {}", spelling::default(Some(v))),
                    None => String::new(),
                };
                (
                    Some(column.name.clone()),
                    format!("a column {}{default}", spelling::column(&column.ty.spelled(dialect), column.nullable)),
                    "no such column".into(),
                )
            }
            Change::DropColumn { column, blocks_inserts: true, .. } => (
                Some(column.name.clone()),
                "no such column, or one that may be left out".into(),
                format!("{} without a default", spelling::column(&column.ty.spelled(dialect), false)),
            ),
            Change::DropColumn { column, .. } => (
                Some(column.name.clone()),
                "no such column".into(),
                format!("a column {} the model does not know", spelling::column(&column.ty.spelled(dialect), column.nullable)),
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
            Change::AddCheck { check, .. } => {
                (Some(check.column.clone()), spelling::check(&check.column, &check.values), "no such check".into())
            }
            Change::DropCheck { name, .. } => (None, "no such check".into(), format!("the check `{name}`")),
            Change::AddIndex { index, .. } => {
                let none = if index.unique { "no unique index" } else { "no index" };
                (one(&index.columns), spelling::index(&index.columns, index.unique), none.into())
            }
            Change::DropIndex { index, .. } => {
                let none = if index.unique { "no unique index" } else { "no index" };
                (one(&index.columns), none.into(), format!("{} `{}`", spelling::index(&index.columns, index.unique), index.name))
            }
        };
        let (model, table) = self.place();
        SchemaDifference {
            model,
            table: table.to_owned(),
            column,
            expected,
            found,
            kind: self.kind(),
            destructive: self.destructive(dialect),
        }
    }
}

/// Whether every value of type `from` converts to `to` unchanged: a wider integer or float, an
/// integer to a float wide enough, anything to text. Other changes may cut values short or fail.
fn widens(dialect: Dialect, from: &ColumnTypeDesc, to: &ColumnTypeDesc) -> bool {
    match (rank(model_type(dialect, from)), rank(model_type(dialect, to))) {
        (Some((a, x)), Some((b, y))) if a == b => x <= y,
        // Integers up to 32 bits fit a double; anything prints as text.
        (Some((0, x)), Some((1, 2))) => x <= 2,
        (Some(_), Some((2, _))) => true,
        _ => false,
    }
}

/// The model type a column type is, read back from a catalog's spelling where needed.
fn model_type(dialect: Dialect, t: &ColumnTypeDesc) -> Option<SqlType> {
    const KNOWN: [SqlType; 6] = [SqlType::SmallInt, SqlType::Int, SqlType::BigInt, SqlType::Real, SqlType::Double, SqlType::Text];
    match t {
        ColumnTypeDesc::Model { ty, .. } => Some(*ty),
        ColumnTypeDesc::Catalog(_) => {
            KNOWN.into_iter().find(|ty| [false, true].iter().any(|&indexed| ColumnTypeDesc::Model { ty: *ty, indexed }.same(t, dialect)))
        }
    }
}

/// (family, width) of the types a change can widen: integers, floats, text.
fn rank(ty: Option<SqlType>) -> Option<(u8, u8)> {
    match ty? {
        SqlType::SmallInt => Some((0, 1)),
        SqlType::Int => Some((0, 2)),
        SqlType::BigInt => Some((0, 3)),
        SqlType::Real => Some((1, 1)),
        SqlType::Double => Some((1, 2)),
        SqlType::Text => Some((2, 0)),
        _ => None,
    }
}
