//! Rules that look at more than one attribute or field. Each reports a spanned error and goes
//! on, so the user sees every mistake in one compile.

use std::collections::HashMap;

use crate::ast::{self, Kind, Model};
use crate::attr::{Action, Through};
use crate::case::{self, normalized};
use crate::ctxt::Errors;

pub fn check(model: &Model, errors: &Errors) {
    junction_keys_are_required(model, errors);
    columns_are_distinct(model, errors);
    generated_names_are_distinct(model, errors);
    set_null_needs_optional_key(model, errors);
    many_to_many_is_complete(model, errors);
    junction_rows_match_through(model, errors);
    source_keys_exist(model, errors);
}

/// Two columns may not share a name, even one spelled `userId` and the other `user_id`:
/// SQLite and MySQL fold case, and a hand-written key next to a generated one is Sequelize's
/// classic duplicate (`userId` beside `UserId`).
fn columns_are_distinct(model: &Model, errors: &Errors) {
    let mut seen: HashMap<String, &ast::Field> = HashMap::new();
    for field in &model.fields {
        let Some(column) = field.column() else { continue };
        match seen.get(&normalized(column)) {
            None => {
                seen.insert(normalized(column), field);
            }
            Some(first) => {
                let generated = |f: &ast::Field| matches!(f.kind, Kind::BelongsTo(_));
                let (key, plain) = if generated(field) { (field, *first) } else { (*first, field) };
                if generated(key) && !generated(plain) {
                    // Point at the hand-written column: it is the one to remove.
                    let (key_column, plain_column) = (key.column().unwrap_or_default(), plain.column().unwrap_or_default());
                    let spelled = if plain_column == key_column {
                        String::new()
                    } else {
                        format!(" (its column `{plain_column}` is `{key_column}` spelled another way; SQLite and MySQL ignore case)")
                    };
                    let span = if let Kind::Column(c) = &plain.kind { c.span } else { plain.ident.span() };
                    errors.push(syn::Error::new(
                        span,
                        format!(
                            "field `{}` of `{}` duplicates the foreign-key column `{key_column}` that `#[belongs_to] {}` generates{spelled}; \
                             remove `{}`: the `#[belongs_to]` field stores the key",
                            plain.ident, model.ident, key.ident, plain.ident
                        ),
                    ));
                    continue;
                }
                let message = format!(
                    "column `{column}` of `{}` is declared twice (by `{}` and `{}`); rename one with `#[model(column = \"...\")]` or `foreign_key = \"...\"`",
                    model.ident, first.ident, field.ident
                );
                errors.push(syn::Error::new(field.ident.span(), message));
            }
        }
    }
}

/// Every item the derive generates on a model (column and association constants, accessors)
/// has a name no other generated item has: `as = "user"` beside `#[belongs_to] user`, or two
/// spellings of one name, would otherwise be duplicate definitions pointing at the derive.
/// Association names (`as` or the field name) and `singular` are identifiers.
fn generated_names_are_distinct(model: &Model, errors: &Errors) {
    let mut seen: HashMap<String, (usize, String)> = HashMap::new();
    for (index, field) in model.fields.iter().enumerate() {
        // A column declared twice is `columns_are_distinct`'s error already.
        let column = field.column().map(normalized);
        if column.is_some() && model.fields.iter().enumerate().any(|(i, f)| i != index && f.column().map(normalized) == column) {
            continue;
        }
        let span = alias_span(field).unwrap_or_else(|| field.ident.span());
        let names: Vec<&str> = [field.association_name(), singular(field)].into_iter().flatten().collect();
        if let Some(bad) = names.iter().find(|n| !case::is_identifier(n)) {
            let span = singular_span(field).filter(|_| Some(*bad) == singular(field)).unwrap_or(span);
            errors.push(syn::Error::new(
                span,
                format!("`{bad}` cannot name the accessors of `{}.{}`: use letters, digits and `_`", model.ident, field.ident),
            ));
            continue;
        }
        let what = describe(field);
        for name in generated(field) {
            match seen.get(&name) {
                Some((other, other_what)) if *other != index => {
                    errors.push(syn::Error::new(
                        span,
                        format!(
                            "{what} and {other_what} on `{}` both generate `{name}`; rename one (`as = \"...\"` for an association, \
                             `foreign_key = \"...\"` or `#[model(column = \"...\")]` for a column)",
                            model.ident
                        ),
                    ));
                    break;
                }
                Some(_) => {}
                None => {
                    seen.insert(name, (index, what.clone()));
                }
            }
        }
    }
}

fn singular<'f>(field: &'f ast::Field) -> Option<&'f str> {
    match &field.kind {
        Kind::HasMany(h) => Some(&h.singular),
        Kind::BelongsToMany(m) => Some(&m.singular),
        _ => None,
    }
}

