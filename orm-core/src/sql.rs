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

use futures_core::stream::BoxStream;
use sqlx::{AssertSqlSafe, Executor, SqlSafeStr};

use crate::dialect::{Backend, Dialect};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::value::{Field, Value};

/// One statement under construction: text in the backend's dialect and its bound values.
#[derive(Debug)]
pub struct Sql {
    dialect: Dialect,
    text: String,
    args: Vec<Value>,
    /// `(index into args, model, column)` of the values bound with [`Sql::bind_column`], so a
    /// value the backend cannot hold is reported by name.
    labels: Vec<(usize, &'static str, &'static str)>,
    model: &'static str,
    /// Arrays bound in one parameter (PostgreSQL), by the index of their stand-in in `args`.
    arrays: Vec<(usize, Vec<Value>)>,
    /// `(table, model)` of the models the statement is about, to name the model in an error.
    models: Vec<(Cow<'static, str>, &'static str)>,
    /// The first value of a list bound as one parameter (an array, or JSON text) that the backend
    /// cannot hold, and why: reported by [`Sql::query`] before anything is sent.
    refused: Option<Refused>,
}

/// A value of a list bound as one parameter that the backend cannot hold (see
/// [`Sql::check_list`]).
#[derive(Debug)]
struct Refused {
    value: Value,
    reason: &'static str,
    model: &'static str,
    column: &'static str,
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

    /// Notes that the statement reads or writes `M`'s table, so that a column the database does
    /// not know is reported with the model's name ([`Error::UnknownColumn`]).
    pub(crate) fn about<M: Model>(&mut self) -> &mut Self {
        self.about_as(Cow::Borrowed(M::TABLE), M::MODEL)
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
    /// the per-value check of [`Sql::query`] sees only the one parameter.
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

    /// Appends the column names of `M`, each qualified by `table` (its table or an alias): SQLite
    /// reads an unqualified `"title"` that names no column as the string `'title'`, a qualified
    /// one is an error.
    pub fn columns<M: Model>(&mut self, table: &str) -> &mut Self {
        self.about::<M>();
        self.list(M::COLUMNS, |s, c| {
            s.qualified(table, c.name);
        })
    }

    fn query<DB: Backend>(self) -> Result<sqlx::query::Query<'static, DB, DB::Arguments>> {
        let mut args = DB::Arguments::default();
        if let Some(Refused { value, reason, model, column }) = &self.refused {
            return Err(Error::UnsupportedValue {
                model,
                column,
                kind: value.sql_type(),
                value: value.to_string(),
                backend: self.dialect,
                reason,
            });
        }
        let mut arrays = self.arrays.iter().peekable();
        for (n, value) in self.args.iter().enumerate() {
            let bound = match arrays.next_if(|(at, _)| *at == n) {
                // Its values were checked when it was bound (`check_list`).
                Some((_, values)) => DB::bind_array(&mut args, values),
                None => {
                    // Every bound value passes here, so no path can send one the backend would
                    // turn into something else (NaN into NULL, a year into "now").
                    if let Err(reason) = self.dialect.check_value(value) {
                        let (model, column) = match self.labels.binary_search_by_key(&n, |l| l.0) {
                            Ok(i) => (self.labels[i].1, self.labels[i].2),
                            Err(_) => ("?", "?"),
                        };
                        return Err(Error::UnsupportedValue {
                            model,
                            column,
                            kind: value.sql_type(),
                            value: value.to_string(),
                            backend: self.dialect,
                            reason,
                        });
                    }
                    DB::bind(&mut args, value)
                }
            };
            bound.map_err(|e| Error::Database(sqlx::Error::Encode(e)))?;
        }
        Ok(sqlx::query_with(AssertSqlSafe(self.text), args))
    }

