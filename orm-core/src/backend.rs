//! The only layer that speaks sqlx: the [`Backend`] trait over sqlx's databases, binding a
//! [`Value`], decoding a column, and running a [`Sql`] statement. Everything below it is data
//! and text; everything above it reaches the driver through it.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use futures_core::stream::BoxStream;
use sqlx::{AssertSqlSafe, Executor};

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::sql::{Refused, Sql};
use crate::value::{SqlType, Value};

mod field;

pub use field::{Field, Key, PrimaryKey};

/// Binds `values` as one PostgreSQL array of their type (`NULL`s kept).
#[cfg(feature = "postgres")]
fn bind_pg_array(args: &mut sqlx::postgres::PgArguments, values: &[Value]) -> Result<(), sqlx::error::BoxDynError> {
    use sqlx::Arguments as _;
    let ty = values.iter().find_map(|v| match v {
        Value::Null(_) => None,
        v => Some(v),
    });
    macro_rules! array {
        ($variant:ident, |$x:ident| $conv:expr) => {{
            let mut out = Vec::with_capacity(values.len());
            for v in values {
                out.push(match v {
                    Value::$variant($x) => Some($conv),
                    Value::Null(_) => None,
                    other => return Err(format!("a list mixes value types ({other:?})").into()),
                });
            }
            args.add(out)
        }};
    }
    match ty.unwrap_or(&values[0]) {
        Value::Null(t) => match t {
            SqlType::Bool => args.add(vec![None::<bool>; values.len()]),
            SqlType::SmallInt => args.add(vec![None::<i16>; values.len()]),
            SqlType::Int => args.add(vec![None::<i32>; values.len()]),
            SqlType::BigInt => args.add(vec![None::<i64>; values.len()]),
            SqlType::Real => args.add(vec![None::<f32>; values.len()]),
            SqlType::Double => args.add(vec![None::<f64>; values.len()]),
            SqlType::Bytes => args.add(vec![None::<Vec<u8>>; values.len()]),
            #[cfg(feature = "uuid")]
            SqlType::Uuid => args.add(vec![None::<uuid::Uuid>; values.len()]),
            _ => args.add(vec![None::<String>; values.len()]),
        },
        Value::Bool(_) => array!(Bool, |x| *x),
        Value::SmallInt(_) => array!(SmallInt, |x| *x),
        Value::Int(_) => array!(Int, |x| *x),
        Value::BigInt(_) => array!(BigInt, |x| *x),
        Value::Real(_) => array!(Real, |x| *x),
        Value::Double(_) => array!(Double, |x| *x),
        Value::Text(_) => array!(Text, |x| x.as_str()),
        Value::Bytes(_) => array!(Bytes, |x| x.as_slice()),
        #[cfg(feature = "chrono")]
        Value::Date(_) => array!(Date, |x| *x),
        #[cfg(feature = "chrono")]
        Value::Time(_) => array!(Time, |x| *x),
        #[cfg(feature = "chrono")]
        Value::DateTime(_) => array!(DateTime, |x| *x),
        #[cfg(feature = "chrono")]
        Value::DateTimeUtc(_) => array!(DateTimeUtc, |x| *x),
        #[cfg(feature = "uuid")]
        Value::Uuid(_) => array!(Uuid, |x| *x),
        #[cfg(feature = "json")]
        Value::Json(_) => array!(Json, |x| x.clone()),
        #[allow(unreachable_patterns)]
        other => Err(format!("no PostgreSQL array for {other:?}").into()),
    }
}

/// Only PostgreSQL binds arrays; the others are never asked ([`Render::push_in_list`](crate::sql::Render::push_in_list)).
#[allow(dead_code)]
fn no_arrays<A>(_: &mut A, _: &[Value]) -> Result<(), sqlx::error::BoxDynError> {
    Err("arrays are bound on PostgreSQL only".into())
}

