//! A typed model of the struct being derived. It keeps the syn nodes for spans; names are
//! resolved here (table, columns, aliases), rules that span several fields live in `check`.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, Meta, PathArguments, Type};

use crate::attr::{self, AssocAttr, BelongsToAttr, BelongsToManyAttr, ColumnAttr, HasAttr, IndexAttr, Role};
use crate::case::{self, Naming};
use crate::ctxt::Errors;

pub struct Model<'a> {
    pub ident: &'a Ident,
    pub table: String,
    /// `#[model(naming = "...")]`: the convention of the default names.
    pub naming: Naming,
    /// The column a junction the ORM generates (`through = "fav_books"`) keeps this model's key
    /// in: `user_id`, or Sequelize's `UserId`.
    pub junction_key: String,
    pub fields: Vec<Field<'a>>,
    pub key: Key,
    /// `#[model(skip)]` fields: not columns, `Default::default()` when loaded.
    pub skipped: Vec<&'a Ident>,
    /// `#[model(index(a, b), unique(a, b))]` on the struct.
    pub indexes: Vec<IndexAttr>,
    /// `#[model(renamed_from = "...")]` on the struct.
    pub renamed_from: Option<LitStr>,
    /// `#[model(hooks)]`: the struct implements `Hooks` itself.
    pub hooks: bool,
}

/// Where the primary key is.
pub enum Key {
    /// One column field (index into `fields`).
    Single(usize),
    /// A junction's two `#[belongs_to]` fields.
    Pair(usize, usize),
    Missing,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    /// The field's name without `r#` (`r#type` -> `type`): the default column and accessor name.
    pub name: String,
    pub ty: &'a Type,
    pub kind: Kind<'a>,
    /// What `#[model(...)]` says of the column beyond its name and key (`check` refuses them on
    /// fields that are not columns).
    pub options: ColumnOptions,
}

/// `#[model(unique, index, default = ..., renamed_from = "...")]` on a field.
#[derive(Default)]
pub struct ColumnOptions {
    pub unique: Option<Span>,
    pub index: Option<Span>,
    pub default: Option<syn::Expr>,
    pub renamed_from: Option<LitStr>,
    /// `created_at`, `updated_at`, `deleted_at`, as written (`check` allows one).
    pub roles: Vec<(Role, Span)>,
}

impl ColumnOptions {
    /// The field's timestamp role, if it has one.
    pub fn role(&self) -> Option<Role> {
        self.roles.first().map(|(r, _)| *r)
    }
}

pub enum Kind<'a> {
    Column(Column),
    BelongsTo(BelongsTo<'a>),
    HasOne(Has<'a>),
    HasMany(Has<'a>),
    BelongsToMany(BelongsToMany<'a>),
}

pub struct Column {
    pub name: String,
    pub primary_key: Option<Span>,
    /// Its `#[model(...)]` had an unknown key, already reported.
    pub unknown_key: bool,
    /// Where the name is written: the `column = "..."` literal, else the field name.
    pub span: Span,
}

pub struct BelongsTo<'a> {
    pub target: &'a Type,
    /// `K` in `BelongsTo<T, K>`.
    pub key_type: Option<&'a Type>,
    pub optional: bool,
    /// The foreign-key column this field stores.
    pub column: String,
    /// The column's typed constant: `USER_ID` for `user_id` or Sequelize's `UserId`.
    pub constant: String,
    pub attr: BelongsToAttr,
}

pub struct Has<'a> {
    pub target: &'a Type,
    pub name: String,
    pub singular: String,
    pub attr: HasAttr,
    pub span: Span,
}

pub struct BelongsToMany<'a> {
    pub target: &'a Type,
    /// `J` in `BelongsToMany<T, J>`: the junction row loaded with each target.
    pub junction_type: Option<&'a Type>,
    pub name: String,
    pub singular: String,
    pub attr: BelongsToManyAttr,
    pub span: Span,
}

