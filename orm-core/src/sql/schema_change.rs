//! DDL nodes: creating, altering and dropping tables, columns, indexes and foreign keys.

use super::select::Name;
use crate::dialect::Dialect;
use crate::value::{SqlType, Value};

/// One DDL statement.
#[derive(Clone, Debug, PartialEq)]
pub enum SchemaChange {
    /// `CREATE TABLE`, with its primary key and foreign keys; its indexes too on backends that
    /// declare them inside the table (see [`CreateTable::separate_indexes`]).
    CreateTable(CreateTable),
    /// `CREATE [UNIQUE] INDEX name ON table (columns)`.
    CreateIndex {
        /// The table indexed.
        table: Name,
        /// The index.
        index: IndexSpec,
    },
    /// `DROP INDEX`.
    DropIndex {
        /// The table indexed (MySQL names it).
        table: Name,
        /// The index.
        name: Name,
    },
    /// `ALTER TABLE table ADD COLUMN …`.
    AddColumn {
        /// The table altered.
        table: Name,
        /// The new column.
        column: ColumnSpec,
    },
    /// `ALTER TABLE table DROP COLUMN name`.
    DropColumn {
        /// The table altered.
        table: Name,
        /// The column dropped.
        name: Name,
    },
    /// Changes a column's type and nullability to `column`'s (not on SQLite:
    /// [`Dialect::alters_columns`]).
    AlterColumn {
        /// The table altered.
        table: Name,
        /// The column as it is to be.
        column: ColumnSpec,
    },
    /// `ALTER TABLE table ADD CONSTRAINT … FOREIGN KEY …` (not on SQLite:
    /// [`Dialect::alters_constraints`]).
    AddForeignKey {
        /// The table of the referencing columns.
        table: Name,
        /// The key.
        foreign_key: ForeignKeySpec,
    },
    /// Drops the named foreign key (not on SQLite: [`Dialect::alters_constraints`]).
    DropForeignKey {
        /// The table of the referencing columns.
        table: Name,
        /// The key's constraint name.
        name: Name,
    },
    /// `ALTER TABLE table RENAME COLUMN from TO to`.
    RenameColumn {
        /// The table altered.
        table: Name,
        /// The column's name now.
        from: Name,
        /// Its new name.
        to: Name,
    },
    /// `ALTER TABLE from RENAME TO to`.
    RenameTable {
        /// The table's name now.
        from: Name,
        /// Its new name.
        to: Name,
    },
    /// `ALTER TABLE table ALTER COLUMN column {SET DEFAULT value | DROP DEFAULT}` (not on
    /// SQLite: [`Dialect::alters_columns`]).
    AlterDefault {
        /// The table altered.
        table: Name,
        /// The column.
        column: Name,
        /// The new default, or none.
        default: Option<Value>,
    },
    /// `ALTER TABLE table ADD CONSTRAINT … CHECK (…)` (not on SQLite).
    AddCheck {
        /// The table.
        table: Name,
        /// The check.
        check: CheckSpec,
    },
    /// `ALTER TABLE table DROP CONSTRAINT name` (not on SQLite).
    DropCheck {
        /// The table.
        table: Name,
        /// The check's constraint name.
        name: Name,
    },
    /// `DROP TABLE name`.
    DropTable {
        /// The table dropped.
        name: Name,
    },
    /// SQLite's `PRAGMA foreign_keys = ON|OFF`, around a table rebuild: with keys enforced,
    /// dropping the old table would run the `ON DELETE` actions of the tables referencing it.
    /// It takes effect only outside a transaction, so a rebuild script opens its own
    /// ([`SchemaChange::BeginScript`]).
    ForeignKeyEnforcement(bool),
    /// Fails the script when any row's foreign key has no target (SQLite's
    /// `pragma_foreign_key_check` counted into a `CHECK (n = 0)` column): the check a rebuild makes
    /// before it commits.
    ForeignKeyCheck,
    /// `INSERT INTO to (columns) SELECT columns FROM from`: a table rebuild's copy of the rows.
    CopyRows {
        /// The table copied.
        from: Name,
        /// The table filled.
        to: Name,
        /// The columns both have.
        columns: Vec<Name>,
    },
    /// `BEGIN`, in a script that runs outside the migrator's transaction.
    BeginScript,
    /// `COMMIT` of [`SchemaChange::BeginScript`].
    CommitScript,
    /// SQLite's `PRAGMA defer_foreign_keys = ON`: key checks wait for the commit, for the one
    /// backend that cannot drop a constraint. Elsewhere the standard `SET CONSTRAINTS ALL
    /// DEFERRED`, which defers only keys declared `DEFERRABLE` (none of the ORM's).
    DeferForeignKeys,
}

/// `CREATE TABLE name (columns, [PRIMARY KEY (…)], foreign keys, [indexes])`.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateTable {
    pub(crate) name: Name,
    pub(crate) columns: Vec<ColumnSpec>,
    /// Left out when a column is a generated key (its definition says `PRIMARY KEY`).
    pub(crate) primary_key: Vec<Name>,
    pub(crate) foreign_keys: Vec<ForeignKeySpec>,
    pub(crate) indexes: Vec<IndexSpec>,
    pub(crate) checks: Vec<CheckSpec>,
}

/// `CONSTRAINT name CHECK (column IN (values…))`: an enum column's values.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckSpec {
    /// The constraint name.
    pub name: Name,
    /// The column.
    pub column: Name,
    /// The values it may hold (or `NULL`, if it is nullable).
    pub values: Vec<String>,
}

