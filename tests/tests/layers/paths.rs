//! Rule: every path a file spells from its crate's root (`crate::…`, `super::…`, `self::…`, and
//! in orm-core `orm_core::…`, which `extern crate self as orm_core;` makes the crate itself), in a
//! `use` tree or inline, names a module in the file's layer or one below it. A `pub use` is a
//! path like any other: no old path is kept alive by re-exporting from above.

use std::collections::{HashMap, HashSet};

use super::Violation;
use super::tokens::{Kind, Token, tokenize};

/// A crate's layers, bottom to top, and what its root (`lib.rs`) declares.
pub struct Layers {
    order: Vec<String>,
    /// The names a path may start with to mean the crate root.
    roots: Vec<String>,
    /// The modules declared in files (`mod x;` in lib.rs).
    modules: HashSet<String>,
    /// The root's re-exports of its own modules' items: `Error` → `error::Error`. An entry
    /// whose path does not start at one of the crate's modules is another crate's item.
    reexports: HashMap<String, Vec<String>>,
}

/// Where a path lands.
#[derive(Debug, PartialEq)]
enum Place {
    Layer(usize),
    /// The crate root: lib.rs's own items and inline modules.
    Root,
    /// Another crate's item re-exported at the root (`pub use sqlx;`): not a layer of this one.
    External,
    /// A module of the crate that no layer lists.
    Unlisted(String),
}

