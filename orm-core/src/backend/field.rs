//! The Rust types that can be columns: each converts to and from a [`Value`] and is decoded by
//! every enabled driver (that bound is why they sit in the backend layer).

use super::Row;
use crate::error::Result;
use crate::value::{SqlType, Value};

/// A Rust type that maps to one column on every enabled backend.
///
/// Implemented for the integer, float, bool, `String`, `Vec<u8>` types, `Option<T>` (a nullable
/// column), and behind features for chrono, uuid and serde_json types.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a column type",
    label = "unsupported column type",
    note = "columns can be integers (i16, i32, i64), f32, f64, bool, String, Vec<u8>, Option<T> of those, \
            and with crate features chrono, uuid and serde_json types; \
            an association field needs `#[belongs_to]`, `#[has_one]`, `#[has_many]` or `#[belongs_to_many]`"
)]
pub trait Field: Sized + Send + Sync + Unpin + 'static {
    /// The column's SQL type.
    const SQL_TYPE: SqlType;
    /// Whether the column may hold `NULL` (only `Option<T>`).
    const NULLABLE: bool = false;
    /// The only values the column may hold (an [`Enum`](crate::Enum)'s), which the schema
    /// enforces with a `CHECK`; `None` for any value of the type.
    const VALUES: Option<&'static [&'static str]> = None;
    /// This value as a bound parameter.
    fn to_value(&self) -> Value;
    /// Back from a bound parameter (used for generated keys and in-memory key updates).
    fn from_value(value: &Value) -> Option<Self>;
    /// Decodes column `index` of `row`, known not to be `NULL` unless `Self` is an `Option`.
    #[doc(hidden)]
    fn decode(row: &Row, index: usize) -> Result<Self>;
}

/// A fieldless enum stored as text: `#[derive(orm_core::Enum)]` implements it and [`Field`], so
/// the enum is a column type on every backend, a filter value, and a `CHECK` of its values in the
/// schema. Each variant is stored as its name in snake case, or as `#[orm(rename = "...")]` says.
///
/// ```
/// use orm_core::{Enum, Model, Schema};
///
/// #[derive(Enum, Debug, Clone, PartialEq)]
/// enum Status { Open, InProgress, #[orm(rename = "done")] Closed }
///
/// #[derive(Model, Debug)]
/// struct Task { id: i64, status: Status }
///
/// assert_eq!(Status::InProgress.as_str(), "in_progress");
/// assert_eq!(<Status as Enum>::VALUES, ["open", "in_progress", "done"]);
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let pool = orm_core::sqlite::memory().await?;
/// Schema::new().model::<Task>().sync(&pool).await?;
/// Task { id: 0, status: Status::Closed }.insert(&pool).await?;
/// let done = Task::query().filter(Task::STATUS.eq(Status::Closed)).count(&pool).await?;
/// assert_eq!(done, 1);
/// # Ok::<(), orm_core::Error>(()) }).unwrap();
/// ```
pub trait Enum: Sized + Send + Sync + Unpin + 'static {
    /// The enum's name, for messages.
    const NAME: &'static str;
    /// Each variant's stored text, in declaration order.
    const VALUES: &'static [&'static str];
    /// The variant's stored text.
    fn as_str(&self) -> &'static str;
    /// The variant stored as `text`.
    fn from_text(text: &str) -> Option<Self>;

    /// Decodes a stored text ([`Error::UnknownEnumValue`] for another).
    #[doc(hidden)]
    fn decode_text(row: &Row, index: usize) -> Result<Self> {
        let text: String = row.decode_driver(index)?;
        Self::from_text(&text).ok_or(crate::error::Error::UnknownEnumValue {
            name: Self::NAME,
            model: "?",
            column: "?".to_owned(),
            value: text,
        })
    }
}

/// A type that can be a single-column key: a primary key, or the column a foreign key targets.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a key",
    label = "not a key type",
    note = "a primary key, and the column a `#[belongs_to]` references, is one i16, i32, i64, String or Uuid column \
            (unsigned integers are not SQL types); a model keyed by a pair of `#[belongs_to]` cannot be referenced: \
            give it an `id` of its own, or reference one of its columns with `target_key`"
)]
pub trait Key: Field + Clone + Eq + std::hash::Hash + std::fmt::Debug {
    /// Whether the database generates this key when the instance carries none.
    const AUTO_INCREMENT: bool;
    /// Whether this value means "not generated yet" (`0` for integer keys).
    fn is_unset(&self) -> bool;
}

macro_rules! field {
    ($ty:ty, $sql:ident, $var:ident) => {
        impl Field for $ty {
            const SQL_TYPE: SqlType = SqlType::$sql;
            fn decode(row: &Row, index: usize) -> Result<Self> {
                row.decode_driver(index)
            }
            fn to_value(&self) -> Value {
                Value::$var(self.clone())
            }
            fn from_value(value: &Value) -> Option<Self> {
                match value {
                    Value::$var(v) => Some(v.clone()),
                    _ => None,
                }
            }
        }
    };
}

