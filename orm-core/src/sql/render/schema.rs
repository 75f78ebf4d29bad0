//! Rendering DDL nodes: the default (standard SQL, PostgreSQL's spelling) of each step.

use super::super::Sql;
use super::super::catalog::{self, Catalog};
use super::super::literal;
use super::super::schema_change::{CheckSpec, ColumnSpec, CreateTable, ForeignKeySpec, IndexSpec, SchemaChange};
use crate::sql::AssertSqlSafe;
use crate::value::{SqlType, Value};

/// Renders DDL, each step a method a backend may override.
pub trait SchemaBuilder {
    /// Any DDL statement.
    fn prepare_schema_change(&self, change: &SchemaChange, sql: &mut Sql) {
        match change {
            SchemaChange::CreateTable(t) => self.prepare_create_table(t, sql),
            SchemaChange::CreateIndex { table, index } => self.prepare_create_index(table, index, sql),
            SchemaChange::DropIndex { table, name } => self.prepare_drop_index(table, name, sql),
            SchemaChange::AddColumn { table, column } => {
                sql.push("ALTER TABLE ").ident(table).push(" ADD COLUMN ");
                self.prepare_column_def(column, sql);
            }
            SchemaChange::DropColumn { table, name } => {
                sql.push("ALTER TABLE ").ident(table).push(" DROP COLUMN ").ident(name);
            }
            SchemaChange::AlterColumn { table, column } => self.prepare_alter_column(table, column, sql),
            SchemaChange::AddForeignKey { table, foreign_key } => {
                sql.push("ALTER TABLE ").ident(table).push(" ADD ");
                self.prepare_foreign_key(foreign_key, sql);
            }
            SchemaChange::DropForeignKey { table, name } => {
                sql.push("ALTER TABLE ").ident(table).push(" ");
                self.prepare_drop_foreign_key(name, sql);
            }
            SchemaChange::RenameColumn { table, from, to } => {
                sql.push("ALTER TABLE ").ident(table).push(" RENAME COLUMN ").ident(from).push(" TO ").ident(to);
            }
            SchemaChange::RenameTable { from, to } => {
                sql.push("ALTER TABLE ").ident(from).push(" RENAME TO ").ident(to);
            }
            SchemaChange::AlterDefault { table, column, default } => {
                sql.push("ALTER TABLE ").ident(table).push(" ALTER COLUMN ").ident(column);
                match default {
                    Some(value) => {
                        sql.push(" SET");
                        self.prepare_default(value, sql);
                    }
                    None => {
                        sql.push(" DROP DEFAULT");
                    }
                }
            }
            SchemaChange::AddCheck { table, check } => {
                sql.push("ALTER TABLE ").ident(table).push(" ADD ");
                self.prepare_check(check, sql);
            }
            SchemaChange::DropCheck { table, name } => {
                sql.push("ALTER TABLE ").ident(table).push(" DROP CONSTRAINT ").ident(name);
            }
            SchemaChange::DropTable { name } => {
                sql.push("DROP TABLE ").ident(name);
            }
            SchemaChange::DeferForeignKeys => self.prepare_defer_foreign_keys(sql),
            SchemaChange::ForeignKeyEnforcement(on) => {
                sql.push(if *on { "PRAGMA foreign_keys = ON" } else { "PRAGMA foreign_keys = OFF" });
            }
            SchemaChange::ForeignKeyCheck => {
                sql.push("CREATE TEMP TABLE \"orm_foreign_key_check\" (\"violations\" INTEGER CHECK (\"violations\" = 0)); ");
                sql.push("INSERT INTO \"orm_foreign_key_check\" SELECT COUNT(*) FROM pragma_foreign_key_check; ");
                sql.push("DROP TABLE \"orm_foreign_key_check\"");
            }
            SchemaChange::CopyRows { from, to, columns } => {
                sql.push("INSERT INTO ").ident(to).push(" (").list(columns, |s, c| {
                    s.ident(c);
                });
                sql.push(") SELECT ").list(columns, |s, c| {
                    s.ident(c);
                });
                sql.push(" FROM ").ident(from);
            }
            SchemaChange::BeginScript => {
                sql.push("BEGIN");
            }
            SchemaChange::CommitScript => {
                sql.push("COMMIT");
            }
        }
    }

    /// `CREATE TABLE "t" (columns, [PRIMARY KEY (…)], foreign keys, [indexes])`.
    fn prepare_create_table(&self, t: &CreateTable, sql: &mut Sql) {
        sql.push("CREATE TABLE ").ident(&t.name).push(" (");
        sql.list(&t.columns, |s, c| self.prepare_column_def(c, s));
        if !t.columns.iter().any(|c| c.generated_key) && !t.primary_key.is_empty() {
            sql.push(", PRIMARY KEY (").list(&t.primary_key, |s, c| {
                s.ident(c);
            });
            sql.push(")");
        }
        for fk in &t.foreign_keys {
            sql.push(", ");
            self.prepare_foreign_key(fk, sql);
        }
        for check in &t.checks {
            sql.push(", ");
            self.prepare_check(check, sql);
        }
        self.prepare_inline_indexes(&t.indexes, sql);
        sql.push(")");
    }

