//! Values written into DDL as literals: a column's `DEFAULT` cannot be a bound parameter. Only
//! the kinds whose text is the same whatever the session (numbers, booleans, text, bytes) are
//! written; others are refused by name, never guessed.

use crate::dialect::Dialect;
use crate::value::Value;

/// `value` as a literal of `dialect`, or why it cannot be one.
pub(crate) fn literal(dialect: Dialect, value: &Value) -> Result<String, &'static str> {
    Ok(match value {
        Value::Null(_) => "NULL".to_owned(),
        Value::Bool(b) => match (dialect, b) {
            (Dialect::Postgres, true) => "TRUE".to_owned(),
            (Dialect::Postgres, false) => "FALSE".to_owned(),
            (_, b) => u8::from(*b).to_string(),
        },
        Value::SmallInt(v) => v.to_string(),
        Value::Int(v) => v.to_string(),
        Value::BigInt(v) => v.to_string(),
        Value::Real(v) if v.is_finite() => format!("{v:?}"),
        Value::Double(v) if v.is_finite() => format!("{v:?}"),
        Value::Real(_) | Value::Double(_) => return Err("an infinite or NaN float has no literal on every backend"),
        Value::Text(text) => {
            if text.contains('\0') {
                return Err("a NUL character cannot be written in a literal");
            }
            let mut out = String::with_capacity(text.len() + 2);
            out.push('\'');
            for c in text.chars() {
                match c {
                    '\'' => out.push_str("''"),
                    // MySQL reads a backslash as an escape unless NO_BACKSLASH_ESCAPES is set.
                    '\\' if dialect == Dialect::MySql => out.push_str("\\\\"),
                    c => out.push(c),
                }
            }
            out.push('\'');
            out
        }
        Value::Bytes(bytes) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            match dialect {
                Dialect::Postgres => format!("'\\x{hex}'::bytea"),
                Dialect::Sqlite | Dialect::MySql => format!("X'{hex}'"),
            }
        }
        #[allow(unreachable_patterns)]
        _ => return Err("only numbers, booleans, text and bytes can be a column's DEFAULT; set others in Rust (`impl Default`)"),
    })
}

/// Whether the default a catalog reports as `found` is `wanted` on `dialect`: PostgreSQL adds
/// casts (`'a'::text`, `'-1'::integer`), MariaDB quotes text and spells no default `NULL`,
/// numbers may be spelled with other digits (`1.50`).
pub(crate) fn same_default(dialect: Dialect, wanted: Option<&Value>, found: Option<&str>) -> bool {
    let found = found.map(|f| normalize(dialect, f)).filter(|f| f != "NULL");
    let wanted = wanted.filter(|v| !matches!(v, Value::Null(_))).map(|v| literal(dialect, v).map(|l| normalize(dialect, &l)));
    match (wanted, found) {
        (None, None) => true,
        (Some(Ok(w)), Some(f)) => w == f || matches!((w.parse::<f64>(), f.parse::<f64>()), (Ok(a), Ok(b)) if a == b),
        _ => false,
    }
}

/// A default's text without what only spells it: outer parentheses, PostgreSQL casts, quotes
/// around a number, boolean words.
fn normalize(dialect: Dialect, text: &str) -> String {
    let mut t = text.trim();
    loop {
        let before = t;
        if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            t = inner.trim();
        }
        // `'x'::character varying`, `'-1'::integer`, `'\x00'::bytea`: the cast follows the
        // last quote, or the whole text when it is not quoted.
        if dialect == Dialect::Postgres
            && let Some(at) = t.rfind("::")
            && !t[at..].contains('\'')
        {
            t = t[..at].trim();
        }
        if t == before {
            break;
        }
    }
    let unquoted = t.strip_prefix('\'').and_then(|r| r.strip_suffix('\''));
    match unquoted {
        // A quoted number (`'-1'`) is the number; quoted text stays quoted.
        Some(inner) if inner.parse::<f64>().is_ok() => inner.to_owned(),
        _ => match t.to_ascii_lowercase().as_str() {
            "true" => "1".to_owned(),
            "false" => "0".to_owned(),
            "null" => "NULL".to_owned(),
            _ => t.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_catalog_spellings_meet() {
        let text = Value::Text("it's \\ here".into());
        assert_eq!(literal(Dialect::Postgres, &text).unwrap(), "'it''s \\ here'");
        assert_eq!(literal(Dialect::MySql, &text).unwrap(), "'it''s \\\\ here'");
        assert!(same_default(Dialect::Postgres, Some(&Value::Text("a".into())), Some("'a'::text")));
        assert!(same_default(Dialect::Postgres, Some(&Value::Int(-1)), Some("'-1'::integer")));
        assert!(same_default(Dialect::Postgres, Some(&Value::Bool(true)), Some("true")));
        assert!(same_default(Dialect::MySql, Some(&Value::Double(1.5)), Some("1.50")));
        assert!(same_default(Dialect::MySql, None, Some("NULL")));
        assert!(same_default(Dialect::Sqlite, Some(&Value::Bool(false)), Some("0")));
        assert!(!same_default(Dialect::Postgres, Some(&Value::Int(1)), None));
        assert!(literal(Dialect::Sqlite, &Value::Double(f64::NAN)).is_err());
        assert!(literal(Dialect::Sqlite, &Value::Text("a\0".into())).is_err());
    }
}
