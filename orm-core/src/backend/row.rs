//! The neutral row every statement's result arrives as: the driver's own row, unconverted, behind
//! one type, so nothing above this layer needs a method per backend to decode it.

use super::field::Field;
use crate::error::{Error, Result};
use crate::value::{SqlType, Value};

/// One row of a result, from any backend. Columns are decoded on demand, straight from the
/// driver's row (no copy into [`Value`]s first).
#[derive(Debug)]
pub struct Row(pub(super) Inner);

#[derive(Debug)]
pub(super) enum Inner {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::sqlite::SqliteRow),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::postgres::PgRow),
    #[cfg(feature = "mysql")]
    MySql(sqlx::mysql::MySqlRow),
}

macro_rules! each {
    ($row:expr, |$r:ident| $body:expr) => {
        match $row {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite($r) => $body,
            #[cfg(feature = "postgres")]
            Inner::Postgres($r) => $body,
            #[cfg(feature = "mysql")]
            Inner::MySql($r) => $body,
        }
    };
}

impl Row {
    /// Decodes column `index` as `T`. A NULL where `T` is not an `Option` is
    /// [`Error::UnexpectedNull`] on every backend (SQLite's driver would read it as `""` or `0`).
    pub fn get<T: Field>(&self, index: usize) -> Result<T> {
        if !T::NULLABLE && self.is_null(index)? {
            let column = self.column_names().get(index).map_or_else(|| index.to_string(), |n| (*n).to_owned());
            return Err(Error::UnexpectedNull { model: "?", column });
        }
        self.decode(index)
    }

    /// [`Row::get`] for a column already known not to be NULL where `T` needs a value (a model's
    /// row is checked once, before its fields are decoded).
    pub(crate) fn decode<T: Field>(&self, index: usize) -> Result<T> {
        T::decode(self, index)
    }

    /// Column `index` decoded by the driver itself (the built-in column types).
    pub(crate) fn decode_driver<T: super::DecodeOnAll>(&self, index: usize) -> Result<T> {
        Ok(each!(&self.0, |r| sqlx::Row::try_get(r, index))?)
    }

    /// Whether column `index` is NULL.
    pub fn is_null(&self, index: usize) -> Result<bool> {
        use sqlx::ValueRef as _;
        Ok(each!(&self.0, |r| sqlx::Row::try_get_raw(r, index)?.is_null()))
    }

    /// Decodes column `index` as a [`Value`] of type `ty` (`NULL` keeps the type).
    pub fn get_value(&self, index: usize, ty: SqlType) -> Result<Value> {
        macro_rules! get {
            ($t:ty) => {
                self.get::<Option<$t>>(index)?.map(|v| v.to_value())
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

    /// How many columns the row has.
    pub fn len(&self) -> usize {
        each!(&self.0, |r| sqlx::Row::len(r))
    }

    /// Whether the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names of the row's columns, in order.
    pub fn column_names(&self) -> Vec<&str> {
        use sqlx::{Column as _, Row as _};
        each!(&self.0, |r| r.columns().iter().map(|c| c.name()).collect())
    }
}
