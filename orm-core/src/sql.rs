//! Building one SQL statement (text plus bound values) and sending it through any executor.
//!
//! SQL text enters a statement only as a `&'static str` (a literal in the program) or wrapped in
//! [`AssertSqlSafe`], sqlx's explicit opt-in: a `String` built at run time, which could carry
//! user input, does not compile. Values go in as bound parameters ([`Sql::bind`]), identifiers
//! quoted ([`Sql::ident`]).
//!
//! ```compile_fail,E0597
//! # use orm_core::{Dialect, sql::Sql};
//! let name = String::from("x'; DROP TABLE users; --");
//! let mut sql = Sql::new(Dialect::Sqlite);
//! sql.push("SELECT * FROM users WHERE name = '").push(name.as_str()); // refused: not 'static
//! ```
//!
//! ```compile_fail,E0277
//! # use orm_core::{Dialect, sql::Sql};
//! let mut sql = Sql::new(Dialect::Sqlite);
//! sql.push(format!("SELECT {}", 1)); // refused: a runtime String is not safe SQL
//! ```
//!
//! ```
//! use orm_core::{AssertSqlSafe, Dialect, sql::Sql};
//!
//! let table = "users"; // audited: not user input
//! let mut sql = Sql::new(Dialect::Sqlite);
//! sql.push("SELECT COUNT(*) FROM ").push(AssertSqlSafe(format!("\"{table}\""))).push(" WHERE name = ").bind(orm_core::Value::Text("ada".into()));
//! assert_eq!(sql.text(), "SELECT COUNT(*) FROM \"users\" WHERE name = ?");
//! ```

use std::borrow::Cow;

mod statement;
pub(crate) mod tree;

pub use statement::{Access, Statement};

use sqlx::{AssertSqlSafe, SqlSafeStr};

use crate::dialect::Dialect;
use crate::value::Value;

/// One statement under construction: text in the backend's dialect and its bound values.
#[derive(Debug)]
pub struct Sql {
    pub(crate) dialect: Dialect,
    pub(crate) text: String,
    pub(crate) args: Vec<Value>,
    /// `(index into args, model, column)` of the values bound with [`Sql::bind_column`], so a
    /// value the backend cannot hold is reported by name.
    pub(crate) labels: Vec<(usize, &'static str, &'static str)>,
    pub(crate) model: &'static str,
    /// Arrays bound in one parameter (PostgreSQL), by the index of their stand-in in `args`.
    pub(crate) arrays: Vec<(usize, Vec<Value>)>,
    /// `(table, model)` of the models the statement is about, to name the model in an error.
    pub(crate) models: Vec<(Cow<'static, str>, &'static str)>,
    /// The first value of a list bound as one parameter (an array, or JSON text) that the backend
    /// cannot hold, and why: reported when the statement is bound, before anything is sent.
    pub(crate) refused: Option<Refused>,
}

/// A value of a list bound as one parameter that the backend cannot hold (see
/// [`Sql::check_list`]).
#[derive(Debug)]
pub(crate) struct Refused {
    pub(crate) value: Value,
    pub(crate) reason: &'static str,
    pub(crate) model: &'static str,
    pub(crate) column: &'static str,
}

impl Sql {
    /// An empty statement in `dialect`.
    pub fn new(dialect: Dialect) -> Self {
        Sql {
            dialect,
            text: String::with_capacity(128),
            args: Vec::new(),
            labels: Vec::new(),
            model: "?",
            arrays: Vec::new(),
            models: Vec::new(),
            refused: None,
        }
    }

    /// A statement of fixed text with no bound values.
    pub(crate) fn raw(dialect: Dialect, text: String) -> Self {
        Sql { dialect, text, args: Vec::new(), labels: Vec::new(), model: "?", arrays: Vec::new(), models: Vec::new(), refused: None }
    }

    /// The dialect the text is written in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The SQL text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The values bound so far.
    pub fn args(&self) -> &[Value] {
        &self.args
    }

    /// Appends SQL text: a `&'static str` literal, or a runtime string the caller vouches for by
    /// wrapping it in [`AssertSqlSafe`] (never user data: bind values with [`Sql::bind`]).
    pub fn push(&mut self, sql: impl SqlSafeStr) -> &mut Self {
        self.text.push_str(sql.into_sql_str().as_str());
        self
    }

    /// Appends a quoted identifier.
    pub fn ident(&mut self, name: &str) -> &mut Self {
        self.dialect.quote(name, &mut self.text);
        self
    }

    /// Appends `"table"."column"`.
    pub fn qualified(&mut self, table: &str, column: &str) -> &mut Self {
        self.ident(table).push(".").ident(column)
    }

    /// Appends a placeholder and binds `value` to it.
    pub fn bind(&mut self, value: Value) -> &mut Self {
        self.args.push(value);
        self.dialect.placeholder(self.args.len(), &mut self.text);
        self
    }

