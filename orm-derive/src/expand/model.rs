//! `impl Model`, the typed column constants, and the key/foreign-key trait impls that the
//! associations of other models check against.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::ast::{Field, Key, Kind, Model};
use crate::attr::{Action, Role};

use super::associations::belongs_to_keys;
use super::target::{foreign_key_field, info, respanned, target_column};

/// Stored fields (columns and `#[belongs_to]` keys), in column order.
pub fn stored<'m, 'a>(model: &'m Model<'a>) -> impl Iterator<Item = &'m Field<'a>> {
    model.fields.iter().filter(|f| f.column().is_some())
}

/// The column index of field `field_index`.
pub fn column_index(model: &Model, field_index: usize) -> usize {
    model.fields[..field_index].iter().filter(|f| f.column().is_some()).count()
}

/// The Rust type of a stored field's column.
fn column_type(model: &Model, field: &Field) -> TokenStream {
    let ty = field.ty;
    match field.kind {
        Kind::BelongsTo(_) => foreign_key_field(model.ident, ty, "Column"),
        _ => quote!(#ty),
    }
}

fn action(a: Action) -> TokenStream {
    match a {
        Action::Cascade => quote!(::orm_core::__private::Action::Cascade),
        Action::SetNull => quote!(::orm_core::__private::Action::SetNull),
        Action::Restrict => quote!(::orm_core::__private::Action::Restrict),
        Action::NoAction => quote!(::orm_core::__private::Action::NoAction),
    }
}

/// The model's primary-key column name (a junction's first key column).
pub fn key_column_name(model: &Model) -> String {
    let i = match model.key {
        Key::Single(i) | Key::Pair(i, _) => i,
        Key::Missing => return String::new(),
    };
    model.fields[i].column().unwrap_or_default().to_owned()
}

/// `impl Identity`: what other models' derives read of this one, with its `#[belongs_to]` keys
/// (`entries`). One impl per model whatever its targets, so `BelongsTo<User>` beside
/// `BelongsTo<crate::User>` (or a type alias of `User`) cannot conflict.
/// `rejected` marks the fallback emitted next to the model's errors (see `Identity::REJECTED`).
pub fn identity(model: &Model, entries: &[TokenStream], rejected: bool) -> TokenStream {
    let ident = model.ident;
    let name = ident.to_string();
    let key_column = key_column_name(model);
    let junction_key = &model.junction_key;
    quote! {
        #[automatically_derived]
        #[diagnostic::do_not_recommend]
        impl ::orm_core::__private::Identity for #ident {
            const ID: &'static str =
                ::core::concat!(::core::module_path!(), "::", #name, "@", ::core::line!(), ":", ::core::column!());
            const REJECTED: bool = #rejected;
            const JUNCTION_KEY: &'static str = #junction_key;
            const TABLE: &'static str = <Self as ::orm_core::Model>::TABLE;
            const COLUMNS: &'static [::orm_core::__private::ColumnDef] = <Self as ::orm_core::Model>::COLUMNS;
            const KEY_COLUMN: &'static str = #key_column;
            const ASSOCIATIONS: &'static [::orm_core::__private::AssociationDef] = <Self as ::orm_core::Model>::ASSOCIATIONS;
            const FOREIGN_KEYS: &'static [::orm_core::__private::ForeignKey<Self>] = &[#(#entries),*];
        }
    }
}

pub fn expand(model: &Model) -> TokenStream {
    let ident = model.ident;
    let name = ident.to_string();
    let table = &model.table;
    let Columns { defs: column_defs, values, value_at, set_at, consts: column_consts, checks } = columns(model);
    let decode = decode(model);
    let (key_ty, key_expr, set_key, primary_key) = key(model);
    let associations = model.fields.iter().filter_map(|f| association_def(model, f));
    let (belongs_to_checks, entries) = belongs_to_keys(model);
    let identity = identity(model, &entries, false);
    let indexes = indexes(model);
    let renamed_from = option_str(model.renamed_from.as_ref().map(|r| r.value()));
    let default_impl = default_impl(model);
    // Without `#[model(hooks)]` the writes run no hooks; with it, the struct's own `impl Hooks`
    // (a missing one is one error, at this associated type).
    let lifecycle = if model.hooks { quote!(::orm_core::__private::OwnHooks) } else { quote!(::orm_core::__private::NoHooks) };

    quote! {
        #[automatically_derived]
        impl ::orm_core::Keyed for #ident {
            type Key = #key_ty;
        }

        #[automatically_derived]
        impl ::orm_core::Model for #ident {
            const MODEL: &'static str = #name;
            const TABLE: &'static str = #table;
            const COLUMNS: &'static [::orm_core::__private::ColumnDef] = &[#(#column_defs),*];
            const PRIMARY_KEY: &'static [usize] = #primary_key;
            const ASSOCIATIONS: &'static [::orm_core::__private::AssociationDef] = &[#(#associations),*];
            const INDEXES: &'static [::orm_core::__private::IndexDef] = &[#(#indexes),*];
            const RENAMED_FROM: ::core::option::Option<&'static str> = #renamed_from;
            type Lifecycle = #lifecycle;

            fn key(&self) -> Self::Key {
                #key_expr
            }
            fn set_key(&mut self, key: Self::Key) {
                #set_key
            }
            fn values(&self) -> ::std::vec::Vec<::orm_core::Value> {
                ::std::vec![#(#values),*]
            }
            fn value_at(&self, index: usize) -> ::orm_core::Value {
                match index {
                    #(#value_at)*
                    _ => ::orm_core::Value::Null(::orm_core::SqlType::Text),
                }
            }
            fn set_value_at(&mut self, index: usize, __orm_v: &::orm_core::Value) -> bool {
                match index {
                    #(#set_at)*
                    _ => false,
                }
            }
            fn from_row_at(
                __orm_row: &::orm_core::Row,
                __orm_at: impl ::core::ops::Fn(usize) -> usize,
            ) -> ::orm_core::Result<Self> {
                ::core::result::Result::Ok(#ident { #(#decode)* })
            }
        }

        #[automatically_derived]
        impl #ident {
            #(#column_consts)*
        }

        #identity
        #belongs_to_checks
        #(#checks)*
        #default_impl
    }
}

