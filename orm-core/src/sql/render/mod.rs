//! Rendering statement nodes into [`Sql`], one builder per backend (sea-query's split): the
//! [`QueryBuilder`] and [`SchemaBuilder`] traits write standard SQL in their default methods,
//! and each backend's unit struct overrides only the steps it spells differently.

mod condition;
mod list;
mod mysql;
mod postgres;
mod schema;
mod sqlite;
#[cfg(test)]
mod tests;

#[cfg(feature = "mysql")]
pub(crate) use mysql::MYSQL_STRICT_SESSION;
pub use mysql::MySqlBuilder;
pub use postgres::PostgresBuilder;
pub use schema::SchemaBuilder;
pub use sqlite::SqliteBuilder;

pub(crate) use list::INLINE_LIST_MAX;

use super::Sql;
use super::delete::Delete;
use super::insert::{ConflictAction, Insert, OnConflict};
use super::select::{ColumnRef, Dir, Join, JoinKind, Lock, OrderBy, Select, SelectItem, TableRef};
use super::statement::Statement;
use super::tree::ListOf;
use super::update::{SetValue, Update};
use crate::dialect::Dialect;
use crate::value::Value;

/// The builder that renders statements for `dialect`.
pub fn builder(dialect: Dialect) -> &'static dyn QueryBuilder {
    match dialect {
        Dialect::Sqlite => &SqliteBuilder,
        Dialect::Postgres => &PostgresBuilder,
        Dialect::MySql => &MySqlBuilder,
    }
}

/// Renders the statements that read and write rows, each step a method a backend may override.
pub trait QueryBuilder: SchemaBuilder + Sync {
    /// Any statement but [`Statement::Raw`] (which is its own rendering).
    fn prepare_statement(&self, stmt: &Statement, sql: &mut Sql) {
        match stmt {
            Statement::Select(s) => self.prepare_select(s, sql),
            Statement::Insert(i) => self.prepare_insert(i, sql),
            Statement::Update(u) => self.prepare_update(u, sql),
            Statement::Delete(d) => self.prepare_delete(d, sql),
            Statement::Schema(c) => self.prepare_schema_change(c, sql),
            Statement::Catalog(c) => self.prepare_catalog(*c, sql),
            Statement::Raw(raw) => *sql = raw.clone(),
        }
    }

    /// `SELECT …`.
    fn prepare_select(&self, s: &Select, sql: &mut Sql) {
        let model = s.from.model.unwrap_or(sql.model);
        sql.for_model(model).push("SELECT ").list(&s.items, |sql, item| self.prepare_select_item(item, sql));
        sql.push(" FROM ");
        self.prepare_table(&s.from, sql);
        for join in &s.joins {
            self.prepare_join(join, sql);
            sql.for_model(model);
        }
        if let Some(filter) = &s.filter {
            sql.push(" WHERE ");
            condition::prepare_condition(self, filter, s.from.qualifier(), sql);
        }
        if !s.group_by.is_empty() {
            sql.push(" GROUP BY ").list(&s.group_by, |sql, c| self.prepare_column(c, sql));
        }
        if let Some(having) = &s.having {
            sql.push(" HAVING ");
            condition::prepare_condition(self, having, s.from.qualifier(), sql);
        }
        if !s.order.is_empty() {
            sql.push(" ORDER BY ").list(&s.order, |sql, o| self.prepare_order_by(o, sql));
        }
        self.prepare_limit(s.limit, s.offset, sql);
        if let Some(lock) = s.lock {
            self.prepare_lock(lock, sql);
        }
    }

    /// One item of a select list.
    fn prepare_select_item(&self, item: &SelectItem, sql: &mut Sql) {
        match item {
            SelectItem::Column(c) => self.prepare_column(c, sql),
            SelectItem::CountAll => {
                sql.push("COUNT(*)");
            }
            SelectItem::One => {
                sql.push("1");
            }
            SelectItem::Max(c) => {
                sql.push("MAX(");
                self.prepare_column(c, sql);
                sql.push(")");
            }
        }
    }

    /// `"table"."column"`.
    fn prepare_column(&self, c: &ColumnRef, sql: &mut Sql) {
        sql.qualified(&c.table, c.column);
    }

    /// `"table" [AS "alias"]`, noting the table's model for error messages.
    fn prepare_table(&self, t: &TableRef, sql: &mut Sql) {
        if let Some(model) = t.model {
            sql.about_as(t.alias.clone().unwrap_or_else(|| t.name.clone()), model);
        }
        sql.ident(&t.name);
        if let Some(alias) = &t.alias {
            sql.push(" AS ").ident(alias);
        }
    }

