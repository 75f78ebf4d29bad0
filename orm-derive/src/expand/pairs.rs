//! Const checks over two associations of one model, or over names that only the target model
//! knows: they compare types by `Identity::ID` and columns as the backends see them
//! (`same_column`), never the spelling of a type.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::associations::{fk_const, generated_keys, junction_const, type_name};
use super::target::info;
use crate::ast::{BelongsToMany, Kind, Model};
use crate::attr::Through;
use crate::case::normalized;

pub fn expand(model: &Model) -> TokenStream {
    let mut out = has_one_beside_junction(model);
    out.extend(self_sides_share_generated_junction(model));
    for field in &model.fields {
        if let Kind::BelongsToMany(m) = &field.kind
            && let Some(Through::Table(table)) = &m.attr.through
        {
            let (fk, ok) = generated_keys(model, m);
            out.extend(junction_keys_differ(model, m, table, &fk, &ok));
        }
    }
    out
}

/// A `#[has_one]` makes its key unique on the target. When the target is the `through` model of
/// one of this model's many-to-manys and the key is that junction's link key to this model, a
/// row of this model could link one target only: the has_one/has_many rule, for link keys.
fn has_one_beside_junction(model: &Model) -> TokenStream {
    let ident = model.ident;
    let mut out = TokenStream::new();
    for one in &model.fields {
        let Kind::HasOne(o) = &one.kind else { continue };
        for many in &model.fields {
            let Kind::BelongsToMany(m) = &many.kind else { continue };
            let Some(Through::Model(through)) = &m.attr.through else { continue };
            let (ot, tgt) = (o.target, type_name(m.target));
            let (fk, jc) = (fk_const(&o.name), junction_const(&m.name));
            let jname = quote!(#through).to_string().replace(' ', "");
            let message = format!(
                "`#[has_one] {}` on `{ident}` pairs with the key of `{jname}` that links `{ident}` to `{tgt}` in `{ident}.{}`; \
                 the has_one makes that key unique, so a `{ident}` could be linked to one `{tgt}` only: make it \
                 `#[has_many] {}: HasMany<{jname}>`",
                o.name, m.name, o.name
            );
            let panic = quote_spanned!(o.span=> ::core::panic!(#message));
            out.extend(quote! {
                const _: () = if !<#ot as ::orm_core::__private::Identity>::REJECTED
                    && ::orm_core::__private::str_eq(
                        <#ot as ::orm_core::__private::Identity>::ID,
                        <#through as ::orm_core::__private::Identity>::ID,
                    )
                    && !#fk.column.is_empty()
                    && ::orm_core::__private::same_column(#fk.column, #jc.foreign_key)
                {
                    #panic
                };
            });
        }
    }
    out
}

/// Two many-to-manys of one model through one generated table (`check` let them pass because
/// their keys are swapped) are the two sides of a self many-to-many: both targets must be this
/// model, however they are spelled.
fn self_sides_share_generated_junction(model: &Model) -> TokenStream {
    let ident = model.ident;
    let generated: Vec<(&BelongsToMany, &syn::LitStr)> = model
        .fields
        .iter()
        .filter_map(|f| match &f.kind {
            Kind::BelongsToMany(m) => match &m.attr.through {
                Some(Through::Table(t)) => Some((m, t)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let mut out = TokenStream::new();
    for (i, (m, table)) in generated.iter().enumerate() {
        for (first, _) in generated[..i].iter().filter(|(_, t)| normalized(&t.value()) == normalized(&table.value())) {
            let (a, b) = (first.target, m.target);
            let message = format!(
                "`{ident}.{}` and `{ident}.{}` both go through the generated junction `{}`, which can be the two sides of one self \
                 many-to-many only, but one of them links `{ident}` to another model; give each its own `through = \"...\"`",
                first.name,
                m.name,
                table.value()
            );
            out.extend(quote_spanned! {table.span()=>
                const _: () = if !(::orm_core::__private::str_eq(<#a as ::orm_core::__private::Identity>::ID, <#ident as ::orm_core::__private::Identity>::ID)
                    && ::orm_core::__private::str_eq(<#b as ::orm_core::__private::Identity>::ID, <#ident as ::orm_core::__private::Identity>::ID))
                {
                    ::core::panic!(#message)
                };
            });
        }
    }
    out
}

/// A generated junction's two keys are two columns. Names written on both sides are compared
/// in `check`; a default (`user_id`, from the model) is compared here, by type: a self
/// many-to-many through an alias, or two models that share a name in different modules
/// (`staff::User`, `customers::User`), would otherwise make one column of two.
fn junction_keys_differ(model: &Model, m: &BelongsToMany, table: &syn::LitStr, fk: &str, ok: &TokenStream) -> TokenStream {
    if m.attr.foreign_key.is_some() && m.attr.other_key.is_some() {
        return TokenStream::new();
    }
    let ident = model.ident;
    let target = m.target;
    let info = info(target);
    let (name, table) = (&m.name, table.value());
    let itself = format!(
        "`{ident}.{name}` links `{ident}` to itself, so the generated junction `{table}` has two keys to `{ident}`: name them with \
         `foreign_key = \"...\"` (this side) and `other_key = \"...\"` (the other side)"
    );
    let namesake = format!(
        "`{ident}.{name}` links `{ident}` to another model named like it, so both keys of the generated junction `{table}` default to \
         `{fk}`: name them with `foreign_key = \"...\"` (this side) and `other_key = \"...\"` (the other side)"
    );
    let me = quote!(<#ident as ::orm_core::__private::Identity>);
    // Two namesakes that both leave their keys to default see one mistake: the first reports.
    quote_spanned! {m.span=>
        const _: () = if ::orm_core::__private::same_column(#fk, #ok) {
            if ::orm_core::__private::str_eq(#me::ID, #info::ID) {
                ::core::panic!(#itself)
            } else if #info::REJECTED
                || !::orm_core::__private::inverse_keys_collide(#info::ASSOCIATIONS, #me::TABLE, #table)
                || ::orm_core::__private::reports(#me::ID, #info::ID, "", "")
            {
                ::core::panic!(#namesake)
            }
        };
    }
}
