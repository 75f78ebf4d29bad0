//! One typed association constant per association (`User::COMMENTS`), the handle that
//! `Query::include` takes; its `attach` fn hands the loaded rows to the field (`LoadInto`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::associations::{fk_const, junction_const, src_const};
use super::model::column_index;
use super::target::target_column;
use crate::ast::{Kind, Model};

pub fn expand(model: &Model) -> TokenStream {
    let ident = model.ident;
    let mut consts = Vec::new();
    for (i, field) in model.fields.iter().enumerate() {
        let fi = field.ident;
        let (name, target, junction, link) = match &field.kind {
            Kind::Column(_) => continue,
            Kind::BelongsTo(b) => {
                let column = column_index(model, i);
                let target_column = target_column(b.target, b.attr.target_key.as_ref());
                (
                    field.name.clone(),
                    b.target,
                    quote!(()),
                    quote!(::orm_core::__private::Link::BelongsTo { column: #column, target_column: #target_column }),
                )
            }
            Kind::HasOne(h) | Kind::HasMany(h) => {
                let (fk, src) = (fk_const(&h.name), src_const(&h.name));
                (h.name.clone(), h.target, quote!(()), quote!(::orm_core::__private::Link::Has { source: #src, foreign_key: #fk.column }))
            }
            Kind::BelongsToMany(m) => {
                let (jc, src) = (junction_const(&m.name), src_const(&m.name));
                let junction = m.junction_type.map_or_else(|| quote!(()), |j| quote!(#j));
                (m.name.clone(), m.target, junction, quote!(::orm_core::__private::Link::Junction { source: #src, junction: #jc }))
            }
        };
        let konst = format_ident!("{}", field.association_const().unwrap_or_default());
        let doc = format!("The `{name}` association of `{ident}`, to load with `query().include(..)`.");
        consts.push(quote! {
            #[doc = #doc]
            pub const #konst: ::orm_core::Association<#ident, #target, #junction> = ::orm_core::Association::new(
                #name,
                #link,
                |__orm_s: &mut #ident, __orm_rows: ::orm_core::__private::Loading<#target, #junction>| {
                    ::orm_core::__private::LoadInto::load_into(&mut __orm_s.#fi, __orm_rows)
                },
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
