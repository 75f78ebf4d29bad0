//! A `#[belongs_to_many]`: its junction (see [`junction`](super::junction)) and its accessors,
//! the [`collection`] ones and, through a junction model, those that read and write its rows.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Path;

use super::accessor::{connection_bound, future, models_bound};
use super::collection::{Collection, Names, collection};
use super::junction::junction;
use super::names::{junction_const, junction_key_consts, src_const, type_name};
use crate::ast::{BelongsToMany, Model};
use crate::attr::Through;

pub fn expand(model: &Model, m: &BelongsToMany) -> TokenStream {
    let ident = model.ident;
    let target = m.target;
    let junction_items = junction(model, m);
    let bound = match &m.attr.through {
        Some(Through::Model(through)) => models_bound(&[quote!(#target), quote!(#through)]),
        _ => models_bound(&[quote!(#target)]),
    };
    let jc = junction_const(&m.name);
    let src = src_const(&m.name);
    let key = quote!(self, #src);
    let through_fns = match &m.attr.through {
        Some(Through::Model(through)) => through_accessors(model, m, through, &key),
        _ => TokenStream::new(),
    };
    let common = collection(&Collection {
        owner: ident,
        target,
        names: Names::new(&m.name, &m.singular, m.span),
        module: quote!(belongs_to_many),
        link: quote!(&#jc),
        key: &key,
        linked_by_junction: true,
        unlink_bound: TokenStream::new(),
    });
    quote! {
        #junction_items
        #[automatically_derived]
        impl #ident #bound {
            #common
            #through_fns
        }
    }
}

/// `add_*_with`, `update_*_with` and `*_through`: the accessors of the junction model's rows.
fn through_accessors(model: &Model, m: &BelongsToMany, through: &Path, key: &TokenStream) -> TokenStream {
    let ident = model.ident;
    let target = m.target;
    let tgt = type_name(target);
    let jc = junction_const(&m.name);
    let conn = connection_bound();
    let (src_key, tgt_key) = junction_key_consts(&m.name);
    let add_with = format_ident!("add_{}_with", m.singular, span = m.span);
    let with_through = format_ident!("{}_through", m.name, span = m.span);
    let update_with = format_ident!("update_{}_with", m.singular, span = m.span);
    let add_with_doc = format!(
        "Links `target` to this `{ident}` through the junction row `row` (its own columns, such as a rating, are stored). Adding a link that exists changes nothing and returns the stored row; `{update_with}` changes it."
    );
    let update_with_doc = format!(
        "Replaces the own columns (such as a rating) of the existing link from this `{ident}` to `target` with those of `row`; `Error::NotFound` if the two are not linked."
    );
    let through_doc = format!(
        "The `{tgt}` rows linked to this `{ident}`, each with its `{}` junction row.",
        quote!(#through).to_string().replace(' ', "")
    );
    let row_ret = future(quote!(#through));
    let through_ret = future(quote!(::std::vec::Vec<(#target, #through)>));
    quote! {
        #[doc = #add_with_doc]
        pub fn #add_with<__OrmC>(&self, db: __OrmC, target: &#target, row: #through) -> #row_ret
        where #conn
        {
            ::orm_core::__private::belongs_to_many::add_through::<Self, #target, #through>(db, &#jc, [#src_key, #tgt_key], #key, target, row)
        }
        #[doc = #update_with_doc]
        pub fn #update_with<__OrmC>(&self, db: __OrmC, target: &#target, row: #through) -> #row_ret
        where #conn
        {
            ::orm_core::__private::belongs_to_many::update_through::<Self, #target, #through>(db, &#jc, [#src_key, #tgt_key], #key, target, row)
        }
        #[doc = #through_doc]
        pub fn #with_through<__OrmC>(&self, db: __OrmC) -> #through_ret
        where #conn
        {
            ::orm_core::__private::belongs_to_many::through::<Self, #target, #through>(db, &#jc, #key)
        }
    }
}