field!(bool, Bool, Bool);
field!(f32, Real, Real);
field!(f64, Double, Double);
field!(String, Text, Text);
field!(Vec<u8>, Bytes, Bytes);
#[cfg(feature = "chrono")]
field!(chrono::NaiveDate, Date, Date);
#[cfg(feature = "chrono")]
field!(chrono::NaiveTime, Time, Time);
#[cfg(feature = "chrono")]
field!(chrono::NaiveDateTime, DateTime, DateTime);
#[cfg(feature = "chrono")]
field!(chrono::DateTime<chrono::Utc>, DateTimeUtc, DateTimeUtc);
#[cfg(feature = "uuid")]
field!(uuid::Uuid, Uuid, Uuid);
#[cfg(feature = "json")]
field!(serde_json::Value, Json, Json);

// Integers convert between widths, so a key generated as i64 (MySQL's last insert id) lands in
// an i32 field, and a filter value of any width compares.
macro_rules! int_field {
    ($ty:ty, $sql:ident, $var:ident) => {
        impl Field for $ty {
            const SQL_TYPE: SqlType = SqlType::$sql;
            fn decode(row: &Row, index: usize) -> Result<Self> {
                row.decode_driver(index)
            }
            fn to_value(&self) -> Value {
                Value::$var(*self)
            }
            fn from_value(value: &Value) -> Option<Self> {
                match *value {
                    Value::SmallInt(v) => <$ty>::try_from(v).ok(),
                    Value::Int(v) => <$ty>::try_from(v).ok(),
                    Value::BigInt(v) => <$ty>::try_from(v).ok(),
                    _ => None,
                }
            }
        }
        impl Key for $ty {
            const AUTO_INCREMENT: bool = true;
            fn is_unset(&self) -> bool {
                *self == 0
            }
        }
    };
}

int_field!(i16, SmallInt, SmallInt);
int_field!(i32, Int, Int);
int_field!(i64, BigInt, BigInt);

impl Key for String {
    const AUTO_INCREMENT: bool = false;
    fn is_unset(&self) -> bool {
        false
    }
}

#[cfg(feature = "uuid")]
impl Key for uuid::Uuid {
    const AUTO_INCREMENT: bool = false;
    fn is_unset(&self) -> bool {
        false
    }
}

impl<T: Field> Field for Option<T> {
    const SQL_TYPE: SqlType = T::SQL_TYPE;
    const NULLABLE: bool = true;
    const VALUES: Option<&'static [&'static str]> = T::VALUES;
    fn decode(row: &Row, index: usize) -> Result<Self> {
        if row.is_null(index)? { Ok(None) } else { T::decode(row, index).map(Some) }
    }
    fn to_value(&self) -> Value {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null(T::SQL_TYPE),
        }
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null(_) => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// The primary key of a model: one [`Key`] column, or a pair of them (a junction model's
/// composite key over its two `#[belongs_to]` columns).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a primary key",
    label = "not a key type",
    note = "a primary key is one i16, i32, i64, String or Uuid column (unsigned integers are not SQL types), \
            or a junction model's pair of `#[belongs_to]` keys"
)]
pub trait PrimaryKey: Clone + Send + Sync + Eq + std::hash::Hash + std::fmt::Debug + 'static {
    /// Whether the database generates this key when the instance carries none.
    const AUTO_INCREMENT: bool;
    /// Whether this value means "not generated yet".
    fn is_unset(&self) -> bool;
    /// The key's column values, in key-column order.
    fn push_values(&self, out: &mut Vec<Value>);
    /// A single-column generated key back from its value.
    fn from_generated(value: &Value) -> Option<Self>;
    /// Decodes the key from its column(s) starting at `index`.
    fn decode(row: &Row, index: usize) -> Result<Self>;
}

impl<K: Key> PrimaryKey for K {
    const AUTO_INCREMENT: bool = K::AUTO_INCREMENT;
    fn is_unset(&self) -> bool {
        Key::is_unset(self)
    }
    fn push_values(&self, out: &mut Vec<Value>) {
        out.push(self.to_value());
    }
    fn from_generated(value: &Value) -> Option<Self> {
        K::from_value(value)
    }
    fn decode(row: &Row, index: usize) -> Result<Self> {
        row.get(index)
    }
}

impl<A: Key, B: Key> PrimaryKey for (A, B) {
    const AUTO_INCREMENT: bool = false;
    fn is_unset(&self) -> bool {
        Key::is_unset(&self.0) || Key::is_unset(&self.1)
    }
    fn push_values(&self, out: &mut Vec<Value>) {
        out.push(self.0.to_value());
        out.push(self.1.to_value());
    }
    fn from_generated(_: &Value) -> Option<Self> {
        None
    }
    fn decode(row: &Row, index: usize) -> Result<Self> {
        Ok((row.get(index)?, row.get(index + 1)?))
    }
}