/// A sqlx database this crate can drive: [`sqlx::Sqlite`], [`sqlx::Postgres`] and
/// [`sqlx::MySql`] (each behind the crate feature of the same name).
pub trait Backend: sqlx::Database<Arguments: sqlx::IntoArguments<Self>> + LoadOn {
    /// The SQL dialect spoken.
    const DIALECT: Dialect;
    /// Appends one bound parameter.
    fn bind(args: &mut Self::Arguments, value: &Value) -> Result<(), sqlx::error::BoxDynError>;
    /// Decodes column `index` of `row`.
    fn get<T: Field>(row: &Self::Row, index: usize) -> Result<T, sqlx::Error>;
    /// Decodes column `index` of `row` as a [`Value`] of type `ty`.
    fn decode_value(row: &Self::Row, index: usize, ty: SqlType) -> Result<Value, sqlx::Error> {
        macro_rules! get {
            ($t:ty) => {
                Self::get::<Option<$t>>(row, index)?.map(|v| v.to_value())
            };
        }
        Ok(match ty {
            SqlType::Bool => get!(bool),
            SqlType::SmallInt => get!(i16),
            SqlType::Int => get!(i32),
            SqlType::BigInt => get!(i64),
            SqlType::Real => get!(f32),
            SqlType::Double => get!(f64),
            SqlType::Text => get!(String),
            SqlType::Bytes => get!(Vec<u8>),
            #[cfg(feature = "chrono")]
            SqlType::Date => get!(chrono::NaiveDate),
            #[cfg(feature = "chrono")]
            SqlType::Time => get!(chrono::NaiveTime),
            #[cfg(feature = "chrono")]
            SqlType::DateTime => get!(chrono::NaiveDateTime),
            #[cfg(feature = "chrono")]
            SqlType::DateTimeUtc => get!(chrono::DateTime<chrono::Utc>),
            #[cfg(feature = "uuid")]
            SqlType::Uuid => get!(uuid::Uuid),
            #[cfg(feature = "json")]
            SqlType::Json => get!(serde_json::Value),
            #[allow(unreachable_patterns)]
            _ => get!(String),
        }
        .unwrap_or(Value::Null(ty)))
    }
    /// Appends `values` as one array parameter (PostgreSQL only, see [`Render::push_in_list`](crate::sql::Render::push_in_list)).
    fn bind_array(args: &mut Self::Arguments, values: &[Value]) -> Result<(), sqlx::error::BoxDynError>;
    /// The key the last `INSERT` generated (backends without `RETURNING`).
    fn last_insert_id(result: &Self::QueryResult) -> i64;
    /// How many rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;
    /// A connection as an executor.
    type Executor<'c>: sqlx::Executor<'c, Database = Self>;
    /// A connection as an executor (spares callers a higher-ranked bound).
    fn executor(conn: &mut Self::Connection) -> Self::Executor<'_>;
}

/// A boxed `Send` future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A job with one method per backend, for callers that hold it as a trait object (an include's
/// loader): a method generic over the backend would not be object-safe. Generic code over
/// `DB: Backend` reaches the right method through [`LoadOn`].
#[doc(hidden)]
pub trait PerBackend<S> {
    /// Loads the job's rows for `parents` (SQLite).
    #[cfg(feature = "sqlite")]
    fn load_sqlite<'a>(&'a self, conn: &'a mut sqlx::SqliteConnection, parents: &'a mut [S]) -> BoxFuture<'a, Result<()>>;
    /// Loads the job's rows for `parents` (PostgreSQL).
    #[cfg(feature = "postgres")]
    fn load_postgres<'a>(&'a self, conn: &'a mut sqlx::PgConnection, parents: &'a mut [S]) -> BoxFuture<'a, Result<()>>;
    /// Loads the job's rows for `parents` (MariaDB/MySQL).
    #[cfg(feature = "mysql")]
    fn load_mysql<'a>(&'a self, conn: &'a mut sqlx::MySqlConnection, parents: &'a mut [S]) -> BoxFuture<'a, Result<()>>;
    /// Hands what `row` holds at `offset` to `parent` (SQLite).
    #[cfg(feature = "sqlite")]
    fn attach_joined_sqlite(&self, row: &sqlx::sqlite::SqliteRow, offset: usize, parent: &mut S) -> Result<(), sqlx::Error>;
    /// Hands what `row` holds at `offset` to `parent` (PostgreSQL).
    #[cfg(feature = "postgres")]
    fn attach_joined_postgres(&self, row: &sqlx::postgres::PgRow, offset: usize, parent: &mut S) -> Result<(), sqlx::Error>;
    /// Hands what `row` holds at `offset` to `parent` (MariaDB/MySQL).
    #[cfg(feature = "mysql")]
    fn attach_joined_mysql(&self, row: &sqlx::mysql::MySqlRow, offset: usize, parent: &mut S) -> Result<(), sqlx::Error>;
}

