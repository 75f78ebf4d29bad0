//! What differs between SQLite, PostgreSQL and MariaDB/MySQL, as data and text: quoting,
//! placeholders, type names, key generation, DDL capabilities, and which values a column holds.
//! It knows no statement and no driver: [`crate::sql`] renders fragments by asking it, and
//! [`crate::backend`] binds and decodes through the driver.

use std::fmt::Write;

use crate::value::{SqlType, Value};

/// The SQL dialect of a backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite 3.35+ (bundled with the driver).
    Sqlite,
    /// PostgreSQL 12+.
    Postgres,
    /// MariaDB 10.5+ and MySQL 8.
    MySql,
}

impl Dialect {
    /// Appends `ident` quoted, doubling any quote character inside it.
    pub fn quote(self, ident: &str, out: &mut String) {
        let q = match self {
            Dialect::MySql => '`',
            Dialect::Sqlite | Dialect::Postgres => '"',
        };
        out.push(q);
        for c in ident.chars() {
            if c == q {
                out.push(q);
            }
            out.push(c);
        }
        out.push(q);
    }

    /// Appends the placeholder of the `n`th (1-based) bound parameter.
    pub fn placeholder(self, n: usize, out: &mut String) {
        match self {
            Dialect::Postgres => {
                let _ = write!(out, "${n}");
            }
            Dialect::Sqlite | Dialect::MySql => out.push('?'),
        }
    }

    /// The most parameters one statement may bind.
    pub fn max_params(self) -> usize {
        match self {
            Dialect::Sqlite => 32_766,
            Dialect::Postgres | Dialect::MySql => 65_535,
        }
    }

    /// Whether `INSERT … RETURNING` hands back generated keys (else: last insert id).
    pub fn returns_keys(self) -> bool {
        !matches!(self, Dialect::MySql)
    }

    /// Whether a `DateTime<Utc>` is bound as its UTC wall time (a `DATETIME`). MySQL would take
    /// an instant as a `TIMESTAMP`: read in the session's time_zone, and NULL outside 1970–2038.
    pub fn binds_instant_as_utc_datetime(self) -> bool {
        self == Dialect::MySql
    }

    /// Whether `INSERT … RETURNING` may hand back generated keys on a server that reports
    /// `version` (its version string): MariaDB has it from 10.5, MySQL not at all.
    pub fn returns_keys_on(self, version: &str) -> bool {
        if self.returns_keys() {
            return true;
        }
        let Some((number, _)) = version.split_once("-MariaDB") else { return false };
        // Old MariaDB handshakes put "5.5.5-" before the real version.
        let number = number.rsplit('-').next().unwrap_or(number);
        let mut parts = number.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        (major, minor) >= (10, 5)
    }