impl<'a> Field<'a> {
    /// The stored column name, for columns and `#[belongs_to]` keys.
    pub fn column(&self) -> Option<&str> {
        match &self.kind {
            Kind::Column(c) => Some(&c.name),
            Kind::BelongsTo(b) => Some(&b.column),
            _ => None,
        }
    }

    /// The name of the typed column constant (`User::EMAIL`, `Comment::USER_ID`). A
    /// `#[belongs_to(foreign_key = "owner")] owner` would give its column the association's
    /// constant `OWNER`, so there the column's is `OWNER_KEY`.
    pub fn column_const(&self) -> Option<String> {
        match &self.kind {
            Kind::Column(_) => Some(case::constant(&self.name)),
            Kind::BelongsTo(b) if b.constant == case::constant(&self.name) => Some(format!("{}_KEY", b.constant)),
            Kind::BelongsTo(b) => Some(b.constant.clone()),
            _ => None,
        }
    }

    /// The name of the association constant `Query::include` takes (`User::COMMENTS`).
    pub fn association_const(&self) -> Option<String> {
        match &self.kind {
            Kind::Column(_) => None,
            Kind::BelongsTo(_) => Some(case::constant(&self.name)),
            Kind::HasOne(h) | Kind::HasMany(h) => Some(case::constant(&h.name)),
            Kind::BelongsToMany(m) => Some(case::constant(&m.name)),
        }
    }

    /// The association's name (`as` alias or field name).
    pub fn association_name(&self) -> Option<&str> {
        match &self.kind {
            Kind::BelongsTo(_) => None,
            Kind::HasOne(h) | Kind::HasMany(h) => Some(&h.name),
            Kind::BelongsToMany(m) => Some(&m.name),
            Kind::Column(_) => None,
        }
    }
}

