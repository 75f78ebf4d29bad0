//! `#[derive(Model)]` for orm-core. Use it through `orm_core::Model`.
//!
//! One pipeline, one direction: `ast` reads the struct (with `attr` for the attribute grammar),
//! `check` applies the rules that span several attributes, `expand` writes the code. Every user
//! mistake becomes a spanned `syn::Error`, collected in `ctxt` (below them all); all of them are
//! reported at once.

mod ast;
mod attr;
mod case;
mod check;
mod ctxt;
mod expand;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `orm_core::Model` for a struct with named fields.
#[proc_macro_derive(Model, attributes(model, belongs_to, has_one, has_many, belongs_to_many))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
