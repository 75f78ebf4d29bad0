//! The statements that create and drop tables described by [`TableDesc`]s.

use super::desc::{ColumnDesc, ColumnTypeDesc, ForeignKeyDesc, TableDesc};
use crate::dialect::Dialect;
use crate::sql::Sql;
use crate::value::SqlType;
use crate::sql::AssertSqlSafe;

/// `tables` in creation order (every table after the tables it references), given that the
/// tables named in `existing` are there already; and the foreign keys that close a reference
/// cycle (their target comes later), which must be added once every table exists.
pub(crate) fn order<'a>(tables: &[&'a TableDesc], existing: &[&str]) -> (Vec<&'a TableDesc>, Vec<(&'a TableDesc, &'a ForeignKeyDesc)>) {
    let mut done: Vec<&str> = existing.to_vec();
    let mut left: Vec<&'a TableDesc> = tables.to_vec();
    let mut ordered = Vec::with_capacity(left.len());
    let mut closing = Vec::new();
    while !left.is_empty() {
        let waits_for = |t: &TableDesc, fk: &ForeignKeyDesc, left: &[&TableDesc]| {
            fk.target_table != t.name && !done.contains(&fk.target_table.as_str()) && left.iter().any(|l| l.name == fk.target_table)
        };
        let ready = left.iter().position(|t| t.foreign_keys.iter().all(|fk| !waits_for(t, fk, &left)));
        // A reference cycle has no ready table: take the next one as declared, and let the keys
        // that point forward wait.
        let table = left.remove(ready.unwrap_or(0));
        closing.extend(table.foreign_keys.iter().filter(|fk| waits_for(table, fk, &left)).map(|fk| (table, fk)));
        done.push(&table.name);
        ordered.push(table);
    }
    (ordered, closing)
}

fn foreign_key(sql: &mut Sql, fk: &ForeignKeyDesc) {
    sql.push("CONSTRAINT ").ident(&fk.name).push(" FOREIGN KEY (").list(&fk.columns, |s, c| {
        s.ident(c);
    });
    sql.push(") REFERENCES ").ident(&fk.target_table).push(" (").list(&fk.target_columns, |s, c| {
        s.ident(c);
    });
    sql.push(") ON DELETE ").push(fk.on_delete.sql()).push(" ON UPDATE ").push(fk.on_update.sql());
}

/// The model's type of a key the database generates, whose definition in `CREATE TABLE` is the
/// dialect's whole key definition (type, generation and `PRIMARY KEY`).
fn generated_key(column: &ColumnDesc) -> Option<SqlType> {
    match column.ty {
        ColumnTypeDesc::Model { ty, .. } if column.generated => Some(ty),
        _ => None,
    }
}

/// A column's name and definition in `CREATE TABLE`.
fn column(sql: &mut Sql, dialect: Dialect, column: &ColumnDesc) {
    sql.ident(&column.name).push(" ");
    if let Some(ty) = generated_key(column) {
        sql.push(dialect.auto_increment_key(ty));
        return;
    }
    match &column.ty {
        ColumnTypeDesc::Model { ty, indexed } => sql.push(dialect.column_type(*ty, *indexed)),
        // The database's own spelling of a type it reported, never a user's.
        ColumnTypeDesc::Catalog(text) => sql.push(AssertSqlSafe(text.clone())),
    };
    sql.push(dialect.nullability(column.nullable));
}

/// `CREATE TABLE` and `CREATE INDEX` statements for `tables`, the tables named in `existing`
/// being there already. Keys that close a reference cycle are added at the end with `ALTER
/// TABLE` where the backend can (it checks a key's target when the table is created); SQLite
/// keeps them inline, as it checks targets only when rows are written.
pub(crate) fn create(dialect: Dialect, tables: &[&TableDesc], existing: &[&str]) -> Vec<String> {
    let (ordered, closing) = order(tables, existing);
    let later = |t: &TableDesc, fk: &ForeignKeyDesc| {
        dialect.alters_constraints() && closing.iter().any(|(c, f)| c.name == t.name && f.name == fk.name)
    };
    let mut out = Vec::new();
    for table in ordered {
        let mut sql = Sql::new(dialect);
        sql.push("CREATE TABLE ").ident(&table.name).push(" (");
        sql.list(&table.columns, |s, c| column(s, dialect, c));
        if !table.columns.iter().any(|c| generated_key(c).is_some()) && !table.primary_key.is_empty() {
            sql.push(", PRIMARY KEY (").list(&table.primary_key, |s, c| {
                s.ident(c);
            });
            sql.push(")");
        }
        for fk in table.foreign_keys.iter().filter(|fk| !later(table, fk)) {
            sql.push(", ");
            foreign_key(&mut sql, fk);
        }
        // MySQL has no CREATE INDEX IF NOT EXISTS, and a key it would make for a foreign key
        // is better named by us: its indexes go inside the table.
        if dialect.indexes_inside_table() {
            for index in &table.indexes {
                sql.push(if index.unique { ", UNIQUE KEY " } else { ", KEY " }).ident(&index.name).push(" (");
                sql.list(&index.columns, |s, c| {
                    s.ident(c);
                });
                sql.push(")");
            }
        }
        sql.push(")");
        out.push(sql.text().to_owned());
        if !dialect.indexes_inside_table() {
            for index in &table.indexes {
                let mut sql = Sql::new(dialect);
                sql.push(if index.unique { "CREATE UNIQUE INDEX " } else { "CREATE INDEX " });
                sql.ident(&index.name).push(" ON ").ident(&table.name).push(" (");
                sql.list(&index.columns, |s, c| {
                    s.ident(c);
                });
                sql.push(")");
                out.push(sql.text().to_owned());
            }
        }
    }
    for &(table, fk) in closing.iter().filter(|(t, fk)| later(t, fk)) {
        let mut sql = Sql::new(dialect);
        sql.push("ALTER TABLE ").ident(&table.name).push(" ADD ");
        foreign_key(&mut sql, fk);
        out.push(sql.text().to_owned());
    }
    out
}

/// `DROP TABLE` statements for `tables` (as the catalog has them), dependents first. The keys
/// that close a reference cycle are dropped before any table; SQLite, which cannot drop a
/// constraint, defers its key checks to the end of the transaction instead.
pub(crate) fn drop(dialect: Dialect, tables: &[&TableDesc]) -> Vec<String> {
    let (ordered, closing) = order(tables, &[]);
    let mut out = Vec::new();
    if !closing.is_empty() {
        if dialect.alters_constraints() {
            for (table, fk) in closing {
                let mut sql = Sql::new(dialect);
                sql.push("ALTER TABLE ").ident(&table.name).push(" ").push(dialect.drop_foreign_key()).ident(&fk.name);
                out.push(sql.text().to_owned());
            }
        } else {
            out.push("PRAGMA defer_foreign_keys = ON".to_owned());
        }
    }
    for table in ordered.into_iter().rev() {
        let mut sql = Sql::new(dialect);
        sql.push("DROP TABLE ").ident(&table.name);
        out.push(sql.text().to_owned());
    }
    out
}

#[cfg(test)]
#[path = "ddl_tests.rs"]
mod tests;