fn singular_span(field: &ast::Field) -> Option<proc_macro2::Span> {
    match &field.kind {
        Kind::HasMany(h) => h.attr.singular.as_ref().map(|a| a.span()),
        Kind::BelongsToMany(m) => m.attr.singular.as_ref().map(|a| a.span()),
        _ => None,
    }
}

/// How a field reads in a message: "`#[has_many(as = "user")] authors`", "the column `user`".
fn describe(field: &ast::Field) -> String {
    let f = &field.ident;
    let with_alias = |attr: &str, alias: Option<&syn::LitStr>| match alias {
        Some(a) => format!("`#[{attr}(as = \"{}\")] {f}`", a.value()),
        None => format!("`#[{attr}] {f}`"),
    };
    match &field.kind {
        Kind::Column(c) => format!("the column `{}` (field `{f}`)", c.name),
        Kind::BelongsTo(_) => format!("`#[belongs_to] {f}`"),
        Kind::HasOne(h) => with_alias("has_one", h.attr.alias.as_ref()),
        Kind::HasMany(h) => with_alias("has_many", h.attr.alias.as_ref()),
        Kind::BelongsToMany(m) => with_alias("belongs_to_many", m.attr.alias.as_ref()),
    }
}

/// The names of the items generated for `field`, as `expand` spells them.
fn generated(field: &ast::Field) -> Vec<String> {
    let mut out: Vec<String> = [field.column_const(), field.association_const()].into_iter().flatten().collect();
    let name = field.association_name().unwrap_or(&field.name);
    match &field.kind {
        Kind::Column(_) => {}
        Kind::BelongsTo(_) | Kind::HasOne(_) => out.extend([name.to_owned(), format!("set_{name}"), format!("create_{name}")]),
        Kind::HasMany(_) | Kind::BelongsToMany(_) => {
            let one = singular(field).unwrap_or(name);
            out.extend([
                name.to_owned(),
                format!("query_{name}"),
                format!("count_{name}"),
                format!("has_{name}"),
                format!("add_{name}"),
                format!("remove_{name}"),
                format!("set_{name}"),
                format!("has_{one}"),
                format!("add_{one}"),
                format!("remove_{one}"),
                format!("create_{one}"),
            ]);
            if let Kind::BelongsToMany(m) = &field.kind
                && matches!(m.attr.through, Some(Through::Model(_)))
            {
                out.extend([format!("add_{one}_with"), format!("{name}_through")]);
            }
        }
    }
    out.dedup();
    out
}

/// `on_delete = set_null` / `on_update = set_null` nulls the key, so the key must be optional.
fn set_null_needs_optional_key(model: &Model, errors: &Errors) {
    for field in &model.fields {
        let Kind::BelongsTo(b) = &field.kind else { continue };
        if b.optional {
            continue;
        }
        for (which, action, span) in
            [("on_delete", b.attr.on_delete, b.attr.on_delete_span), ("on_update", b.attr.on_update, b.attr.on_update_span)]
        {
            if action == Some(Action::SetNull) {
                errors.push(syn::Error::new(
                    span.unwrap_or_else(|| field.ident.span()),
                    format!(
                        "`{which} = set_null` on `{}.{}` would null a required key: make it `Option<BelongsTo<..>>`, or choose cascade, restrict or no_action",
                        model.ident, field.ident
                    ),
                ));
            }
        }
    }
}

fn alias_span(field: &ast::Field) -> Option<proc_macro2::Span> {
    match &field.kind {
        Kind::HasOne(h) | Kind::HasMany(h) => h.attr.alias.as_ref().map(|a| a.span()),
        Kind::BelongsToMany(m) => m.attr.alias.as_ref().map(|a| a.span()),
        _ => None,
    }
}

/// A many-to-many names its junction; one that points back at its own model names which
/// junction column holds which side.
fn many_to_many_is_complete(model: &Model, errors: &Errors) {
    for field in &model.fields {
        let Kind::BelongsToMany(m) = &field.kind else { continue };
        if m.attr.through.is_none() {
            errors.push(syn::Error::new(
                m.span,
                format!(
                    "`#[belongs_to_many]` on `{}.{}` needs a junction: `through = JunctionModel` or `through = \"table_name\"`",
                    model.ident, field.ident
                ),
            ));
        }
        let self_ref = ast::is_self(m.target, model.ident);
        if self_ref && (m.attr.foreign_key.is_none() || m.attr.other_key.is_none()) {
            errors.push(syn::Error::new(
                m.span,
                format!(
                    "`{}.{}` links `{}` to itself, so the junction has two keys to `{}`: name them with \
                     `foreign_key = \"...\"` (this side) and `other_key = \"...\"` (the other side)",
                    model.ident, field.ident, model.ident, model.ident
                ),
            ));
        }
        // Written names are compared here; a default one comes from the target model and is
        // compared in `expand` (`junction_keys_differ`).
        if let (Some(Through::Table(t)), Some(fk), Some(ok)) = (&m.attr.through, &m.attr.foreign_key, &m.attr.other_key)
            && normalized(&fk.value()) == normalized(&ok.value())
        {
            let same = if fk.value() == ok.value() { String::new() } else { " (SQLite and MySQL ignore case)".to_owned() };
            errors.push(syn::Error::new(
                ok.span(),
                format!(
                    "`{}.{}`: `foreign_key = \"{}\"` and `other_key = \"{}\"` name one column of the generated junction `{}`{same}; \
                     give the two keys different names",
                    model.ident,
                    field.ident,
                    fk.value(),
                    ok.value(),
                    t.value()
                ),
            ));
        }
    }
    generated_junctions_are_distinct(model, errors);
}

