//! The attribute grammar: `#[model(..)]`, `#[belongs_to(..)]`, `#[has_one(..)]`,
//! `#[has_many(..)]` and `#[belongs_to_many(..)]`. Each branch names the syntax it accepts.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Ident, LitStr, Meta, Path, Token};

use crate::case::distance;
use crate::ctxt::Errors;

/// `#[model(table = "...", naming = "...", junction, index(a, b), unique(a, b), renamed_from = "...")]`
/// on the struct.
#[derive(Default)]
pub struct ModelAttr {
    pub table: Option<LitStr>,
    /// `naming = "sequelize"`: the convention of the default table and column names.
    pub naming: crate::case::Naming,
    /// `junction`: the model links two others and may take its two `#[belongs_to]` as its key.
    pub junction: Option<Span>,
    /// `index(a, b)` and `unique(a, b)`, in order.
    pub indexes: Vec<IndexAttr>,
    pub renamed_from: Option<LitStr>,
    /// `hooks`: the model implements `orm_core::model::Hooks` itself.
    pub hooks: Option<Span>,
}

/// `index(a, b)` or `unique(a, b)` on the struct: field names.
pub struct IndexAttr {
    pub unique: bool,
    pub fields: Vec<Ident>,
}

/// `#[model(primary_key, column = "...", unique, index, default = ..., skip, renamed_from = "...")]`
/// on a field.
#[derive(Default)]
pub struct ColumnAttr {
    pub primary_key: Option<Span>,
    pub column: Option<LitStr>,
    pub unique: Option<Span>,
    pub index: Option<Span>,
    /// `default = <expr>`: the expression, of the field's type.
    pub default: Option<syn::Expr>,
    pub skip: Option<Span>,
    pub renamed_from: Option<LitStr>,
    /// `created_at`, `updated_at` or `deleted_at`, with where it is written (each one given).
    pub roles: Vec<(Role, Span)>,
    /// An unknown key was reported (maybe a misspelt `primary_key`).
    pub unknown_key: bool,
}

/// A timestamp the ORM keeps in a column.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[allow(clippy::enum_variant_names)] // the keys are `created_at`, `updated_at`, `deleted_at`
pub enum Role {
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::CreatedAt => "created_at",
            Role::UpdatedAt => "updated_at",
            Role::DeletedAt => "deleted_at",
        }
    }
}

impl ColumnAttr {
    /// The span of every key given other than `skip`, with its name.
    pub fn column_keys(&self) -> Vec<(&'static str, Span)> {
        let mut out = Vec::new();
        out.extend(self.primary_key.map(|s| ("primary_key", s)));
        out.extend(self.column.as_ref().map(|c| ("column", c.span())));
        out.extend(self.unique.map(|s| ("unique", s)));
        out.extend(self.index.map(|s| ("index", s)));
        out.extend(self.default.as_ref().map(|d| ("default", syn::spanned::Spanned::span(d))));
        out.extend(self.renamed_from.as_ref().map(|r| ("renamed_from", r.span())));
        out.extend(self.roles.iter().map(|(r, s)| (r.key(), *s)));
        out
    }
}

/// `ON DELETE` / `ON UPDATE` actions as written.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // `NoAction` is SQL's `NO ACTION`
pub enum Action {
    Cascade,
    SetNull,
    Restrict,
    NoAction,
}

#[derive(Default)]
pub struct BelongsToAttr {
    pub foreign_key: Option<LitStr>,
    pub target_key: Option<LitStr>,
    pub on_delete: Option<Action>,
    pub on_update: Option<Action>,
    pub on_delete_span: Option<Span>,
    pub on_update_span: Option<Span>,
}

#[derive(Default)]
pub struct HasAttr {
    pub foreign_key: Option<LitStr>,
    pub source_key: Option<LitStr>,
    pub alias: Option<LitStr>,
    pub singular: Option<LitStr>,
}

pub enum Through {
    Model(Path),
    Table(LitStr),
}

#[derive(Default)]
pub struct BelongsToManyAttr {
    pub through: Option<Through>,
    pub alias: Option<LitStr>,
    pub foreign_key: Option<LitStr>,
    pub other_key: Option<LitStr>,
    pub singular: Option<LitStr>,
    /// `unique = false`: the junction model may hold a pair more than once.
    pub unique: Option<syn::LitBool>,
}