    /// Runs the statement, returning its result (rows affected, last insert id).
    pub async fn execute<'c, E, DB>(mut self, ex: E) -> Result<<DB as sqlx::Database>::QueryResult>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let models = std::mem::take(&mut self.models);
        let result = async move { Ok(ex.execute(self.query::<DB>()?).await?) }.await;
        attribute(&models, result)
    }

    /// Runs the statement on a connection (e.g. inside a transaction).
    pub async fn execute_on<DB: Backend>(mut self, conn: &mut DB::Connection) -> Result<DB::QueryResult> {
        let models = std::mem::take(&mut self.models);
        let result = async move { Ok(DB::executor(conn).execute(self.query::<DB>()?).await?) }.await;
        attribute(&models, result)
    }

    /// Runs the statement on a connection and decodes each row with `f`.
    pub async fn fetch_map_on<DB: Backend, T, F>(mut self, conn: &mut DB::Connection, f: F) -> Result<Vec<T>>
    where
        F: FnMut(&DB::Row) -> Result<T, sqlx::Error>,
    {
        let models = std::mem::take(&mut self.models);
        let result = async move { decode_each::<DB, _, _, _>(DB::executor(conn).fetch(self.query::<DB>()?), f).await }.await;
        attribute(&models, result)
    }

    /// Runs the statement on a connection and decodes every row as `M`, matching the model's
    /// columns to the result's by name (see [`Sql::fetch_all`]).
    pub async fn fetch_all_on<DB: Backend, M: Model>(mut self, conn: &mut DB::Connection) -> Result<Vec<M>> {
        let models = std::mem::take(&mut self.models);
        let result = async move {
            let mut by_name = ByName::<M>::new();
            decode_each::<DB, _, _, _>(DB::executor(conn).fetch(self.query::<DB>()?), |row| by_name.decode::<DB>(row)).await
        }
        .await;
        attribute(&models, result)
    }

    /// Runs the statement and decodes every row as `M`.
    ///
    /// The model's columns are found in the result by name (once per statement, from its first
    /// row), so a hand-written `SELECT` may list them in any order, alongside others. A column
    /// the result lacks is [`Error::MissingColumn`], one it has twice [`Error::AmbiguousColumn`].
    ///
    /// ```
    /// use orm_core::{Model, Schema, sql::Sql};
    ///
    /// #[derive(Model, Debug)]
    /// struct User { id: i64, first: String, last: String }
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let pool = orm_core::sqlite::memory().await?;
    /// Schema::new().model::<User>().sync(&pool).await?;
    /// User { id: 0, first: "Ada".into(), last: "Lovelace".into() }.insert(&pool).await?;
    /// let mut sql = Sql::new(orm_core::Dialect::Sqlite);
    /// sql.push("SELECT last, first, id FROM users");
    /// let users: Vec<User> = sql.fetch_all(&pool).await?;
    /// assert_eq!((users[0].first.as_str(), users[0].last.as_str()), ("Ada", "Lovelace"));
    /// # Ok::<(), orm_core::Error>(()) }).unwrap();
    /// ```
    pub async fn fetch_all<'c, M: Model, E, DB>(mut self, ex: E) -> Result<Vec<M>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let models = std::mem::take(&mut self.models);
        let result = async move {
            let mut by_name = ByName::<M>::new();
            decode_each::<DB, _, _, _>(ex.fetch(self.query::<DB>()?), |row| by_name.decode::<DB>(row)).await
        }
        .await;
        attribute(&models, result)
    }

    /// Runs a statement the ORM built with `M`'s columns first, in [`Model::COLUMNS`] order, and
    /// decodes every row by position (no name lookup).
    pub(crate) async fn fetch_models<'c, M: Model, E, DB>(mut self, ex: E) -> Result<Vec<M>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let models = std::mem::take(&mut self.models);
        let result = async move { decode_each::<DB, _, _, _>(ex.fetch(self.query::<DB>()?), |row| M::from_row::<DB>(row, 0)).await }.await;
        attribute(&models, result)
    }

    /// [`Sql::fetch_models`] on a connection.
    pub(crate) async fn fetch_models_on<DB: Backend, M: Model>(mut self, conn: &mut DB::Connection) -> Result<Vec<M>> {
        let models = std::mem::take(&mut self.models);
        let result = async move { self.fetch_map_on::<DB, _, _>(conn, |row| M::from_row::<DB>(row, 0)).await }.await;
        attribute(&models, result)
    }

    /// [`Sql::fetch_models`] for the first row, if any.
    pub(crate) async fn fetch_model<'c, M: Model, E, DB>(mut self, ex: E) -> Result<Option<M>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let models = std::mem::take(&mut self.models);
        let result = async move {
            let row = ex.fetch_optional(self.query::<DB>()?).await?;
            Ok(row.map(|row| M::from_row::<DB>(&row, 0)).transpose()?)
        }
        .await;
        attribute(&models, result)
    }

    /// Runs the statement and decodes each row with `f`.
    pub async fn fetch_map<'c, T, E, F, DB>(mut self, ex: E, f: F) -> Result<Vec<T>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
        F: FnMut(&<DB as sqlx::Database>::Row) -> Result<T, sqlx::Error>,
    {
        let models = std::mem::take(&mut self.models);
        let result = async move { decode_each::<DB, _, _, _>(ex.fetch(self.query::<DB>()?), f).await }.await;
        attribute(&models, result)
    }

    /// Runs the statement and decodes the first row as `M`, if any, matching columns by name
    /// (see [`Sql::fetch_all`]).
    pub async fn fetch_optional<'c, M: Model, E, DB>(mut self, ex: E) -> Result<Option<M>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let models = std::mem::take(&mut self.models);
        let result = async move {
            let row = ex.fetch_optional(self.query::<DB>()?).await?;
            row.map(|row| ByName::<M>::new().decode::<DB>(&row)).transpose()
        }
        .await;
        attribute(&models, result)
    }

    /// Runs the statement and decodes the first column of the first row as `T`.
    pub async fn fetch_scalar<'c, T: Field, E, DB>(mut self, ex: E) -> Result<T>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let models = std::mem::take(&mut self.models);
        let result = async move {
            let row = ex.fetch_one(self.query::<DB>()?).await?;
            Ok(DB::get::<T>(&row, 0)?)
        }
        .await;
        attribute(&models, result)
    }
}

