//! The junction of a belongs_to_many: its resolved constant (`Junction`: table, key columns) and
//! the checks that resolve it, against a junction model (`through = UserBooks`) or for a table
//! the ORM generates (`through = "user_books"`); then the check that the target declares the
//! same many-to-many back.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned;

use super::super::target::{info, info_at};
use super::names::{junction_const, junction_key_consts, opt, source_column, src_const, type_name};
use crate::ast::{BelongsToMany, Key, Model};
use crate::attr::Through;

/// The two key columns of a generated junction (`through = "table"`): this side's (written,
/// or `user_id` for `User`, `UserId` under Sequelize's naming) and, as a const expression, the
/// other side's. The other side's default comes from the target model, not from its spelling
/// here (`BelongsToMany<Novel>` with `type Novel = Book` keeps `book_id`).
pub fn generated_keys(model: &Model, m: &BelongsToMany) -> (String, TokenStream) {
    let fk = m.attr.foreign_key.as_ref().map_or_else(|| model.junction_key.clone(), |k| k.value());
    let info = info(m.target);
    let ok = m.attr.other_key.as_ref().map_or_else(|| quote!(#info::JUNCTION_KEY), |k| quote!(#k));
    (fk, ok)
}

/// The junction constant of a belongs_to_many and the checks that resolve it.
pub fn junction(model: &Model, m: &BelongsToMany) -> TokenStream {
    let ident = model.ident;
    let jc = junction_const(&m.name);
    let (def, checks) = match &m.attr.through {
        Some(Through::Model(through)) => {
            let j = ThroughModel::new(model, m, through);
            let (keys, row, own_key) = (j.key_checks(), j.row_check(), j.own_key_check());
            (j.def(), quote!(#keys #row #own_key))
        }
        Some(Through::Table(table)) => (generated_def(model, m, table), generated_checks(model, m, table)),
        None => (quote!(::core::unreachable!()), TokenStream::new()),
    };
    let src_index = src_const(&m.name);
    let inverse = inverse_check(model, m);
    quote! {
        #checks
        const #jc: ::orm_core::__private::Junction = #def;
        const #src_index: usize = ::orm_core::__private::column_index(<#ident as ::orm_core::__private::Identity>::COLUMNS, #jc.source_column);
        #inverse
    }
}

/// A belongs_to_many through a junction model, with the names its checks share.
struct ThroughModel<'a> {
    model: &'a Model<'a>,
    m: &'a BelongsToMany<'a>,
    through: &'a syn::Path,
    /// This model's and the target's names, and the junction's as written.
    src: String,
    tgt: String,
    jname: String,
    /// `<Target as Identity>` and `<Through as Identity>`.
    info: TokenStream,
    jinfo: TokenStream,
    src_id: TokenStream,
    tgt_id: TokenStream,
    /// The constants of the junction's two resolved keys (to this side, to the target).
    src_key: Ident,
    tgt_key: Ident,
}

impl<'a> ThroughModel<'a> {
    fn new(model: &'a Model<'a>, m: &'a BelongsToMany<'a>, through: &'a syn::Path) -> Self {
        let ident = model.ident;
        let info = info(m.target);
        let (src_key, tgt_key) = junction_key_consts(&m.name);
        ThroughModel {
            model,
            m,
            through,
            src: ident.to_string(),
            tgt: type_name(m.target),
            jname: quote!(#through).to_string().replace(' ', ""),
            jinfo: info_at(through, through.span()),
            src_id: quote!(<#ident as ::orm_core::__private::Identity>::ID),
            tgt_id: quote!(#info::ID),
            info,
            src_key,
            tgt_key,
        }
    }

    /// The `Junction` constant's value.
    fn def(&self) -> TokenStream {
        let ThroughModel { jinfo, src_key, tgt_key, .. } = self;
        let ident = self.model.ident;
        let unique = self.m.attr.unique.as_ref().is_none_or(|u| u.value);
        quote! {
            ::orm_core::__private::Junction {
                table: #jinfo::TABLE,
                foreign_key: #src_key.column,
                other_key: #tgt_key.column,
                source_column: #src_key.target_column,
                target_column: #tgt_key.target_column,
                generated: ::core::option::Option::None,
                through: #jinfo::ID,
                source_table: <#ident as ::orm_core::__private::Identity>::TABLE,
                unique: #unique,
                columns: #jinfo::COLUMNS,
            }
        }
    }

    /// The two keys resolved in the junction model (each its one `#[belongs_to]` to a side, or
    /// the one `foreign_key`/`other_key` names), and the checks that they are.
    fn key_checks(&self) -> TokenStream {
        let ThroughModel { through, info, jinfo, src_id, tgt_id, src_key, tgt_key, .. } = self;
        let ident = self.model.ident;
        let attr = &self.m.attr;
        let (fk, ok) = (opt(attr.foreign_key.as_ref()), opt(attr.other_key.as_ref()));
        let keys = quote!(#jinfo::FOREIGN_KEYS);
        let KeyPanics { none_src, none_tgt, neither, many_src, many_tgt, optional_src, optional_tgt, same, elsewhere_src, elsewhere_tgt } =
            self.key_panics();
        // A mistake in the junction itself is seen by both sides: the first reports it. A
        // key this side names is its own mistake.
        let own_keys = attr.foreign_key.is_some() && attr.other_key.is_some();
        quote! {
            const #src_key: &::orm_core::__private::ForeignKey<#through> =
                ::orm_core::__private::picked(#keys, #src_id, #fk, &::orm_core::__private::no_key::<#through>());
            const #tgt_key: &::orm_core::__private::ForeignKey<#through> =
                ::orm_core::__private::picked(#keys, #tgt_id, #ok, &::orm_core::__private::no_key::<#through>());
            const _: () = if !(<#through as ::orm_core::__private::Identity>::REJECTED || #info::REJECTED) {
                use ::orm_core::__private::Pick;
                // The other side of the pair checks the same junction; when it sorts first,
                // a mistake it is bound to see too is left to it (never one only this side sees).
                let __orm_second = !::orm_core::__private::reports(#src_id, #tgt_id, "", "")
                    && !::orm_core::__private::str_eq(#src_id, #tgt_id);
                let (__orm_inverse, __orm_inverse_failed) =
                    match ::orm_core::__private::inverse_junction(#info::ASSOCIATIONS, <#ident as ::orm_core::__private::Identity>::TABLE, #jinfo::ID) {
                        ::core::option::Option::Some(__orm_j) => (true, __orm_j.foreign_key.is_empty() || __orm_j.other_key.is_empty()),
                        ::core::option::Option::None => (false, false),
                    };
                match (::orm_core::__private::pick(#keys, #src_id, #fk), ::orm_core::__private::pick(#keys, #tgt_id, #ok)) {
                    (Pick::One(__orm_s), Pick::One(__orm_t)) => {
                        if __orm_s == __orm_t {
                            #same
                        } else if !(__orm_second && __orm_inverse) {
                            if #src_key.nullable {
                                #optional_src
                            } else if #tgt_key.nullable {
                                #optional_tgt
                            }
                        }
                    }
                    (Pick::None, _) if ::orm_core::__private::named_elsewhere(#keys, #src_id, #fk) => #elsewhere_src,
                    (_, Pick::None) if ::orm_core::__private::named_elsewhere(#keys, #tgt_id, #ok) => #elsewhere_tgt,
                    _ if !#own_keys && __orm_second && __orm_inverse_failed => {}
                    (Pick::None, Pick::None) => #neither,
                    (Pick::None, _) => #none_src,
                    (_, Pick::None) => #none_tgt,
                    (Pick::Many, _) => #many_src,
                    (_, Pick::Many) => #many_tgt,
                }
            };
        }
    }

    /// The errors of [`key_checks`](Self::key_checks), spanned at the attribute.
    fn key_panics(&self) -> KeyPanics {
        let ThroughModel { src, tgt, jname, .. } = self;
        let (name, attr) = (&self.m.name, &self.m.attr);
        let none = |other: &str, lit: Option<&syn::LitStr>| match lit {
            Some(l) => {
                format!("`{jname}` (the `through` of `{src}.{name}`) has no `#[belongs_to]` to `{other}` with key `{}`", l.value())
            }
            None => format!("`{jname}` (the `through` of `{src}.{name}`) has no `#[belongs_to]` to `{other}`; add one"),
        };
        let many = |other: &str, attr_key: &str| {
            format!(
                "`{jname}` (the `through` of `{src}.{name}`) has several `#[belongs_to]` to `{other}`; say which with `{attr_key} = \"...\"`"
            )
        };
        let neither = if src == tgt {
            none(src, None)
        } else {
            format!(
                "`{jname}` (the `through` of `{src}.{name}`) has no `#[belongs_to]` to `{src}` nor to `{tgt}`; a junction has one to each side"
            )
        };
        // The link keys are NOT NULL (a link without both ends is no link), and a self
        // many-to-many needs two different columns.
        let optional = |side: &str| {
            format!(
                "the `#[belongs_to]` of `{jname}` to `{side}` is optional, but it is a link key of `{src}.{name}` (`through = {jname}`); \
                 a junction's keys are NOT NULL: write `BelongsTo<{side}>` without `Option` in `{jname}`"
            )
        };
        let elsewhere = |attr_key: &str, lit: Option<&syn::LitStr>, side: &str| {
            format!(
                "`{attr_key} = \"{}\"` on `{src}.{name}` names the key of `{jname}` to another model than `{side}`; `foreign_key` is \
                 the junction's key to `{src}` (this side), `other_key` its key to `{tgt}`: swap them, or name the right `#[belongs_to]`",
                lit.map(|l| l.value()).unwrap_or_default()
            )
        };
        let same = format!(
            "`{src}.{name}`: `foreign_key` and `other_key` name the same column of `{jname}`; name its two different `#[belongs_to]` keys"
        );
        let span = self.m.span;
        let panic = |message: String| quote_spanned!(span=> ::core::panic!(#message));
        KeyPanics {
            none_src: panic(none(src, attr.foreign_key.as_ref())),
            none_tgt: panic(none(tgt, attr.other_key.as_ref())),
            neither: panic(neither),
            many_src: panic(many(src, "foreign_key")),
            many_tgt: panic(many(tgt, "other_key")),
            optional_src: panic(optional(src)),
            optional_tgt: panic(optional(tgt)),
            same: panic(same),
            elsewhere_src: panic(elsewhere("foreign_key", attr.foreign_key.as_ref(), src)),
            elsewhere_tgt: panic(elsewhere("other_key", attr.other_key.as_ref(), tgt)),
        }
    }

    /// `BelongsToMany<T, J>` loads rows of `J`: the `through` model, however spelled.
    fn row_check(&self) -> Option<TokenStream> {
        let ThroughModel { src, jname, jinfo, .. } = self;
        let name = &self.m.name;
        self.m.junction_type.map(|j| {
            let message = format!(
                "`BelongsToMany<_, {}>` on `{src}.{name}` loads junction rows, so its second parameter must be the `through` model \
                 `{jname}`; write `{jname}` or drop the second parameter",
                quote!(#j).to_string().replace(' ', "")
            );
            let jrow = info(j);
            quote_spanned! {j.span()=>
                const _: () = if !::orm_core::__private::str_eq(#jrow::ID, #jinfo::ID) {
                    ::core::panic!(#message)
                };
            }
        })
    }

    /// `unique = false` lets a pair repeat: only rows with a key of their own can be told
    /// apart, and both sides share one table, so they agree on it (else the unique side's
    /// index would refuse the other's repeats). Checked on the side that writes
    /// `unique = false`; when both do, the one that sorts first reports a shared mistake.
    fn own_key_check(&self) -> TokenStream {
        let Some(u) = self.m.attr.unique.as_ref().filter(|u| !u.value) else { return TokenStream::new() };
        let ThroughModel { through, src, tgt, jname, info, src_id, tgt_id, src_key, tgt_key, .. } = self;
        let (ident, name) = (self.model.ident, &self.m.name);
        let jc = junction_const(name);
        let own = format!(
            "`#[belongs_to_many(through = {jname}, unique = false)]` on `{src}`: the primary key of `{jname}` is (part of) the linked pair, so a pair cannot repeat; give `{jname}` a key of its own (e.g. `id: i64`)"
        );
        let disagree = format!(
            "`{src}.{name}` says `unique = false` but its inverse on `{tgt}` does not: both sides share the junction `{jname}`, so write `unique = false` on both, or on neither"
        );
        quote_spanned! {u.span=>
            const _: () = if !(<#through as ::orm_core::__private::Identity>::REJECTED || #info::REJECTED) {
                let __orm_agrees = ::orm_core::__private::inverse_agrees_on_unique(
                    #info::ASSOCIATIONS,
                    <#ident as ::orm_core::__private::Identity>::TABLE,
                    &#jc,
                );
                if !::orm_core::__private::has_own_key::<#through>(#src_key.column, #tgt_key.column) {
                    if !__orm_agrees || ::orm_core::__private::reports(#src_id, #tgt_id, #src_key.column, #tgt_key.column) {
                        ::core::panic!(#own)
                    }
                } else if !__orm_agrees {
                    ::core::panic!(#disagree)
                }
            };
        }
    }
}

/// The errors a junction model's keys can raise, each a `panic!` spanned at the attribute.
struct KeyPanics {
    none_src: TokenStream,
    none_tgt: TokenStream,
    neither: TokenStream,
    many_src: TokenStream,
    many_tgt: TokenStream,
    optional_src: TokenStream,
    optional_tgt: TokenStream,
    same: TokenStream,
    elsewhere_src: TokenStream,
    elsewhere_tgt: TokenStream,
}

/// The `Junction` constant's value for a table the ORM generates (`through = "user_books"`).
fn generated_def(model: &Model, m: &BelongsToMany, table: &syn::LitStr) -> TokenStream {
    let (fk, ok) = generated_keys(model, m);
    let source_column = source_column(model, None);
    let unique = m.attr.unique.as_ref().is_none_or(|u| u.value);
    let info = info(m.target);
    let key_ty = match model.key {
        Key::Single(i) => {
            let ty = model.fields[i].ty;
            quote!(#ty)
        }
        _ => quote!(i64),
    };
    let source_table = &model.table;
    let ident = model.ident;
    let stamps = model.junction_stamps().into_iter().map(|i| quote!(<#ident as ::orm_core::Model>::COLUMNS[#i]));
    quote! {
        ::orm_core::__private::Junction {
            table: #table,
            source_table: #source_table,
            foreign_key: #fk,
            other_key: #ok,
            source_column: #source_column,
            target_column: #info::KEY_COLUMN,
            unique: #unique,
            generated: ::core::option::Option::Some(::orm_core::__private::GeneratedJunction {
                source_table: #source_table,
                source_type: <#key_ty as ::orm_core::Field>::SQL_TYPE,
                target_table: #info::TABLE,
                target_type: #info::COLUMNS[::orm_core::__private::column_index(#info::COLUMNS, #info::KEY_COLUMN)].ty,
            }),
            through: "",
            columns: &[#(#stamps),*],
        }
    }
}

/// The target of a generated junction is a model; repeated pairs (`unique = false`) need rows
/// told apart by a key of their own, so a junction model. Both sides may say it: the one that
/// sorts first reports.
fn generated_checks(model: &Model, m: &BelongsToMany, table: &syn::LitStr) -> TokenStream {
    let ident = model.ident;
    let (src, name) = (ident.to_string(), &m.name);
    let info = info(m.target);
    let not_unique = match m.attr.unique.as_ref().filter(|u| !u.value) {
        Some(u) => {
            let (fk, ok) = generated_keys(model, m);
            let jc = junction_const(name);
            let message = format!(
                "`unique = false` on `{src}.{name}` needs a junction model with its own primary key, not the table `{}` the ORM makes of the pair: \
                 write `through = Loans` with `Loans` a `#[derive(Model)]` struct keyed by its own `id`",
                table.value()
            );
            quote_spanned! {u.span=>
                const _: () = if !#info::REJECTED {
                    let __orm_agrees = ::orm_core::__private::inverse_agrees_on_unique(
                        #info::ASSOCIATIONS,
                        <#ident as ::orm_core::__private::Identity>::TABLE,
                        &#jc,
                    );
                    if !__orm_agrees || ::orm_core::__private::reports(<#ident as ::orm_core::__private::Identity>::ID, #info::ID, #fk, #ok) {
                        ::core::panic!(#message)
                    }
                };
            }
        }
        None => TokenStream::new(),
    };
    quote!(const _: &str = #info::ID; #not_unique)
}

/// The target declares the same many-to-many back, through the same junction with swapped keys.
fn inverse_check(model: &Model, m: &BelongsToMany) -> TokenStream {
    let ident = model.ident;
    let target = m.target;
    let (src, tgt, name) = (ident.to_string(), type_name(target), &m.name);
    let (info, jc) = (info(target), junction_const(name));
    let through_name = match &m.attr.through {
        Some(Through::Model(p)) => quote!(#p).to_string().replace(' ', ""),
        Some(Through::Table(t)) => format!("\"{}\"", t.value()),
        None => String::new(),
    };
    let missing = format!(
        "`{src}.{name}` has no inverse: `{tgt}` needs a `#[belongs_to_many(through = {through_name})]` back to `{src}`; \
         a many-to-many is declared on both sides with the same junction"
    );
    let mismatch = format!(
        "`{src}.{name}` goes through `{through_name}`, but `{tgt}`'s `#[belongs_to_many]` back to `{src}` uses another junction; \
         give both sides the same `through = {through_name}`"
    );
    let unswapped = format!(
        "`{src}.{name}` and `{tgt}`'s `#[belongs_to_many]` back to `{src}` share `through = {through_name}` but not swapped keys; \
         the other side's `foreign_key` must be this side's `other_key` and its `other_key` this side's `foreign_key`"
    );
    let same_table = format!(
        "`{src}.{name}` goes through `{through_name}`, but `{tgt}`'s `#[belongs_to_many]` back to `{src}` names another junction with \
         the same table; one table cannot hold two junctions: give both sides the same `through = {through_name}`"
    );
    let span = m.span;
    let missing = quote_spanned!(span=> ::core::panic!(#missing));
    let mismatch = quote_spanned!(span=> ::core::panic!(#mismatch));
    let unswapped = quote_spanned!(span=> ::core::panic!(#unswapped));
    let same_table = quote_spanned!(span=> ::core::panic!(#same_table));
    quote! {
        const _: () = if !#info::REJECTED { match ::orm_core::__private::inverse(
            #info::ASSOCIATIONS,
            <#ident as ::orm_core::__private::Identity>::TABLE,
            &#jc,
            #name,
            (<#ident as ::orm_core::__private::Identity>::ID, <#target as ::orm_core::__private::Identity>::ID),
        ) {
            ::orm_core::__private::Inverse::Found => {}
            ::orm_core::__private::Inverse::Missing => #missing,
            ::orm_core::__private::Inverse::Mismatch => #mismatch,
            ::orm_core::__private::Inverse::KeysNotSwapped => #unswapped,
            ::orm_core::__private::Inverse::Reported => {}
            ::orm_core::__private::Inverse::SameTable => #same_table,
        } };
    }
}
