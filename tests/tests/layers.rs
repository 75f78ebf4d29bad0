//! The shape of orm-core and orm-derive, checked over their sources:
//! - layers point one way: every path a file spells from its crate's root names a module in its
//!   layer or one below (`paths`);
//! - sqlx is named only in orm-core's `backend`, and nowhere in what the derive generates (`sqlx`);
//! - SQL text is written only in orm-core's `sql` (`keywords`).
//!
//! Each rule is a function over a file's path and text, read through one tokenizer (`tokens`),
//! so every kind of hole is proved closed by a planted violation in the rule's own tests.

#[path = "layers/keywords.rs"]
mod keywords;
#[path = "layers/paths.rs"]
mod paths;
#[path = "layers/sqlx.rs"]
mod sqlx;
#[path = "layers/tokens.rs"]
mod tokens;

use std::fmt;
use std::path::{Path, PathBuf};

/// orm-core's layers, bottom to top. A file belongs to the longest entry that is its module or
/// one of its parents; `lib.rs` (the crate root) sits above them all.
const CORE: &[&str] =
    &["value", "dialect", "error", "sql", "backend", "transaction", "model", "query", "association", "include", "schema", "migrate"];

/// orm-derive's pipeline, bottom to top.
const DERIVE: &[&str] = &[
    "case",
    "ctxt",
    "attr",
    "ast",
    "check",
    "expand::target",
    "expand::associations::names",
    "expand::associations::accessor",
    "expand::associations::collection",
    "expand::associations::junction",
    "expand::associations::belongs_to",
    "expand::associations::has",
    "expand::associations::belongs_to_many",
    "expand::associations",
    "expand::pairs",
    "expand::model",
    "expand::include",
    "expand::fallback",
    "expand",
    "enumeration",
];

/// One broken rule, at a line of a file (relative to its crate's `src/`).
#[derive(Debug)]
pub struct Violation {
    pub file: String,
    pub line: usize,
    pub what: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.what)
    }
}

/// The `.rs` files of a crate's `src/`, as (path relative to `src/` with `/`, text), sorted.
fn sources(krate: &str) -> (PathBuf, Vec<(String, String)>) {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(krate).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut out: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(&src).unwrap().iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/");
            (rel, std::fs::read_to_string(f).unwrap())
        })
        .collect();
    out.sort();
    (src, out)
}

/// Runs `rule` over every file of `krate` and fails with all it found, counted per file.
fn assert_none(krate: &str, rule: &str, check: impl Fn(&str, &str) -> Vec<Violation>) {
    let (src, files) = sources(krate);
    let found: Vec<Violation> = files.iter().flat_map(|(file, text)| check(file, text)).collect();
    if found.is_empty() {
        return;
    }
    let mut per_file: Vec<(&str, usize)> = Vec::new();
    for v in &found {
        match per_file.last_mut() {
            Some((f, n)) if *f == v.file => *n += 1,
            _ => per_file.push((&v.file, 1)),
        }
    }
    let counts: Vec<String> = per_file.iter().map(|(f, n)| format!("  {f}: {n}")).collect();
    let lines: Vec<String> = found.iter().map(|v| format!("  {v}")).collect();
    panic!(
        "{rule}: {} violations in {} files of {}\n{}\n\n{}",
        found.len(),
        per_file.len(),
        src.display(),
        counts.join("\n"),
        lines.join("\n")
    );
}

fn lib_rs(krate: &str) -> String {
    sources(krate).1.into_iter().find(|(f, _)| f == "lib.rs").unwrap().1
}

#[test]
fn orm_core_paths_point_down() {
    let layers = paths::Layers::new(CORE, &["crate", "orm_core"], &lib_rs("orm-core"));
    assert_none("orm-core", "a module names a layer above it", |file, text| layers.check(file, text));
}

#[test]
fn orm_derive_paths_point_down() {
    let layers = paths::Layers::new(DERIVE, &["crate"], &lib_rs("orm-derive"));
    assert_none("orm-derive", "a module names a stage after it", |file, text| layers.check(file, text));
}

#[test]
fn only_backend_names_sqlx() {
    assert_none("orm-core", "sqlx named outside backend", |file, text| sqlx::check(sqlx::Crate::Core, file, text));
}

#[test]
fn generated_code_names_no_sqlx() {
    assert_none("orm-derive", "sqlx named by the derive", |file, text| sqlx::check(sqlx::Crate::Derive, file, text));
}

#[test]
fn only_sql_writes_sql() {
    assert_none("orm-core", "SQL written outside sql", keywords::check);
}
