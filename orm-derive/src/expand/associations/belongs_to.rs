//! A `#[belongs_to]`: its foreign-key entry (what other models' derives read of it), the checks
//! of its key against the target, and its accessors (`note.author(&pool)`, `set_author`, ...).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::super::target::{foreign_key_bound, foreign_key_field, info, target_column};
use super::accessor::{connection_bound, future, models_bound};
use super::names::type_name;
use crate::ast::{BelongsTo, Field, Kind, Model};

/// Every `#[belongs_to]` of the model: the `ForeignKey` entries of its `Identity`, and the
/// key-type obligations of each.
pub fn keys(model: &Model) -> (TokenStream, Vec<TokenStream>) {
    let mut entries = Vec::new();
    let mut checks = Vec::new();
    for field in &model.fields {
        let Kind::BelongsTo(b) = &field.kind else { continue };
        entries.push(entry(model, field, b));
        let info = info(b.target);
        checks.push(quote!(const _: &str = #info::ID;));
        checks.push(match &b.attr.target_key {
            None => key_type_check(model, field, b),
            Some(k) => target_key_check(model, field, b, k),
        });
    }
    (quote! { #(#checks)* }, entries)
}

/// The `ForeignKey` entry of one `#[belongs_to]`.
fn entry(model: &Model, field: &Field, b: &BelongsTo) -> TokenStream {
    let ident = model.ident;
    let (fi, ty, target) = (field.ident, field.ty, b.target);
    let field_name = &field.name;
    let column = &b.column;
    let target_column = target_column(target, b.attr.target_key.as_ref());
    let (nullable, to_value, set_value) = (
        foreign_key_field(model.ident, ty, "NULLABLE"),
        foreign_key_field(model.ident, ty, "to_value"),
        foreign_key_field(model.ident, ty, "set_value"),
    );
    quote! {
        ::orm_core::__private::ForeignKey {
            field: #field_name,
            target: <#target as ::orm_core::__private::Identity>::ID,
            column: #column,
            target_column: #target_column,
            target_table: <#target as ::orm_core::__private::Identity>::TABLE,
            nullable: #nullable,
            get: |__orm_m: &#ident| #to_value(&__orm_m.#fi),
            set: |__orm_m: &mut #ident, __orm_v: &::orm_core::Value| #set_value(&mut __orm_m.#fi, __orm_v),
        }
    }
}

/// `BelongsTo<User>` takes `User`'s key type; a written one must match it.
fn key_type_check(model: &Model, field: &Field, b: &BelongsTo) -> TokenStream {
    let Some(k) = b.key_type else { return TokenStream::new() };
    let (ident, ty, target, field_name) = (model.ident, field.ty, b.target, &field.name);
    let key = foreign_key_field(model.ident, ty, "Key");
    let info = info(target);
    let target_name = type_name(target);
    let written = quote!(#k).to_string().replace(' ', "");
    let message = format!(
        "`{ident}.{field_name}` stores a `{written}` key to `{target_name}`, whose primary key has another type; \
         write `BelongsTo<{target_name}>` to take its key type, or name a `{written}` column with `target_key = \"...\"`"
    );
    quote_spanned! {k.span()=>
        const _: () = if !#info::REJECTED && !::orm_core::__private::same_type(
            #info::COLUMNS[::orm_core::__private::column_index(#info::COLUMNS, #info::KEY_COLUMN)].ty,
            <#key as ::orm_core::Field>::SQL_TYPE,
        ) {
            ::core::panic!(#message)
        };
    }
}

/// A `target_key` is looked up by name in the target's columns: one error naming the column, not
/// one per use of a missing constant. The referenced column is required and unique (sync makes
/// it unique): a NULL there could never be pointed at, and `set_*` would store nothing.
fn target_key_check(model: &Model, field: &Field, b: &BelongsTo, k: &syn::LitStr) -> TokenStream {
    let (ident, ty, target, field_name) = (model.ident, field.ty, b.target, &field.name);
    let key = foreign_key_field(model.ident, ty, "Key");
    let info = info(target);
    let target_name = type_name(target);
    let key_name = k.value();
    let attr = format!("`#[belongs_to(target_key = \"{key_name}\")] {field_name}` on `{ident}`");
    let missing = format!("{attr}: `{target_name}` has no column `{key_name}`; name one of its columns");
    let mismatch = format!(
        "{attr}: the key's type differs from the type of `{target_name}`'s column `{key_name}`; \
         write `BelongsTo<{target_name}, K>` with `K` the column's type"
    );
    let nullable = format!(
        "{attr}: `{target_name}`'s column `{key_name}` is optional; \
         a referenced column must be required (and is made unique): make it a plain `{written}` in `{target_name}`, or reference another column",
        written = b.key_type.map_or_else(|| "T".to_owned(), |t| quote!(#t).to_string().replace(' ', "")),
    );
    let association =
        format!("{attr}: `{key_name}` is an association of `{target_name}`, not a column; `target_key` names one of its columns");
    quote_spanned! {k.span()=>
        const _: () = if !#info::REJECTED {
            match ::orm_core::__private::find_column(#info::COLUMNS, #k) {
                ::core::option::Option::Some(__orm_i) => {
                    if #info::COLUMNS[__orm_i].nullable {
                        ::core::panic!(#nullable)
                    } else if !::orm_core::__private::same_type(
                        #info::COLUMNS[__orm_i].ty,
                        <#key as ::orm_core::Field>::SQL_TYPE,
                    ) {
                        ::core::panic!(#mismatch)
                    }
                }
                ::core::option::Option::None => {
                    if ::orm_core::__private::has_association(#info::ASSOCIATIONS, #k) {
                        ::core::panic!(#association)
                    } else {
                        ::core::panic!(#missing)
                    }
                }
            }
        };
    }
}

/// The accessors of a `#[belongs_to]`: get, set and create the target.
pub fn accessors(model: &Model, index: usize, b: &BelongsTo) -> TokenStream {
    let ident = model.ident;
    let field = &model.fields[index];
    let (fi, ty, target) = (field.ident, field.ty, b.target);
    let column = &b.column;
    let target_name = type_name(target);
    let target_column = target_column(target, b.attr.target_key.as_ref());
    let to_value = foreign_key_field(model.ident, ty, "to_value");
    let info = info(target);
    // The field's `ForeignKeyField` is a bound of the block too, checked where an accessor is
    // called: a key that cannot be one is reported once, at the field, not in every body.
    let bound = models_bound(&[quote!(#target)]);
    let field_bound = foreign_key_bound(model.ident, ty, target);
    let bound = quote!(#bound, #field_bound);
    let conn = connection_bound();
    let get_ret = future(quote!(::core::option::Option<#target>));
    let setter = format_ident!("set_{}", fi);
    let creator = format_ident!("create_{}", fi);
    let doc_get = format!("The `{target_name}` this `{ident}` belongs to (`#[belongs_to] {fi}`), read from the database.");
    let doc_set = format!("Points `{fi}` at `target` and saves the `{column}` column of this row.");
    let doc_create = format!("Inserts `target` and points `{fi}` at it, in one transaction; returns the stored `{target_name}`.");
    let (set_arg, set_target) = if b.optional {
        (quote!(target: ::core::option::Option<&#target>), quote!(target))
    } else {
        (quote!(target: &#target), quote!(::core::option::Option::Some(target)))
    };
    let (set_ret, create_ret) = (future(quote!(())), future(quote!(#target)));
    let rt = quote!(::orm_core::__private::belongs_to);
    quote! {
        #[automatically_derived]
        impl #ident #bound {
            #[doc = #doc_get]
            pub fn #fi<__OrmC>(&self, db: __OrmC) -> #get_ret
            where #conn
            {
                ::orm_core::__private::belongs_to::get::<#target>(db, #target_column, #to_value(&self.#fi))
            }

            #[doc = #doc_set]
            pub fn #setter<__OrmC>(&mut self, db: __OrmC, #set_arg) -> #set_ret
            where #conn
            {
                const __ORM_TARGET_INDEX: usize = ::orm_core::__private::column_index(#info::COLUMNS, #target_column);
                #rt::set::<Self, #ty>(db, self, |__orm_m: &mut Self| &mut __orm_m.#fi, #column, #set_target, __ORM_TARGET_INDEX)
            }

            #[doc = #doc_create]
            pub fn #creator<__OrmC>(&mut self, db: __OrmC, target: #target) -> #create_ret
            where #conn
            {
                const __ORM_TARGET_INDEX: usize = ::orm_core::__private::column_index(#info::COLUMNS, #target_column);
                #rt::create::<Self, #ty>(db, self, |__orm_m: &mut Self| &mut __orm_m.#fi, #column, target, __ORM_TARGET_INDEX)
            }
        }
    }
}
