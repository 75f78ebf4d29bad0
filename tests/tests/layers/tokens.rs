//! A small Rust tokenizer: enough to tell code from comments and string literals, and to follow
//! paths across lines. Every checker reads tokens, never raw lines, so a rustfmt-wrapped `use`
//! group, a `"` inside a char literal or a keyword in a comment cannot fool it.

/// One token and the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub line: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// An identifier or keyword; a raw identifier `r#type` is `type`.
    Ident(String),
    /// `'a`, `'static`, a loop label.
    Lifetime,
    /// A string literal of any spelling, with its value.
    Str(Str),
    /// A char or byte literal (`'"'`, `b'\''`).
    Char,
    /// A number literal.
    Number,
    /// `::`, `->`, `=>`, or one of the punctuation characters the checkers look at.
    Punct(&'static str),
    /// Any other punctuation character.
    Other(char),
}

/// A string literal's value (escapes resolved for the non-raw spellings) and, for each byte of
/// the value, the source line it came from, so a match inside a multi-line literal names its
/// own line.
#[derive(Debug, Clone, PartialEq)]
pub struct Str {
    pub value: String,
    pub lines: Vec<usize>,
}

impl Str {
    /// The source line of the value's byte `at`.
    pub fn line_at(&self, at: usize) -> usize {
        self.lines.get(at).or(self.lines.last()).copied().unwrap_or(0)
    }
}

impl Token {
    pub fn ident(&self) -> Option<&str> {
        match &self.kind {
            Kind::Ident(s) => Some(s),
            _ => None,
        }
    }

    pub fn is(&self, punct: &str) -> bool {
        match &self.kind {
            Kind::Punct(p) => *p == punct,
            Kind::Other(c) => punct.len() == c.len_utf8() && punct.starts_with(*c),
            _ => false,
        }
    }

    pub fn is_ident(&self, name: &str) -> bool {
        self.ident() == Some(name)
    }
}

const PUNCT: &[&str] = &["::", "{", "}", "(", ")", "[", "]", ";", ",", "#", "=", "*", "<", ">", "!", "$", "."];

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