/// Names the model in an [`Error::UnknownColumn`] of a statement about `models`: the one whose
/// table qualifies the column (`posts.title`), or the only one when the database names the column
/// alone (the target of `UPDATE … SET`, an `INSERT` column list).
fn attribute<T>(models: &[(Cow<'static, str>, &'static str)], result: Result<T>) -> Result<T> {
    match result {
        Err(Error::UnknownColumn { model: None, column, source }) => {
            let model = match column.rsplit_once('.') {
                Some((table, _)) => models.iter().find(|(t, _)| table.rsplit('.').next() == Some(t)).map(|(_, m)| *m),
                None if models.len() == 1 => Some(models[0].1),
                None => None,
            };
            Err(Error::UnknownColumn { model, column, source })
        }
        other => other,
    }
}

/// Decodes each row as it arrives, so a large result never holds all its driver rows at once
/// (what `fetch_all` and then decoding would do: twice the memory, and slower).
async fn decode_each<DB: Backend, T, X, F>(mut rows: BoxStream<'_, sqlx::Result<DB::Row>>, mut f: F) -> Result<Vec<T>>
where
    F: FnMut(&DB::Row) -> Result<T, X>,
    Error: From<X>,
{
    let mut out = Vec::new();
    while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
        out.push(f(&row?)?);
    }
    Ok(out)
}

/// Decodes rows of a hand-written statement as `M`, finding each model column in the result by
/// name. The names are looked up once, on the first row: every row of a statement has the same
/// columns.
struct ByName<M> {
    positions: Option<Vec<usize>>,
    _m: std::marker::PhantomData<fn() -> M>,
}

impl<M: Model> ByName<M> {
    fn new() -> Self {
        ByName { positions: None, _m: std::marker::PhantomData }
    }

    fn decode<DB: Backend>(&mut self, row: &DB::Row) -> Result<M> {
        let positions = match &self.positions {
            Some(p) => p,
            None => self.positions.insert(positions::<M, DB>(row)?),
        };
        Ok(M::from_row_at::<DB>(row, |i| positions[i])?)
    }
}

/// Where each column of `M` is in `row`: an exact name match, else one that differs only in
/// ASCII case (SQLite and MySQL hand back names as the query spelled them).
fn positions<M: Model, DB: Backend>(row: &DB::Row) -> Result<Vec<usize>> {
    use sqlx::{Column as _, Row as _};
    let names: Vec<&str> = row.columns().iter().map(|c| c.name()).collect();
    M::COLUMNS
        .iter()
        .map(|c| {
            let find = |eq: &dyn Fn(&str) -> bool| {
                let mut hits = names.iter().enumerate().filter(|(_, n)| eq(n)).map(|(i, _)| i);
                (hits.next(), hits.next())
            };
            let found = match find(&|n| n == c.name) {
                (None, _) => find(&|n| n.eq_ignore_ascii_case(c.name)),
                exact => exact,
            };
            match found {
                (Some(i), None) => Ok(i),
                (None, _) => Err(Error::MissingColumn { model: M::MODEL, column: c.name }),
                (Some(_), Some(_)) => Err(Error::AmbiguousColumn { model: M::MODEL, column: c.name }),
            }
        })
        .collect()
}
