//! Rules that look at more than one attribute or field. Each reports a spanned error and goes
//! on, so the user sees every mistake in one compile.

use std::collections::HashMap;

use crate::ast::{self, Kind, Model};
use crate::attr::{Action, Role, Through};
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
    column_options_fit(model, errors);
    declared_indexes_name_columns(model, errors);
}

/// `unique`, `index`, `default` and `renamed_from` describe a column: they go on plain columns
/// (and, but for `default`, on a `#[belongs_to]`, whose key is a column); one field is either
/// `unique` or `index`; the primary key is unique already and takes no default.
fn column_options_fit(model: &Model, errors: &Errors) {
    let key_field = match model.key {
        ast::Key::Single(i) => Some(i),
        _ => None,
    };
    for (i, field) in model.fields.iter().enumerate() {
        let o = &field.options;
        let ident = field.ident;
        let all = [
            ("unique", o.unique),
            ("index", o.index),
            ("default", o.default.as_ref().map(syn::spanned::Spanned::span)),
            ("renamed_from", o.renamed_from.as_ref().map(|r| r.span())),
        ];
        let all: Vec<(&str, proc_macro2::Span)> =
            all.iter().filter_map(|(k, s)| s.map(|s| (*k, s))).chain(o.roles.iter().map(|(r, s)| (r.key(), *s))).collect();
        match &field.kind {
            Kind::Column(_) | Kind::BelongsTo(_) => {}
            _ => {
                for (key, span) in all {
                    errors.push(syn::Error::new(
                        span,
                        format!(
                            "`#[model({key})]` describes a column, and `{ident}` is an association, not a column: put it on a column, \
                             or on the `#[belongs_to]` field that stores the key"
                        ),
                    ));
                }
                continue;
            }
        }
        if let (Kind::BelongsTo(_), Some(d)) = (&field.kind, &o.default) {
            errors.push(syn::Error::new(
                syn::spanned::Spanned::span(d),
                format!("`#[belongs_to] {ident}` takes no `default`: a foreign key's value is the linked row's key, set by `set_{ident}`"),
            ));
        }
        if let (Kind::BelongsTo(_), Some((role, span))) = (&field.kind, o.roles.first()) {
            let key = role.key();
            errors.push(syn::Error::new(
                *span,
                format!("`#[belongs_to] {ident}` stores a key, not a time: put `{key}` on a timestamp column"),
            ));
        }
        if let Some((role, span)) = o.roles.get(1) {
            errors.push(syn::Error::new(
                *span,
                format!("`{ident}` is already `{}`: one column keeps one timestamp, remove `{}`", o.roles[0].0.key(), role.key()),
            ));
        }
        if let (Some((role, _)), Some(d)) = (o.roles.first(), &o.default) {
            errors.push(syn::Error::new(
                syn::spanned::Spanned::span(d),
                format!("`{ident}` is `{}`: the ORM writes its time, so it takes no `default`", role.key()),
            ));
        }
        if let (Some(_), Some(index)) = (o.unique, o.index) {
            errors.push(syn::Error::new(
                index,
                format!("`{ident}` is both `unique` and `index`: a unique column is indexed already, remove `index`"),
            ));
        }
        if key_field == Some(i) {
            for (key, span) in [("unique", o.unique), ("index", o.index)].iter().filter_map(|(k, s)| s.map(|s| (k, s))) {
                errors.push(syn::Error::new(
                    span,
                    format!("`{ident}` is the primary key of `{}`, unique and indexed already: remove `{key}`", model.ident),
                ));
            }
            if let Some(d) = &o.default {
                errors.push(syn::Error::new(
                    syn::spanned::Spanned::span(d),
                    format!("the primary key `{ident}` of `{}` takes no `default`: each row needs its own key", model.ident),
                ));
            }
            if let Some((role, span)) = o.roles.first() {
                let key = role.key();
                errors.push(syn::Error::new(*span, format!("the primary key `{ident}` of `{}` cannot be `{key}`", model.ident)));
            }
        }
    }
    // One column per timestamp.
    for role in [Role::CreatedAt, Role::UpdatedAt, Role::DeletedAt] {
        let mut with: Vec<&ast::Field> = model.fields.iter().filter(|f| f.options.role() == Some(role)).collect();
        if with.len() > 1 {
            let second = with.remove(1);
            let span = second.options.roles[0].1;
            let key = role.key();
            errors.push(syn::Error::new(
                span,
                format!(
                    "`{}` already keeps `{key}` in `{}`: one column per timestamp, remove `{key}` from `{}`",
                    model.ident, with[0].ident, second.ident
                ),
            ));
        }
    }
}

/// `#[model(index(a, b))]` / `unique(a, b)` on the struct name stored fields (columns or
/// `#[belongs_to]` keys), each once.
fn declared_indexes_name_columns(model: &Model, errors: &Errors) {
    for index in &model.indexes {
        let key = if index.unique { "unique" } else { "index" };
        let mut seen: Vec<String> = Vec::new();
        for name in &index.fields {
            let text = name.to_string();
            if seen.contains(&text) {
                errors.push(syn::Error::new(name.span(), format!("`{key}(...)` names `{name}` twice: list each field once")));
                continue;
            }
            seen.push(text.clone());
            if model.fields.iter().any(|f| f.ident == name && f.column().is_some()) {
                continue;
            }
            let message = if model.fields.iter().any(|f| f.ident == name) {
                format!(
                    "`{name}` in `{key}(...)` is an association of `{}`, not a column: name columns or `#[belongs_to]` fields",
                    model.ident
                )
            } else if model.skipped.contains(&name) {
                format!("`{name}` in `{key}(...)` is `#[model(skip)]`, not a column of `{}`", model.ident)
            } else {
                let closest = model
                    .fields
                    .iter()
                    .filter(|f| f.column().is_some())
                    .map(|f| (case::distance(&text, &f.name), f.name.clone()))
                    .min()
                    .filter(|(d, _)| *d <= 3);
                let hint = closest.map_or_else(String::new, |(_, n)| format!("; did you mean `{n}`?"));
                format!("`{}` has no field `{name}` to put in `{key}(...)`{hint}", model.ident)
            };
            errors.push(syn::Error::new(name.span(), message));
        }
    }
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
