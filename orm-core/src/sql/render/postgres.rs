//! PostgreSQL: arrays for long lists, the sequence bump of explicit keys, `FOR NO KEY UPDATE`.

use super::super::Sql;
use super::super::insert::Insert;
use super::super::select::Lock;
use super::super::tree::ListOf;
use super::{QueryBuilder, SchemaBuilder};
use crate::value::Value;

/// Renders statements for PostgreSQL.
#[derive(Clone, Copy, Debug, Default)]
pub struct PostgresBuilder;

impl QueryBuilder for PostgresBuilder {
    /// Not `FOR UPDATE`: a `NO KEY` lock still queues the ORM's calls on these rows but lets
    /// foreign-key checks of other inserts (`FOR KEY SHARE`) through.
    fn prepare_lock(&self, lock: Lock, sql: &mut Sql) {
        match lock {
            Lock::Update => sql.push(" FOR NO KEY UPDATE"),
        };
    }

    fn prepare_long_in_list(&self, column: &'static str, values: &[Value], _of: ListOf, sql: &mut Sql) -> bool {
        sql.push(" = ANY(").bind_array(column, values.to_vec()).push(")");
        true
    }

    fn prepare_long_in_rows(&self, table: &str, names: &[&'static str], columns: &[Vec<Value>], sql: &mut Sql) -> bool {
        sql.push("(").list(names, |s, name| {
            s.qualified(table, name);
        });
        sql.push(") IN (SELECT * FROM unnest(").list(names.iter().zip(columns), |s, (name, c)| {
            s.bind_array(name, c.clone());
        });
        sql.push("))");
        true
    }

    /// PostgreSQL's identity sequence does not see keys given explicitly (SQLite and MySQL move
    /// past them by themselves), so the next generated key would collide with them: an insert
    /// with [`Insert::bump_sequence`] moves it on, in the same statement.
    fn prepare_insert(&self, i: &Insert, sql: &mut Sql) {
        let Some(key) = i.bump_sequence else {
            self.prepare_insert_rows(i, sql);
            if let Some(key) = i.returning {
                sql.push(" RETURNING ").qualified(&i.table.name, key);
            }
            return;
        };
        sql.push("WITH \"__orm_inserted\" AS (");
        self.prepare_insert_rows(i, sql);
        let mut table = String::new();
        sql.dialect().quote(&i.table.name, &mut table);
        // GREATEST skips NULLs: an unused sequence has no last value, and a table whose key is
        // no identity has no sequence (then setval(NULL, ..) does nothing).
        sql.push(" RETURNING ").qualified(&i.table.name, key).push(") SELECT setval(s, GREATEST((SELECT MAX(").ident(key);
        sql.push(") FROM \"__orm_inserted\"), pg_sequence_last_value(s::regclass), 1)) FROM pg_get_serial_sequence(");
        sql.bind(Value::Text(table)).push(", ").bind(Value::Text(key.to_owned())).push(") AS s");
    }
}

impl SchemaBuilder for PostgresBuilder {}
