//! Rule: sqlx is named only in orm-core's `backend` (`backend.rs`, `backend/`), and at the crate
//! root only by the `pub use sqlx;` that hands it to users. orm-derive names it nowhere: its code
//! is what it generates, and generated code that names sqlx repeats driver bounds in every model.

use super::Violation;
use super::tokens::{Kind, Token, tokenize};

/// The crate names sqlx goes by.
const CRATES: &[&str] = &["sqlx", "sqlx_core", "sqlx_sqlite", "sqlx_postgres", "sqlx_mysql", "sqlx_macros"];

/// Which crate a file is in.
#[derive(Clone, Copy)]
pub enum Crate {
    Core,
    Derive,
}

/// Where `text` (the file at `file`, relative to the crate's `src/`) names sqlx outside the
/// places allowed to. Comments (doc examples included) are not code and are not read.
pub fn check(krate: Crate, file: &str, text: &str) -> Vec<Violation> {
    if matches!(krate, Crate::Core) && (file == "backend.rs" || file.starts_with("backend/")) {
        return Vec::new();
    }
    let tokens = tokenize(text);
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match &token.kind {
            Kind::Ident(name) if CRATES.contains(&name.as_str()) => {
                let root_reexport = matches!(krate, Crate::Core)
                    && file == "lib.rs"
                    && i >= 2
                    && tokens[i - 2].is_ident("pub")
                    && tokens[i - 1].is_ident("use")
                    && tokens.get(i + 1).is_some_and(|t| t.is(";"));
                if !root_reexport {
                    let what = format!("names sqlx: `{}`", spelled(&tokens, i));
                    out.push(Violation { file: file.into(), line: token.line, what });
                }
            }
            // The derive may also build code from text (`syn::parse_str`).
            Kind::Str(s) if matches!(krate, Crate::Derive) => {
                if let Some(at) = CRATES.iter().filter_map(|c| s.value.find(&format!("{c}::"))).min() {
                    let what = format!("names sqlx in a string: {:?}", s.value);
                    out.push(Violation { file: file.into(), line: s.line_at(at), what });
                }
            }
            _ => {}
        }
    }
    out
}

/// The path around token `i`, as written (`orm_core::sqlx::Executor`).
fn spelled(tokens: &[Token], i: usize) -> String {
    let mut start = i;
    let segment = |t: &Token| {
        t.ident().is_some_and(|s| !["as", "dyn", "impl", "for", "in", "where", "use", "pub", "mut", "return", "let"].contains(&s))
    };
    while start >= 2 && tokens[start - 1].is("::") && segment(&tokens[start - 2]) {
        start -= 2;
    }
    let mut end = i;
    while tokens.get(end + 1).is_some_and(|t| t.is("::")) && tokens.get(end + 2).is_some_and(|t| t.ident().is_some()) {
        end += 2;
    }
    if tokens.get(end + 1).is_some_and(|t| t.is("::")) && tokens.get(end + 2).is_some_and(|t| t.is("{")) {
        return tokens[start..=end].iter().filter_map(Token::ident).collect::<Vec<_>>().join("::") + "::{..}";
    }
    tokens[start..=end].iter().filter_map(Token::ident).collect::<Vec<_>>().join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlx_outside_backend_is_found() {
        let text =
            "use crate::value::Value;\nuse sqlx::Row;\nfn f<E: sqlx::Executor<'static>>(e: E) {}\ntype D = <E as ::sqlx::Database>::Row;\n";
        let found = check(Crate::Core, "model.rs", text);
        assert_eq!(found.iter().map(|v| v.line).collect::<Vec<_>>(), [2, 3, 4], "{found:#?}");
        assert!(found[1].what.contains("`sqlx::Executor`"), "{found:#?}");
        assert!(found[2].what.contains("`sqlx::Database`"), "{found:#?}");
    }

    #[test]
    fn sqlx_through_the_root_or_a_wrapped_group_is_found() {
        let text = "use crate::{\n    value::Value,\n    sqlx::Row,\n};\nfn f() -> orm_core::sqlx::Error { loop {} }\nuse sqlx_core::Error as E;\n";
        let found = check(Crate::Core, "association/has_many.rs", text);
        assert_eq!(found.iter().map(|v| v.line).collect::<Vec<_>>(), [3, 5, 6], "{found:#?}");
        assert!(found[1].what.contains("orm_core::sqlx::Error"), "{found:#?}");
    }

    #[test]
    fn the_root_only_reexports_sqlx_itself() {
        let text = "pub use sqlx;\npub use sqlx::{AssertSqlSafe, SqlSafeStr};\npub mod sqlite {\n    use sqlx::ConnectOptions;\n}\n";
        let found = check(Crate::Core, "lib.rs", text);
        assert_eq!(found.iter().map(|v| v.line).collect::<Vec<_>>(), [2, 4], "{found:#?}");
        // Only the root may.
        assert_eq!(check(Crate::Core, "value.rs", "pub use sqlx;\n").len(), 1);
    }

    #[test]
    fn generated_code_names_no_sqlx() {
        let text = "fn bound() -> TokenStream {\n    quote!(__E: ::orm_core::sqlx::Executor<'c>)\n}\nfn text() { syn::parse_str(\"::orm_core::sqlx::Error\") }\n";
        let found = check(Crate::Derive, "expand/associations.rs", text);
        assert_eq!(found.iter().map(|v| v.line).collect::<Vec<_>>(), [2, 4], "{found:#?}");
    }

    #[test]
    fn sqlx_in_backend_and_in_prose_passes() {
        assert!(check(Crate::Core, "backend.rs", "use sqlx::Row;\n").is_empty());
        assert!(check(Crate::Core, "backend/field.rs", "impl sqlx::Type for X {}\n").is_empty());
        let text = "//! Runs on sqlx.\n/// Wraps `sqlx::Error`.\nfn f() { let sqlx_free = 1; g(\"sqlx::Error\"); } // sqlx\n";
        assert!(check(Crate::Core, "model.rs", text).is_empty());
        assert!(check(Crate::Derive, "expand/model.rs", "/// `::orm_core::sqlx` is not named\nfn f() {}\n").is_empty());
    }
}