impl<'a> Model<'a> {
    pub fn from_input(input: &'a DeriveInput, errors: &Errors) -> Option<Model<'a>> {
        let fields = match &input.data {
            Data::Struct(s) => match &s.fields {
                Fields::Named(named) => &named.named,
                _ => {
                    errors.push(syn::Error::new(
                        input.ident.span(),
                        "`#[derive(Model)]` needs a struct with named fields, e.g. `struct User { id: i64, name: String }`",
                    ));
                    return None;
                }
            },
            _ => {
                errors.push(syn::Error::new(
                    input.ident.span(),
                    "`#[derive(Model)]` works on structs only: a model is one table row with named fields",
                ));
                return None;
            }
        };
        if !input.generics.params.is_empty() {
            errors.push(syn::Error::new(
                input.generics.span(),
                "`#[derive(Model)]` does not support generic structs: a model maps to one table",
            ));
        }
        let name = input.ident.to_string();
        let model_attr = attr::model_attr(&input.attrs, &name, errors);
        let naming = model_attr.naming;
        let table = model_attr.table.map_or_else(|| naming.table(&name), |t| t.value());
        let mut skipped = Vec::new();
        let fields: Vec<Field> = fields
            .iter()
            .filter_map(|f| match Field::from_syn(f, &input.ident, naming, errors)? {
                Parsed::Field(field) => Some(*field),
                Parsed::Skipped(ident) => {
                    skipped.push(ident);
                    None
                }
            })
            .collect();
        let key = find_key(&input.ident, &fields, model_attr.junction, errors);
        let (indexes, renamed_from, hooks) = (model_attr.indexes, model_attr.renamed_from, model_attr.hooks.is_some());
        let junction_key = naming.junction_key(&name);
        Some(Model { ident: &input.ident, table, naming, junction_key, fields, key, skipped, indexes, renamed_from, hooks })
    }

    /// The columns (indexes among the stored fields) that a junction the ORM generates for this
    /// model (`through = "FavBooks"`) keeps beside its two keys: under Sequelize's naming the
    /// model's `created_at` and `updated_at`, as the model Sequelize makes of a string `through`
    /// has `createdAt` and `updatedAt` (NOT NULL, so every link must fill them).
    pub fn junction_stamps(&self) -> Vec<usize> {
        if self.naming != Naming::Sequelize {
            return Vec::new();
        }
        let stored = self.fields.iter().filter(|f| f.column().is_some());
        stored.enumerate().filter(|(_, f)| matches!(f.options.role(), Some(Role::CreatedAt | Role::UpdatedAt))).map(|(i, _)| i).collect()
    }
}

fn find_key(ident: &Ident, fields: &[Field], junction: Option<Span>, errors: &Errors) -> Key {
    let marked: Vec<usize> =
        fields.iter().enumerate().filter(|(_, f)| matches!(&f.kind, Kind::Column(c) if c.primary_key.is_some())).map(|(i, _)| i).collect();
    if let Some(extra) = marked.get(1) {
        errors.push(syn::Error::new(
            fields[*extra].ident.span(),
            "only one field can be `#[model(primary_key)]`; composite keys come from a junction's two `#[belongs_to]`",
        ));
    }
    if let Some(&i) = marked.first() {
        return Key::Single(i);
    }
    if let Some(i) = fields.iter().position(|f| f.ident == "id" && matches!(f.kind, Kind::Column(_))) {
        return Key::Single(i);
    }
    // Being a junction is explicit: a model that forgot its `id` and has two `#[belongs_to]`
    // would otherwise get a composite key, and a second comment on a post a UNIQUE violation.
    let belongs: Vec<usize> = fields.iter().enumerate().filter(|(_, f)| matches!(f.kind, Kind::BelongsTo(_))).map(|(i, _)| i).collect();
    if let Some(span) = junction {
        if let [a, b] = belongs[..] {
            return Key::Pair(a, b);
        }
        errors.push(syn::Error::new(
            span,
            format!(
                "`#[model(junction)]` on `{ident}` without an `id` takes its two `#[belongs_to]` as the primary key, but `{ident}` has {}; \
                 give it exactly two, or an `id: i64`",
                belongs.len()
            ),
        ));
        return Key::Missing;
    }
    // A misspelt `#[model(primery_key)]` is already reported; "no primary key" would repeat it.
    if fields.iter().any(|f| matches!(&f.kind, Kind::Column(c) if c.unknown_key)) {
        return Key::Missing;
    }
    errors.push(syn::Error::new(
        ident.span(),
        format!(
            "`{ident}` has no primary key: add a field `id: i64` (generated by the database) or mark a field `#[model(primary_key)]`; \
             a junction model (two `#[belongs_to]`, used as `through`) says so with `#[model(junction)]`"
        ),
    ));
    Key::Missing
}

/// `Wrapper<A, B>` -> `[A, B]` when the last path segment is `wrapper`.
fn generic_args<'t>(ty: &'t Type, wrapper: &str) -> Option<Vec<&'t Type>> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return Some(Vec::new()) };
    Some(args.args.iter().filter_map(|a| if let GenericArgument::Type(t) = a { Some(t) } else { None }).collect())
}

/// The last segment of a type's path as written (`crate::User` -> `User`), for default names.
fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.unraw().to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

fn wrapper_name(ty: &Type) -> Option<String> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?.ident.to_string();
    ["BelongsTo", "HasOne", "HasMany", "BelongsToMany"].contains(&last.as_str()).then_some(last)
}