/// A column as DDL declares it. Its type name comes from [`Dialect::column_type`] when it is
/// rendered.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSpec {
    /// The column's name.
    pub name: Name,
    /// Its type.
    pub ty: SqlType,
    /// Whether it holds `NULL`.
    pub nullable: bool,
    /// Whether it is the table's one auto-increment primary key.
    pub generated_key: bool,
    /// Whether it carries a key or an index (MySQL then needs a type it can index).
    pub indexed: bool,
    /// Its `DEFAULT`, written as a literal.
    pub default: Option<Value>,
}

/// A named foreign key.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignKeySpec {
    /// The constraint name.
    pub name: Name,
    /// The referencing columns.
    pub columns: Vec<Name>,
    /// The referenced table.
    pub target_table: Name,
    /// The referenced columns.
    pub target_columns: Vec<Name>,
    /// `ON DELETE`.
    pub on_delete: FkAction,
    /// `ON UPDATE`.
    pub on_update: FkAction,
}

/// What the database does to a referencing row when the referenced key is deleted or updated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FkAction {
    /// `CASCADE`
    Cascade,
    /// `SET NULL`
    SetNull,
    /// `RESTRICT`
    Restrict,
    /// `NO ACTION` (the SQL default)
    NoAction,
    /// `SET DEFAULT`
    SetDefault,
}

impl FkAction {
    /// The action a catalog spells `text` (any case, any spacing): `CASCADE`, `SET NULL`,
    /// `RESTRICT`, `NO ACTION` or `SET DEFAULT`. `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let words: Vec<String> = text.split_whitespace().map(str::to_ascii_uppercase).collect();
        Some(match words.join(" ").as_str() {
            "CASCADE" => FkAction::Cascade,
            "SET NULL" => FkAction::SetNull,
            "RESTRICT" => FkAction::Restrict,
            "NO ACTION" => FkAction::NoAction,
            "SET DEFAULT" => FkAction::SetDefault,
            _ => return None,
        })
    }

    /// The SQL spelling, as `ON DELETE` takes it.
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::Restrict => "RESTRICT",
            FkAction::NoAction => "NO ACTION",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// A named index.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexSpec {
    /// The index name.
    pub name: Name,
    /// Its columns, in order.
    pub columns: Vec<Name>,
    /// Whether it is a unique index.
    pub unique: bool,
}

impl CreateTable {
    /// `CREATE TABLE name (columns)`, with no key or index yet.
    pub fn new(name: impl Into<Name>, columns: Vec<ColumnSpec>) -> Self {
        CreateTable {
            name: name.into(),
            columns,
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// `PRIMARY KEY (columns)` (unless a column is a generated key).
    pub fn primary_key(mut self, columns: impl IntoIterator<Item = impl Into<Name>>) -> Self {
        self.primary_key = columns.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a foreign key.
    pub fn foreign_key(mut self, fk: ForeignKeySpec) -> Self {
        self.foreign_keys.push(fk);
        self
    }

    /// Adds an index.
    pub fn index(mut self, index: IndexSpec) -> Self {
        self.indexes.push(index);
        self
    }

    /// Adds a check.
    pub fn check(mut self, check: CheckSpec) -> Self {
        self.checks.push(check);
        self
    }

    /// The `CREATE INDEX` statements that follow this table on `dialect`: one per index, or none
    /// where indexes are declared inside the table ([`Dialect::indexes_inside_table`]).
    pub fn separate_indexes(&self, dialect: Dialect) -> Vec<SchemaChange> {
        if dialect.indexes_inside_table() {
            return Vec::new();
        }
        self.indexes.iter().map(|index| SchemaChange::CreateIndex { table: self.name.clone(), index: index.clone() }).collect()
    }
}

impl ColumnSpec {
    /// A column of type `ty`, `NOT NULL` unless `nullable`.
    pub fn new(name: impl Into<Name>, ty: SqlType, nullable: bool) -> Self {
        ColumnSpec { name: name.into(), ty, nullable, generated_key: false, indexed: false, default: None }
    }

    /// Makes it the table's auto-increment primary key.
    pub fn generated_key(mut self) -> Self {
        self.generated_key = true;
        self
    }

    /// Marks it as carrying a key or an index.
    pub fn indexed(mut self) -> Self {
        self.indexed = true;
        self
    }

    /// Gives it a `DEFAULT`.
    pub fn default(mut self, value: Value) -> Self {
        self.default = Some(value);
        self
    }
}

impl IndexSpec {
    /// An index named `name` over `columns`.
    pub fn new(name: impl Into<Name>, columns: impl IntoIterator<Item = impl Into<Name>>, unique: bool) -> Self {
        IndexSpec { name: name.into(), columns: columns.into_iter().map(Into::into).collect(), unique }
    }
}

#[cfg(test)]
mod tests {
    use super::FkAction;

    #[test]
    fn every_action_parses_from_its_spelling() {
        for action in [FkAction::Cascade, FkAction::SetNull, FkAction::Restrict, FkAction::NoAction, FkAction::SetDefault] {
            assert_eq!(FkAction::parse(action.sql()), Some(action));
            assert_eq!(FkAction::parse(&action.sql().to_ascii_lowercase()), Some(action));
        }
        assert_eq!(FkAction::parse("set  null"), Some(FkAction::SetNull));
        assert_eq!(FkAction::parse("NONE"), None);
    }
}
