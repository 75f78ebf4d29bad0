//! The stand-in `Model` impl emitted next to compile errors (thiserror's `fallback.rs`), so a
//! mistake in one model is reported once and not again by every model that names it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{Key, Kind, Model};

pub fn expand(model: &Model) -> TokenStream {
    let ident = model.ident;
    // The key column is real, so `#[belongs_to]` in other models still finds its type and name.
    let (key, columns, primary_key) = match model.key {
        Key::Single(i) if matches!(model.fields[i].kind, Kind::Column(_)) => {
            let field = &model.fields[i];
            let ty = field.ty;
            let name = field.column().unwrap_or_default();
            let field_name = field.name.clone();
            (
                quote!(#ty),
                quote! {&[::orm_core::__private::ColumnDef {
                    name: #name,
                    field: #field_name,
                    ty: <#ty as ::orm_core::__private::ColumnType>::SQL_TYPE,
                    nullable: false,
                    default: ::core::option::Option::None,
                    renamed_from: ::core::option::Option::None,
                    role: ::orm_core::__private::ColumnRole::Plain,
                    values: ::core::option::Option::None,
                }]},
                quote!(&[0]),
            )
        }
        _ => (quote!(i64), quote!(&[]), quote!(&[])),
    };
    // The `#[belongs_to]` keys too, so a `#[has_many]` or a `through` pointing here pairs up.
    let mut entries = Vec::new();
    for field in &model.fields {
        let Kind::BelongsTo(b) = &field.kind else { continue };
        let (ty, target, column, field_name) = (field.ty, b.target, &b.column, field.name.clone());
        let nullable = super::target::foreign_key_field(model.ident, ty, "NULLABLE");
        let target_column = match &b.attr.target_key {
            Some(k) => quote!(#k),
            None => super::target::target_column(target, None),
        };
        let entry = quote! {
            ::orm_core::__private::ForeignKey {
                field: #field_name,
                target: <#target as ::orm_core::__private::Identity>::ID,
                column: #column,
                target_column: #target_column,
                target_table: <#target as ::orm_core::__private::Identity>::TABLE,
                nullable: #nullable,
                get: |_| ::orm_core::Value::Null(::orm_core::SqlType::BigInt),
                set: |_, _| false,
            }
        };
        entries.push(entry);
    }
    let identity = super::model::identity(model, &entries, true);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::orm_core::Keyed for #ident {
                type Key = #key;
            }
            #[automatically_derived]
            impl ::orm_core::Model for #ident {
                const MODEL: &'static str = "";
                const TABLE: &'static str = "";
                const COLUMNS: &'static [::orm_core::__private::ColumnDef] = #columns;
                const PRIMARY_KEY: &'static [usize] = #primary_key;
                const ASSOCIATIONS: &'static [::orm_core::__private::AssociationDef] = &[];
                type Lifecycle = ::orm_core::__private::NoHooks;
                fn key(&self) -> Self::Key { ::core::unreachable!() }
                fn set_key(&mut self, _: Self::Key) {}
                fn values(&self) -> ::std::vec::Vec<::orm_core::Value> { ::std::vec::Vec::new() }
                fn value_at(&self, _: usize) -> ::orm_core::Value { ::orm_core::Value::Null(::orm_core::SqlType::Text) }
                fn set_value_at(&mut self, _: usize, _: &::orm_core::Value) -> bool { false }
                fn from_row_at(_: &::orm_core::Row, _: impl ::core::ops::Fn(usize) -> usize) -> ::orm_core::Result<Self> {
                    ::core::unreachable!()
                }
            }
            #identity
        };
    }
}