    /// Names the model whose columns the following [`Sql::bind_column`] calls bind.
    pub(crate) fn for_model(&mut self, model: &'static str) -> &mut Self {
        self.model = model;
        self
    }

    /// [`Sql::bind`] for a value of `column`, which names it if the backend cannot hold it.
    pub(crate) fn bind_column(&mut self, column: &'static str, value: Value) -> &mut Self {
        self.labels.push((self.args.len(), self.model, column));
        self.bind(value)
    }

    /// [`Sql::about`] for a table under an alias.
    pub(crate) fn about_as(&mut self, table: Cow<'static, str>, model: &'static str) -> &mut Self {
        if !self.models.iter().any(|(t, _)| *t == table) {
            self.models.push((table, model));
        }
        self
    }

    /// Appends a placeholder and binds `values` to it as one array (PostgreSQL). [`Sql::args`]
    /// shows a typed `NULL` in its place.
    pub(crate) fn bind_array(&mut self, column: &'static str, values: Vec<Value>) -> &mut Self {
        let ty = values.first().map_or(crate::value::SqlType::Text, |v| match v {
            Value::Null(t) => *t,
            _ => crate::value::SqlType::Text,
        });
        self.check_list(column, &values);
        self.arrays.push((self.args.len(), values));
        self.bind(Value::Null(ty))
    }

    /// Checks the values of a list bound as one parameter ([`Sql::bind_array`], or JSON text):
    /// the per-value check at binding sees only the one parameter.
    pub(crate) fn check_list(&mut self, column: &'static str, values: &[Value]) {
        if self.refused.is_some() {
            return;
        }
        for value in values {
            if let Err(reason) = self.dialect.check_value(value) {
                self.refused = Some(Refused { value: value.clone(), reason, model: self.model, column });
                return;
            }
        }
    }

    /// Appends `items` separated by `, `, each written by `f`.
    pub fn list<I>(&mut self, items: I, mut f: impl FnMut(&mut Self, I::Item)) -> &mut Self
    where
        I: IntoIterator,
    {
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            f(self, item);
        }
        self
    }
}