/// Picks a backend's method of a [`PerBackend`] job (implemented by each backend).
#[doc(hidden)]
pub trait LoadOn: sqlx::Database {
    /// Runs the backend's load method of `job`.
    fn load_include<'a, S>(job: &'a dyn PerBackend<S>, conn: &'a mut Self::Connection, parents: &'a mut [S]) -> BoxFuture<'a, Result<()>>;
    /// Runs the backend's attach method of `job`.
    fn attach_joined<S>(job: &dyn PerBackend<S>, row: &Self::Row, offset: usize, parent: &mut S) -> Result<(), sqlx::Error>;
}

/// Decodes the column types on every enabled backend. Blanket-implemented; it only turns the
/// backend features into bounds on [`Field`].
#[doc(hidden)]
pub trait DecodeOnAll: OnSqlite + OnPostgres + OnMySql {}
impl<T: OnSqlite + OnPostgres + OnMySql> DecodeOnAll for T {}

macro_rules! backend {
    ($feature:literal, $on:ident, $db:ty, $dialect:ident, $bind_array:ident, $load:ident, $attach:ident, |$r:ident| $last_id:expr) => {
        #[cfg(feature = $feature)]
        impl LoadOn for $db {
            fn load_include<'a, S>(
                job: &'a dyn PerBackend<S>,
                conn: &'a mut Self::Connection,
                parents: &'a mut [S],
            ) -> BoxFuture<'a, Result<()>> {
                job.$load(conn, parents)
            }
            fn attach_joined<S>(job: &dyn PerBackend<S>, row: &Self::Row, offset: usize, parent: &mut S) -> Result<(), sqlx::Error> {
                job.$attach(row, offset, parent)
            }
        }

        #[doc(hidden)]
        #[cfg(feature = $feature)]
        pub trait $on: for<'r> sqlx::Decode<'r, $db> + sqlx::Type<$db> {}
        #[cfg(feature = $feature)]
        impl<T: for<'r> sqlx::Decode<'r, $db> + sqlx::Type<$db>> $on for T {}
        #[doc(hidden)]
        #[cfg(not(feature = $feature))]
        pub trait $on {}
        #[cfg(not(feature = $feature))]
        impl<T> $on for T {}

        #[cfg(feature = $feature)]
        impl Backend for $db {
            const DIALECT: Dialect = Dialect::$dialect;

            fn bind(args: &mut Self::Arguments, value: &Value) -> Result<(), sqlx::error::BoxDynError> {
                use sqlx::Arguments as _;
                match value {
                    Value::Null(ty) => match ty {
                        SqlType::Bool => args.add(None::<bool>),
                        SqlType::SmallInt => args.add(None::<i16>),
                        SqlType::Int => args.add(None::<i32>),
                        SqlType::BigInt => args.add(None::<i64>),
                        SqlType::Real => args.add(None::<f32>),
                        SqlType::Double => args.add(None::<f64>),
                        SqlType::Text => args.add(None::<&str>),
                        SqlType::Bytes => args.add(None::<&[u8]>),
                        #[cfg(feature = "chrono")]
                        SqlType::Date => args.add(None::<chrono::NaiveDate>),
                        #[cfg(feature = "chrono")]
                        SqlType::Time => args.add(None::<chrono::NaiveTime>),
                        #[cfg(feature = "chrono")]
                        SqlType::DateTime => args.add(None::<chrono::NaiveDateTime>),
                        #[cfg(feature = "chrono")]
                        SqlType::DateTimeUtc => args.add(None::<chrono::DateTime<chrono::Utc>>),
                        #[cfg(feature = "uuid")]
                        SqlType::Uuid => args.add(None::<uuid::Uuid>),
                        #[cfg(feature = "json")]
                        SqlType::Json => args.add(None::<serde_json::Value>),
                        #[allow(unreachable_patterns)]
                        _ => args.add(None::<&str>),
                    },
                    Value::Bool(v) => args.add(*v),
                    Value::SmallInt(v) => args.add(*v),
                    Value::Int(v) => args.add(*v),
                    Value::BigInt(v) => args.add(*v),
                    Value::Real(v) => args.add(*v),
                    Value::Double(v) => args.add(*v),
                    Value::Text(v) => args.add(v.as_str()),
                    Value::Bytes(v) => args.add(v.as_slice()),
                    #[cfg(feature = "chrono")]
                    Value::Date(v) => args.add(*v),
                    #[cfg(feature = "chrono")]
                    Value::Time(v) => args.add(*v),
                    #[cfg(feature = "chrono")]
                    Value::DateTime(v) => args.add(*v),
                    #[cfg(feature = "chrono")]
                    Value::DateTimeUtc(v) if Self::DIALECT.binds_instant_as_utc_datetime() => args.add(v.naive_utc()),
                    #[cfg(feature = "chrono")]
                    Value::DateTimeUtc(v) => args.add(*v),
                    #[cfg(feature = "uuid")]
                    Value::Uuid(v) => args.add(*v),
                    #[cfg(feature = "json")]
                    Value::Json(v) => args.add(v),
                }
            }

            fn get<T: Field>(row: &Self::Row, index: usize) -> Result<T, sqlx::Error> {
                sqlx::Row::try_get(row, index)
            }

            fn bind_array(args: &mut Self::Arguments, values: &[Value]) -> Result<(), sqlx::error::BoxDynError> {
                $bind_array(args, values)
            }

            fn last_insert_id($r: &Self::QueryResult) -> i64 {
                $last_id
            }

            fn rows_affected(result: &Self::QueryResult) -> u64 {
                result.rows_affected()
            }

            type Executor<'c> = &'c mut <$db as sqlx::Database>::Connection;

            fn executor(conn: &mut Self::Connection) -> Self::Executor<'_> {
                conn
            }
        }
    };
}

backend!("sqlite", OnSqlite, sqlx::Sqlite, Sqlite, no_arrays, load_sqlite, attach_joined_sqlite, |r| r.last_insert_rowid());
backend!("postgres", OnPostgres, sqlx::Postgres, Postgres, bind_pg_array, load_postgres, attach_joined_postgres, |_r| 0);
backend!("mysql", OnMySql, sqlx::MySql, MySql, no_arrays, load_mysql, attach_joined_mysql, |r| r.last_insert_id() as i64);

impl Sql {
    pub(crate) fn query<DB: Backend>(self) -> Result<sqlx::query::Query<'static, DB, DB::Arguments>> {
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
pub(crate) fn attribute<T>(models: &[(Cow<'static, str>, &'static str)], result: Result<T>) -> Result<T> {
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
pub(crate) async fn decode_each<DB: Backend, T, X, F>(mut rows: BoxStream<'_, sqlx::Result<DB::Row>>, mut f: F) -> Result<Vec<T>>
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
