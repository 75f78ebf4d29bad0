//! Rules that look at more than one attribute or field. Each reports a spanned error and goes
//! on, so the user sees every mistake in one compile.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::ast::{self, Kind, Model};
use crate::attr::Through;
use crate::case::normalized;

/// Collected errors (serde's `Ctxt`).
#[derive(Default)]
pub struct Errors(RefCell<Vec<syn::Error>>);

impl Errors {
    pub fn push(&self, e: syn::Error) {
        self.0.borrow_mut().push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    pub fn into_compile_errors(self) -> proc_macro2::TokenStream {
        self.0.into_inner().into_iter().map(|e| e.to_compile_error()).collect()
    }
}

pub fn check(model: &Model, errors: &Errors) {
    junction_keys_are_required(model, errors);
    columns_are_distinct(model, errors);
    names_are_distinct(model, errors);
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

/// An association name (`as` alias, or the field name) is used once per model and never as a
/// column name: the accessors would collide (Sequelize's "Naming collision" at run time).
fn names_are_distinct(model: &Model, errors: &Errors) {
    let mut seen: HashMap<String, &ast::Field> = HashMap::new();
    for field in &model.fields {
        let Some(name) = field.association_name() else { continue };
        let span = alias_span(field).unwrap_or_else(|| field.ident.span());
        if let Some(first) = seen.get(&normalized(name)) {
            errors.push(syn::Error::new(
                span,
                format!(
                    "the association name `{name}` is used twice on `{}` (also by `{}`); give one a different `as = \"...\"`",
                    model.ident, first.ident
                ),
            ));
            continue;
        }
        seen.insert(normalized(name), field);
        if let Some(col) = model.fields.iter().find(|f| f.column().is_some_and(|c| normalized(c) == normalized(name))) {
            errors.push(syn::Error::new(
                span,
                format!(
                    "the association name `{name}` on `{}` collides with the column `{}` of field `{}`; choose another `as = \"...\"` or rename the column",
                    model.ident,
                    col.column().unwrap_or_default(),
                    col.ident
                ),
            ));
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
        if let (Some(Through::Table(t)), true) = (&m.attr.through, self_ref)
            && m.attr.foreign_key.as_ref().map(|k| k.value()) == m.attr.other_key.as_ref().map(|k| k.value())
        {
            errors.push(syn::Error::new(t.span(), "`foreign_key` and `other_key` must name different junction columns"));
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

/// `BelongsToMany<T, J>` loads junction rows of type `J`, so `J` is the `through` model.
fn junction_rows_match_through(model: &Model, errors: &Errors) {
    for field in &model.fields {
        let Kind::BelongsToMany(m) = &field.kind else { continue };
        let Some(j) = m.junction_type else { continue };
        let written = quote::quote!(#j).to_string();
        let ok = match &m.attr.through {
            Some(Through::Model(p)) => quote::quote!(#p).to_string() == written,
            _ => false,
        };
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