impl Layers {
    /// `roots` are the names that spell the crate root: `crate`, and `orm_core` inside orm-core.
    pub fn new(order: &[&str], roots: &[&str], lib_rs: &str) -> Self {
        let tokens = tokenize(lib_rs);
        let mut modules = HashSet::new();
        let mut uses = Vec::new();
        let mut depth = 0;
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if t.is("{") {
                depth += 1;
            } else if t.is("}") {
                depth -= 1;
            } else if depth == 0 && t.is_ident("mod") {
                if let (Some(name), Some(next)) = (tokens.get(i + 1).and_then(Token::ident), tokens.get(i + 2))
                    && next.is(";")
                {
                    modules.insert(name.to_string());
                }
            } else if depth == 0 && t.is_ident("use") && i > 0 && (tokens[i - 1].is_ident("pub") || tokens[i - 1].is(")")) {
                let mut leaves = Vec::new();
                i = use_tree(&tokens, i + 1, Vec::new(), &mut leaves);
                uses.extend(leaves);
                continue;
            }
            i += 1;
        }
        let roots: Vec<String> = roots.iter().map(|s| s.to_string()).collect();
        let mut reexports: HashMap<String, Vec<String>> = HashMap::new();
        for leaf in uses {
            let mut path = leaf.path;
            if path.first().is_some_and(|s| roots.contains(s) || s == "self") {
                path.remove(0);
            }
            if path.last().is_some_and(|s| s == "self") {
                path.pop();
            }
            let Some(name) = leaf.alias.or_else(|| path.last().cloned()) else { continue };
            if name == "*" {
                continue;
            }
            // One name may come from two namespaces (the `Model` trait and its derive macro):
            // the crate's own item places it.
            let own = |p: &[String]| p.first().is_some_and(|m| modules.contains(m));
            if !reexports.get(&name).is_some_and(|p| own(p)) {
                reexports.insert(name, path);
            }
        }
        Layers { order: order.iter().map(|s| s.to_string()).collect(), roots, modules, reexports }
    }

    /// The layer of a module path from the root: the longest layer that is the module or one of
    /// its parents.
    fn layer(&self, module: &[String]) -> Option<usize> {
        let name = module.join("::");
        self.order
            .iter()
            .enumerate()
            .filter(|(_, l)| name == **l || name.starts_with(&format!("{l}::")))
            .max_by_key(|(_, l)| l.len())
            .map(|(i, _)| i)
    }

    /// Where a path from the root lands.
    fn place(&self, path: &[String]) -> Place {
        let Some(first) = path.first() else { return Place::Root };
        let module = |path: &[String]| match self.layer(path) {
            Some(l) => Place::Layer(l),
            None => Place::Unlisted(path[0].clone()),
        };
        if self.modules.contains(first) {
            return module(path);
        }
        match self.reexports.get(first) {
            Some(source) if source.first().is_some_and(|m| self.modules.contains(m)) => {
                module(&source.iter().chain(&path[1..]).cloned().collect::<Vec<_>>())
            }
            Some(_) => Place::External,
            // An item or inline module of lib.rs itself.
            None => Place::Root,
        }
    }

    fn name(&self, place: &Place) -> String {
        match place {
            Place::Layer(l) => self.order[*l].clone(),
            Place::Root => "the crate root".into(),
            Place::External => "another crate".into(),
            Place::Unlisted(m) => format!("`{m}`, in no layer"),
        }
    }

    /// The paths of `text` (the file at `file`, relative to the crate's `src/`) that name a
    /// layer above the file's own.
    pub fn check(&self, file: &str, text: &str) -> Vec<Violation> {
        let module = module_of(file);
        let own = if module.is_empty() { Place::Root } else { self.place(&module) };
        let own_rank = match own {
            Place::Layer(l) => l,
            Place::Root => self.order.len(),
            _ => {
                let what = format!("module `{}` is in no declared layer: add it to the order in tests/tests/layers.rs", module.join("::"));
                return vec![Violation { file: file.into(), line: 1, what }];
            }
        };
        let tokens = tokenize(text);
        let mut out = Vec::new();
        // Inline modules open here: (name, brace depth inside them).
        let mut inline: Vec<(String, usize)> = Vec::new();
        let mut depth = 0;
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if t.is("{") {
                depth += 1;
                if i >= 2
                    && tokens[i - 2].is_ident("mod")
                    && let Some(name) = tokens[i - 1].ident()
                {
                    inline.push((name.to_string(), depth));
                }
            } else if t.is("}") {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            let here: Vec<String> = module.iter().cloned().chain(inline.iter().map(|(m, _)| m.clone())).collect();
            let Some((base, spelled, next)) = self.start(&tokens, i, &here) else {
                i += 1;
                continue;
            };
            let mut leaves = Vec::new();
            i = use_tree(&tokens, next, Vec::new(), &mut leaves);
            for leaf in leaves {
                let full: Vec<String> = base.iter().chain(leaf.path.iter().filter(|s| *s != "self" && *s != "*")).cloned().collect();
                let theirs = self.place(&full);
                let rank = match theirs {
                    Place::Layer(l) => l,
                    Place::Root => self.order.len(),
                    Place::External => continue,
                    Place::Unlisted(_) => usize::MAX,
                };
                if rank > own_rank {
                    let shown = format!("{spelled}{}", leaf.path.join("::"));
                    let what = format!("`{}` ({}) names `{shown}` ({})", module.join("::"), self.name(&own), self.name(&theirs));
                    out.push(Violation { file: file.into(), line: leaf.line, what });
                }
            }
        }
        out
    }

    /// A path that starts at the root or at a module relative to `here`, at token `i`: its
    /// module path from the root, how it was spelled up to the tree, and the tree's first token.
    fn start(&self, tokens: &[Token], i: usize, here: &[String]) -> Option<(Vec<String>, String, usize)> {
        let first = tokens[i].ident()?;
        if !tokens.get(i + 1).is_some_and(|t| t.is("::")) {
            return None;
        }
        // `a::crate` is not a start; `::orm_core::x` is (`::` that continues nothing).
        if i >= 1 && tokens[i - 1].is("::") && i >= 2 && (tokens[i - 2].ident().is_some() || tokens[i - 2].is(">")) {
            return None;
        }
        if self.roots.iter().any(|r| r == first) {
            return Some((Vec::new(), format!("{first}::"), i + 2));
        }
        match first {
            "self" => Some((here.to_vec(), "self::".into(), i + 2)),
            "super" => {
                let mut base = here.to_vec();
                let mut spelled = String::new();
                let mut j = i;
                while tokens.get(j).is_some_and(|t| t.is_ident("super")) && tokens.get(j + 1).is_some_and(|t| t.is("::")) {
                    base.pop();
                    spelled.push_str("super::");
                    j += 2;
                }
                Some((base, spelled, j))
            }
            _ => None,
        }
    }
}

/// A path of a `use` tree (or of an inline path), its last segment's line, and its `as` name.
#[derive(Debug)]
pub struct Leaf {
    pub path: Vec<String>,
    pub line: usize,
    pub alias: Option<String>,
}

