//! English and identifier case rules for table, column and accessor names.

/// `UserBooks` -> `user_books`.
pub fn snake(ident: &str) -> String {
    let mut out = String::with_capacity(ident.len() + 4);
    let chars: Vec<char> = ident.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if i > 0 && (prev_lower || (next_lower && chars[i - 1] != '_')) && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `user` -> `users`, `category` -> `categories`, `box` -> `boxes`; a word ending in `s` is taken
/// as plural already (`user_books`).
pub fn plural(word: &str) -> String {
    let consonant_y = word.ends_with('y') && !word[..word.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if word.ends_with('s') {
        word.to_owned()
    } else if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if word.ends_with(['x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// `comments` -> `comment`, `categories` -> `category`, `read` -> `read`.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("xes") || word.ends_with("ches") || word.ends_with("shes") {
        word[..word.len() - 2].to_owned()
    } else if word.ends_with("ss") {
        word.to_owned()
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_owned()
    } else {
        word.to_owned()
    }
}

/// How databases that ignore case and users who mix `userId`/`user_id` see a column name: two
/// names that normalise alike name the same column.
pub fn normalized(column: &str) -> String {
    column.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// The edit distance between two short strings, for "did you mean" suggestions.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Whether `name` can name a Rust item once made raw where it is a keyword (`type` -> `r#type`).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && !["_", "self", "Self", "super", "crate"].contains(&name)
}

/// An identifier for a generated item named `name`, raw where `name` is a keyword (`r#type`).
/// `name` passed [`is_identifier`].
pub fn ident(name: &str, span: proc_macro2::Span) -> proc_macro2::Ident {
    if syn::parse_str::<proc_macro2::Ident>(name).is_ok() {
        proc_macro2::Ident::new(name, span)
    } else {
        proc_macro2::Ident::new_raw(name, span)
    }
}

/// A constant's name for `name`: upper case, anything else than a letter or digit as `_`
/// (`"user id"` -> `USER_ID`).
pub fn constant(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("User"), "user");
        assert_eq!(snake("UserBooks"), "user_books");
        assert_eq!(snake("HTTPLog"), "http_log");
        assert_eq!(plural(&snake("User")), "users");
        assert_eq!(plural(&snake("UserBooks")), "user_books");
        assert_eq!(plural("category"), "categories");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(singular("comments"), "comment");
        assert_eq!(singular("favorites"), "favorite");
        assert_eq!(singular("read"), "read");
        assert_eq!(singular("categories"), "category");
        assert_eq!(normalized("userId"), normalized("user_id"));
        assert_eq!(distance("foriegn_key", "foreign_key"), 2);
    }
}
