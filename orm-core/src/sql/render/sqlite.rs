//! SQLite: `json_each` for long lists, `PRAGMA defer_foreign_keys`, no row locks.

use super::super::Sql;
use super::super::catalog::{self, Catalog};
use super::super::select::Lock;
use super::super::tree::ListOf;
use super::list::{JsonKind, json_list, json_rows};
use super::{QueryBuilder, SchemaBuilder};
use crate::sql::AssertSqlSafe;
use crate::value::{SqlType, Value};

/// Renders statements for SQLite.
#[derive(Clone, Copy, Debug, Default)]
pub struct SqliteBuilder;

impl QueryBuilder for SqliteBuilder {
    /// Nothing: SQLite has no row locks. Its writers take the one database lock in turn, and a
    /// transaction that read before another wrote fails with `SQLITE_BUSY`
    /// ([`crate::Error::Retryable`]).
    fn prepare_lock(&self, _lock: Lock, _sql: &mut Sql) {}

    fn prepare_long_in_list(&self, column: &'static str, values: &[Value], _of: ListOf, sql: &mut Sql) -> bool {
        let Some((json, kind)) = json_list(values, sql.dialect) else { return false };
        // The JSON text is one parameter: its values are checked one by one here.
        sql.check_list(column, values);
        sql.push(if kind == JsonKind::Hex { " IN (SELECT unhex(value) FROM json_each(" } else { " IN (SELECT value FROM json_each(" });
        sql.bind(Value::Text(json)).push("))");
        true
    }

    fn prepare_long_in_rows(&self, table: &str, names: &[&'static str], columns: &[Vec<Value>], sql: &mut Sql) -> bool {
        let Some((json, kinds)) = json_rows(columns, sql.dialect) else { return false };
        for (name, column) in names.iter().zip(columns) {
            sql.check_list(name, column);
        }
        sql.push("(").list(names, |s, name| {
            s.qualified(table, name);
        });
        sql.push(") IN (SELECT ");
        for (i, kind) in kinds.iter().enumerate() {
            sql.push(if i == 0 { "" } else { ", " });
            sql.push(if *kind == JsonKind::Hex { "unhex(value ->> " } else { "(value ->> " });
            sql.push(AssertSqlSafe(i.to_string())).push(")");
        }
        sql.push(" FROM json_each(").bind(Value::Text(json)).push("))");
        true
    }

    /// An INTEGER PRIMARY KEY given NULL takes the next rowid; SQLite has no DEFAULT here.
    fn generated_key_placeholder(&self) -> Option<&'static str> {
        Some("NULL")
    }
}

impl SchemaBuilder for SqliteBuilder {
    fn auto_increment_key(&self, _ty: SqlType) -> &'static str {
        "INTEGER PRIMARY KEY AUTOINCREMENT"
    }

    /// SQLite cannot drop a constraint; it defers its key checks to the end of the transaction
    /// instead.
    fn prepare_defer_foreign_keys(&self, sql: &mut Sql) {
        sql.push("PRAGMA defer_foreign_keys = ON");
    }

    fn prepare_catalog(&self, query: Catalog, sql: &mut Sql) {
        sql.push(catalog::SQLITE.text(query));
    }
}