/// Reads the tree at token `i` (`a::b`, `a::{b, c::{d, e}}`, `a::*`, `a as b`) below `prefix`,
/// across any line breaks; returns the index after it. An inline path ends at its first token
/// that is not a segment (`crate::f::<T>()`, `crate::X { .. }` never reach a `{` after `::`).
pub fn use_tree(tokens: &[Token], mut i: usize, prefix: Vec<String>, leaves: &mut Vec<Leaf>) -> usize {
    let line = |i: usize| tokens.get(i).or(tokens.last()).map_or(0, |t| t.line);
    match tokens.get(i).map(|t| &t.kind) {
        Some(Kind::Punct("{")) => {
            i += 1;
            while i < tokens.len() && !tokens[i].is("}") {
                let before = i;
                i = use_tree(tokens, i, prefix.clone(), leaves);
                if tokens.get(i).is_some_and(|t| t.is(",")) {
                    i += 1;
                }
                if i == before {
                    i += 1;
                }
            }
            i + 1
        }
        Some(Kind::Punct("*")) => {
            let mut path = prefix;
            path.push("*".into());
            leaves.push(Leaf { path, line: line(i), alias: None });
            i + 1
        }
        Some(Kind::Ident(name)) => {
            let mut path = prefix;
            path.push(name.clone());
            let continues = tokens.get(i + 1).is_some_and(|t| t.is("::"))
                && tokens.get(i + 2).is_some_and(|t| t.ident().is_some() || t.is("{") || t.is("*"));
            if continues {
                return use_tree(tokens, i + 2, path, leaves);
            }
            let alias = match (tokens.get(i + 1), tokens.get(i + 2)) {
                (Some(a), Some(b)) if a.is_ident("as") => b.ident().map(str::to_string),
                _ => None,
            };
            leaves.push(Leaf { path, line: line(i), alias: alias.clone() });
            i + if alias.is_some() { 3 } else { 1 }
        }
        _ => {
            if !prefix.is_empty() {
                leaves.push(Leaf { path: prefix, line: line(i.saturating_sub(1)), alias: None });
            }
            i
        }
    }
}

