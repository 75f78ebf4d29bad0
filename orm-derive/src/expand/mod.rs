//! Code generation. Only ever sees a model that passed `check`; returns tokens, never errors.

mod associations;
mod fallback;
mod include;
mod model;
mod pairs;
mod target;

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::ast::{self, Model};
use crate::check;
use crate::ctxt::Errors;

pub fn derive(input: &DeriveInput) -> TokenStream {
    // The generated items live outside the struct, where `Self` means nothing: spell it out.
    let input = &ast::without_self(input);
    let errors = Errors::default();
    let Some(model) = Model::from_input(input, &errors) else {
        return errors.into_compile_errors();
    };
    check::check(&model, &errors);
    if !errors.is_empty() {
        // One mistake, one error: the stand-in impl keeps other models that name this one quiet.
        let fallback = fallback::expand(&model);
        let errors = errors.into_compile_errors();
        return quote! { #errors #fallback };
    }
    let model_impl = model::expand(&model);
    let associations = associations::expand(&model);
    let includes = include::expand(&model);
    let pairs = pairs::expand(&model);
    quote! {
        const _: () = {
            #model_impl
            #associations
            #pairs
            #includes
        };
    }
}