/// The association attribute on a field, with the span of its name for errors.
pub enum AssocAttr {
    BelongsTo(BelongsToAttr),
    HasOne(HasAttr),
    HasMany(HasAttr),
    BelongsToMany(BelongsToManyAttr),
}

pub const ASSOCIATION_ATTRS: [&str; 4] = ["belongs_to", "has_one", "has_many", "belongs_to_many"];

/// Runs `f` on each `key = value` of `#[name(...)]`; an unknown key is reported (with the
/// closest known one) and skipped, so every mistake in the attribute is seen in one compile.
/// Returns whether an unknown key was seen.
fn each_key(
    attr: &Attribute,
    name: &str,
    keys: &[&str],
    errors: &Errors,
    mut f: impl FnMut(&str, &ParseNestedMeta) -> syn::Result<()>,
) -> bool {
    let mut unknown = false;
    if matches!(attr.meta, Meta::Path(_)) {
        return unknown;
    }
    let result = attr.parse_nested_meta(|meta| {
        let key = meta.path.get_ident().map(Ident::to_string).unwrap_or_default();
        if keys.contains(&key.as_str()) {
            return f(&key, &meta);
        }
        let closest = keys.iter().map(|k| (distance(&key, k), k)).min().filter(|(d, _)| *d <= 3);
        let hint = match closest {
            Some((_, k)) => format!("did you mean `{k}`? "),
            None => String::new(),
        };
        unknown = true;
        errors.push(meta.error(format!("unknown key `{key}` in `#[{name}(...)]`; {hint}expected one of: {}", keys.join(", "))));
        if meta.input.peek(Token![=]) {
            meta.value()?.parse::<syn::Expr>()?;
        }
        Ok(())
    });
    if let Err(e) = result {
        errors.push(e);
    }
    unknown
}

/// A non-empty string value of `key`; `owner` (`User` or `User.name`) names where it is written.
fn string(meta: &ParseNestedMeta, key: &str, owner: &str) -> syn::Result<LitStr> {
    let lit: LitStr = meta.value()?.parse()?;
    if lit.value().trim().is_empty() {
        let fix = match key {
            "table" => "write the table's name, or drop it to take the default (the struct's name in snake case, plural)",
            "column" => "write the column's name, or drop it to take the field's name",
            "foreign_key" | "other_key" => "write the key column's name, or drop it to take the default",
            "target_key" | "source_key" => "name a column, or drop it to use the primary key",
            "renamed_from" => "write the name it had before, or drop it",
            _ => "write a name, or drop it",
        };
        return Err(syn::Error::new(lit.span(), format!("`{key} = \"{}\"` on `{owner}` names nothing: {fix}", lit.value())));
    }
    Ok(lit)
}

fn action(meta: &ParseNestedMeta) -> syn::Result<(Action, Span)> {
    // on_delete = cascade | set_null | restrict | no_action   (or the same as a string)
    let input = meta.value()?;
    let (text, span) = if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        (lit.value(), lit.span())
    } else {
        let ident: Ident = input.parse()?;
        (ident.to_string(), ident.span())
    };
    match text.to_lowercase().replace(' ', "_").as_str() {
        "cascade" => Ok((Action::Cascade, span)),
        "set_null" => Ok((Action::SetNull, span)),
        "restrict" => Ok((Action::Restrict, span)),
        "no_action" => Ok((Action::NoAction, span)),
        _ => Err(syn::Error::new(span, format!("unknown action `{text}`; expected cascade, set_null, restrict or no_action"))),
    }
}

/// The span of a flag key (`junction`, `unique`…), refusing a value after it.
fn flag(meta: &ParseNestedMeta, key: &str, fix: &str) -> syn::Result<Span> {
    let span = meta.path.get_ident().map_or_else(Span::call_site, Ident::span);
    if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        return Err(meta.error(format!("`{key}` takes no value: write `#[model({key})]`{fix}")));
    }
    Ok(span)
}

