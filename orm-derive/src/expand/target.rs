//! How generated code names another model: through its `Identity`, spanned at the type the user
//! wrote. The bottom of `expand/`, shared by the model and association expansions.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// The referenced column of a `#[belongs_to]` target, as a const expression: its primary key,
/// or the column `target_key` names (`""` when it has none; `belongs_to_checks` reports that
/// once). Read through `Identity`, spanned at the target, so a target that is not a model gives
/// one error however often it is used.
pub fn target_column(target: &syn::Type, target_key: Option<&syn::LitStr>) -> TokenStream {
    let info = info(target);
    match target_key {
        Some(key) => quote!(::orm_core::__private::column_name(#info::COLUMNS, #key)),
        None => quote!(#info::KEY_COLUMN),
    }
}

/// `<Field as ForeignKeyField>::item` of a `#[belongs_to]` field's type, spanned at the type: every use
/// is then one obligation at one place, so a key that cannot be one (a target keyed by a pair, a
/// type that is no key) is reported once, not once per use.
///
/// `owner` is the model the field belongs to: the trait names it, so that a key that cannot be one
/// is reported naming both models.
pub fn foreign_key_field(owner: &syn::Ident, ty: &syn::Type, item: &str) -> TokenStream {
    let span = ty.span();
    // Every token at the type's first: rustc places an obligation at the span of the tokens
    // that raise it, and one place is what lets it report the obligation once.
    let ty = respanned(quote!(#ty), span);
    let owner = respanned(quote!(#owner), span);
    let item = proc_macro2::Ident::new(item, span);
    quote_spanned!(span=> <#ty as ::orm_core::__private::ForeignKeyField<#owner>>::#item)
}

/// `for<'__orm> Field: ForeignKeyField<Target = Target>`, spanned as [`foreign_key_field`]: the
/// bound of a `#[belongs_to]`'s accessors, checked where they are called (higher-ranked).
pub fn foreign_key_bound(owner: &syn::Ident, ty: &syn::Type, target: &syn::Type) -> TokenStream {
    let span = ty.span();
    let ty = respanned(quote!(#ty), span);
    let owner = respanned(quote!(#owner), span);
    quote_spanned!(span=> for<'__orm> #ty: ::orm_core::__private::ForeignKeyField<#owner, Target = #target>)
}

/// `tokens`, every one of them at `span`.
pub fn respanned(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            proc_macro2::TokenTree::Group(g) => {
                let mut group = proc_macro2::Group::new(g.delimiter(), respanned(g.stream(), span));
                group.set_span(span);
                proc_macro2::TokenTree::Group(group)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}

/// `<Target as Identity>`, spanned at the target: every use of another model goes through it.
pub fn info(target: &syn::Type) -> TokenStream {
    info_at(target, target.span())
}

/// [`info`] of any type or path, spanned at `span`.
pub fn info_at(target: &impl quote::ToTokens, span: proc_macro2::Span) -> TokenStream {
    quote_spanned!(span=> <#target as ::orm_core::__private::Identity>)
}

/// `if !(<A as Identity>::REJECTED || ..) { body }`: a check that reads other models' data, run
/// only when none of them is the stand-in emitted next to its own errors (whose data is partial:
/// checking against it would report a second error for the one mistake).
pub fn unless_rejected(models: &[&dyn quote::ToTokens], body: TokenStream) -> TokenStream {
    let rejected = models.iter().map(|m| quote!(<#m as ::orm_core::__private::Identity>::REJECTED));
    quote!(if !(false #(|| #rejected)*) { #body })
}