/// A field as the derive reads it: a column or association, or `#[model(skip)]`.
enum Parsed<'a> {
    Field(Box<Field<'a>>),
    Skipped(&'a Ident),
}

/// `#[model(skip)]` says the field is not a column: any other key, or an association, on it is a
/// contradiction.
fn skipped<'a>(ident: &'a Ident, column_attr: &ColumnAttr, association: Option<&syn::Attribute>, errors: &Errors) -> Parsed<'a> {
    for (key, span) in column_attr.column_keys() {
        errors.push(syn::Error::new(
            span,
            format!("`#[model(skip)]` field `{ident}` is not a column, so `{key}` means nothing on it: remove `{key}` or `skip`"),
        ));
    }
    if let Some(a) = association {
        errors.push(syn::Error::new(
            a.path().span(),
            format!("`#[model(skip)]` field `{ident}` cannot be an association: remove `skip` (an association is not a column anyway)"),
        ));
    }
    Parsed::Skipped(ident)
}

impl<'a> Field<'a> {
    fn from_syn(field: &'a syn::Field, model: &Ident, naming: Naming, errors: &Errors) -> Option<Parsed<'a>> {
        let ident = field.ident.as_ref()?;
        let field_name = ident.unraw().to_string();
        let ty = &field.ty;
        let owner = format!("{model}.{field_name}");
        let column_attr = attr::column_attr(&field.attrs, &owner, errors);
        let assoc_attrs: Vec<_> = field.attrs.iter().filter(|a| attr::ASSOCIATION_ATTRS.iter().any(|n| a.path().is_ident(n))).collect();
        if column_attr.skip.is_some() {
            return Some(skipped(ident, &column_attr, assoc_attrs.first().copied(), errors));
        }
        let options = ColumnOptions {
            unique: column_attr.unique,
            index: column_attr.index,
            default: column_attr.default.clone(),
            renamed_from: column_attr.renamed_from.clone(),
            roles: column_attr.roles.clone(),
        };
        if let Some(second) = assoc_attrs.get(1) {
            errors.push(syn::Error::new(
                second.path().span(),
                format!("`{ident}` has more than one association attribute; a field is one association"),
            ));
        }
        let Some(syn_attr) = assoc_attrs.first().copied() else {
            if let Some(wrapper) = wrapper_name(ty) {
                let attr_name = case::snake(&wrapper);
                errors.push(syn::Error::new(
                    ty.span(),
                    format!("a `{wrapper}<..>` field needs `#[{attr_name}]`: add `#[{attr_name}]` above `{ident}`"),
                ));
                return None;
            }
            let span = column_attr.column.as_ref().map_or_else(|| ident.span(), LitStr::span);
            let name = column_attr.column.map_or_else(|| naming.column(&field_name), |c| c.value());
            return Some(Parsed::Field(Box::new(Field {
                ident,
                name: field_name,
                ty,
                kind: Kind::Column(Column { name, primary_key: column_attr.primary_key, unknown_key: column_attr.unknown_key, span }),
                options,
            })));
        };
        if let Some(span) = column_attr.primary_key.or(column_attr.column.as_ref().map(|c| c.span())) {
            errors.push(syn::Error::new(span, "`#[model(primary_key)]` and `#[model(column = ...)]` apply to plain columns; name a `#[belongs_to]` key with `foreign_key = \"...\"`"));
        }
        let span = syn_attr.path().span();
        let many = syn_attr.path().is_ident("has_many");
        let parsed = attr::assoc_attr(syn_attr, &owner, errors)?;
        let wrong_type = |expected: &str| {
            errors.push(syn::Error::new(
                ty.span(),
                format!("`#[{}]` needs a field of type `{expected}`", case::snake(expected.split('<').next().unwrap_or(expected))),
            ));
        };
        let target_of = |wrapper: &str| generic_args(ty, wrapper).and_then(|args| args.first().copied());
        let kind = match parsed {
            AssocAttr::BelongsTo(attr) => {
                let (inner, optional) = match generic_args(ty, "Option") {
                    Some(args) if args.len() == 1 => (args[0], true),
                    _ => (ty, false),
                };
                let Some(args) = generic_args(inner, "BelongsTo").filter(|a| !a.is_empty() && a.len() <= 2) else {
                    wrong_type("BelongsTo<Target>` or `Option<BelongsTo<Target>>");
                    return None;
                };
                let column =
                    attr.foreign_key.as_ref().map_or_else(|| naming.belongs_to_key(&field_name, &type_name(args[0])), |c| c.value());
                let constant = naming.key_constant(&column);
                Kind::BelongsTo(BelongsTo { target: args[0], key_type: args.get(1).copied(), optional, column, constant, attr })
            }
            AssocAttr::HasOne(attr) | AssocAttr::HasMany(attr) => {
                let wrapper = if many { "HasMany" } else { "HasOne" };
                let Some(target) = target_of(wrapper) else {
                    wrong_type(&format!("{wrapper}<Target>"));
                    return None;
                };
                let name = attr.alias.as_ref().map_or_else(|| field_name.clone(), |a| a.value());
                let singular = attr.singular.as_ref().map_or_else(|| case::singular(&name), |s| s.value());
                let has = Has { target, name, singular, attr, span };
                if many { Kind::HasMany(has) } else { Kind::HasOne(has) }
            }
            AssocAttr::BelongsToMany(attr) => {
                let Some(args) = generic_args(ty, "BelongsToMany").filter(|a| !a.is_empty() && a.len() <= 2) else {
                    wrong_type("BelongsToMany<Target>");
                    return None;
                };
                let (target, junction_type) = (args[0], args.get(1).copied());
                let name = attr.alias.as_ref().map_or_else(|| field_name.clone(), |a| a.value());
                let singular = attr.singular.as_ref().map_or_else(|| case::singular(&name), |s| s.value());
                Kind::BelongsToMany(BelongsToMany { target, junction_type, name, singular, attr, span })
            }
        };
        Some(Parsed::Field(Box::new(Field { ident, name: field_name, ty, kind, options })))
    }
}

/// Whether `ty` is spelled as the model being derived: `Self` or its bare name. Only a hint for
/// an early, well-placed error: `crate::a::User` or an alias may name it too (and
/// `other::User` is another type), so every rule that must hold whatever the spelling is a
/// const check over `Identity::ID` in `expand`.
pub fn is_self(ty: &Type, ident: &Ident) -> bool {
    let Type::Path(p) = ty else { return false };
    p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1 && {
        let s = &p.path.segments[0];
        s.arguments.is_none() && (s.ident == *ident || s.ident == "Self")
    }
}

/// `input` with every `Self` in its field types and attributes replaced by the struct's name
/// (spanned where `Self` was written), so `HasMany<Self>` works like `HasMany<Node>`.
pub fn without_self(input: &DeriveInput) -> DeriveInput {
    struct Replace<'a>(&'a Ident);
    impl VisitMut for Replace<'_> {
        fn visit_ident_mut(&mut self, i: &mut Ident) {
            if i == "Self" {
                *i = Ident::new(&self.0.to_string(), i.span());
            }
        }
        fn visit_macro_mut(&mut self, _: &mut syn::Macro) {}
    }
    let mut out = input.clone();
    let ident = input.ident.clone();
    if let Data::Struct(s) = &mut out.data {
        for field in s.fields.iter_mut() {
            Replace(&ident).visit_type_mut(&mut field.ty);
            for attr in &mut field.attrs {
                if let Meta::List(list) = &mut attr.meta {
                    list.tokens = replace_in_tokens(list.tokens.clone(), &ident);
                }
            }
        }
    }
    out
}

fn replace_in_tokens(tokens: proc_macro2::TokenStream, ident: &Ident) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, TokenTree};
    tokens
        .into_iter()
        .map(|t| match t {
            TokenTree::Ident(i) if i == "Self" => TokenTree::Ident(Ident::new(&ident.to_string(), i.span())),
            TokenTree::Group(g) => {
                let mut n = Group::new(g.delimiter(), replace_in_tokens(g.stream(), ident));
                n.set_span(g.span());
                TokenTree::Group(n)
            }
            other => other,
        })
        .collect()
}