    /// ` {INNER|LEFT} JOIN table ON condition`; the condition's values are labelled with the
    /// joined table's model.
    fn prepare_join(&self, j: &Join, sql: &mut Sql) {
        sql.push(match j.kind {
            JoinKind::Inner => " INNER JOIN ",
            JoinKind::Left => " LEFT JOIN ",
        });
        self.prepare_table(&j.table, sql);
        if let Some(model) = j.table.model {
            sql.for_model(model);
        }
        sql.push(" ON ");
        condition::prepare_condition(self, &j.on, j.table.qualifier(), sql);
    }

    /// One `ORDER BY` term.
    fn prepare_order_by(&self, o: &OrderBy, sql: &mut Sql) {
        self.prepare_column(&o.column, sql);
        match o.dir {
            Some(Dir::Asc) => sql.push(" ASC"),
            Some(Dir::Desc) => sql.push(" DESC"),
            None => sql,
        };
    }

    /// Appends ` LIMIT ? [OFFSET ?]`; an offset alone takes the largest limit the backend accepts.
    fn prepare_limit(&self, limit: Option<u64>, offset: Option<u64>, sql: &mut Sql) {
        if limit.is_none() && offset.is_none() {
            return;
        }
        sql.push(" LIMIT ");
        match limit {
            Some(n) => self.prepare_count_value(n, sql),
            None => self.prepare_no_limit(sql),
        }
        if let Some(n) = offset {
            sql.push(" OFFSET ");
            self.prepare_count_value(n, sql);
        }
    }

    /// A row count of `LIMIT` or `OFFSET`, bound.
    fn prepare_count_value(&self, n: u64, sql: &mut Sql) {
        sql.bind(Value::BigInt(i64::try_from(n).unwrap_or(i64::MAX)));
    }

    /// The limit of an offset without one: the largest bound `i64`.
    fn prepare_no_limit(&self, sql: &mut Sql) {
        sql.bind(Value::BigInt(i64::MAX));
    }

    /// The row lock clause.
    fn prepare_lock(&self, lock: Lock, sql: &mut Sql) {
        match lock {
            Lock::Update => sql.push(" FOR UPDATE"),
        };
    }

    /// Appends what follows a column to match any of `values` (not empty): ` IN (?, ?, …)` for a
    /// short list; else one bound parameter holding the whole list, so that no number of keys
    /// passes the backend's bound-parameter limit (SQLite 32,766, PostgreSQL and MySQL 65,535)
    /// and the statement stays one statement (atomic, with its order and limit intact).
    /// Past 1,000 values PostgreSQL binds one array (` = ANY($1)`), SQLite reads a JSON array
    /// with `json_each`, MySQL/MariaDB with `JSON_TABLE`. Shorter lists stay `IN (…)` on
    /// PostgreSQL too: measured, `= ANY($1)` made the includes of the benchmark 8–18% slower
    /// (many-to-many 500x10: 3.55 ms against 2.98 ms with `IN`).
    fn prepare_in_list(&self, column: &'static str, values: &[Value], of: ListOf, sql: &mut Sql) {
        if values.len() > INLINE_LIST_MAX && self.prepare_long_in_list(column, values, of, sql) {
            return;
        }
        sql.push(" IN (").list(values, |s, v| {
            s.bind_column(column, v.clone());
        });
        sql.push(")");
    }

    /// [`QueryBuilder::prepare_in_list`] for a list past 1,000 values as one parameter;
    /// `false` (having written nothing) where it stays placeholders.
    fn prepare_long_in_list(&self, _column: &'static str, _values: &[Value], _of: ListOf, _sql: &mut Sql) -> bool {
        false
    }

