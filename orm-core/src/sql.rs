//! Building one SQL statement (text plus bound values) and sending it through any executor.

use futures_core::stream::BoxStream;
use sqlx::{AssertSqlSafe, Executor};

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
}

impl Sql {
    /// An empty statement in `dialect`.
    pub fn new(dialect: Dialect) -> Self {
        Sql { dialect, text: String::with_capacity(128), args: Vec::new(), labels: Vec::new(), model: "?" }
    }

    /// A statement of fixed text with no bound values.
    pub(crate) fn raw(dialect: Dialect, text: String) -> Self {
        Sql { dialect, text, args: Vec::new(), labels: Vec::new(), model: "?" }
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

    /// Appends raw SQL (keywords and punctuation only, never user data).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
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

    /// Appends the quoted column names of `M`, qualified by `table` when given.
    pub fn columns<M: Model>(&mut self, table: Option<&str>) -> &mut Self {
        self.list(M::COLUMNS, |s, c| {
            match table {
                Some(t) => s.qualified(t, c.name),
                None => s.ident(c.name),
            };
        })
    }

    fn query<DB: Backend>(self) -> Result<sqlx::query::Query<'static, DB, DB::Arguments>> {
        let mut args = DB::Arguments::default();
        for (n, value) in self.args.iter().enumerate() {
            // Every bound value passes here, so no path can send one the backend would turn
            // into something else (NaN into NULL, a year into "now").
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
            DB::bind(&mut args, value).map_err(|e| Error::Database(sqlx::Error::Encode(e)))?;
        }
        Ok(sqlx::query_with(AssertSqlSafe(self.text), args))
    }

    /// Runs the statement, returning its result (rows affected, last insert id).
    pub async fn execute<'c, E, DB>(self, ex: E) -> Result<<DB as sqlx::Database>::QueryResult>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        Ok(ex.execute(self.query::<DB>()?).await?)
    }

    /// Runs the statement on a connection (e.g. inside a transaction).
    pub async fn execute_on<DB: Backend>(self, conn: &mut DB::Connection) -> Result<DB::QueryResult> {
        Ok(DB::executor(conn).execute(self.query::<DB>()?).await?)
    }

    /// Runs the statement on a connection and decodes each row with `f`.
    pub async fn fetch_map_on<DB: Backend, T, F>(self, conn: &mut DB::Connection, f: F) -> Result<Vec<T>>
    where
        F: FnMut(&DB::Row) -> Result<T, sqlx::Error>,
    {
        decode_each::<DB, _, _>(DB::executor(conn).fetch(self.query::<DB>()?), f).await
    }

    /// Runs the statement on a connection and decodes every row as `M`.
    pub async fn fetch_all_on<DB: Backend, M: Model>(self, conn: &mut DB::Connection) -> Result<Vec<M>> {
        self.fetch_map_on::<DB, _, _>(conn, |row| M::from_row::<DB>(row, 0)).await
    }

    /// Runs the statement and decodes every row as `M`.
    pub async fn fetch_all<'c, M: Model, E, DB>(self, ex: E) -> Result<Vec<M>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let rows = ex.fetch_all(self.query::<DB>()?).await?;
        rows.iter().map(|row| M::from_row::<DB>(row, 0).map_err(Error::from)).collect()
    }

    /// Runs the statement and decodes each row with `f`.
    pub async fn fetch_map<'c, T, E, F, DB>(self, ex: E, f: F) -> Result<Vec<T>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
        F: FnMut(&<DB as sqlx::Database>::Row) -> Result<T, sqlx::Error>,
    {
        decode_each::<DB, _, _>(ex.fetch(self.query::<DB>()?), f).await
    }

    /// Runs the statement and decodes the first row as `M`, if any.
    pub async fn fetch_optional<'c, M: Model, E, DB>(self, ex: E) -> Result<Option<M>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let row = ex.fetch_optional(self.query::<DB>()?).await?;
        Ok(row.map(|row| M::from_row::<DB>(&row, 0)).transpose()?)
    }

    /// Runs the statement and decodes the first column of the first row as `T`.
    pub async fn fetch_scalar<'c, T: Field, E, DB>(self, ex: E) -> Result<T>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let row = ex.fetch_one(self.query::<DB>()?).await?;
        Ok(DB::get::<T>(&row, 0)?)
    }
}

/// Decodes each row as it arrives, so a large result never holds all its driver rows at once
/// (what `fetch_all` and then decoding would do: twice the memory, and slower).
async fn decode_each<DB: Backend, T, F>(mut rows: BoxStream<'_, sqlx::Result<DB::Row>>, mut f: F) -> Result<Vec<T>>
where
    F: FnMut(&DB::Row) -> Result<T, sqlx::Error>,
{
    let mut out = Vec::new();
    while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
        out.push(f(&row?)?);
    }
    Ok(out)
}
