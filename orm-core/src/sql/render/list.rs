//! Long lists bound as one parameter: which lists are long, and their JSON form (SQLite's
//! `json_each`, MySQL's `JSON_TABLE`).

use crate::dialect::Dialect;
use crate::value::Value;

/// Lists up to this long are written as placeholders, longer ones as one JSON parameter (SQLite,
/// MySQL): short lists keep the plain `IN` the planners know best, and a statement with a few of
/// them stays far below the parameter limit.
pub(crate) const INLINE_LIST_MAX: usize = 1_000;

/// How a list's values are written in its JSON array.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonKind {
    Int,
    Float,
    Text,
    /// Bytes as a hex string, turned back into bytes by the database (`unhex`).
    Hex,
    /// Dates, times and timestamps as text (see [`json_item`]).
    #[cfg_attr(not(feature = "chrono"), allow(dead_code))]
    Date,
    #[cfg_attr(not(feature = "chrono"), allow(dead_code))]
    Time,
    #[cfg_attr(not(feature = "chrono"), allow(dead_code))]
    DateTime,
}

/// `values` as a JSON array the database (`dialect`: SQLite or MySQL) reads back as values equal
/// to what binding each would give, or `None` for types where that cannot be promised here (JSON;
/// non-finite floats): those stay placeholders.
pub(crate) fn json_list(values: &[Value], dialect: Dialect) -> Option<(String, JsonKind)> {
    let mut kind = None;
    let items = values.iter().map(|v| json_item(v, &mut kind, dialect)).collect::<Option<Vec<_>>>()?;
    Some((serde_json::Value::Array(items).to_string(), kind.unwrap_or(JsonKind::Int)))
}

/// Rows of keys, given column by column, as a JSON array of arrays, with each column's kind.
pub(crate) fn json_rows(columns: &[Vec<Value>], dialect: Dialect) -> Option<(String, Vec<JsonKind>)> {
    let mut kinds = vec![None; columns.len()];
    let rows = columns.first().map_or(0, Vec::len);
    let mut out = Vec::with_capacity(rows);
    for r in 0..rows {
        let row = columns.iter().zip(&mut kinds).map(|(c, k)| json_item(&c[r], k, dialect)).collect::<Option<Vec<_>>>()?;
        out.push(serde_json::Value::Array(row));
    }
    Some((serde_json::Value::Array(out).to_string(), kinds.into_iter().map(|k| k.unwrap_or(JsonKind::Int)).collect()))
}

/// One value in JSON; `kind` is the kind its list has so far (a list mixing kinds is refused).
///
/// Dates and times: SQLite stores them as text and compares the text, so each is written exactly
/// as the driver (SQLite's, 0.9) writes a bound one — the same chrono format calls; the
/// `text_lists_of_times` tests (`tests/big_key_sets.rs`) store values through the driver and
/// find every one through a list, so a change of the driver's format fails there. MySQL reads
/// them into typed `JSON_TABLE` columns (`DATE`, `TIME(6)`, `DATETIME(6)`, an instant as its UTC
/// wall time, as the driver binds it).
fn json_item(v: &Value, kind: &mut Option<JsonKind>, dialect: Dialect) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    #[cfg(feature = "chrono")]
    let sqlite = dialect == Dialect::Sqlite;
    #[cfg(not(feature = "chrono"))]
    let _ = dialect;
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
        #[cfg(feature = "chrono")]
        Value::Date(d) => (J::from(d.format("%F").to_string()), JsonKind::Date),
        #[cfg(feature = "chrono")]
        Value::Time(t) => (J::from(t.format(if sqlite { "%T%.f" } else { "%T%.6f" }).to_string()), JsonKind::Time),
        #[cfg(feature = "chrono")]
        Value::DateTime(t) => (J::from(t.format(if sqlite { "%F %T%.f" } else { "%F %T%.6f" }).to_string()), JsonKind::DateTime),
        #[cfg(feature = "chrono")]
        Value::DateTimeUtc(t) if sqlite => (J::from(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)), JsonKind::DateTime),
        #[cfg(feature = "chrono")]
        Value::DateTimeUtc(t) => (J::from(t.naive_utc().format("%F %T%.6f").to_string()), JsonKind::DateTime),
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
    pub(crate) fn mysql_type(self) -> &'static str {
        match self {
            JsonKind::Int => "BIGINT",
            JsonKind::Float => "DOUBLE",
            JsonKind::Text | JsonKind::Hex => "LONGTEXT",
            JsonKind::Date => "DATE",
            JsonKind::Time => "TIME(6)",
            JsonKind::DateTime => "DATETIME(6)",
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