/// `(a, b)` after `index`/`unique` on the struct: field names.
fn field_list(meta: &ParseNestedMeta, key: &str) -> syn::Result<Vec<Ident>> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(format!(
            "`{key}` on the struct names its fields: `#[model({key}(a, b))]`; for one column put `#[model({key})]` on its field"
        )));
    }
    let mut fields = Vec::new();
    meta.parse_nested_meta(|inner| {
        match inner.path.get_ident() {
            Some(ident) if inner.input.is_empty() || inner.input.peek(Token![,]) => fields.push(ident.clone()),
            _ => return Err(inner.error(format!("`{key}(...)` lists field names, e.g. `#[model({key}(author, title))]`"))),
        }
        Ok(())
    })?;
    if fields.is_empty() {
        return Err(meta.error(format!("`{key}()` names no field: list them, e.g. `#[model({key}(author, title))]`")));
    }
    Ok(fields)
}

/// `#[model(table = "users")]`, `#[model(naming = "sequelize")]`, `#[model(junction)]`,
/// `#[model(index(a, b), unique(a, b))]`, `#[model(renamed_from = "people")]` on the struct.
pub fn model_attr(attrs: &[Attribute], owner: &str, errors: &Errors) -> ModelAttr {
    let mut out = ModelAttr::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("model")) {
        each_key(attr, "model", &["table", "naming", "junction", "index", "unique", "renamed_from", "hooks"], errors, |key, meta| {
            match key {
                // #[model(table = "users")]
                "table" => out.table = Some(string(meta, key, owner)?),
                // #[model(naming = "sequelize")]; another value is reported, the rest still read
                "naming" => {
                    use crate::case::Naming;
                    let value: syn::Expr = meta.value()?.parse()?;
                    let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(lit), .. }) = &value else {
                        let quoted = match &value {
                            syn::Expr::Path(p) => p.path.get_ident().map_or_else(|| "sequelize".to_owned(), Ident::to_string),
                            _ => "sequelize".to_owned(),
                        };
                        let message = format!("`naming` takes a string: write `naming = \"{quoted}\"`; expected {}", Naming::accepted());
                        errors.push(syn::Error::new_spanned(&value, message));
                        return Ok(());
                    };
                    match Naming::named(&lit.value()) {
                        Ok(naming) => out.naming = naming,
                        Err(message) => errors.push(syn::Error::new(lit.span(), message)),
                    }
                }
                // #[model(renamed_from = "people")]
                "renamed_from" => out.renamed_from = Some(string(meta, key, owner)?),
                // #[model(index(author, title))] / #[model(unique(author, title))]
                "index" | "unique" => {
                    let fields = field_list(meta, key)?;
                    out.indexes.push(IndexAttr { unique: key == "unique", fields });
                }
                // #[model(hooks)]
                "hooks" => out.hooks = Some(flag(meta, key, "")?),
                // #[model(junction)]
                _ => out.junction = Some(flag(meta, key, "")?),
            }
            Ok(())
        });
    }
    out
}

/// `#[model(primary_key)]`, `#[model(column = "name")]`, `#[model(unique)]`, `#[model(index)]`,
/// `#[model(default = 0)]`, `#[model(skip)]`, `#[model(renamed_from = "old")]` on a field.
pub fn column_attr(attrs: &[Attribute], owner: &str, errors: &Errors) -> ColumnAttr {
    let mut out = ColumnAttr::default();
    let keys = ["primary_key", "column", "unique", "index", "default", "skip", "renamed_from", "created_at", "updated_at", "deleted_at"];
    for attr in attrs.iter().filter(|a| a.path().is_ident("model")) {
        out.unknown_key |= each_key(attr, "model", &keys, errors, |key, meta| {
            match key {
                // #[model(primary_key)]
                "primary_key" => out.primary_key = Some(flag(meta, key, "")?),
                // #[model(column = "full_name")]
                "column" => out.column = Some(string(meta, key, owner)?),
                // #[model(unique)]
                "unique" => out.unique = Some(flag(meta, key, "; a composite one goes on the struct: `#[model(unique(a, b))]`")?),
                // #[model(index)]
                "index" => out.index = Some(flag(meta, key, "; a composite one goes on the struct: `#[model(index(a, b))]`")?),
                // #[model(default = 0)] / #[model(default = "active")]
                "default" => out.default = Some(meta.value()?.parse()?),
                // #[model(skip)]
                "skip" => out.skip = Some(flag(meta, key, "")?),
                // #[model(created_at)] / #[model(updated_at)] / #[model(deleted_at)]
                "created_at" => out.roles.push((Role::CreatedAt, flag(meta, key, "")?)),
                "updated_at" => out.roles.push((Role::UpdatedAt, flag(meta, key, "")?)),
                "deleted_at" => out.roles.push((Role::DeletedAt, flag(meta, key, "")?)),
                // #[model(renamed_from = "full_name")]
                _ => out.renamed_from = Some(string(meta, key, owner)?),
            }
            Ok(())
        });
    }
    out
}

