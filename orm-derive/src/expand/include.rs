//! One typed association constant per association (`User::COMMENTS`), the handle that
//! `Query::include` takes; its `attach` fn stores loaded rows in the field.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::associations::{fk_const, junction_const, src_const};
use super::model::{column_index, target_column};
use crate::ast::{Kind, Model};

pub fn expand(model: &Model) -> TokenStream {
    let ident = model.ident;
    let mut consts = Vec::new();
    for (i, field) in model.fields.iter().enumerate() {
        let fi = field.ident;
        let ty = field.ty;
        let (name, target, junction, link, attach) = match &field.kind {
            Kind::Column(_) => continue,
            Kind::BelongsTo(b) => {
                let column = column_index(model, i);
                let target_column = target_column(b.target, b.attr.target_key.as_ref());
                (
                    field.name.clone(),
                    b.target,
                    quote!(()),
                    quote!(::orm_core::__private::Link::BelongsTo { column: #column, target_column: #target_column }),
                    quote! {
                        if let ::core::option::Option::Some((__orm_target, ())) = __orm_rows.into_iter().next() {
                            <#ty as ::orm_core::__private::ForeignKeyField>::set_loaded(&mut __orm_s.#fi, __orm_target);
                        }
                    },
                )
            }
            Kind::HasOne(h) | Kind::HasMany(h) => {
                let (fk, src) = (fk_const(&h.name), src_const(&h.name));
                let attach = if matches!(field.kind, Kind::HasOne(_)) {
                    quote!(__orm_s.#fi.set_loaded(__orm_rows.into_iter().next().map(|(__orm_target, ())| __orm_target));)
                } else {
                    quote!(__orm_s.#fi.set_loaded(__orm_rows.into_iter().map(|(__orm_target, ())| __orm_target).collect());)
                };
                (
                    h.name.clone(),
                    h.target,
                    quote!(()),
                    quote!(::orm_core::__private::Link::Has { source: #src, foreign_key: #fk.column }),
                    attach,
                )
            }
            Kind::BelongsToMany(m) => {
                let (jc, src) = (junction_const(&m.name), src_const(&m.name));
                let junction = m.junction_type.map_or_else(|| quote!(()), |j| quote!(#j));
                (
                    m.name.clone(),
                    m.target,
                    junction,
                    quote!(::orm_core::__private::Link::Junction { source: #src, junction: #jc }),
                    quote!(__orm_s.#fi.set_loaded(__orm_rows);),
                )
            }
        };
        let konst = format_ident!("{}", field.association_const().unwrap_or_default());
        let doc = format!("The `{name}` association of `{ident}`, to load with `query().include(..)`.");
        consts.push(quote! {
            #[doc = #doc]
            pub const #konst: ::orm_core::Association<#ident, #target, #junction> = ::orm_core::Association::new(
                #name,
                #link,
                |__orm_s: &mut #ident, __orm_rows: ::std::vec::Vec<(#target, #junction)>| { #attach },
            );
        });
    }
    if consts.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[automatically_derived]
        impl #ident {
            #(#consts)*
        }
    }
}
