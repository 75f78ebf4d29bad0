//! `#[derive(Enum)]`: a fieldless enum as a text column. Its own small pipeline: read the
//! variants (with `#[orm(rename = "...")]`), check that each stored text is distinct, expand into
//! `orm_core::Enum` and `orm_core::Field`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident, LitStr};

use crate::case;
use crate::ctxt::Errors;

struct Variant<'a> {
    ident: &'a Ident,
    /// The stored text.
    text: String,
}

pub fn derive(input: &DeriveInput) -> TokenStream {
    let errors = Errors::default();
    let variants = variants(input, &errors);
    if !errors.is_empty() {
        return errors.into_compile_errors();
    }
    expand(&input.ident, &variants)
}

fn variants<'a>(input: &'a DeriveInput, errors: &Errors) -> Vec<Variant<'a>> {
    let ident = &input.ident;
    let Data::Enum(data) = &input.data else {
        errors.push(syn::Error::new(
            ident.span(),
            format!("`#[derive(Enum)]` works on enums without fields, e.g. `enum Status {{ Open, Closed }}`; `{ident}` is not an enum"),
        ));
        return Vec::new();
    };
    if !input.generics.params.is_empty() {
        errors.push(syn::Error::new_spanned(
            &input.generics,
            "`#[derive(Enum)]` does not support generic enums: each variant is one stored text",
        ));
    }
    if data.variants.is_empty() {
        errors.push(syn::Error::new(ident.span(), format!("`{ident}` has no variants: a column of it could hold no value")));
    }
    let mut out: Vec<Variant> = Vec::new();
    for v in &data.variants {
        if !matches!(v.fields, Fields::Unit) {
            errors.push(syn::Error::new_spanned(
                &v.fields,
                format!(
                    "variant `{}` of `{ident}` has fields: an `Enum` column stores one text per variant, so variants carry no data",
                    v.ident
                ),
            ));
            continue;
        }
        let mut rename: Option<LitStr> = None;
        for attr in v.attrs.iter().filter(|a| a.path().is_ident("orm")) {
            let parsed = attr.parse_nested_meta(|meta| {
                // #[orm(rename = "done")]
                if meta.path.is_ident("rename") {
                    let lit: LitStr = meta.value()?.parse()?;
                    if lit.value().is_empty() {
                        return Err(syn::Error::new(lit.span(), "`rename = \"\"` stores nothing: write the text the variant is stored as"));
                    }
                    rename = Some(lit);
                    return Ok(());
                }
                let key = meta.path.get_ident().map(Ident::to_string).unwrap_or_default();
                Err(meta.error(format!("unknown key `{key}` in `#[orm(...)]` on a variant; expected `rename = \"...\"`")))
            });
            if let Err(e) = parsed {
                errors.push(e);
            }
        }
        let (text, span) = match &rename {
            Some(lit) => (lit.value(), lit.span()),
            None => (case::snake(&v.ident.to_string()), v.ident.span()),
        };
        // Two variants stored as one text could not be told apart when read.
        if let Some(first) = out.iter().find(|o| o.text == text) {
            errors.push(syn::Error::new(
                span,
                format!(
                    "variants `{}` and `{}` of `{ident}` are both stored as {text:?}; give one another `#[orm(rename = \"...\")]`",
                    first.ident, v.ident
                ),
            ));
            continue;
        }
        out.push(Variant { ident: &v.ident, text });
    }
    out
}

fn expand(ident: &Ident, variants: &[Variant]) -> TokenStream {
    let name = ident.to_string();
    let texts: Vec<&str> = variants.iter().map(|v| v.text.as_str()).collect();
    let idents: Vec<&Ident> = variants.iter().map(|v| v.ident).collect();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::orm_core::Enum for #ident {
                const NAME: &'static str = #name;
                const VALUES: &'static [&'static str] = &[#(#texts),*];
                fn as_str(&self) -> &'static str {
                    match self {
                        #(#ident::#idents => #texts,)*
                    }
                }
                fn from_text(text: &str) -> ::core::option::Option<Self> {
                    match text {
                        #(#texts => ::core::option::Option::Some(#ident::#idents),)*
                        _ => ::core::option::Option::None,
                    }
                }
            }

            #[automatically_derived]
            impl ::orm_core::Field for #ident {
                const SQL_TYPE: ::orm_core::SqlType = ::orm_core::SqlType::Text;
                const VALUES: ::core::option::Option<&'static [&'static str]> =
                    ::core::option::Option::Some(<Self as ::orm_core::Enum>::VALUES);
                fn to_value(&self) -> ::orm_core::Value {
                    ::orm_core::Value::Text(::std::string::String::from(<Self as ::orm_core::Enum>::as_str(self)))
                }
                fn from_value(value: &::orm_core::Value) -> ::core::option::Option<Self> {
                    match value {
                        ::orm_core::Value::Text(text) => <Self as ::orm_core::Enum>::from_text(text),
                        _ => ::core::option::Option::None,
                    }
                }
                fn decode(row: &::orm_core::Row, index: usize) -> ::orm_core::Result<Self> {
                    <Self as ::orm_core::Enum>::decode_text(row, index)
                }
            }
        };
    }
}