    /// Appends `("table"."a", "table"."b") IN (…)` over rows of a composite key given column by
    /// column (`columns[i]` holds column `names[i]` of every row; not empty). Like
    /// [`QueryBuilder::prepare_in_list`], a long list is one parameter per column on PostgreSQL
    /// (`unnest` of arrays) and one JSON parameter on SQLite and MySQL; a short one, or one of
    /// types JSON cannot carry, is `(a = ? AND b = ?) OR …`.
    fn prepare_in_rows(&self, table: &str, names: &[&'static str], columns: &[Vec<Value>], sql: &mut Sql) {
        let rows = columns.first().map_or(0, Vec::len);
        if rows > INLINE_LIST_MAX && self.prepare_long_in_rows(table, names, columns, sql) {
            return;
        }
        sql.push("(");
        for r in 0..rows {
            sql.push(if r == 0 { "(" } else { " OR (" });
            for (i, (name, column)) in names.iter().zip(columns).enumerate() {
                sql.push(if i == 0 { "" } else { " AND " }).qualified(table, name).push(" = ").bind_column(name, column[r].clone());
            }
            sql.push(")");
        }
        sql.push(")");
    }

    /// [`QueryBuilder::prepare_in_rows`] for rows past 1,000 values as one parameter (or
    /// one per column); `false` (having written nothing) where they stay placeholders.
    fn prepare_long_in_rows(&self, _table: &str, _names: &[&'static str], _columns: &[Vec<Value>], _sql: &mut Sql) -> bool {
        false
    }

    /// `INSERT …` with its `RETURNING`.
    fn prepare_insert(&self, i: &Insert, sql: &mut Sql) {
        self.prepare_insert_rows(i, sql);
        if let Some(key) = i.returning {
            sql.push(" RETURNING ").qualified(&i.table.name, key);
        }
    }

    /// `INSERT INTO table (columns) VALUES (…), (…) [on conflict]`.
    fn prepare_insert_rows(&self, i: &Insert, sql: &mut Sql) {
        if let Some(model) = i.table.model {
            sql.for_model(model);
        }
        sql.push("INSERT INTO ");
        self.prepare_table(&i.table, sql);
        sql.push(" (");
        // A model of nothing but its generated key gives no column: each row asks for the default.
        let default_row = match (i.columns.is_empty(), i.generated_key, self.generated_key_placeholder()) {
            (true, Some(key), Some(placeholder)) => {
                sql.ident(key);
                Some(placeholder)
            }
            _ => None,
        };
        sql.list(&i.columns, |s, c| {
            s.ident(c);
        });
        sql.push(") VALUES ");
        for (r, row) in i.rows.iter().enumerate() {
            sql.push(if r == 0 { "(" } else { ", (" });
            if let Some(placeholder) = default_row {
                sql.push(placeholder);
            }
            sql.list(i.columns.iter().zip(row), |s, (c, v)| {
                s.bind_column(c, v.clone());
            });
            sql.push(")");
        }
        if let Some(on_conflict) = &i.on_conflict {
            self.prepare_on_conflict(on_conflict, sql);
        }
    }

    /// What a row of an insert that gives no column but its generated key says:
    /// `Some(v)`: `(key) VALUES (v), (v)`; `None`: `() VALUES (), ()`.
    fn generated_key_placeholder(&self) -> Option<&'static str> {
        Some("DEFAULT")
    }

    /// Appends the clause that turns an insert whose keys exist into a no-op, or into an
    /// update of some columns.
    fn prepare_on_conflict(&self, c: &OnConflict, sql: &mut Sql) {
        sql.push(" ON CONFLICT (").list(&c.keys, |s, k| {
            s.ident(k);
        });
        sql.push(")");
        match &c.action {
            ConflictAction::DoNothing => {
                sql.push(" DO NOTHING");
            }
            ConflictAction::Update(columns) => {
                sql.push(" DO UPDATE SET ").list(columns, |s, c| {
                    s.ident(c).push(" = excluded.").ident(c);
                });
            }
        }
    }

    /// `UPDATE … SET … [WHERE …]`.
    fn prepare_update(&self, u: &Update, sql: &mut Sql) {
        if let Some(model) = u.table.model {
            sql.for_model(model);
        }
        self.prepare_update_table(u, sql);
        sql.push(" SET ").list(&u.set, |s, (c, v)| {
            s.ident(c).push(" = ");
            match v {
                SetValue::Value(v) => s.bind_column(c, v.clone()),
                SetValue::Null => s.push("NULL"),
                SetValue::Itself => s.ident(c),
            };
        });
        if let Some(filter) = &u.filter {
            sql.push(" WHERE ");
            condition::prepare_condition(self, filter, u.table.qualifier(), sql);
        }
    }

    /// `UPDATE "table"`.
    fn prepare_update_table(&self, u: &Update, sql: &mut Sql) {
        sql.push("UPDATE ");
        self.prepare_table(&u.table, sql);
    }

    /// `DELETE FROM … [WHERE …]`.
    fn prepare_delete(&self, d: &Delete, sql: &mut Sql) {
        if let Some(model) = d.table.model {
            sql.for_model(model);
        }
        self.prepare_delete_from(d, sql);
        if let Some(filter) = &d.filter {
            sql.push(" WHERE ");
            condition::prepare_condition(self, filter, d.table.qualifier(), sql);
        }
    }

    /// `DELETE FROM "table"`.
    fn prepare_delete_from(&self, d: &Delete, sql: &mut Sql) {
        sql.push("DELETE FROM ");
        self.prepare_table(&d.table, sql);
    }
}