/// The module a source file defines, from its path below `src/` (`association/has_many.rs` →
/// `association::has_many`; `schema/mod.rs` and `schema.rs` → `schema`; `lib.rs` → the root).
pub fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file.trim_end_matches(".rs").split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate shaped like orm-core: `low` < `mid` < `high`, with `mid/` holding children, the
    /// root re-exporting one item of each and another crate, and the crate naming itself `me`.
    const LIB: &str = "extern crate self as me;\nmod low;\nmod mid;\nmod high;\npub use high::High;\npub use low::{Low, self as lower};\npub use other;\npub mod inline { pub fn f() {} }\n";
    const ORDER: &[&str] = &["low", "mid", "high"];

    fn check(file: &str, text: &str) -> Vec<Violation> {
        Layers::new(ORDER, &["crate", "me"], LIB).check(file, text)
    }

    fn assert_one(found: &[Violation], line: usize, needle: &str) {
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].line, line, "{found:#?}");
        assert!(found[0].what.contains(needle), "{found:#?}");
    }

    #[test]
    fn a_wrapped_use_group_is_read_to_its_end() {
        let text = "use crate::{\n    low::Low,\n    mid::Mid,\n    high::High,\n};\n";
        assert_one(&check("mid.rs", text), 4, "crate::high::High");
    }

    #[test]
    fn a_nested_use_group_is_read_to_its_leaves() {
        let text = "use crate::{\n    low::{Low, Lower},\n    mid::{\n        a::A,\n        b::{B, deep::high},\n    },\n    high::{self, High},\n};\n";
        let found = check("mid/x.rs", text);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|v| v.line == 7 && v.what.contains("crate::high")), "{found:#?}");
    }

    #[test]
    fn super_super_is_resolved_from_the_file() {
        // `mid/a/b.rs` is `mid::a::b`: `super::super` is `mid`, one more is the root.
        assert!(check("mid/a/b.rs", "use super::super::c::C;\n").is_empty());
        let found = check("mid/a/b.rs", "use super::super::super::high::High;\n");
        assert_one(&found, 1, "super::super::super::high::High");
    }

    #[test]
    fn super_of_a_file_with_children_is_its_parent() {
        // `mid.rs` and `mid/mod.rs` are both `mid`: their `super` is the root, not `mid`.
        assert_one(&check("mid.rs", "use super::high::High;\n"), 1, "super::high::High");
        assert_one(&check("mid/mod.rs", "use super::high::High;\n"), 1, "super::high::High");
        assert!(check("mid/c.rs", "use super::Mid;\n").is_empty());
    }

    #[test]
    fn super_in_an_inline_module_is_the_file() {
        let text = "mod tests {\n    use super::*;\n    mod deeper { use super::super::Item; }\n}\nuse super::high::H;\n";
        let found = check("mid/c.rs", text);
        assert!(found.is_empty(), "{found:#?}");
        let text = "mod tests {\n    use super::super::super::high::H;\n}\n";
        assert_one(&check("mid/c.rs", text), 2, "super::super::super::high::H");
    }

    #[test]
    fn self_paths_are_relative_to_the_module() {
        assert!(check("mid/mod.rs", "use self::child::C;\n").is_empty());
        let text = "pub mod inner {\n    pub use self::x::Y;\n}\nfn f() { crate::inline::f(); }\n";
        assert_one(&check("low.rs", text), 4, "crate::inline::f");
    }

    #[test]
    fn the_crates_own_name_is_the_crate_root() {
        assert_one(&check("low.rs", "use me::high::High;\n"), 1, "me::high::High");
        assert_one(&check("low.rs", "fn f() -> ::me::High { loop {} }\n"), 1, "me::High");
        // Another crate's `me`-free path is not this crate's.
        assert!(check("low.rs", "use std::me::high;\nfn f(x: other::me::high::H) {}\n").is_empty());
    }

    #[test]
    fn an_inline_path_is_a_path() {
        let text = "fn f(x: u8) -> u8 {\n    let y = crate::mid::double(x);\n    y\n}\n";
        assert_one(&check("low.rs", text), 2, "crate::mid::double");
        assert_one(&check("low.rs", "fn g(_: crate::High) {}\n"), 1, "crate::High");
        assert_one(&check("low.rs", "fn g() { crate::high::f::<u8>() }\n"), 1, "crate::high::f");
    }

    #[test]
    fn a_pub_use_upward_is_a_violation() {
        // What `COMPAT` used to allow: an old path kept alive from below.
        assert_one(&check("low.rs", "pub use crate::mid::Moved;\n"), 1, "crate::mid::Moved");
        assert_one(&check("low.rs", "pub use super::high::Moved as Old;\n"), 1, "super::high::Moved");
    }

    #[test]
    fn root_reexports_place_by_their_module() {
        assert!(check("high.rs", "use crate::{Low, lower, High};\n").is_empty());
        assert!(check("low.rs", "use crate::{Low, lower::Inner};\nuse crate::other::Thing;\n").is_empty());
        assert_one(&check("low.rs", "use crate::{Low, High};\n"), 1, "crate::High");
        // The root's own items sit above every layer.
        assert_one(&check("high.rs", "use crate::inline;\n"), 1, "crate::inline");
    }

    #[test]
    fn legal_spellings_pass() {
        let text = "//! crate::high in a doc\n/// [`crate::High`]\nuse crate::low::Low; // crate::high::x\n/* super::high */\nconst S: &str = \"crate::high::High\";\nconst C: char = '\"';\nfn f<'a>(x: &'a str) -> &'a str { self.x; x }\npub(crate) fn g() {}\npub(super) fn h() {}\nuse Self::A;\n";
        let found = check("low.rs", text);
        assert!(found.is_empty(), "{found:#?}");
        assert!(check("lib.rs", "use crate::high::High;\n").is_empty());
    }

    #[test]
    fn a_module_in_no_layer_is_reported() {
        let found = Layers::new(ORDER, &["crate"], "mod low;\nmod stray;\n").check("stray.rs", "");
        assert_one(&found, 1, "`stray` is in no declared layer");
        let found = Layers::new(ORDER, &["crate"], "mod low;\nmod stray;\n").check("low.rs", "use crate::stray::X;\n");
        assert_one(&found, 1, "in no layer");
    }
}
