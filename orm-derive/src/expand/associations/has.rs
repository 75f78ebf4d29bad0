//! A `#[has_one]`/`#[has_many]`: the checks that pair it with a `#[belongs_to]` of the target,
//! the constant of that resolved key, and its accessors (a has_many's are a [`collection`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::Ident;

use super::super::target::{info, unless_rejected};
use super::accessor::{connection_bound, future, models_bound, optional_key_bound};
use super::collection::{Collection, Names, collection};
use super::names::{fk_const, opt, source_column, src_const, type_name};
use crate::ast::{Has, Model};
use crate::case;

/// The pairing checks of a has_one/has_many and the constant of its resolved inverse key.
fn has_inverse(model: &Model, h: &Has, many: bool) -> TokenStream {
    let ident = model.ident;
    let target = h.target;
    let (src, tgt) = (ident.to_string(), type_name(target));
    let attr = if many { "has_many" } else { "has_one" };
    let name = &h.name;
    let fk = fk_const(name);
    let src_index = src_const(name);
    let foreign_key = opt(h.attr.foreign_key.as_ref());
    let source_column = source_column(model, h.attr.source_key.as_ref());
    let info = info(target);
    let keys = quote!(#info::FOREIGN_KEYS);
    let me = quote!(<#ident as ::orm_core::__private::Identity>::ID);
    let tgt_id = quote!(#info::ID);
    let span = h.span;
    let missing = match &h.attr.foreign_key {
        Some(k) => format!(
            "`#[{attr}(foreign_key = \"{}\")] {name}` on `{src}`: `{tgt}` has no `#[belongs_to]` to `{src}` with that key; \
             name one of its `#[belongs_to]` fields or key columns, or add `#[belongs_to(foreign_key = \"{}\")]` to `{tgt}`",
            k.value(),
            k.value()
        ),
        None => format!("`#[{attr}] {name}` on `{src}`: `{tgt}` has no `#[belongs_to]` to `{src}`"),
    };
    let ambiguous = format!(
        "`#[{attr}] {name}` on `{src}` is ambiguous: `{tgt}` has several `#[belongs_to]` to `{src}`; \
         say which with `#[{attr}(foreign_key = \"...\")]`"
    );
    let mismatch = format!(
        "`#[{attr}] {name}` on `{src}` and the `#[belongs_to]` of `{tgt}` it pairs with disagree on the key of `{src}`: \
         the `#[belongs_to]` references another column than `{source_column}`; make `source_key` and `target_key` name the same column"
    );
    // `#[has_one]`/`#[has_many]` on both sides: each side misses its `#[belongs_to]`; the one
    // that sorts first says so, once.
    let both_own = format!(
        "`#[{attr}] {name}` on `{src}` and a `#[has_one]`/`#[has_many]` on `{tgt}` back to `{src}` both keep their key on the other \
         model; a pair has one owner: replace one side with `#[belongs_to]`"
    );
    let both_own = quote_spanned!(span=> ::core::panic!(#both_own));
    let (missing, ambiguous, mismatch) = (
        quote_spanned!(span=> ::core::panic!(#missing)),
        quote_spanned!(span=> ::core::panic!(#ambiguous)),
        quote_spanned!(span=> ::core::panic!(#mismatch)),
    );
    let pairing =
        has_pairing(&keys, &me, &foreign_key, &source_column, (&info, &tgt_id, ident, name), (mismatch, both_own, missing, ambiguous));
    let guarded = unless_rejected(&[target], pairing);
    quote! {
        const #fk: &::orm_core::__private::ForeignKey<#target> =
            ::orm_core::__private::picked(#keys, #me, #foreign_key, &::orm_core::__private::no_key::<#target>());
        const #src_index: usize = ::orm_core::__private::column_index(<#ident as ::orm_core::__private::Identity>::COLUMNS, #fk.target_column);
        const _: () = #guarded;
    }
}

/// [`has_inverse`]'s check of the pairing (run unless the target is rejected).
#[allow(clippy::too_many_arguments)]
fn has_pairing(
    keys: &TokenStream,
    me: &TokenStream,
    foreign_key: &TokenStream,
    source_column: &str,
    (info, tgt_id, ident, name): (&TokenStream, &TokenStream, &Ident, &str),
    (mismatch, both_own, missing, ambiguous): (TokenStream, TokenStream, TokenStream, TokenStream),
) -> TokenStream {
    quote! {
        match ::orm_core::__private::pick(#keys, #me, #foreign_key) {
            // A `target_key` that names no column is reported by the `#[belongs_to]` itself.
            ::orm_core::__private::Pick::One(__orm_i) => {
                if !#keys[__orm_i].target_column.is_empty()
                    && !::orm_core::__private::str_eq(#keys[__orm_i].target_column, #source_column)
                {
                    #mismatch
                }
            }
            // Both sides own the pair only if this side has no `#[belongs_to]` back either;
            // then the other side fails the same way and one of the two reports it.
            ::orm_core::__private::Pick::None => match (
                ::orm_core::__private::owned_back(#info::ASSOCIATIONS, <#ident as ::orm_core::__private::Identity>::TABLE),
                ::orm_core::__private::pick(<#ident as ::orm_core::__private::Identity>::FOREIGN_KEYS, #tgt_id, ::core::option::Option::None),
            ) {
                (::core::option::Option::Some(__orm_other), ::orm_core::__private::Pick::None) => {
                    if ::orm_core::__private::reports(#me, #tgt_id, #name, __orm_other) {
                        #both_own
                    }
                }
                _ => #missing,
            },
            ::orm_core::__private::Pick::Many => #ambiguous,
        }
    }
}

pub fn expand(model: &Model, h: &Has, many: bool) -> TokenStream {
    let ident = model.ident;
    let target = h.target;
    let checks = has_inverse(model, h, many);
    let bound = models_bound(&[quote!(#target)]);
    let fk = fk_const(&h.name);
    let src = src_const(&h.name);
    let key = quote!(self, #src);
    let methods = if many {
        collection(&Collection {
            owner: ident,
            target,
            names: Names::new(&h.name, &h.singular, h.span),
            module: quote!(has_many),
            link: quote!(#fk),
            key: &key,
            linked_by_junction: false,
            unlink_bound: optional_key_bound(ident, target, &fk, h.span),
        })
    } else {
        has_one(ident, h, &fk, &key)
    };
    quote! {
        #checks
        #[automatically_derived]
        impl #ident #bound {
            #methods
        }
    }
}

/// get, set and create of a `#[has_one]`.
fn has_one(ident: &Ident, h: &Has, fk: &Ident, key: &TokenStream) -> TokenStream {
    let target = h.target;
    let tgt = type_name(target);
    let conn = connection_bound();
    let get = case::ident(&h.name, h.span);
    let set = format_ident!("set_{}", h.name, span = h.span);
    let create = format_ident!("create_{}", h.name, span = h.span);
    let unlink_bound = optional_key_bound(ident, target, fk, h.span);
    let get_doc = format!("The `{tgt}` of this `{ident}`, if any.");
    let set_doc = format!(
        "Makes `target` the `{tgt}` of this `{ident}` (unlinking the previous one), or unlinks it with `None`; in one transaction."
    );
    let create_doc = format!("Inserts `target` as the `{tgt}` of this `{ident}`.");
    let get_ret = future(quote!(::core::option::Option<#target>));
    let create_ret = future(quote!(#target));
    quote! {
        #[doc = #get_doc]
        pub fn #get<__OrmC>(&self, db: __OrmC) -> #get_ret
        where #conn
        {
            ::orm_core::__private::has_one::get::<Self, #target>(db, #fk, #key)
        }
        #[doc = #set_doc]
        pub fn #set<'__orm_f, __OrmC>(
            &'__orm_f self,
            db: __OrmC,
            target: ::core::option::Option<&'__orm_f mut #target>,
        ) -> ::orm_core::__private::BoxFuture<'__orm_f, ::orm_core::Result<()>>
        where #conn, __OrmC: '__orm_f, #unlink_bound
        {
            ::orm_core::__private::has_one::set_boxed::<Self, #target>(db, #fk, #key, target)
        }
        #[doc = #create_doc]
        pub fn #create<__OrmC>(&self, db: __OrmC, target: #target) -> #create_ret
        where #conn
        {
            ::orm_core::__private::has_one::create::<Self, #target>(db, #fk, #key, target)
        }
    }
}
