//! The value carrier every bound parameter goes through, and the SQL types it carries. It knows
//! no backend and no driver; which Rust types can be columns, and how the driver binds and
//! decodes them, is [`crate::backend`]'s (re-exported here at the old paths).

/// The SQL type of a column, independent of the backend; [`crate::Dialect`] spells it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SqlType {
    /// `bool`
    Bool,
    /// `i16`
    SmallInt,
    /// `i32`
    Int,
    /// `i64`
    BigInt,
    /// `f32`
    Real,
    /// `f64`
    Double,
    /// `String`
    Text,
    /// `Vec<u8>`
    Bytes,
    /// `chrono::NaiveDate`
    Date,
    /// `chrono::NaiveTime`
    Time,
    /// `chrono::NaiveDateTime`
    DateTime,
    /// `chrono::DateTime<Utc>`: an instant, stored as UTC whatever the server's or session's
    /// time zone (PostgreSQL `TIMESTAMPTZ`; MySQL `DATETIME(6)` holding UTC, which no session
    /// `time_zone` converts; SQLite RFC 3339 text with `+00:00`).
    DateTimeUtc,
    /// `uuid::Uuid`
    Uuid,
    /// `serde_json::Value`
    Json,
}

/// A bound parameter. Every value the ORM sends goes through this enum, so no value is ever
/// spliced into SQL text.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL `NULL` of a given type (PostgreSQL wants the type even for `NULL`).
    Null(SqlType),
    #[allow(missing_docs)]
    Bool(bool),
    #[allow(missing_docs)]
    SmallInt(i16),
    #[allow(missing_docs)]
    Int(i32),
    #[allow(missing_docs)]
    BigInt(i64),
    #[allow(missing_docs)]
    Real(f32),
    #[allow(missing_docs)]
    Double(f64),
    #[allow(missing_docs)]
    Text(String),
    #[allow(missing_docs)]
    Bytes(Vec<u8>),
    #[cfg(feature = "chrono")]
    #[allow(missing_docs)]
    Date(chrono::NaiveDate),
    #[cfg(feature = "chrono")]
    #[allow(missing_docs)]
    Time(chrono::NaiveTime),
    #[cfg(feature = "chrono")]
    #[allow(missing_docs)]
    DateTime(chrono::NaiveDateTime),
    #[cfg(feature = "chrono")]
    #[allow(missing_docs)]
    DateTimeUtc(chrono::DateTime<chrono::Utc>),
    #[cfg(feature = "uuid")]
    #[allow(missing_docs)]
    Uuid(uuid::Uuid),
    #[cfg(feature = "json")]
    #[allow(missing_docs)]
    Json(serde_json::Value),
}

impl Value {
    /// The SQL type of this value.
    pub fn sql_type(&self) -> SqlType {
        match self {
            Value::Null(ty) => *ty,
            Value::Bool(_) => SqlType::Bool,
            Value::SmallInt(_) => SqlType::SmallInt,
            Value::Int(_) => SqlType::Int,
            Value::BigInt(_) => SqlType::BigInt,
            Value::Real(_) => SqlType::Real,
            Value::Double(_) => SqlType::Double,
            Value::Text(_) => SqlType::Text,
            Value::Bytes(_) => SqlType::Bytes,
            #[cfg(feature = "chrono")]
            Value::Date(_) => SqlType::Date,
            #[cfg(feature = "chrono")]
            Value::Time(_) => SqlType::Time,
            #[cfg(feature = "chrono")]
            Value::DateTime(_) => SqlType::DateTime,
            #[cfg(feature = "chrono")]
            Value::DateTimeUtc(_) => SqlType::DateTimeUtc,
            #[cfg(feature = "uuid")]
            Value::Uuid(_) => SqlType::Uuid,
            #[cfg(feature = "json")]
            Value::Json(_) => SqlType::Json,
        }
    }

    /// The value as a column stores it: times and timestamps to the microsecond (truncated, as
    /// chrono's `trunc_subsecs(6)`), the precision every backend keeps, so `Utc::now()` is stored,
    /// and read back, as the same value on each; others as they are. A value compared in a
    /// filter is not cut: one finer than a microsecond is refused there
    /// ([`Error::UnsupportedValue`](crate::Error::UnsupportedValue)), as it can equal no stored value.
    pub fn stored(self) -> Value {
        #[cfg(feature = "chrono")]
        {
            use chrono::SubsecRound;
            match self {
                Value::Time(t) => Value::Time(t.trunc_subsecs(6)),
                Value::DateTime(t) => Value::DateTime(t.trunc_subsecs(6)),
                Value::DateTimeUtc(t) => Value::DateTimeUtc(t.trunc_subsecs(6)),
                other => other,
            }
        }
        #[cfg(not(feature = "chrono"))]
        self
    }
}

/// The value as a message shows it (long text and bytes cut short).
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Null(_) => f.write_str("NULL"),
            Value::Bool(v) => write!(f, "{v}"),
            Value::SmallInt(v) => write!(f, "{v}"),
            Value::Int(v) => write!(f, "{v}"),
            Value::BigInt(v) => write!(f, "{v}"),
            Value::Real(v) => write!(f, "{v}"),
            Value::Double(v) => write!(f, "{v}"),
            Value::Text(v) if v.chars().count() > 64 => write!(f, "{:?}…", v.chars().take(64).collect::<String>()),
            Value::Text(v) => write!(f, "{v:?}"),
            Value::Bytes(v) => write!(f, "{} bytes", v.len()),
            #[cfg(feature = "chrono")]
            Value::Date(v) => write!(f, "{v}"),
            #[cfg(feature = "chrono")]
            Value::Time(v) => write!(f, "{v}"),
            #[cfg(feature = "chrono")]
            Value::DateTime(v) => write!(f, "{v}"),
            #[cfg(feature = "chrono")]
            Value::DateTimeUtc(v) => write!(f, "{v}"),
            #[cfg(feature = "uuid")]
            Value::Uuid(v) => write!(f, "{v}"),
            #[cfg(feature = "json")]
            Value::Json(v) => write!(f, "{v}"),
        }
    }
}