    /// `"name" TYPE [NOT NULL]`, or a generated key's full definition.
    fn prepare_column_def(&self, c: &ColumnSpec, sql: &mut Sql) {
        sql.ident(&c.name).push(" ");
        if c.generated_key {
            sql.push(self.auto_increment_key(c.ty));
        } else {
            let ty = sql.dialect().column_type(c.ty, c.indexed);
            sql.push(ty);
            if let Some(value) = &c.default {
                self.prepare_default(value, sql);
            }
            sql.push(self.nullability(c.nullable));
        }
    }

    /// ` DEFAULT <literal>`; a value with no literal refuses the statement (the schema checks
    /// defaults before it builds one).
    fn prepare_default(&self, value: &Value, sql: &mut Sql) {
        match literal::literal(sql.dialect(), value) {
            Ok(text) => {
                sql.push(" DEFAULT ").push(AssertSqlSafe(text));
            }
            Err(reason) => sql.refuse("DEFAULT", value, reason),
        }
    }

    /// The full definition after the column name of an auto-increment primary key.
    fn auto_increment_key(&self, ty: SqlType) -> &'static str {
        match ty {
            SqlType::SmallInt => "SMALLINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            SqlType::Int => "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            _ => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        }
    }

    /// What follows a column's type: `NOT NULL`, or for a nullable column what the dialect needs.
    fn nullability(&self, nullable: bool) -> &'static str {
        if nullable { "" } else { " NOT NULL" }
    }

    /// `CONSTRAINT "n" FOREIGN KEY (…) REFERENCES "t" (…) ON DELETE … ON UPDATE …`.
    fn prepare_foreign_key(&self, fk: &ForeignKeySpec, sql: &mut Sql) {
        sql.push("CONSTRAINT ").ident(&fk.name).push(" FOREIGN KEY (").list(&fk.columns, |s, c| {
            s.ident(c);
        });
        sql.push(") REFERENCES ").ident(&fk.target_table).push(" (").list(&fk.target_columns, |s, c| {
            s.ident(c);
        });
        sql.push(") ON DELETE ").push(fk.on_delete.sql()).push(" ON UPDATE ").push(fk.on_update.sql());
    }

    /// `CONSTRAINT "n" CHECK ("c" IN ('a', 'b'))`.
    fn prepare_check(&self, check: &CheckSpec, sql: &mut Sql) {
        sql.push("CONSTRAINT ").ident(&check.name).push(" CHECK (").ident(&check.column).push(" IN (");
        let dialect = sql.dialect();
        sql.list(&check.values, |s, v| match literal::literal(dialect, &Value::Text(v.clone())) {
            Ok(text) => {
                s.push(AssertSqlSafe(text));
            }
            Err(reason) => s.refuse("CHECK", &Value::Text(v.clone()), reason),
        });
        sql.push("))");
    }

    /// The indexes declared inside `CREATE TABLE`: none by default, each is its own
    /// [`SchemaChange::CreateIndex`] (see [`CreateTable::separate_indexes`]).
    fn prepare_inline_indexes(&self, _indexes: &[IndexSpec], _sql: &mut Sql) {}

    /// `CREATE [UNIQUE] INDEX "n" ON "t" (…)`.
    fn prepare_create_index(&self, table: &str, index: &IndexSpec, sql: &mut Sql) {
        sql.push(if index.unique { "CREATE UNIQUE INDEX " } else { "CREATE INDEX " });
        sql.ident(&index.name).push(" ON ").ident(table).push(" (");
        sql.list(&index.columns, |s, c| {
            s.ident(c);
        });
        sql.push(")");
    }

    /// `DROP INDEX "n"` (an index name is unique in its schema).
    fn prepare_drop_index(&self, _table: &str, name: &str, sql: &mut Sql) {
        sql.push("DROP INDEX ").ident(name);
    }

    /// `ALTER TABLE "t" ALTER COLUMN "c" TYPE …, ALTER COLUMN "c" {SET|DROP} NOT NULL`.
    fn prepare_alter_column(&self, table: &str, c: &ColumnSpec, sql: &mut Sql) {
        let ty = sql.dialect().column_type(c.ty, c.indexed);
        sql.push("ALTER TABLE ").ident(table).push(" ALTER COLUMN ").ident(&c.name).push(" TYPE ").push(ty);
        // The old values are converted as the cast of the old type to the new one does.
        sql.push(" USING ").ident(&c.name).push("::").push(ty);
        sql.push(", ALTER COLUMN ").ident(&c.name).push(if c.nullable { " DROP NOT NULL" } else { " SET NOT NULL" });
    }

    /// The `ALTER TABLE` clause that drops a named foreign key.
    fn prepare_drop_foreign_key(&self, name: &str, sql: &mut Sql) {
        sql.push("DROP CONSTRAINT ").ident(name);
    }

    /// Defers foreign-key checks to the commit.
    fn prepare_defer_foreign_keys(&self, sql: &mut Sql) {
        sql.push("SET CONSTRAINTS ALL DEFERRED");
    }

    /// The backend's fixed text of a catalog query (PostgreSQL's by default).
    fn prepare_catalog(&self, query: Catalog, sql: &mut Sql) {
        sql.push(catalog::POSTGRES.text(query));
    }
}