struct Lexer {
    chars: Vec<char>,
    at: usize,
    line: usize,
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.at).copied()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    /// After the opening `/*`: up to the matching `*/` (block comments nest).
    fn block_comment(&mut self) {
        let mut depth = 1;
        while depth > 0 {
            match (self.bump(), self.peek(0)) {
                (Some('/'), Some('*')) => {
                    self.bump();
                    depth += 1;
                }
                (Some('*'), Some('/')) => {
                    self.bump();
                    depth -= 1;
                }
                (None, _) => return,
                _ => {}
            }
        }
    }

    /// After the opening `"` of a non-raw literal: the value, escapes resolved.
    fn quoted(&mut self) -> Str {
        let mut value = String::new();
        let mut lines = Vec::new();
        let push = |value: &mut String, lines: &mut Vec<usize>, c: char, line: usize| {
            value.push(c);
            lines.extend(std::iter::repeat_n(line, c.len_utf8()));
        };
        loop {
            let line = self.line;
            match self.bump() {
                None | Some('"') => break,
                Some('\\') => match self.bump() {
                    Some('n') => push(&mut value, &mut lines, '\n', line),
                    Some('t') => push(&mut value, &mut lines, '\t', line),
                    Some('r') => push(&mut value, &mut lines, '\r', line),
                    Some('0') => push(&mut value, &mut lines, '\0', line),
                    Some('x') => {
                        let hex: String = [self.bump(), self.bump()].into_iter().flatten().collect();
                        let c = u8::from_str_radix(&hex, 16).map(char::from).unwrap_or('?');
                        push(&mut value, &mut lines, c, line);
                    }
                    Some('u') => {
                        let mut hex = String::new();
                        while let Some(c) = self.bump() {
                            match c {
                                '{' => {}
                                '}' => break,
                                c => hex.push(c),
                            }
                        }
                        let c = u32::from_str_radix(&hex.replace('_', ""), 16).ok().and_then(char::from_u32).unwrap_or('?');
                        push(&mut value, &mut lines, c, line);
                    }
                    // A line continuation: the newline and the next line's leading whitespace
                    // are not part of the value.
                    Some('\n') => {
                        while self.peek(0).is_some_and(char::is_whitespace) {
                            self.bump();
                        }
                    }
                    Some(c) => push(&mut value, &mut lines, c, line),
                    None => break,
                },
                Some(c) => push(&mut value, &mut lines, c, line),
            }
        }
        Str { value, lines }
    }

    /// At the `#`s or `"` after an `r`/`br`/`cr` prefix: the raw value.
    fn raw(&mut self) -> Str {
        let mut hashes = 0;
        while self.peek(0) == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump(); // the opening quote
        let mut value = String::new();
        let mut lines = Vec::new();
        loop {
            let line = self.line;
            match self.bump() {
                None => break,
                Some('"') if (0..hashes).all(|i| self.peek(i) == Some('#')) => {
                    for _ in 0..hashes {
                        self.bump();
                    }
                    break;
                }
                Some(c) => {
                    value.push(c);
                    lines.extend(std::iter::repeat_n(line, c.len_utf8()));
                }
            }
        }
        Str { value, lines }
    }

    /// After the opening `'`: a char literal, or a lifetime/label.
    fn quote(&mut self) -> Kind {
        match (self.peek(0), self.peek(1)) {
            (Some('\\'), _) => {
                self.bump();
                self.bump();
                // `'\''`, `'\n'`, `'\x7f'`, `'\u{1F600}'`: up to the closing quote.
                while let Some(c) = self.bump() {
                    if c == '\'' {
                        break;
                    }
                }
                Kind::Char
            }
            (Some(_), Some('\'')) => {
                self.bump();
                self.bump();
                Kind::Char
            }
            _ => {
                while self.peek(0).is_some_and(is_ident_continue) {
                    self.bump();
                }
                Kind::Lifetime
            }
        }
    }

    fn next(&mut self) -> Option<Token> {
        loop {
            let c = self.peek(0)?;
            if c.is_whitespace() {
                self.bump();
            } else if c == '/' && self.peek(1) == Some('/') {
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.bump();
                }
            } else if c == '/' && self.peek(1) == Some('*') {
                self.bump();
                self.bump();
                self.block_comment();
            } else {
                break;
            }
        }
        let line = self.line;
        let c = self.bump()?;
        let kind = if is_ident_start(c) {
            let mut ident = String::from(c);
            while self.peek(0).is_some_and(is_ident_continue) {
                ident.push(self.bump().unwrap());
            }
            match (ident.as_str(), self.peek(0), self.peek(1)) {
                ("r" | "br" | "cr", Some('"'), _) | ("r" | "br" | "cr", Some('#'), Some('"' | '#')) => Kind::Str(self.raw()),
                ("b" | "c", Some('"'), _) => {
                    self.bump();
                    Kind::Str(self.quoted())
                }
                ("b", Some('\''), _) => {
                    self.bump();
                    self.quote()
                }
                ("r", Some('#'), Some(c)) if is_ident_start(c) => {
                    self.bump();
                    let mut ident = String::new();
                    while self.peek(0).is_some_and(is_ident_continue) {
                        ident.push(self.bump().unwrap());
                    }
                    Kind::Ident(ident)
                }
                _ => Kind::Ident(ident),
            }
        } else if c.is_ascii_digit() {
            while self.peek(0).is_some_and(|c| is_ident_continue(c) || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit()))) {
                self.bump();
            }
            Kind::Number
        } else if c == '"' {
            Kind::Str(self.quoted())
        } else if c == '\'' {
            self.quote()
        } else if let Some(p) = ["::", "->", "=>"].into_iter().find(|p| p.starts_with(c) && p.ends_with(self.peek(0).unwrap_or(' '))) {
            self.bump();
            Kind::Punct(p)
        } else if let Some(p) = PUNCT.iter().find(|p| p.len() == 1 && p.starts_with(c)) {
            Kind::Punct(p)
        } else {
            Kind::Other(c)
        };
        Some(Token { line, kind })
    }
}

/// The tokens of a Rust source file, without its comments (doc comments included).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut lexer = Lexer { chars: text.chars().collect(), at: 0, line: 1 };
    std::iter::from_fn(|| lexer.next()).collect()
}

