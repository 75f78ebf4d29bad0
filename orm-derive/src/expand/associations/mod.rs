//! Per association: the compile-time pairing checks, the resolved key constants, and the typed
//! accessors (`user.comments(&pool)`, `user.add_favorite(&pool, &book)`, ...). One file per kind
//! (`belongs_to`, `has`, `belongs_to_many`), with the junction a belongs_to_many resolves
//! (`junction`) and the accessors a has_many and a belongs_to_many share (`collection`).

mod accessor;
mod belongs_to;
mod belongs_to_many;
mod collection;
mod has;
mod junction;
mod names;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

pub use belongs_to::keys as belongs_to_keys;
pub use junction::generated_keys;
pub use names::{fk_const, junction_const, src_const, type_name};

use crate::ast::{Kind, Model};

pub fn expand(model: &Model) -> TokenStream {
    let mut out = TokenStream::new();
    for (i, field) in model.fields.iter().enumerate() {
        out.extend(match &field.kind {
            Kind::BelongsTo(b) => belongs_to::accessors(model, i, b),
            Kind::HasOne(h) => has::expand(model, h, false),
            Kind::HasMany(h) => has::expand(model, h, true),
            Kind::BelongsToMany(m) => belongs_to_many::expand(model, m),
            Kind::Column(_) => TokenStream::new(),
        });
    }
    out.extend(one_and_many_share_no_key(model));
    out
}

/// A `#[has_one]` makes its key unique on the target, so a `#[has_many]` pairing with the same
/// `#[belongs_to]` could never hold two rows: rejected, once per such pair.
fn one_and_many_share_no_key(model: &Model) -> TokenStream {
    let ident = model.ident;
    let mut out = TokenStream::new();
    for one in &model.fields {
        let Kind::HasOne(o) = &one.kind else { continue };
        for many in &model.fields {
            let Kind::HasMany(m) = &many.kind else { continue };
            let (ot, mt) = (o.target, m.target);
            let (ofk, mfk) = (fk_const(&o.name), fk_const(&m.name));
            let message = format!(
                "`#[has_one] {}` and `#[has_many] {}` on `{ident}` pair with the same `#[belongs_to]` of `{}`; the has_one makes that key \
                 unique, so the has_many could never hold two rows: remove one, or pair them with two different `#[belongs_to]` \
                 (`foreign_key = \"...\"`)",
                o.name,
                m.name,
                type_name(mt)
            );
            let panic = quote_spanned!(m.span=> ::core::panic!(#message));
            out.extend(quote! {
                const _: () = if ::orm_core::__private::str_eq(
                    <#ot as ::orm_core::__private::Identity>::ID,
                    <#mt as ::orm_core::__private::Identity>::ID,
                ) && !#ofk.column.is_empty()
                    && ::orm_core::__private::str_eq(#ofk.column, #mfk.column)
                    && !<#ot as ::orm_core::__private::Identity>::REJECTED
                {
                    #panic
                };
            });
        }
    }
    out
}
