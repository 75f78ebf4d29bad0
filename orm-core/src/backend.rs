//! The only layer that speaks sqlx: the [`Connection`] seam and its implementations over sqlx's
//! pools, connections and transactions of the three backends, the neutral [`Row`], binding a
//! [`Value`], and the run-time handle [`Db`]. Everything below it is data and text; everything
//! above it reaches the driver through [`Connection`] alone.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use futures_core::stream::BoxStream;
use sqlx::AssertSqlSafe;

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::sql::{Refused, Sql};
use crate::value::{SqlType, Value};

#[cfg(not(any(feature = "sqlite", feature = "postgres", feature = "mysql")))]
compile_error!("orm-core needs at least one backend feature: sqlite, postgres or mysql");

mod connection;
mod error;
mod field;
mod handle;
pub(crate) mod migrator;
mod row;

pub use connection::{Connection, Done, Transaction};
pub(crate) use connection::{fetch_map, fetch_scalar};
pub use field::{Enum, Field, Key, PrimaryKey};
#[cfg(feature = "mysql")]
pub use handle::mysql;
#[cfg(feature = "sqlite")]
pub use handle::sqlite;
pub use handle::{Db, connect};
pub use migrator::Applied;
pub use row::Row;

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

/// Only PostgreSQL binds arrays; the others are never asked ([`QueryBuilder::prepare_in_list`](crate::sql::QueryBuilder::prepare_in_list)).
#[allow(dead_code)]
fn no_arrays<A>(_: &mut A, _: &[Value]) -> Result<(), sqlx::error::BoxDynError> {
    Err("arrays are bound on PostgreSQL only".into())
}

/// A sqlx database this crate can drive: `sqlx::Sqlite`, `sqlx::Postgres` and
/// `sqlx::MySql` (each behind the crate feature of the same name). Sealed: the three are all.
pub trait Backend: sqlx::Database<Arguments: sqlx::IntoArguments<Self>> + sealed::Sealed {
    /// The SQL dialect spoken.
    const DIALECT: Dialect;
    /// Appends one bound parameter.
    fn bind(args: &mut Self::Arguments, value: &Value) -> Result<(), sqlx::error::BoxDynError>;
    /// Appends `values` as one array parameter (PostgreSQL only, see [`QueryBuilder::prepare_in_list`](crate::sql::QueryBuilder::prepare_in_list)).
    fn bind_array(args: &mut Self::Arguments, values: &[Value]) -> Result<(), sqlx::error::BoxDynError>;
    /// The key the last `INSERT` generated (backends without `RETURNING`).
    fn last_insert_id(result: &Self::QueryResult) -> Option<i64>;
    /// How many rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;
    /// A connection as an executor.
    type Executor<'c>: sqlx::Executor<'c, Database = Self>;
    /// A connection as an executor (spares callers a higher-ranked bound).
    fn executor(conn: &mut Self::Connection) -> Self::Executor<'_>;
    /// The driver's row as the neutral [`Row`].
    fn row(row: Self::Row) -> Row;
    /// The driver's transaction as the crate's [`Transaction`].
    fn transaction(tx: sqlx::Transaction<'_, Self>) -> Transaction<'_>;
    /// Makes the connection forget the statements it prepared (after the schema changed under
    /// them).
    fn forget_statements(conn: &mut Self::Connection) -> BoxFuture<'_, Result<()>>;
}

mod sealed {
    pub trait Sealed {}
}

/// A boxed `Send` future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Decodes the column types on every enabled backend. Blanket-implemented; it only turns the
/// backend features into bounds on [`Field`].
#[doc(hidden)]
pub trait DecodeOnAll: OnSqlite + OnPostgres + OnMySql {}
impl<T: OnSqlite + OnPostgres + OnMySql> DecodeOnAll for T {}

macro_rules! backend {
    ($feature:literal, $on:ident, $db:ty, $dialect:ident, $bind_array:ident, $variant:ident, |$r:ident| $last_id:expr) => {
        #[cfg(feature = $feature)]
        impl sealed::Sealed for $db {}

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

            fn bind_array(args: &mut Self::Arguments, values: &[Value]) -> Result<(), sqlx::error::BoxDynError> {
                $bind_array(args, values)
            }

            fn last_insert_id($r: &Self::QueryResult) -> Option<i64> {
                $last_id
            }

            fn rows_affected(result: &Self::QueryResult) -> u64 {
                result.rows_affected()
            }

            type Executor<'c> = &'c mut <$db as sqlx::Database>::Connection;

            fn executor(conn: &mut Self::Connection) -> Self::Executor<'_> {
                conn
            }

            fn row(row: Self::Row) -> Row {
                connection::row(row::Inner::$variant(row))
            }

            fn transaction(tx: sqlx::Transaction<'_, Self>) -> Transaction<'_> {
                Transaction(connection::Tx::$variant(tx))
            }
            fn forget_statements(conn: &mut Self::Connection) -> BoxFuture<'_, Result<()>> {
                Box::pin(async move { Ok(sqlx::Connection::clear_cached_statements(conn).await?) })
            }
        }
    };
}

backend!("sqlite", OnSqlite, sqlx::Sqlite, Sqlite, no_arrays, Sqlite, |r| Some(r.last_insert_rowid()));
backend!("postgres", OnPostgres, sqlx::Postgres, Postgres, bind_pg_array, Postgres, |_r| None);
// An id past i64::MAX cannot be a key of this crate's types; `None` makes the caller say so.
backend!("mysql", OnMySql, sqlx::MySql, MySql, no_arrays, MySql, |r| i64::try_from(r.last_insert_id()).ok());

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
            bound.map_err(|e| Error::from(sqlx::Error::Encode(e)))?;
        }
        Ok(sqlx::query_with(AssertSqlSafe(self.text), args))
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
pub(crate) async fn decode_each<DB: Backend>(
    mut rows: BoxStream<'_, sqlx::Result<DB::Row>>,
    each: &mut (dyn FnMut(&Row) -> Result<()> + Send),
) -> Result<()> {
    while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
        each(&DB::row(row?))?;
    }
    Ok(())
}