    /// Whether a column of this backend holds `value` exactly as given; else why not. Every
    /// bound value is checked, so none is stored or compared as something else.
    pub fn check_value(self, value: &Value) -> Result<(), &'static str> {
        match value {
            Value::Real(v) => self.check_float(f64::from(*v)),
            Value::Double(v) => self.check_float(*v),
            #[cfg(feature = "chrono")]
            Value::Date(d) => self.check_date(*d),
            #[cfg(feature = "chrono")]
            Value::Time(t) => self.check_subsec(chrono::Timelike::nanosecond(t)),
            #[cfg(feature = "chrono")]
            Value::DateTime(dt) => self.check_date(dt.date()).and(self.check_subsec(chrono::Timelike::nanosecond(dt))),
            #[cfg(feature = "chrono")]
            Value::DateTimeUtc(dt) => {
                let dt = dt.naive_utc();
                self.check_date(dt.date()).and(self.check_subsec(chrono::Timelike::nanosecond(&dt)))
            }
            Value::Text(v) if self == Dialect::Postgres && v.contains('\0') => Err("PostgreSQL text cannot hold a NUL character"),
            #[cfg(feature = "json")]
            Value::Json(v) if self == Dialect::Postgres && json_has_nul(v) => Err("PostgreSQL JSONB cannot hold a NUL character"),
            Value::Null(_) | Value::Bool(_) | Value::SmallInt(_) | Value::Int(_) | Value::BigInt(_) | Value::Text(_) | Value::Bytes(_) => {
                Ok(())
            }
            #[cfg(feature = "uuid")]
            Value::Uuid(_) => Ok(()),
            #[cfg(feature = "json")]
            Value::Json(_) => Ok(()),
        }
    }

    fn check_float(self, v: f64) -> Result<(), &'static str> {
        match self {
            Dialect::Sqlite if v.is_nan() => Err("SQLite stores NaN as NULL"),
            Dialect::MySql if !v.is_finite() => Err("MySQL/MariaDB FLOAT and DOUBLE hold only finite numbers"),
            // Both read it back as +0.0: the sign would be lost unseen.
            Dialect::Sqlite | Dialect::MySql if v == 0.0 && v.is_sign_negative() => {
                Err("it stores -0.0 as +0.0 (the sign is lost); store 0.0")
            }
            _ => Ok(()),
        }
    }

    #[cfg(feature = "chrono")]
    fn check_date(self, d: chrono::NaiveDate) -> Result<(), &'static str> {
        use chrono::Datelike;
        match self {
            Dialect::MySql if !(1000..=9999).contains(&d.year()) => Err("MySQL/MariaDB DATE and DATETIME hold the years 1000 to 9999"),
            // SQLite keeps dates as text, which sorts and compares as dates only with four-digit years.
            Dialect::Sqlite if !(0..=9999).contains(&d.year()) => Err("SQLite dates hold the years 0000 to 9999"),
            // PostgreSQL's dates start at Julian day 0; its upper ends lie past chrono's.
            Dialect::Postgres if d < chrono::NaiveDate::from_ymd_opt(-4713, 11, 24).unwrap_or(chrono::NaiveDate::MIN) => {
                Err("PostgreSQL dates and timestamps start at 4714-11-24 BC")
            }
            _ => Ok(()),
        }
    }

    #[cfg(feature = "chrono")]
    fn check_subsec(self, nanos: u32) -> Result<(), &'static str> {
        if nanos >= 1_000_000_000 {
            return Err("a leap second (:60) is not a time the column holds");
        }
        // A model's columns are sent to the microsecond (`Value::stored`); what is finer here
        // is a filter's value or a hand-bound one, which no stored value can equal.
        if !nanos.is_multiple_of(1000) {
            return Err("columns keep microseconds; truncate first, e.g. with chrono's `SubsecRound::trunc_subsecs(6)`");
        }
        Ok(())
    }

    /// The column type for `ty`. `indexed` asks for a type that can carry a key or an index
    /// (MySQL cannot index `TEXT` without a prefix length).
    pub fn column_type(self, ty: SqlType, indexed: bool) -> &'static str {
        use Dialect::*;
        use SqlType::*;
        match (self, ty) {
            (Sqlite, Bool) => "BOOLEAN",
            (Sqlite, SmallInt | Int | BigInt) => "INTEGER",
            (Sqlite, Real | Double) => "REAL",
            (Sqlite, Text) => "TEXT",
            (Sqlite, Bytes | Uuid) => "BLOB",
            (Sqlite, Date) => "DATE",
            (Sqlite, Time) => "TIME",
            (Sqlite, DateTime | DateTimeUtc) => "DATETIME",
            (Sqlite, Json) => "TEXT",
            (Postgres, Bool) => "BOOLEAN",
            (Postgres, SmallInt) => "SMALLINT",
            (Postgres, Int) => "INTEGER",
            (Postgres, BigInt) => "BIGINT",
            (Postgres, Real) => "REAL",
            (Postgres, Double) => "DOUBLE PRECISION",
            (Postgres, Text) => "TEXT",
            (Postgres, Bytes) => "BYTEA",
            (Postgres, Date) => "DATE",
            (Postgres, Time) => "TIME",
            (Postgres, DateTime) => "TIMESTAMP",
            (Postgres, DateTimeUtc) => "TIMESTAMPTZ",
            (Postgres, Uuid) => "UUID",
            (Postgres, Json) => "JSONB",
            (MySql, Bool) => "BOOLEAN",
            (MySql, SmallInt) => "SMALLINT",
            (MySql, Int) => "INT",
            (MySql, BigInt) => "BIGINT",
            (MySql, Real) => "FLOAT",
            (MySql, Double) => "DOUBLE",
            // Binary and NO PAD: a key matches only its own bytes, as it does in Rust (and on
            // SQLite and PostgreSQL). The default collation took `"FR"` and `"fr "` for `"fr"`,
            // so a lazy accessor found rows that an include (grouping by bytes) left out; plain
            // `utf8mb4_bin` still ignores trailing spaces. (MariaDB's name; MySQL 8 calls it
            // `utf8mb4_0900_bin` and refuses this one, loudly.)
            (MySql, Text) if indexed => "VARCHAR(255) COLLATE utf8mb4_nopad_bin",
            (MySql, Text) => "LONGTEXT",
            (MySql, Bytes) => "LONGBLOB",
            (MySql, Date) => "DATE",
            (MySql, Time) => "TIME(6)",
            (MySql, DateTime) => "DATETIME(6)",
            // Not TIMESTAMP: it holds only 1970–2038 (other years become "now") and converts
            // through the session's time_zone. DATETIME keeps the UTC wall time as it is given.
            (MySql, DateTimeUtc) => "DATETIME(6)",
            (MySql, Uuid) => "BINARY(16)",
            (MySql, Json) => "JSON",
        }
    }

    /// Whether indexes are declared inside `CREATE TABLE` (MySQL has no
    /// `CREATE INDEX IF NOT EXISTS`).
    pub fn indexes_inside_table(self) -> bool {
        self == Dialect::MySql
    }

    /// The longest table, column, index or constraint name, as [`Dialect::identifier_len`]
    /// counts (PostgreSQL cuts longer names short silently; MySQL refuses them). `None`: no
    /// limit (SQLite).
    pub fn max_identifier_len(self) -> Option<usize> {
        match self {
            Dialect::Postgres => Some(63),
            Dialect::MySql => Some(64),
            Dialect::Sqlite => None,
        }
    }

    /// The length of a name as the backend counts it: bytes on PostgreSQL, characters on MySQL.
    pub fn identifier_len(self, name: &str) -> usize {
        match self {
            Dialect::MySql => name.chars().count(),
            Dialect::Postgres | Dialect::Sqlite => name.len(),
        }
    }

    /// Whether column names match whatever their case (SQLite, MySQL; PostgreSQL's quoted names
    /// are exact).
    pub fn folds_column_case(self) -> bool {
        self != Dialect::Postgres
    }

    /// Whether table names match whatever their case (SQLite; MySQL on Linux by default and
    /// PostgreSQL's quoted names are exact).
    pub fn folds_table_case(self) -> bool {
        self == Dialect::Sqlite
    }

    /// Whether a foreign key can be added to and dropped from an existing table (`ALTER TABLE …
    /// ADD CONSTRAINT`); SQLite cannot, but it does not check a key's target table at `CREATE`.
    pub fn alters_constraints(self) -> bool {
        self != Dialect::Sqlite
    }

    /// Whether a column's type and nullability can be changed in place (`ALTER COLUMN`,
    /// `MODIFY COLUMN`); SQLite cannot: its table is rebuilt instead.
    pub fn alters_columns(self) -> bool {
        self != Dialect::Sqlite
    }

    /// How many characters a text key column holds, when it is bounded: MySQL indexes only
    /// bounded text, so a primary, foreign or unique key of text is `VARCHAR(255)` there
    /// ([`Dialect::column_type`] with `indexed`).
    pub fn key_text_limit(self) -> Option<usize> {
        (self == Dialect::MySql).then_some(255)
    }

    /// Whether `LIKE` reads its pattern only up to the first NUL character (SQLite passes it
    /// on as a C string), so a pattern holding one would match other rows.
    pub fn like_stops_at_nul(self) -> bool {
        self == Dialect::Sqlite
    }

    /// Whether a `SELECT` can lock the rows it reads (`sql::Lock`); SQLite cannot: its
    /// writers take the one database lock in turn.
    pub fn locks_rows(self) -> bool {
        self != Dialect::Sqlite
    }

    /// A column type in one spelling per type, so that the type [`Dialect::column_type`] asks for
    /// compares equal to the type the catalog reports: lower case, synonyms folded (PostgreSQL's
    /// `TIMESTAMPTZ` is `timestamp with time zone`; MariaDB's `BOOLEAN` is `tinyint(1)`, and it
    /// shows integer display widths that mean nothing).
    pub fn normalize_type(self, ty: &str) -> String {
        let ty = ty.trim().to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        match self {
            Dialect::Sqlite => ty,
            Dialect::Postgres => match ty.as_str() {
                "timestamptz" => "timestamp with time zone".into(),
                "timestamp" => "timestamp without time zone".into(),
                "time" => "time without time zone".into(),
                "int" | "int4" => "integer".into(),
                "int8" => "bigint".into(),
                "int2" => "smallint".into(),
                "float8" => "double precision".into(),
                "float4" => "real".into(),
                "bool" => "boolean".into(),
                _ => ty,
            },
            Dialect::MySql => match ty.as_str() {
                "boolean" | "bool" => "tinyint(1)".into(),
                "integer" => "int".into(),
                _ => {
                    for int in ["bigint", "int", "smallint", "mediumint"] {
                        if let Some(width) = ty.strip_prefix(int).and_then(|r| r.strip_prefix('('))
                            && width.strip_suffix(')').is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
                        {
                            return int.into();
                        }
                    }
                    ty
                }
            },
        }
    }

    /// Whether DDL can run inside a transaction (MySQL commits each DDL statement by itself).
    pub fn transactional_ddl(self) -> bool {
        self != Dialect::MySql
    }

    /// Whether a key inserted explicitly leaves the key generator behind (PostgreSQL's identity
    /// sequences; SQLite and MySQL move past such keys by themselves).
    pub fn generator_ignores_explicit_keys(self) -> bool {
        self == Dialect::Postgres
    }

    /// Whether a belongs_to include is read by a join in the parent's query rather than by a
    /// second query. Measured (`belongs_to_include_vs_join`, 1,000 posts with their users): the
    /// join is 1.36x faster on PostgreSQL, the second query 1.2x faster on SQLite (in-process, it
    /// has no round trip to save). MySQL keeps the second query until measured.
    pub fn joins_to_one(self) -> bool {
        self == Dialect::Postgres
    }
}

#[cfg(feature = "json")]
fn json_has_nul(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(json_has_nul),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || json_has_nul(v)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::Dialect;

    #[test]
    fn returning_is_detected_from_the_server_version() {
        // MariaDB 10.5+ returns generated keys; MySQL and older MariaDB insert row by row.
        for (version, expected) in [
            ("10.11.6-MariaDB-0+deb12u1", true),
            ("10.5.0-MariaDB", true),
            ("11.4.2-MariaDB-ubu2404", true),
            ("5.5.5-10.11.6-MariaDB", true),
            ("10.4.32-MariaDB", false),
            ("8.0.36", false),
            ("8.4.0-commercial", false),
            ("", false),
        ] {
            assert_eq!(Dialect::MySql.returns_keys_on(version), expected, "{version}");
        }
        assert!(Dialect::Postgres.returns_keys_on("anything") && Dialect::Sqlite.returns_keys_on(""));
    }
}
