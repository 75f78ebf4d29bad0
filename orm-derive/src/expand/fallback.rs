//! The stand-in `Model` impl emitted next to compile errors (thiserror's `fallback.rs`), so a
//! mistake in one model is reported once and not again by every model that names it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{Key, Kind, Model};

pub fn expand(model: &Model) -> TokenStream {
    let ident = model.ident;
    let key = match model.key {
        Key::Single(i) if matches!(model.fields[i].kind, Kind::Column(_)) => {
            let ty = model.fields[i].ty;
            quote!(#ty)
        }
        _ => quote!(i64),
    };
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::orm_core::Model for #ident {
                type Key = #key;
                const MODEL: &'static str = "";
                const TABLE: &'static str = "";
                const COLUMNS: &'static [::orm_core::__private::ColumnDef] = &[];
                const PRIMARY_KEY: &'static [usize] = &[];
                const ASSOCIATIONS: &'static [::orm_core::__private::AssociationDef] = &[];
                fn key(&self) -> Self::Key { ::core::unreachable!() }
                fn set_key(&mut self, _: Self::Key) {}
                fn values(&self) -> ::std::vec::Vec<::orm_core::Value> { ::std::vec::Vec::new() }
                fn value_at(&self, _: usize) -> ::orm_core::Value { ::orm_core::Value::Null(::orm_core::SqlType::Text) }
                fn from_row<DB: ::orm_core::Backend>(_: &DB::Row, _: usize) -> ::core::result::Result<Self, ::orm_core::sqlx::Error> {
                    ::core::result::Result::Err(::orm_core::sqlx::Error::Protocol(::std::string::String::new()))
                }
            }
        };
    }
}