/// A generated junction table (`through = "likes"`) holds one many-to-many: two on one model
/// through the same table are an error, unless they are the two sides of one self many-to-many
/// (keys swapped), which `expand` confirms by type.
fn generated_junctions_are_distinct(model: &Model, errors: &Errors) {
    let tables: Vec<(&ast::Field, &ast::BelongsToMany, &syn::LitStr)> = model
        .fields
        .iter()
        .filter_map(|f| match &f.kind {
            Kind::BelongsToMany(m) => match &m.attr.through {
                Some(Through::Table(t)) => Some((f, m, t)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    for (i, (field, m, table)) in tables.iter().enumerate() {
        let Some((first, fm, _)) = tables[..i].iter().find(|(_, _, t)| normalized(&t.value()) == normalized(&table.value())) else {
            continue;
        };
        let key = |k: &Option<syn::LitStr>| k.as_ref().map(|k| normalized(&k.value()));
        let swapped = key(&m.attr.foreign_key).is_some()
            && key(&m.attr.foreign_key) == key(&fm.attr.other_key)
            && key(&m.attr.other_key) == key(&fm.attr.foreign_key);
        if !swapped {
            errors.push(syn::Error::new(
                table.span(),
                format!(
                    "`{0}.{1}` and `{0}.{2}` both go through the generated junction `{3}`; one table holds one many-to-many: \
                     give `{1}` its own `through = \"...\"` (or, for the two sides of a self many-to-many, swap `foreign_key` and `other_key`)",
                    model.ident,
                    field.ident,
                    first.ident,
                    table.value()
                ),
            ));
        }
    }
}

/// `source_key = "..."` names a column of this model.
fn source_keys_exist(model: &Model, errors: &Errors) {
    for field in &model.fields {
        let (Kind::HasOne(h) | Kind::HasMany(h)) = &field.kind else { continue };
        let Some(key) = &h.attr.source_key else { continue };
        if !model.fields.iter().any(|f| matches!(f.kind, Kind::Column(_)) && (f.ident == &key.value() || f.column() == Some(&key.value())))
        {
            errors.push(syn::Error::new(key.span(), format!("`source_key = \"{}\"` is not a column of `{}`", key.value(), model.ident)));
        }
    }
}

/// A junction model's composite key is its two `#[belongs_to]` columns, so neither may be
/// optional.
fn junction_keys_are_required(model: &Model, errors: &Errors) {
    let ast::Key::Pair(a, b) = model.key else { return };
    for i in [a, b] {
        let field = &model.fields[i];
        if let Kind::BelongsTo(k) = &field.kind
            && k.optional
        {
            errors.push(syn::Error::new(
                field.ident.span(),
                format!(
                    "`{}.{}` is part of the junction key of `{}`, so it cannot be optional; write `BelongsTo<..>` without `Option`",
                    model.ident, field.ident, model.ident
                ),
            ));
        }
    }
}

/// `BelongsToMany<T, J>` loads junction rows of type `J`, so `J` is the `through` model (a
/// model, not a table name).
fn junction_rows_match_through(model: &Model, errors: &Errors) {
    for field in &model.fields {
        let Kind::BelongsToMany(m) = &field.kind else { continue };
        let Some(j) = m.junction_type else { continue };
        let written = quote::quote!(#j).to_string();
        // With a `through` model, `expand` compares the two as types (any spelling); here only
        // a table name or no junction at all is wrong.
        let ok = matches!(&m.attr.through, Some(Through::Model(_)));
        if !ok {
            errors.push(syn::Error::new_spanned(
                j,
                format!(
                    "`BelongsToMany<_, {}>` on `{}.{}` loads junction rows, so its second parameter must be the `through` model; \
                     write `through = {}` or drop the second parameter",
                    written.replace(' ', ""),
                    model.ident,
                    field.ident,
                    written.replace(' ', "")
                ),
            ));
        }
    }
}
