//! Rule: SQL is written only in orm-core's `sql` (`sql.rs`, `sql/`): a string literal anywhere
//! else that holds a statement-level SQL keyword, as an upper-case word, is SQL text written
//! outside the statement model.
//!
//! What is read: every string literal of the code (normal, raw, byte and C strings, after
//! escapes), found by the tokenizer, so comments, doc comments and char literals never count.
//! What is not:
//! - `#[cfg(test)]` and `#[test]` items. A test states the SQL it expects or sets up a table by
//!   hand; that is not SQL the library sends, and holding it to this rule would push expected
//!   text away from the behaviour it checks.
//! - `#[doc = "…"]`, which is a doc comment spelled as an attribute.
//! - Lower- and mixed-case words: the crate writes SQL in upper case, and prose ("update the
//!   row", "Update") and identifiers ("selected") are not SQL. Type names and functions (`BIGINT`,
//!   `COUNT`) are not statement keywords either: `dialect` answers them.

use super::Violation;
use super::tokens::{Kind, Token, test_only, tokenize};

/// Statement-level SQL keywords; a multi-word entry matches its words separated by any
/// whitespace.
pub const KEYWORDS: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "CREATE",
    "ALTER",
    "DROP",
    "TRUNCATE",
    "RENAME",
    "FROM",
    "WHERE",
    "JOIN",
    "ORDER BY",
    "GROUP BY",
    "HAVING",
    "DISTINCT",
    "UNION",
    "LIMIT",
    "OFFSET",
    "RETURNING",
    "VALUES",
    "SET",
    "ON CONFLICT",
    "ON DUPLICATE",
    "DO NOTHING",
    "PRAGMA",
    "EXISTS",
    "FOR UPDATE",
    "FOR SHARE",
    "INTO",
    "TABLE",
    "INDEX",
    "CONSTRAINT",
    "REFERENCES",
    "FOREIGN KEY",
    "PRIMARY KEY",
    "NOT NULL",
    "DEFAULT",
    "CASCADE",
    "RESTRICT",
    "NO ACTION",
    "WITH",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "EXPLAIN",
];

/// The keywords of `text`, in order, with the byte offset of each.
pub fn keywords(text: &str) -> Vec<(usize, &'static str)> {
    let word = |c: char| c == '_' || c.is_alphanumeric();
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (word(c), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                words.push((s, &text[s..at]));
                start = None;
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // The longest keyword that starts here: `ORDER BY` is one match, not `BY` left over.
        let found = KEYWORDS
            .iter()
            .filter(|k| {
                let parts: Vec<&str> = k.split(' ').collect();
                parts.iter().enumerate().all(|(n, p)| {
                    words.get(i + n).is_some_and(|(s, w)| {
                        *w == *p && (n == 0 || text[words[i + n - 1].0 + words[i + n - 1].1.len()..*s].chars().all(char::is_whitespace))
                    })
                })
            })
            .max_by_key(|k| k.len());
        match found {
            Some(k) => {
                out.push((words[i].0, *k));
                i += k.split(' ').count();
            }
            None => i += 1,
        }
    }
    out
}

/// The string literals of `text` (the file at `file`, relative to orm-core's `src/`) that hold
/// SQL outside `sql`.
pub fn check(file: &str, text: &str) -> Vec<Violation> {
    if file == "sql.rs" || file.starts_with("sql/") {
        return Vec::new();
    }
    let tokens = tokenize(text);
    let tests = test_only(&tokens);
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Kind::Str(s) = &token.kind else { continue };
        if tests.iter().any(|r| r.contains(&i)) || is_doc(&tokens, i) {
            continue;
        }
        let found = keywords(&s.value);
        let Some(&(at, _)) = found.first() else { continue };
        let mut names: Vec<&str> = found.iter().map(|(_, k)| *k).collect();
        names.dedup();
        let shown: String = s.value.chars().take(80).collect();
        let what = format!("SQL outside `sql` ({}): {shown:?}", names.join(", "));
        out.push(Violation { file: file.into(), line: s.line_at(at), what });
    }
    out
}

/// Whether string token `i` is the value of `#[doc = "…"]`.
fn is_doc(tokens: &[Token], i: usize) -> bool {
    i >= 2 && tokens[i - 1].is("=") && tokens[i - 2].is_ident("doc")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(found: &[Violation]) -> Vec<usize> {
        found.iter().map(|v| v.line).collect()
    }

    #[test]
    fn keywords_are_upper_case_words() {
        let found: Vec<&str> =
            keywords("SELECT a FROM t ORDER  BY\nb; selected UPDATED Update _SET SET_X").into_iter().map(|(_, k)| k).collect();
        assert_eq!(found, ["SELECT", "FROM", "ORDER BY"]);
        let found: Vec<&str> = keywords("x NOT NULL PRIMARY KEY ON CONFLICT DO NOTHING").into_iter().map(|(_, k)| k).collect();
        assert_eq!(found, ["NOT NULL", "PRIMARY KEY", "ON CONFLICT", "DO NOTHING"]);
        assert!(keywords("ORDER or BY, ON the CONFLICT").is_empty());
    }

    #[test]
    fn sql_in_a_normal_string_is_found() {
        let text = "fn f(sql: &mut Sql) {\n    sql.push(\" WHERE \");\n    let s = format!(\"DELETE FROM {t}\");\n}\n";
        let found = check("association/has_many.rs", text);
        assert_eq!(lines(&found), [2, 3], "{found:#?}");
        assert!(found[1].what.contains("DELETE, FROM"), "{found:#?}");
    }

    #[test]
    fn sql_in_a_raw_string_is_found() {
        let text = "const Q: &str = r#\"\n    SELECT \"id\"\n    FROM \"users\"\"#;\nconst B: &[u8] = br\"PRAGMA foreign_keys\";\n";
        let found = check("schema/introspect.rs", text);
        assert_eq!(lines(&found), [2, 4], "{found:#?}");
    }

    #[test]
    fn sql_behind_escapes_and_char_literals_is_found() {
        // `\n` does not glue `FROM` to the word before it; a `'"'` does not open a string.
        let text = "fn f() { let q = '\"'; g(\"a\\nFROM b\"); let r = 'x'; h(\"\\\"SET\\\"\"); }\n";
        assert_eq!(check("transaction.rs", text).len(), 2);
    }

    #[test]
    fn legal_spellings_pass() {
        let text = "//! Runs SELECT statements.\n/// Builds an `INSERT … RETURNING`.\n#[doc = \"DELETE FROM\"]\nfn selected() -> &'static str {\n    // UPDATE t SET x = 1\n    /* DROP TABLE t */\n    \"the selected rows; Update them, then set where from\"\n}\nconst C: char = '\"';\nstruct Update;\n";
        let found = check("model.rs", text);
        assert!(found.is_empty(), "{found:#?}");
        assert!(check("sql.rs", "const S: &str = \"SELECT 1\";\n").is_empty());
        assert!(check("sql/render.rs", "const S: &str = \"DELETE FROM t\";\n").is_empty());
    }

    #[test]
    fn tests_may_hold_sql() {
        let text = "#[cfg(test)]\nmod tests {\n    const EXPECTED: &str = \"CREATE TABLE t\";\n}\n#[test]\nfn t() { run(\"DROP TABLE x\"); }\nfn after() { run(\"DROP TABLE y\"); }\n";
        assert_eq!(lines(&check("schema/mod.rs", text)), [7]);
    }
}
