//! The pieces of every accessor's signature: its bounds and its return type.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::{Ident, Type};

/// The where-clause of an accessor block: the target (and junction) are models, as
/// [`AsModel`](orm_core::__private::AsModel) says it. Higher-ranked, so rustc checks it where the
/// accessors are called rather than here: when the target is not a model, its one `Identity`
/// error is all the user sees, not one per accessor body. Not `Target: Model`, whose check
/// proves `Send`/`Sync`/`Unpin` of the target field by field for every accessor.
pub fn models_bound(types: &[TokenStream]) -> TokenStream {
    quote!(where #(for<'__orm> #types: ::orm_core::__private::AsModel<Model = #types>),*)
}

/// An accessor's return type. Accessors are plain `fn`s that return the future of one generic
/// runtime function: no state machine per accessor for rustc to check in the user's crate. The
/// future is `Send` whenever the executor is: auto traits leak through `impl Trait`.
pub fn future(output: TokenStream) -> TokenStream {
    quote!(impl ::core::future::Future<Output = ::orm_core::Result<#output>>)
}

/// The one bound of every accessor: what it runs on is a [`Connection`](orm_core::Connection)
/// (a pool, a connection, a transaction, the run-time handle). No driver trait, no backend
/// parameter: the runtime behind it is not generic over the backend.
pub fn connection_bound() -> TokenStream {
    quote!(__OrmC: ::orm_core::Connection)
}

/// The bound of an accessor that unlinks target rows by nulling their key (`remove_*` of a
/// has_many, `set_*` of a has_one): it holds only when the paired `#[belongs_to]` is optional,
/// so on a required key the accessor cannot be called, and the error says why. Higher-ranked,
/// so it is checked where the accessor is called.
pub fn optional_key_bound(owner: &Ident, target: &Type, fk: &Ident, span: Span) -> TokenStream {
    quote_spanned! {span=>
        for<'__orm> <::orm_core::__private::KeyNullable<{ #fk.nullable }> as ::orm_core::__private::Select>::Key:
            ::orm_core::__private::OptionalKey<#owner, #target>
    }
}