/// Token index ranges of the items that exist only in tests: an item under `#[cfg(test)]` or
/// `#[test]`, from the attribute to the item's closing `}` or `;`.
pub fn test_only(tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let attr = |s: &[&str]| s.iter().enumerate().all(|(k, want)| tokens.get(i + k).is_some_and(|t| t.is(want) || t.is_ident(want)));
        if !(attr(&["#", "[", "cfg", "(", "test", ")", "]"]) || attr(&["#", "[", "test", "]"])) {
            i += 1;
            continue;
        }
        let start = i;
        let mut depth = 0usize;
        let mut j = i;
        // Past the attributes, then up to the `;` or the closing `}` of the item's body.
        while j < tokens.len() {
            let t = &tokens[j];
            if t.is("(") || t.is("[") || t.is("{") {
                depth += 1;
            } else if t.is(")") || t.is("]") || t.is("}") {
                depth = depth.saturating_sub(1);
                if depth == 0 && t.is("}") {
                    break;
                }
            } else if depth == 0 && t.is(";") {
                break;
            }
            j += 1;
        }
        out.push(start..j + 1);
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .filter_map(|t| match t.kind {
                Kind::Str(s) => Some(s.value),
                _ => None,
            })
            .collect()
    }

    fn idents(text: &str) -> Vec<String> {
        tokenize(text).into_iter().filter_map(|t| t.ident().map(str::to_string)).collect()
    }

    #[test]
    fn normal_strings_resolve_escapes() {
        assert_eq!(strings(r#"f("a \"SELECT\" b", "x\\", "c\nd", "\x41\u{42}")"#), ["a \"SELECT\" b", "x\\", "c\nd", "AB"]);
    }

    #[test]
    fn a_line_continuation_is_not_part_of_the_value() {
        assert_eq!(strings("\"SELECT \\\n     FROM\""), ["SELECT FROM"]);
    }

    #[test]
    fn raw_and_byte_strings_are_strings() {
        let text = r####"(r"a\n", r#"b "q" c"#, r##"d "# e"##, b"f", br"g", br#"h"#, c"i", cr"j")"####;
        assert_eq!(strings(text), ["a\\n", "b \"q\" c", "d \"# e", "f", "g", "h", "i", "j"]);
    }

    #[test]
    fn char_literals_are_not_strings() {
        let text = r#"let q = '"'; let e = '\''; let b = b'"'; let s = '\\'; let u = '\u{22}'; let x = "after";"#;
        assert_eq!(strings(text), ["after"]);
        assert_eq!(tokenize(text).iter().filter(|t| t.kind == Kind::Char).count(), 5);
    }

    #[test]
    fn lifetimes_and_labels_are_not_chars() {
        let text = "fn f<'a>(x: &'a str) -> &'static str { 'outer: loop { break 'outer; } \"s\" }";
        let tokens = tokenize(text);
        assert_eq!(tokens.iter().filter(|t| t.kind == Kind::Lifetime).count(), 5);
        assert_eq!(tokens.iter().filter(|t| t.kind == Kind::Char).count(), 0);
        assert_eq!(strings(text), ["s"]);
    }

    #[test]
    fn comments_are_dropped() {
        let text = "/// \"doc\" SELECT\n//! inner\n/* a /* nested \"x\" */ still */ // \"line\"\nlet a = 1; /** \"b\" */";
        assert_eq!(strings(text), Vec::<String>::new());
        assert_eq!(idents(text), ["let", "a"]);
    }

    #[test]
    fn raw_identifiers_are_identifiers() {
        assert_eq!(idents("r#type r#match rust"), ["type", "match", "rust"]);
        assert_eq!(strings("r#type"), Vec::<String>::new());
    }

    #[test]
    fn paths_keep_their_double_colons() {
        let tokens = tokenize("crate::a::{b, c}");
        assert!(tokens[1].is("::") && tokens[3].is("::") && tokens[4].is("{"));
    }

    #[test]
    fn lines_are_counted_inside_literals() {
        let tokens = tokenize("let a = \"one\ntwo\";\nlet b = r\"x\ny\";\nz");
        let Kind::Str(s) = &tokens[3].kind else { panic!("{tokens:?}") };
        assert_eq!((tokens[3].line, s.line_at(0), s.line_at(4)), (1, 1, 2));
        assert_eq!(tokens.last().unwrap().line, 5);
    }

    #[test]
    fn test_only_items_span_their_body() {
        let tokens = tokenize("fn a() {}\n#[cfg(test)]\nmod tests { fn b() { \"x\" } }\nfn c() {}\n#[test] fn d() {}");
        let ranges = test_only(&tokens);
        assert_eq!(ranges.len(), 2);
        let covered: Vec<&str> = ranges.iter().flat_map(|r| tokens[r.clone()].iter()).filter_map(Token::ident).collect();
        assert_eq!(covered, ["cfg", "test", "mod", "tests", "fn", "b", "test", "fn", "d"]);
    }
}
