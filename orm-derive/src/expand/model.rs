//! `impl Model`, the typed column constants, and the key/foreign-key trait impls that the
//! associations of other models check against.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::ast::{Field, Key, Kind, Model};
use crate::attr::Action;

/// Stored fields (columns and `#[belongs_to]` keys), in column order.
pub fn stored<'m, 'a>(model: &'m Model<'a>) -> impl Iterator<Item = &'m Field<'a>> {
    model.fields.iter().filter(|f| f.column().is_some())
}

/// The column index of field `field_index`.
pub fn column_index(model: &Model, field_index: usize) -> usize {
    model.fields[..field_index].iter().filter(|f| f.column().is_some()).count()
}

/// The Rust type of a stored field's column.
fn column_type(field: &Field) -> TokenStream {
    let ty = field.ty;
    match field.kind {
        Kind::BelongsTo(_) => quote_spanned!(ty.span()=> <#ty as ::orm_core::__private::ForeignKeyField>::Column),
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

/// The referenced column of a `#[belongs_to]` target, as a const expression.
pub fn target_column(target: &syn::Type, target_key: Option<&syn::LitStr>) -> TokenStream {
    match target_key {
        Some(key) => {
            let konst = format_ident!("{}", key.value().to_uppercase(), span = key.span());
            quote_spanned!(key.span()=> <#target>::#konst.name())
        }
        None => quote!(::orm_core::__private::key_column::<#target>()),
    }
}

pub fn expand(model: &Model) -> TokenStream {
    let ident = model.ident;
    let name = ident.to_string();
    let table = &model.table;

    let mut column_defs = Vec::new();
    let mut values = Vec::new();
    let mut value_at = Vec::new();
    let mut column_consts = Vec::new();
    for (i, field) in stored(model).enumerate() {
        let column = field.column().unwrap_or_default();
        let field_ident = field.ident;
        let field_name = field_ident.to_string();
        let ty = field.ty;
        let col_ty = column_type(field);
        let span = ty.span();
        let value = match field.kind {
            Kind::BelongsTo(_) => quote_spanned!(span=> <#ty as ::orm_core::__private::ForeignKeyField>::to_value(&self.#field_ident)),
            _ => quote_spanned!(span=> <#ty as ::orm_core::Field>::to_value(&self.#field_ident)),
        };
        column_defs.push(quote_spanned! {span=>
            ::orm_core::__private::ColumnDef {
                name: #column,
                field: #field_name,
                ty: <#col_ty as ::orm_core::Field>::SQL_TYPE,
                nullable: <#col_ty as ::orm_core::Field>::NULLABLE,
            }
        });
        value_at.push(quote!(#i => #value,));
        values.push(value);
        let konst = match field.kind {
            Kind::BelongsTo(_) => format_ident!("{}", column.to_uppercase()),
            _ => format_ident!("{}", field_name.to_uppercase()),
        };
        let doc = format!("The `{column}` column of `{name}`.");
        column_consts.push(quote! {
            #[doc = #doc]
            pub const #konst: ::orm_core::Column<#ident, #col_ty> = ::orm_core::Column::new(#column);
        });
    }

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
                quote_spanned!(span=> <DB as ::orm_core::Backend>::get::<#ty>(row, at(#i))?)
            }
            Kind::BelongsTo(_) => {
                let i = stored_index;
                stored_index += 1;
                quote_spanned! {span=>
                    <#ty as ::orm_core::__private::ForeignKeyField>::from_column(
                        <DB as ::orm_core::Backend>::get::<<#ty as ::orm_core::__private::ForeignKeyField>::Column>(row, at(#i))?
                    )
                }
            }
            _ => quote!(::core::default::Default::default()),
        };
        decode.push(quote!(#field_ident: #expr,));
    }

    let (key_ty, key_expr, set_key, primary_key, key_type_impl) = match model.key {
        Key::Single(i) => {
            let f = &model.fields[i];
            let (fi, ty) = (f.ident, f.ty);
            let col = column_index(model, i);
            (
                quote!(#ty),
                quote!(::core::clone::Clone::clone(&self.#fi)),
                quote!(self.#fi = key;),
                quote!(&[#col]),
                quote! {
                    #[automatically_derived]
                    impl ::orm_core::__private::KeyType<#ty> for #ident {}
                },
            )
        }
        Key::Pair(a, b) => {
            let (fa, ta) = (model.fields[a].ident, model.fields[a].ty);
            let (fb, tb) = (model.fields[b].ident, model.fields[b].ty);
            let (ca, cb) = (column_index(model, a), column_index(model, b));
            (
                quote!((<#ta as ::orm_core::__private::ForeignKeyField>::Column, <#tb as ::orm_core::__private::ForeignKeyField>::Column)),
                quote!((::core::clone::Clone::clone(self.#fa.key()), ::core::clone::Clone::clone(self.#fb.key()))),
                quote! {
                    self.#fa = ::orm_core::BelongsTo::new(key.0);
                    self.#fb = ::orm_core::BelongsTo::new(key.1);
                },
                quote!(&[#ca, #cb]),
                quote!(),
            )
        }
        Key::Missing => unreachable_key(),
    };

    let associations = model.fields.iter().filter_map(association_def);
    let belongs_to_impls = belongs_to_impls(model);

    quote! {
        #[automatically_derived]
        impl ::orm_core::Model for #ident {
            type Key = #key_ty;
            const MODEL: &'static str = #name;
            const TABLE: &'static str = #table;
            const COLUMNS: &'static [::orm_core::__private::ColumnDef] = &[#(#column_defs),*];
            const PRIMARY_KEY: &'static [usize] = #primary_key;
            const ASSOCIATIONS: &'static [::orm_core::__private::AssociationDef] = &[#(#associations),*];

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
            fn from_row_at<DB: ::orm_core::Backend>(
                row: &DB::Row,
                at: impl ::core::ops::Fn(usize) -> usize,
            ) -> ::core::result::Result<Self, ::orm_core::sqlx::Error> {
                ::core::result::Result::Ok(#ident { #(#decode)* })
            }
        }

        #[automatically_derived]
        impl #ident {
            #(#column_consts)*
        }

        #key_type_impl
        #belongs_to_impls
    }
}

/// `check` rejects a model without a key before expansion; this keeps the match total.
fn unreachable_key() -> (TokenStream, TokenStream, TokenStream, TokenStream, TokenStream) {
    (quote!(i64), quote!(0), quote!(), quote!(&[]), quote!())
}

fn association_def(field: &Field) -> Option<TokenStream> {
    let ty = field.ty;
    Some(match &field.kind {
        Kind::Column(_) => return None,
        Kind::BelongsTo(b) => {
            let name = field.ident.to_string();
            let column = &b.column;
            let target = b.target;
            let target_column = target_column(target, b.attr.target_key.as_ref());
            let nullable = quote!(<#ty as ::orm_core::__private::ForeignKeyField>::NULLABLE);
            let on_delete = b.attr.on_delete.map_or_else(|| quote!(::orm_core::__private::Action::default_on_delete(#nullable)), action);
            let on_update = action(b.attr.on_update.unwrap_or(Action::Cascade));
            quote! {
                ::orm_core::__private::AssociationDef::BelongsTo(::orm_core::__private::BelongsToDef {
                    name: #name,
                    column: #column,
                    target_table: <#target as ::orm_core::Model>::TABLE,
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
            let fk = super::associations::fk_const(&h.name);
            quote! {
                ::orm_core::__private::AssociationDef::#variant(::orm_core::__private::HasDef {
                    name: #name,
                    target_table: <#target as ::orm_core::Model>::TABLE,
                    foreign_key: #fk.column,
                })
            }
        }
        Kind::BelongsToMany(m) => {
            let name = &m.name;
            let target = m.target;
            let junction = super::associations::junction_const(&m.name);
            quote! {
                ::orm_core::__private::AssociationDef::BelongsToMany(::orm_core::__private::BelongsToManyDef {
                    name: #name,
                    target_table: <#target as ::orm_core::Model>::TABLE,
                    junction: #junction,
                })
            }
        }
    })
}

/// `impl BelongsToOf<Target>` (and `JunctionOf<Target>`) once per target model, listing every
/// `#[belongs_to]` to it; and the key-type obligations of each `#[belongs_to]`.
fn belongs_to_impls(model: &Model) -> TokenStream {
    let ident = model.ident;
    let mut groups = ForeignKeyGroups::default();
    let mut checks = Vec::new();
    for field in &model.fields {
        let Kind::BelongsTo(b) = &field.kind else { continue };
        let (fi, ty, target) = (field.ident, field.ty, b.target);
        let field_name = fi.to_string();
        let column = &b.column;
        let target_column = target_column(target, b.attr.target_key.as_ref());
        let entry = quote! {
            ::orm_core::__private::ForeignKey {
                field: #field_name,
                column: #column,
                target_column: #target_column,
                target_table: <#target as ::orm_core::Model>::TABLE,
                nullable: <#ty as ::orm_core::__private::ForeignKeyField>::NULLABLE,
                get: |m: &#ident| <#ty as ::orm_core::__private::ForeignKeyField>::to_value(&m.#fi),
                set: |m: &mut #ident, v: &::orm_core::Value| <#ty as ::orm_core::__private::ForeignKeyField>::set_value(&mut m.#fi, v),
            }
        };
        let key = quote!(<#ty as ::orm_core::__private::ForeignKeyField>::Key);
        let span = target.span();
        checks.push(quote_spanned!(span=> const _: () = ::orm_core::__private::require_model::<#target>();));
        match &b.attr.target_key {
            None => {
                let key_span = b.key_type.map_or(span, |k| k.span());
                checks.push(quote_spanned!(key_span=> const _: () = ::orm_core::__private::require_key_type::<#target, #key>();));
            }
            Some(k) => {
                let konst = format_ident!("{}", k.value().to_uppercase(), span = k.span());
                checks.push(quote_spanned!(k.span()=> const _: &str = ::orm_core::__private::require_column_type::<#target, #key>(<#target>::#konst);));
            }
        }
        groups.add(target, entry);
    }
    let impls = groups.impls(ident);
    quote! { #(#checks)* #impls }
}

/// The `ForeignKey` entries of a model's `#[belongs_to]` fields, grouped by target model: one
/// `impl BelongsToOf<Target>` (and `JunctionOf<Target>`) each.
#[derive(Default)]
pub struct ForeignKeyGroups<'a> {
    groups: Vec<(String, &'a syn::Type, Vec<TokenStream>)>,
}

impl<'a> ForeignKeyGroups<'a> {
    pub fn add(&mut self, target: &'a syn::Type, entry: TokenStream) {
        let key = quote!(#target).to_string();
        match self.groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.2.push(entry),
            None => self.groups.push((key, target, vec![entry])),
        }
    }

    pub fn impls(&self, ident: &syn::Ident) -> TokenStream {
        self.groups
            .iter()
            .map(|(_, target, entries)| {
                quote! {
                    #[automatically_derived]
                    impl ::orm_core::__private::BelongsToOf<#target> for #ident {
                        const FOREIGN_KEYS: &'static [::orm_core::__private::ForeignKey<Self>] = &[#(#entries),*];
                    }
                    #[automatically_derived]
                    impl ::orm_core::__private::JunctionOf<#target> for #ident {}
                }
            })
            .collect()
    }
}
