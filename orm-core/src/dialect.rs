//! Everything that differs between SQLite, PostgreSQL and MariaDB/MySQL lives here: quoting,
//! placeholders, type names, key generation, and how a [`Value`] is bound and a column decoded.

use std::fmt::Write;

use sqlx::AssertSqlSafe;

use crate::sql::Sql;
use crate::value::{Field, SqlType, Value};

/// The SQL dialect of a backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite 3.35+ (bundled by sqlx).
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
    /// `version` (from `SELECT VERSION()`): MariaDB has it from 10.5, MySQL not at all.
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

    /// The statement whose answer [`Dialect::returns_keys_on`] reads, where the dialect alone
    /// cannot tell.
    pub fn server_version_query(self) -> Option<&'static str> {
        (!self.returns_keys()).then_some("SELECT VERSION()")
    }

    /// What a row of an insert that gives no column but its generated key says:
    /// `Some(v)`: `(key) VALUES (v), (v)`; `None`: `() VALUES (), ()`.
    pub fn generated_key_placeholder(self) -> Option<&'static str> {
        match self {
            // An INTEGER PRIMARY KEY given NULL takes the next rowid; SQLite has no DEFAULT here.
            Dialect::Sqlite => Some("NULL"),
            Dialect::Postgres => Some("DEFAULT"),
            Dialect::MySql => None,
        }
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
        match self {
            Dialect::Postgres | Dialect::MySql if !nanos.is_multiple_of(1000) => {
                Err("the column keeps microseconds; truncate first, e.g. with chrono's `SubsecRound::trunc_subsecs(6)`")
            }
            _ => Ok(()),
        }
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
            (MySql, Text) if indexed => "VARCHAR(255)",
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

    /// What follows a column's type: `NOT NULL`, or for a nullable column what the dialect needs
    /// (MySQL spells `NULL` out).
    pub fn nullability(self, nullable: bool) -> &'static str {
        match (nullable, self) {
            (false, _) => " NOT NULL",
            (true, Dialect::MySql) => " NULL",
            (true, _) => "",
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

    /// The `ALTER TABLE` clause that drops a named foreign key.
    pub fn drop_foreign_key(self) -> &'static str {
        if self == Dialect::MySql { "DROP FOREIGN KEY " } else { "DROP CONSTRAINT " }
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

    /// Appends ` LIMIT ? [OFFSET ?]`; an offset alone takes the largest limit the backend accepts.
    pub fn push_limit(self, sql: &mut Sql, limit: Option<u64>, offset: Option<u64>) {
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

    /// Appends `UPDATE "table"`. MySQL gets the multi-table form (`UPDATE t, (SELECT 1) AS …`):
    /// MariaDB before 11.1 runs an `IN (SELECT …)` of a single-table `UPDATE` once per row, and
    /// only the multi-table form materializes it once (70,000 keys: minutes against a second).
    pub fn push_update(self, sql: &mut Sql, table: &str) {
        sql.push("UPDATE ").ident(table);
        if self == Dialect::MySql {
            sql.push(", (SELECT 1) AS `__orm_one`");
        }
    }

    /// Appends `DELETE FROM "table"`; on MySQL the multi-table form `DELETE t FROM t`, for the
    /// reason given at [`Dialect::push_update`].
    pub fn push_delete_from(self, sql: &mut Sql, table: &str) {
        sql.push("DELETE ");
        if self == Dialect::MySql {
            sql.ident(table).push(" ");
        }
        sql.push("FROM ").ident(table);
    }

    /// Appends what follows a column to match any of `values` (not empty): ` IN (?, ?, …)` for a
    /// short list; else one bound parameter holding the whole list, so that no number of keys
    /// passes the backend's bound-parameter limit (SQLite 32,766, PostgreSQL and MySQL 65,535)
    /// and the statement stays one statement (atomic, with its order and limit intact).
    /// PostgreSQL always binds one array (` = ANY($1)`: one prepared statement for any number of
    /// keys); SQLite reads a JSON array with `json_each`, MySQL/MariaDB with `JSON_TABLE`.
    pub fn push_in_list(self, sql: &mut Sql, column: &'static str, values: &[Value]) {
        if self == Dialect::Postgres {
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

    /// Appends `("table"."a", "table"."b") IN (…)` over rows of a composite key given column by
    /// column (`columns[i]` holds column `names[i]` of every row; not empty). Like
    /// [`Dialect::push_in_list`], a long list is one parameter per column on PostgreSQL
    /// (`unnest` of arrays) and one JSON parameter on SQLite and MySQL; a short one, or one of
    /// types JSON cannot carry, is `(a = ? AND b = ?) OR …`.
    pub fn push_in_rows(self, sql: &mut Sql, table: &str, names: &[&'static str], columns: &[Vec<Value>]) {
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

    /// Appends the clause that turns an insert whose `keys` pair exists into a no-op, or into an
    /// update of the `update` columns.
    pub fn push_on_conflict(self, sql: &mut Sql, keys: [&str; 2], update: &[&str]) {
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

    /// The full definition after the column name of an auto-increment primary key.
    pub fn auto_increment_key(self, ty: SqlType) -> &'static str {
        match (self, ty) {
            (Dialect::Sqlite, _) => "INTEGER PRIMARY KEY AUTOINCREMENT",
            (Dialect::Postgres, SqlType::SmallInt) => "SMALLINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            (Dialect::Postgres, SqlType::Int) => "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            (Dialect::Postgres, _) => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            (Dialect::MySql, SqlType::SmallInt) => "SMALLINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
            (Dialect::MySql, SqlType::Int) => "INT NOT NULL AUTO_INCREMENT PRIMARY KEY",
            (Dialect::MySql, _) => "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
        }
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

/// Only PostgreSQL binds arrays; the others are never asked ([`Dialect::push_in_list`]).
#[allow(dead_code)]
fn no_arrays<A>(_: &mut A, _: &[Value]) -> Result<(), sqlx::error::BoxDynError> {
    Err("arrays are bound on PostgreSQL only".into())
}

/// A sqlx database this crate can drive: [`sqlx::Sqlite`], [`sqlx::Postgres`] and
/// [`sqlx::MySql`] (each behind the crate feature of the same name).
pub trait Backend: sqlx::Database<Arguments: sqlx::IntoArguments<Self>> + crate::include::LoadOn {
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
    /// Appends `values` as one array parameter (PostgreSQL only, see [`Dialect::push_in_list`]).
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

/// Decodes the column types on every enabled backend. Blanket-implemented; it only turns the
/// backend features into bounds on [`Field`].
pub trait DecodeOnAll: OnSqlite + OnPostgres + OnMySql {}
impl<T: OnSqlite + OnPostgres + OnMySql> DecodeOnAll for T {}

macro_rules! backend {
    ($feature:literal, $on:ident, $db:ty, $dialect:ident, $bind_array:ident, |$r:ident| $last_id:expr) => {
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

backend!("sqlite", OnSqlite, sqlx::Sqlite, Sqlite, no_arrays, |r| r.last_insert_rowid());
backend!("postgres", OnPostgres, sqlx::Postgres, Postgres, bind_pg_array, |_r| 0);
backend!("mysql", OnMySql, sqlx::MySql, MySql, no_arrays, |r| r.last_insert_id() as i64);

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