/// The steps of rendering a statement that differ per backend, asked of the [`Dialect`] (as
/// sea-query's `QueryBuilder` is): the dialect itself knows no statement.
pub trait Render {
    /// Appends ` LIMIT ? [OFFSET ?]`; an offset alone takes the largest limit the backend accepts.
    fn push_limit(self, sql: &mut Sql, limit: Option<u64>, offset: Option<u64>);
    /// Appends `UPDATE "table"`. MySQL gets the multi-table form (`UPDATE t, (SELECT 1) AS …`):
    /// MariaDB before 11.1 runs an `IN (SELECT …)` of a single-table `UPDATE` once per row, and
    /// only the multi-table form materializes it once (70,000 keys: minutes against a second).
    fn push_update(self, sql: &mut Sql, table: &str);
    /// Appends `DELETE FROM "table"`; on MySQL the multi-table form `DELETE t FROM t`, for the
    /// reason given at [`Render::push_update`].
    fn push_delete_from(self, sql: &mut Sql, table: &str);
    /// Appends what follows a column to match any of `values` (not empty): ` IN (?, ?, …)` for a
    /// short list; else one bound parameter holding the whole list, so that no number of keys
    /// passes the backend's bound-parameter limit (SQLite 32,766, PostgreSQL and MySQL 65,535)
    /// and the statement stays one statement (atomic, with its order and limit intact).
    /// Past 1,000 values PostgreSQL binds one array (` = ANY($1)`), SQLite reads a JSON array
    /// with `json_each`, MySQL/MariaDB with `JSON_TABLE`. Shorter lists stay `IN (…)` on
    /// PostgreSQL too: measured, `= ANY($1)` made the includes of the benchmark 8–18% slower
    /// (many-to-many 500x10: 3.55 ms against 2.98 ms with `IN`).
    fn push_in_list(self, sql: &mut Sql, column: &'static str, values: &[Value]);
    /// Appends `("table"."a", "table"."b") IN (…)` over rows of a composite key given column by
    /// column (`columns[i]` holds column `names[i]` of every row; not empty). Like
    /// [`Render::push_in_list`], a long list is one parameter per column on PostgreSQL
    /// (`unnest` of arrays) and one JSON parameter on SQLite and MySQL; a short one, or one of
    /// types JSON cannot carry, is `(a = ? AND b = ?) OR …`.
    fn push_in_rows(self, sql: &mut Sql, table: &str, names: &[&'static str], columns: &[Vec<Value>]);
    /// Appends the clause that turns an insert whose `keys` pair exists into a no-op, or into an
    /// update of the `update` columns.
    fn push_on_conflict(self, sql: &mut Sql, keys: [&str; 2], update: &[&str]);
}

impl Render for Dialect {
    fn push_limit(self, sql: &mut Sql, limit: Option<u64>, offset: Option<u64>) {
        if limit.is_none() && offset.is_none() {
            return;
        }
        let bound = |n: u64| Value::BigInt(i64::try_from(n).unwrap_or(i64::MAX));
        sql.push(" LIMIT ");
        match (limit, self) {
            (Some(n), _) => sql.bind(bound(n)),
            // MySQL's largest LIMIT is an unsigned 64-bit number; a bound i64 cannot say it.
            (None, Dialect::MySql) => sql.push("18446744073709551615"),
            (None, _) => sql.bind(Value::BigInt(i64::MAX)),
        };
        if let Some(n) = offset {
            sql.push(" OFFSET ").bind(bound(n));
        }
    }

    fn push_update(self, sql: &mut Sql, table: &str) {
        sql.push("UPDATE ").ident(table);
        if self == Dialect::MySql {
            sql.push(", (SELECT 1) AS `__orm_one`");
        }
    }

    fn push_delete_from(self, sql: &mut Sql, table: &str) {
        sql.push("DELETE ");
        if self == Dialect::MySql {
            sql.ident(table).push(" ");
        }
        sql.push("FROM ").ident(table);
    }

    fn push_in_list(self, sql: &mut Sql, column: &'static str, values: &[Value]) {
        if self == Dialect::Postgres && values.len() > INLINE_LIST_MAX {
            sql.push(" = ANY(").bind_array(column, values.to_vec()).push(")");
            return;
        }
        let json = if values.len() > INLINE_LIST_MAX { json_list(values) } else { None };
        let Some((json, kind)) = json else {
            sql.push(" IN (").list(values, |s, v| {
                s.bind_column(column, v.clone());
            });
            sql.push(")");
            return;
        };
        // The JSON text is one parameter: its values are checked one by one here.
        sql.check_list(column, values);
        match self {
            Dialect::Sqlite => {
                sql.push(if kind == JsonKind::Hex {
                    " IN (SELECT unhex(value) FROM json_each("
                } else {
                    " IN (SELECT value FROM json_each("
                });
                sql.bind(Value::Text(json)).push("))");
            }
            _ => {
                sql.push(if kind == JsonKind::Hex { " IN (SELECT UNHEX(v) FROM JSON_TABLE(" } else { " IN (SELECT v FROM JSON_TABLE(" });
                sql.bind(Value::Text(json)).push(", '$[*]' COLUMNS (v ").push(kind.mysql_type());
                sql.push(" PATH '$')) AS `__orm_list`)");
            }
        }
    }

    fn push_in_rows(self, sql: &mut Sql, table: &str, names: &[&'static str], columns: &[Vec<Value>]) {
        let rows = columns.first().map_or(0, Vec::len);
        let json = match self {
            Dialect::Sqlite | Dialect::MySql if rows > INLINE_LIST_MAX => json_rows(columns),
            _ => None,
        };
        let arrays = self == Dialect::Postgres && rows > INLINE_LIST_MAX;
        if json.is_none() && !arrays {
            sql.push("(");
            for r in 0..rows {
                sql.push(if r == 0 { "(" } else { " OR (" });
                for (i, (name, column)) in names.iter().zip(columns).enumerate() {
                    sql.push(if i == 0 { "" } else { " AND " }).qualified(table, name).push(" = ").bind_column(name, column[r].clone());
                }
                sql.push(")");
            }
            sql.push(")");
            return;
        }
        if json.is_some() {
            for (name, column) in names.iter().zip(columns) {
                sql.check_list(name, column);
            }
        }
        sql.push("(").list(names, |s, name| {
            s.qualified(table, name);
        });
        sql.push(") IN (SELECT ");
        match (self, json) {
            (Dialect::Sqlite, Some((json, kinds))) => {
                for (i, kind) in kinds.iter().enumerate() {
                    sql.push(if i == 0 { "" } else { ", " });
                    sql.push(if *kind == JsonKind::Hex { "unhex(value ->> " } else { "(value ->> " });
                    sql.push(AssertSqlSafe(i.to_string())).push(")");
                }
                sql.push(" FROM json_each(").bind(Value::Text(json)).push("))");
            }
            (_, Some((json, kinds))) => {
                for (i, kind) in kinds.iter().enumerate() {
                    sql.push(if i == 0 { "" } else { ", " });
                    sql.push(if *kind == JsonKind::Hex { "UNHEX(c" } else { "(c" }).push(AssertSqlSafe(i.to_string())).push(")");
                }
                sql.push(" FROM JSON_TABLE(").bind(Value::Text(json)).push(", '$[*]' COLUMNS (");
                for (i, kind) in kinds.iter().enumerate() {
                    sql.push(if i == 0 { "c" } else { ", c" }).push(AssertSqlSafe(i.to_string())).push(" ").push(kind.mysql_type());
                    sql.push(" PATH '$[").push(AssertSqlSafe(i.to_string())).push("]'");
                }
                sql.push(")) AS `__orm_list`)");
            }
            (_, None) => {
                sql.push("* FROM unnest(").list(names.iter().zip(columns), |s, (name, c)| {
                    s.bind_array(name, c.clone());
                });
                sql.push("))");
            }
        }
    }

    fn push_on_conflict(self, sql: &mut Sql, keys: [&str; 2], update: &[&str]) {
        match self {
            Dialect::MySql => {
                sql.push(" ON DUPLICATE KEY UPDATE ");
                if update.is_empty() {
                    sql.ident(keys[0]).push(" = ").ident(keys[0]);
                } else {
                    sql.list(update, |s, c| {
                        s.ident(c).push(" = VALUES(").ident(c).push(")");
                    });
                }
            }
            Dialect::Sqlite | Dialect::Postgres => {
                sql.push(" ON CONFLICT (").ident(keys[0]).push(", ").ident(keys[1]).push(")");
                if update.is_empty() {
                    sql.push(" DO NOTHING");
                } else {
                    sql.push(" DO UPDATE SET ").list(update, |s, c| {
                        s.ident(c).push(" = excluded.").ident(c);
                    });
                }
            }
        }
    }
}

/// Lists up to this long are written as placeholders, longer ones as one JSON parameter (SQLite,
/// MySQL): short lists keep the plain `IN` the planners know best, and a statement with a few of
/// them stays far below the parameter limit.
const INLINE_LIST_MAX: usize = 1_000;

/// How a list's values are written in its JSON array.
#[derive(Clone, Copy, PartialEq, Eq)]
enum JsonKind {
    Int,
    Float,
    Text,
    /// Bytes as a hex string, turned back into bytes by the database (`unhex`).
    Hex,
}

/// `values` as a JSON array the database reads back as values equal to what binding each would
/// give, or `None` for types where that cannot be promised here (dates and times, whose text form
/// is the driver's business; JSON; non-finite floats): those stay placeholders.
fn json_list(values: &[Value]) -> Option<(String, JsonKind)> {
    let mut kind = None;
    let items = values.iter().map(|v| json_item(v, &mut kind)).collect::<Option<Vec<_>>>()?;
    Some((serde_json::Value::Array(items).to_string(), kind.unwrap_or(JsonKind::Int)))
}

/// Rows of keys, given column by column, as a JSON array of arrays, with each column's kind.
fn json_rows(columns: &[Vec<Value>]) -> Option<(String, Vec<JsonKind>)> {
    let mut kinds = vec![None; columns.len()];
    let rows = columns.first().map_or(0, Vec::len);
    let mut out = Vec::with_capacity(rows);
    for r in 0..rows {
        let row = columns.iter().zip(&mut kinds).map(|(c, k)| json_item(&c[r], k)).collect::<Option<Vec<_>>>()?;
        out.push(serde_json::Value::Array(row));
    }
    Some((serde_json::Value::Array(out).to_string(), kinds.into_iter().map(|k| k.unwrap_or(JsonKind::Int)).collect()))
}

/// One value in JSON; `kind` is the kind its list has so far (a list mixing kinds is refused).
fn json_item(v: &Value, kind: &mut Option<JsonKind>) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    let (item, k) = match v {
        Value::Null(_) => return Some(J::Null),
        Value::Bool(b) => (J::from(i64::from(*b)), JsonKind::Int),
        Value::SmallInt(i) => (J::from(*i), JsonKind::Int),
        Value::Int(i) => (J::from(*i), JsonKind::Int),
        Value::BigInt(i) => (J::from(*i), JsonKind::Int),
        // An f32 is bound as the f64 it widens to, and compared as such.
        Value::Real(f) => (J::from(serde_json::Number::from_f64(f64::from(*f))?), JsonKind::Float),
        Value::Double(f) => (J::from(serde_json::Number::from_f64(*f)?), JsonKind::Float),
        Value::Text(t) => (J::from(t.as_str()), JsonKind::Text),
        Value::Bytes(b) => (J::from(hex(b)), JsonKind::Hex),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => (J::from(hex(u.as_bytes())), JsonKind::Hex),
        #[allow(unreachable_patterns)]
        _ => return None,
    };
    if kind.is_some_and(|seen| seen != k) {
        return None;
    }
    *kind = Some(k);
    Some(item)
}

impl JsonKind {
    /// The column type of a MySQL `JSON_TABLE` reading this kind.
    fn mysql_type(self) -> &'static str {
        match self {
            JsonKind::Int => "BIGINT",
            JsonKind::Float => "DOUBLE",
            JsonKind::Text | JsonKind::Hex => "LONGTEXT",
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}