/// That a timestamp field has a type the ORM can write the time into (one short error at the
/// field's type otherwise).
fn role_check(field: &Field) -> Option<TokenStream> {
    let ty = field.ty;
    let bound = match field.options.role()? {
        Role::CreatedAt | Role::UpdatedAt => quote!(::orm_core::__private::Timestamp),
        Role::DeletedAt => quote!(::orm_core::__private::DeletedStamp),
    };
    Some(quote_spanned! {ty.span()=>
        const _: () = <#ty as #bound>::IS;
    })
}

fn option_str(s: Option<String>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

/// The declared indexes: each field's `unique`/`index`, then the struct's `index(..)`/`unique(..)`.
fn indexes(model: &Model) -> Vec<TokenStream> {
    let def = |columns: Vec<&str>, unique: bool| quote!(::orm_core::__private::IndexDef { columns: &[#(#columns),*], unique: #unique });
    let mut out = Vec::new();
    for field in stored(model) {
        let column = field.column().unwrap_or_default();
        if field.options.unique.is_some() {
            out.push(def(vec![column], true));
        } else if field.options.index.is_some() {
            out.push(def(vec![column], false));
        }
    }
    for index in &model.indexes {
        let columns =
            index.fields.iter().filter_map(|name| model.fields.iter().find(|f| f.ident == name).and_then(|f| f.column())).collect();
        out.push(def(columns, index.unique));
    }
    out
}

/// A field's `#[model(default = ...)]` as a value of its type.
fn default_value(field: &Field) -> Option<TokenStream> {
    let expr = field.options.default.as_ref()?;
    let ty = field.ty;
    Some(quote_spanned! {expr.span()=> {
        let __orm_d: #ty = ::orm_core::__private::DefaultFor::<#ty>::into_column(#expr);
        __orm_d
    }})
}

/// `impl Default` when a field declares a default: `User { name, ..Default::default() }` then
/// inserts what the schema's `DEFAULT` would (Sequelize's `defaultValue`). Other fields take their
/// type's default.
fn default_impl(model: &Model) -> TokenStream {
    if !model.fields.iter().any(|f| f.options.default.is_some()) {
        return TokenStream::new();
    }
    let ident = model.ident;
    let fields = model.fields.iter().map(|f| {
        let name = f.ident;
        let value = default_value(f).unwrap_or_else(|| quote!(::core::default::Default::default()));
        quote!(#name: #value,)
    });
    let skipped = &model.skipped;
    quote! {
        #[automatically_derived]
        impl ::core::default::Default for #ident {
            fn default() -> Self {
                #ident { #(#fields)* #(#skipped: ::core::default::Default::default(),)* }
            }
        }
    }
}

/// The stored fields' column definitions, values (all, and by index) and typed constants.
struct Columns {
    defs: Vec<TokenStream>,
    values: Vec<TokenStream>,
    value_at: Vec<TokenStream>,
    set_at: Vec<TokenStream>,
    consts: Vec<TokenStream>,
    /// Compile-time checks of the fields' types, at module level.
    checks: Vec<TokenStream>,
}

fn columns(model: &Model) -> Columns {
    let ident = model.ident;
    let name = ident.to_string();
    let mut out =
        Columns { defs: Vec::new(), values: Vec::new(), value_at: Vec::new(), set_at: Vec::new(), consts: Vec::new(), checks: Vec::new() };
    for (i, field) in stored(model).enumerate() {
        let column = field.column().unwrap_or_default();
        let field_ident = field.ident;
        let field_name = field.name.clone();
        let ty = field.ty;
        let col_ty = column_type(model, field);
        let span = ty.span();
        let value = match field.kind {
            Kind::BelongsTo(_) => {
                let to_value = foreign_key_field(model.ident, ty, "to_value");
                quote_spanned!(span=> #to_value(&self.#field_ident))
            }
            _ => quote_spanned!(span=> <#ty as ::orm_core::__private::ColumnType>::to_value(&self.#field_ident)),
        };
        // A `#[belongs_to]` column is described by its field's one trait, like its other uses.
        let (sql_type, nullable) = match field.kind {
            Kind::BelongsTo(_) => (foreign_key_field(model.ident, ty, "SQL_TYPE"), foreign_key_field(model.ident, ty, "NULLABLE")),
            _ => (
                quote_spanned!(span=> <#col_ty as ::orm_core::__private::ColumnType>::SQL_TYPE),
                quote_spanned!(span=> <#col_ty as ::orm_core::__private::ColumnType>::NULLABLE),
            ),
        };
        let default = match default_value(field) {
            Some(value) => quote_spanned! {span=>
                ::core::option::Option::Some(::orm_core::__private::ColumnDefault(|| {
                    <#col_ty as ::orm_core::__private::ColumnType>::to_value(&#value)
                }))
            },
            None => quote!(::core::option::Option::None),
        };
        let renamed_from = option_str(field.options.renamed_from.as_ref().map(|r| r.value()));
        let values = match field.kind {
            Kind::BelongsTo(_) => quote!(::core::option::Option::None),
            _ => quote_spanned!(span=> <#col_ty as ::orm_core::__private::ColumnType>::VALUES),
        };
        let role = match field.options.role() {
            None => quote!(::orm_core::__private::ColumnRole::Plain),
            Some(Role::CreatedAt) => quote!(::orm_core::__private::ColumnRole::CreatedAt),
            Some(Role::UpdatedAt) => quote!(::orm_core::__private::ColumnRole::UpdatedAt),
            Some(Role::DeletedAt) => quote!(::orm_core::__private::ColumnRole::DeletedAt),
        };
        out.defs.push(quote_spanned! {span=>
            ::orm_core::__private::ColumnDef {
                name: #column,
                field: #field_name,
                ty: #sql_type,
                nullable: #nullable,
                default: #default,
                renamed_from: #renamed_from,
                role: #role,
                values: #values,
            }
        });
        if let Some(check) = role_check(field) {
            out.checks.push(check);
        }
        let set = match field.kind {
            Kind::BelongsTo(_) => {
                let set_value = foreign_key_field(model.ident, ty, "set_value");
                quote_spanned!(span=> #set_value(&mut self.#field_ident, __orm_v))
            }
            _ => quote_spanned!(span=> <#ty as ::orm_core::__private::ColumnType>::set(&mut self.#field_ident, __orm_v)),
        };
        out.value_at.push(quote!(#i => #value,));
        out.set_at.push(quote!(#i => #set,));
        out.values.push(value);
        let konst = format_ident!("{}", field.column_const().unwrap_or_default());
        let doc = format!("The `{column}` column of `{name}`.");
        let (mut ty, mut init) = (quote!(::orm_core::Column<#ident, #col_ty>), quote!(::orm_core::Column::new(#column)));
        // A `#[belongs_to]` column's constant is checked where its field's other uses are. Only
        // its type and value take the field's span: the constant itself stays the derive's, so
        // an unused one is no `dead_code` warning in the user's crate.
        if matches!(field.kind, Kind::BelongsTo(_)) {
            (ty, init) = (respanned(ty, span), respanned(init, span));
        }
        out.consts.push(quote! {
            #[doc = #doc]
            pub const #konst: #ty = #init;
        });
    }
    out
}

/// `field: <decoded>,` per field, for `from_row_at`: stored fields from their column, the
/// others (associations) empty.
fn decode(model: &Model) -> Vec<TokenStream> {
    let mut decode = Vec::new();
    let mut stored_index = 0usize;
    for field in &model.fields {
        let field_ident = field.ident;
        let ty = field.ty;
        let span = ty.span();
        let expr = match &field.kind {
            Kind::Column(_) => {
                let i = stored_index;
                stored_index += 1;
                let column = field.column().unwrap_or_default();
                quote_spanned!(span=> <#ty as ::orm_core::__private::ColumnType>::get(__orm_row, __orm_at(#i))
                    .map_err(|e| e.in_column(<Self as ::orm_core::Model>::MODEL, #column))?)
            }
            Kind::BelongsTo(_) => {
                let i = stored_index;
                stored_index += 1;
                let (from_column, column) =
                    (foreign_key_field(model.ident, ty, "from_column"), foreign_key_field(model.ident, ty, "Column"));
                quote_spanned!(span=> #from_column(__orm_row.get::<#column>(__orm_at(#i))?))
            }
            _ => quote!(::core::default::Default::default()),
        };
        decode.push(quote!(#field_ident: #expr,));
    }
    for skipped in &model.skipped {
        decode.push(quote!(#skipped: ::core::default::Default::default(),));
    }
    decode
}

/// The key's type, `key()`'s body, `set_key()`'s body and `PRIMARY_KEY`.
fn key(model: &Model) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    match model.key {
        Key::Single(i) => {
            let f = &model.fields[i];
            let (fi, ty) = (f.ident, f.ty);
            let col = column_index(model, i);
            (quote!(#ty), quote!(::core::clone::Clone::clone(&self.#fi)), quote!(self.#fi = key;), quote!(&[#col]))
        }
        Key::Pair(a, b) => {
            let (fa, ta) = (model.fields[a].ident, model.fields[a].ty);
            let (fb, tb) = (model.fields[b].ident, model.fields[b].ty);
            let (ca, cb) = (column_index(model, a), column_index(model, b));
            (
                quote!((<#ta as ::orm_core::__private::ForeignKeyField<Self>>::Column, <#tb as ::orm_core::__private::ForeignKeyField<Self>>::Column)),
                quote!((::core::clone::Clone::clone(self.#fa.key()), ::core::clone::Clone::clone(self.#fb.key()))),
                quote! {
                    self.#fa = ::orm_core::BelongsTo::new(key.0);
                    self.#fb = ::orm_core::BelongsTo::new(key.1);
                },
                quote!(&[#ca, #cb]),
            )
        }
        Key::Missing => unreachable_key(),
    }
}

/// `check` rejects a model without a key before expansion; this keeps the match total.
fn unreachable_key() -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    (quote!(i64), quote!(0), quote!(), quote!(&[]))
}

fn association_def(model: &Model, field: &Field) -> Option<TokenStream> {
    let ty = field.ty;
    Some(match &field.kind {
        Kind::Column(_) => return None,
        Kind::BelongsTo(b) => {
            let name = field.name.clone();
            let column = &b.column;
            let target = b.target;
            let info = info(target);
            let target_column = target_column(target, b.attr.target_key.as_ref());
            let nullable = foreign_key_field(model.ident, ty, "NULLABLE");
            let on_delete = b.attr.on_delete.map_or_else(|| quote!(::orm_core::__private::Action::default_on_delete(#nullable)), action);
            let on_update = action(b.attr.on_update.unwrap_or(Action::Cascade));
            quote! {
                ::orm_core::__private::AssociationDef::BelongsTo(::orm_core::__private::BelongsToDef {
                    name: #name,
                    column: #column,
                    target_table: #info::TABLE,
                    target_column: #target_column,
                    nullable: #nullable,
                    on_delete: #on_delete,
                    on_update: #on_update,
                })
            }
        }
        Kind::HasOne(h) | Kind::HasMany(h) => {
            let variant = if matches!(field.kind, Kind::HasOne(_)) { quote!(HasOne) } else { quote!(HasMany) };
            let name = &h.name;
            let target = h.target;
            let info = info(target);
            let fk = super::associations::fk_const(&h.name);
            quote! {
                ::orm_core::__private::AssociationDef::#variant(::orm_core::__private::HasDef {
                    name: #name,
                    target_table: #info::TABLE,
                    foreign_key: #fk.column,
                })
            }
        }
        Kind::BelongsToMany(m) => {
            let name = &m.name;
            let target = m.target;
            let info = info(target);
            let junction = super::associations::junction_const(&m.name);
            quote! {
                ::orm_core::__private::AssociationDef::BelongsToMany(::orm_core::__private::BelongsToManyDef {
                    name: #name,
                    target_table: #info::TABLE,
                    junction: #junction,
                })
            }
        }
    })
}
