//! The names generated code and its messages use: the constants that hold an association's
//! resolved keys, a target's type name, and the column a key references.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, Type};

use crate::ast::{Key, Model};
use crate::case;

/// The constant holding the resolved inverse `#[belongs_to]` of a has_one/has_many.
pub fn fk_const(name: &str) -> Ident {
    format_ident!("__ORM_FK_{}", name.to_uppercase())
}

/// The constant holding the resolved junction of a belongs_to_many.
pub fn junction_const(name: &str) -> Ident {
    format_ident!("__ORM_JUNCTION_{}", name.to_uppercase())
}

/// The constants holding a belongs_to_many's two resolved junction keys (this side, the other).
pub fn junction_key_consts(name: &str) -> (Ident, Ident) {
    let name = case::constant(name);
    (format_ident!("__ORM_SRC_KEY_{}", name), format_ident!("__ORM_TGT_KEY_{}", name))
}

pub fn src_const(name: &str) -> Ident {
    format_ident!("__ORM_SRC_{}", name.to_uppercase())
}

/// The last path segment of a type, for messages and default key names.
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => quote!(#ty).to_string(),
    }
}

pub fn opt(lit: Option<&syn::LitStr>) -> TokenStream {
    match lit {
        Some(l) => quote!(::core::option::Option::Some(#l)),
        None => quote!(::core::option::Option::None),
    }
}

/// The column name `source_key` names (a field or a column), or the primary key's.
pub fn source_column(model: &Model, source_key: Option<&syn::LitStr>) -> String {
    let key_field = match (source_key, &model.key) {
        (Some(k), _) => model.fields.iter().find(|f| f.ident == &k.value() || f.column() == Some(&k.value())),
        (None, Key::Single(i)) => Some(&model.fields[*i]),
        _ => None,
    };
    key_field.and_then(|f| f.column()).unwrap_or("id").to_owned()
}
