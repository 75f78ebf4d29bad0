//! The layers of orm-core and orm-derive point one way: every `crate::…` and `super::…` path in
//! their sources (in `use` lines and inline) names a module in the same layer or one below it.
//! A module that needs a higher layer's idea takes it as a small type defined below.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// orm-core's layers, bottom to top. A file belongs to the first entry that is its module or
/// one of its parents; `lib.rs` (the crate root and its re-exports) sits above them all.
const CORE: &[&str] = &["value", "dialect", "error", "sql", "backend", "transaction", "model", "query", "association", "include", "schema"];

/// orm-derive's pipeline, bottom to top.
const DERIVE: &[&str] = &[
    "case",
    "ctxt",
    "attr",
    "ast",
    "check",
    "expand::target",
    "expand::associations",
    "expand::pairs",
    "expand::model",
    "expand::include",
    "expand::fallback",
    "expand",
];

/// Names that moved up and stay reachable at their old public path by a `pub use` in the old
/// module (module, layer re-exported from). Only a `pub use` line passes, never code.
const COMPAT: &[(&str, &str)] = &[("value", "backend")];

/// Where a module sits in `order`; the crate root (`""`) is above everything.
fn layer(order: &[&str], module: &str) -> usize {
    if module.is_empty() {
        return order.len();
    }
    order
        .iter()
        .enumerate()
        .filter(|(_, l)| module == **l || module.starts_with(&format!("{l}::")))
        .map(|(i, l)| (l.len(), i))
        .max()
        .map(|(_, i)| i)
        .unwrap_or_else(|| panic!("module `{module}` is in no declared layer: add it to the order in tests/tests/layers.rs"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a source file defines (`association/has_many.rs` → `association::has_many`).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The code of a file without its comments (doc links are not imports) and string literals.
fn code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            // A char literal (`'"'`, `'\''`), not a lifetime.
            '\'' => {
                let mut ahead = chars.clone();
                let literal = match ahead.next() {
                    Some('\\') => ahead.nth(1) == Some('\''),
                    Some(_) => ahead.next() == Some('\''),
                    None => false,
                };
                if literal {
                    chars = ahead;
                    out.push_str("' '");
                } else {
                    out.push(c);
                }
            }
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every `crate::a::b` / `super::a` path of `code`, as module paths from the crate root, with the
/// line it is on. A `use crate::a::{b, c}` group names `a`, which is enough to place it.
fn paths(code: &str, module: &[String], is_mod_file: bool) -> Vec<(usize, String, String, bool)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let reexport = line.trim_start().starts_with("pub use ");
        let bytes = line.as_bytes();
        for start in 0..line.len() {
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_' || bytes[start - 1] == b':') {
                continue;
            }
            let rest = &line[start..];
            let (base, tail) = if let Some(t) = rest.strip_prefix("crate::") {
                (Vec::new(), t)
            } else if let Some(t) = rest.strip_prefix("super::") {
                // `super` of `a/b.rs` is `a`; of `a/mod.rs` (module `a`) it is the root. In a
                // file's inline `mod tests`, `super` is the file itself: same layer either way.
                let mut base = module.to_vec();
                if is_mod_file || base.len() > 1 {
                    base.pop();
                }
                (base, t)
            } else {
                continue;
            };
            // `crate::{a::B, c}`: each item of the group.
            let tails: Vec<&str> = match tail.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or("").split(',').map(str::trim).collect(),
                None => vec![tail],
            };
            for tail in tails {
                let mut segs = Vec::new();
                for seg in tail.split("::") {
                    let ident: &str = seg.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
                    if !ident.is_empty() {
                        segs.push(ident);
                    }
                    if ident.is_empty() || ident.len() != seg.len() {
                        break;
                    }
                }
                let mut full = base.clone();
                full.extend(segs.iter().map(|s| s.to_string()));
                out.push((n + 1, full.join("::"), format!("{}{}", &line[start..start + 7], segs.join("::")), reexport));
            }
        }
    }
    out
}

/// The root re-exports of a crate (`pub use a::{B, C}` in lib.rs): `B` → `a`.
/// Re-exports of other crates (`pub use sqlx;`, the derive macro) are left out.
fn root_reexports(lib: &str, order: &[&str]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let code = code(lib);
    for stmt in code.split(';') {
        let stmt = stmt.trim();
        let Some(rest) = stmt.strip_prefix("pub use ") else { continue };
        let rest = rest.trim_start_matches("crate::");
        let (module, names) = match rest.split_once("::{") {
            Some((m, names)) => (m.to_string(), names.trim_end_matches('}').split(',').map(str::trim).collect::<Vec<_>>()),
            None => match rest.rsplit_once("::") {
                Some((m, name)) => (m.to_string(), vec![name]),
                None => continue,
            },
        };
        if !order.iter().any(|l| l.split("::").next() == module.split("::").next()) {
            continue;
        }
        for name in names {
            let name = name.split(" as ").last().unwrap().trim();
            if !name.is_empty() && name != "self" {
                map.insert(name.to_string(), module.clone());
            }
        }
    }
    map
}

/// The imports of `src` that point up, as `file:line: module → path`.
fn violations(src: &Path, order: &[&str]) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib, order);
    let mut all = Vec::new();
    files(src, &mut all);
    all.sort();
    let mut out = Vec::new();
    for file in all {
        let module = module_of(src, &file);
        let name = module.join("::");
        let is_mod_file = file.file_name().is_some_and(|f| f == "mod.rs");
        let own = layer(order, &name);
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, target, shown, reexport) in paths(&code(&text), &module, is_mod_file) {
            // `crate::Name` of a root re-export is the module it comes from.
            let first = target.split("::").next().unwrap_or("");
            let target = match reexports.get(first) {
                Some(m) if !order.iter().any(|l| l.split("::").next() == Some(first)) => m.replace("self::", ""),
                _ => target,
            };
            // Inner items of a module (`crate::expand::model::info`) place by their longest layer.
            let theirs = if target.is_empty() { order.len() } else { layer(order, &target) };
            let listed = |list: &[(&str, &str)]| list.iter().any(|(m, l)| *m == name && order.get(theirs) == Some(l));
            let known = reexport && listed(COMPAT);
            if theirs > own && !known {
                out.push(format!(
                    "{}:{line}: `{name}` ({}) imports `{shown}` ({})",
                    file.display(),
                    order.get(own).unwrap_or(&"root"),
                    order.get(theirs).unwrap_or(&"root")
                ));
            }
        }
    }
    out
}

fn src(krate: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(krate).join("src")
}

#[test]
fn orm_core_imports_point_down() {
    let found = violations(&src("orm-core"), CORE);
    assert!(found.is_empty(), "modules import a layer above them:\n{}", found.join("\n"));
}

#[test]
fn orm_derive_imports_point_down() {
    let found = violations(&src("orm-derive"), DERIVE);
    assert!(found.is_empty(), "modules import a layer above them:\n{}", found.join("\n"));
}

#[test]
fn an_upward_import_is_found() {
    let dir = std::env::temp_dir().join(format!("orm-layers-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("lib.rs"), "pub use high::High;\nmod low;\nmod high;\n").unwrap();
    std::fs::write(dir.join("low.rs"), "fn f(_: crate::High) {}\n// crate::high::x in a comment\n").unwrap();
    std::fs::write(dir.join("high.rs"), "use crate::low;\npub struct High;\n").unwrap();
    std::fs::write(dir.join("a").join("mod.rs"), "use super::high::High;\n").unwrap();
    let found = violations(&dir, &["low", "high", "a"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("low.rs:1") && found[0].contains("crate::High"), "{found:#?}");
}