/// The association attribute of a field, if it has one (the first, when several: the check
/// reports the others).
pub fn assoc_attr(attr: &Attribute, owner: &str, errors: &Errors) -> Option<AssocAttr> {
    let path = attr.path();
    if path.is_ident("belongs_to") {
        let mut a = BelongsToAttr::default();
        each_key(attr, "belongs_to", &["foreign_key", "target_key", "on_delete", "on_update"], errors, |key, meta| {
            match key {
                // #[belongs_to(foreign_key = "author_id")]
                "foreign_key" => a.foreign_key = Some(string(meta, key, owner)?),
                // #[belongs_to(target_key = "email")]
                "target_key" => a.target_key = Some(string(meta, key, owner)?),
                // #[belongs_to(on_delete = cascade)]
                "on_delete" => {
                    let (act, span) = action(meta)?;
                    (a.on_delete, a.on_delete_span) = (Some(act), Some(span));
                }
                // #[belongs_to(on_update = restrict)]
                _ => {
                    let (act, span) = action(meta)?;
                    (a.on_update, a.on_update_span) = (Some(act), Some(span));
                }
            }
            Ok(())
        });
        Some(AssocAttr::BelongsTo(a))
    } else if path.is_ident("has_one") || path.is_ident("has_many") {
        let name = if path.is_ident("has_one") { "has_one" } else { "has_many" };
        let mut a = HasAttr::default();
        let keys: &[&str] =
            if name == "has_one" { &["foreign_key", "source_key", "as"] } else { &["foreign_key", "source_key", "as", "singular"] };
        each_key(attr, name, keys, errors, |key, meta| {
            match key {
                // #[has_many(foreign_key = "author_id")]
                "foreign_key" => a.foreign_key = Some(string(meta, key, owner)?),
                // #[has_many(source_key = "email")]
                "source_key" => a.source_key = Some(string(meta, key, owner)?),
                // #[has_many(as = "posts")]
                "as" => a.alias = Some(string(meta, key, owner)?),
                // #[has_many(singular = "child")]
                _ => a.singular = Some(string(meta, key, owner)?),
            }
            Ok(())
        });
        Some(if name == "has_one" { AssocAttr::HasOne(a) } else { AssocAttr::HasMany(a) })
    } else if path.is_ident("belongs_to_many") {
        let mut a = BelongsToManyAttr::default();
        each_key(attr, "belongs_to_many", &["through", "as", "foreign_key", "other_key", "singular", "unique"], errors, |key, meta| {
            match key {
                // #[belongs_to_many(through = UserBooks)] or #[belongs_to_many(through = "fav_books")]
                "through" => {
                    let input = meta.value()?;
                    a.through = Some(if input.peek(LitStr) { Through::Table(input.parse()?) } else { Through::Model(input.parse()?) });
                }
                // #[belongs_to_many(as = "favorites")]
                "as" => a.alias = Some(string(meta, key, owner)?),
                // #[belongs_to_many(foreign_key = "follower_id")]
                "foreign_key" => a.foreign_key = Some(string(meta, key, owner)?),
                // #[belongs_to_many(other_key = "followee_id")]
                "other_key" => a.other_key = Some(string(meta, key, owner)?),
                // #[belongs_to_many(through = Loans, unique = false)]
                "unique" => a.unique = Some(meta.value()?.parse()?),
                // #[belongs_to_many(singular = "child")]
                _ => a.singular = Some(string(meta, key, owner)?),
            }
            Ok(())
        });
        Some(AssocAttr::BelongsToMany(a))
    } else {
        None
    }
}
