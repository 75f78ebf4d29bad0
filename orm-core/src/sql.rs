//! Statements: as plain data ([`Statement`] over [`Select`], [`Insert`], [`Update`], [`Delete`],
//! [`SchemaChange`]), rendered per backend by a [`QueryBuilder`] into [`Sql`], the text plus bound
//! values that is sent (and the builder of hand-written SQL).
//!
//! SQL text enters a statement only as a `&'static str` (a literal in the program) or wrapped in
//! [`AssertSqlSafe`], the explicit opt-in: a `String` built at run time, which could carry
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

mod catalog;
mod delete;
mod insert;
pub(crate) mod literal;
mod render;
mod safe;
mod schema_change;
mod select;
pub(crate) mod spelling;
mod statement;
pub(crate) mod tree;
pub use tree::ListOf;
mod update;

pub use catalog::Catalog;
pub(crate) use catalog::sqlite_check_names;
pub use delete::Delete;
pub use insert::{ConflictAction, Insert, OnConflict};
#[cfg(feature = "mysql")]
pub(crate) use render::MYSQL_STRICT_SESSION;
pub use render::{MySqlBuilder, PostgresBuilder, QueryBuilder, SchemaBuilder, SqliteBuilder, builder};
pub use safe::{AssertSqlSafe, SqlSafeStr};
pub use schema_change::{CheckSpec, ColumnSpec, CreateTable, FkAction, ForeignKeySpec, IndexSpec, SchemaChange};
pub use select::{ColumnRef, Dir, Join, JoinKind, Lock, Name, OrderBy, Select, SelectItem, TableRef, col};
pub use statement::{Access, Statement};
pub use update::{SetValue, Update};

use crate::dialect::Dialect;
use crate::value::Value;

/// One statement under construction: text in the backend's dialect and its bound values.
#[derive(Clone, Debug)]
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
#[derive(Clone, Debug)]
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
        self.text.push_str(sql.as_sql_str());
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

    /// Refuses the statement: it is not sent, and running it is [`Error::UnsupportedValue`]
    /// (`crate::Error`) naming `column` of the current model (the first refusal is kept).
    pub(crate) fn refuse(&mut self, column: &'static str, value: &Value, reason: &'static str) {
        if self.refused.is_none() {
            self.refused = Some(Refused { value: value.clone(), reason, model: self.model, column });
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
