//! Per association: the compile-time pairing checks, the resolved key constants, and the typed
//! accessors (`user.comments(&pool)`, `user.add_favorite(&pool, &book)`, ...).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Type};

use super::target::target_column;
use crate::ast::{BelongsTo, BelongsToMany, Has, Key, Kind, Model};
use crate::attr::Through;
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

/// The where-clause of an accessor block: the target (and junction) are models, as
/// [`AsModel`](orm_core::__private::AsModel) says it. Higher-ranked, so rustc checks it where the
/// accessors are called rather than here: when the target is not a model, its one `Identity`
/// error is all the user sees, not one per accessor body. Not `Target: Model`, whose check
/// proves `Send`/`Sync`/`Unpin` of the target field by field for every accessor.
fn models_bound(types: &[TokenStream]) -> TokenStream {
    quote!(where #(for<'__orm> #types: ::orm_core::__private::AsModel<Model = #types>),*)
}

/// An accessor's return type. Accessors are plain `fn`s that return the future of one generic
/// runtime function: no state machine per accessor for rustc to check in the user's crate. The
/// future is `Send` whenever the executor is: auto traits leak through `impl Trait`.
fn future(output: TokenStream) -> TokenStream {
    quote!(impl ::core::future::Future<Output = ::orm_core::Result<#output>>)
}

/// The one bound of every accessor: what it runs on is a [`Connection`](orm_core::Connection)
/// (a pool, a connection, a transaction, the run-time handle). No driver trait, no backend
/// parameter: the runtime behind it is not generic over the backend.
fn connection_bound() -> TokenStream {
    quote!(__OrmC: ::orm_core::Connection)
}

fn opt(lit: Option<&syn::LitStr>) -> TokenStream {
    match lit {
        Some(l) => quote!(::core::option::Option::Some(#l)),
        None => quote!(::core::option::Option::None),
    }
}

pub fn expand(model: &Model) -> TokenStream {
    let mut out = TokenStream::new();
    for (i, field) in model.fields.iter().enumerate() {
        out.extend(match &field.kind {
            Kind::BelongsTo(b) => belongs_to(model, i, b),
            Kind::HasOne(h) => has(model, h, false),
            Kind::HasMany(h) => has(model, h, true),
            Kind::BelongsToMany(m) => belongs_to_many(model, m),
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

/// The bound of an accessor that unlinks target rows by nulling their key (`remove_*` of a
/// has_many, `set_*` of a has_one): it holds only when the paired `#[belongs_to]` is optional,
/// so on a required key the accessor cannot be called, and the error says why. Higher-ranked,
/// so it is checked where the accessor is called.
fn optional_key_bound(owner: &Ident, target: &Type, fk: &Ident, span: Span) -> TokenStream {
    quote_spanned! {span=>
        for<'__orm> <::orm_core::__private::KeyNullable<{ #fk.nullable }> as ::orm_core::__private::Select>::Key:
            ::orm_core::__private::OptionalKey<#owner, #target>
    }
}

/// The column name `source_key` names (a field or a column), or the primary key's.
fn source_column(model: &Model, source_key: Option<&syn::LitStr>) -> String {
    let key_field = match (source_key, &model.key) {
        (Some(k), _) => model.fields.iter().find(|f| f.ident == &k.value() || f.column() == Some(&k.value())),
        (None, Key::Single(i)) => Some(&model.fields[*i]),
        _ => None,
    };
    key_field.and_then(|f| f.column()).unwrap_or("id").to_owned()
}

fn belongs_to(model: &Model, index: usize, b: &BelongsTo) -> TokenStream {
    let ident = model.ident;
    let field = &model.fields[index];
    let (fi, ty, target) = (field.ident, field.ty, b.target);
    let column = &b.column;
    let target_name = type_name(target);
    let target_column = target_column(target, b.attr.target_key.as_ref());
    let fkf = quote!(<#ty as ::orm_core::__private::ForeignKeyField>);
    let info = super::target::info(target);
    let bound = models_bound(&[quote!(#target)]);
    let conn = connection_bound();
    let get_ret = future(quote!(::core::option::Option<#target>));
    let setter = format_ident!("set_{}", fi);
    let creator = format_ident!("create_{}", fi);
    let doc_get = format!("The `{target_name}` this `{ident}` belongs to (`#[belongs_to] {fi}`), read from the database.");
    let doc_set = format!("Points `{fi}` at `target` and saves the `{column}` column of this row.");
    let doc_create = format!("Inserts `target` and points `{fi}` at it, in one transaction; returns the stored `{target_name}`.");
    let (set_arg, set_target) = if b.optional {
        (quote!(target: ::core::option::Option<&#target>), quote!(target))
    } else {
        (quote!(target: &#target), quote!(::core::option::Option::Some(target)))
    };
    let (set_ret, create_ret) = (future(quote!(())), future(quote!(#target)));
    let rt = quote!(::orm_core::__private::belongs_to);
    quote! {
        #[automatically_derived]
        impl #ident #bound {
            #[doc = #doc_get]
            pub fn #fi<__OrmC>(&self, db: __OrmC) -> #get_ret
            where #conn
            {
                ::orm_core::__private::belongs_to::get::<#target>(db, #target_column, #fkf::to_value(&self.#fi))
            }

            #[doc = #doc_set]
            pub fn #setter<__OrmC>(&mut self, db: __OrmC, #set_arg) -> #set_ret
            where #conn
            {
                const __ORM_TARGET_INDEX: usize = ::orm_core::__private::column_index(#info::COLUMNS, #target_column);
                #rt::set::<Self, #ty>(db, ::orm_core::__private::key_of(&*self), #column, &mut self.#fi, #set_target, __ORM_TARGET_INDEX)
            }

            #[doc = #doc_create]
            pub fn #creator<__OrmC>(&mut self, db: __OrmC, target: #target) -> #create_ret
            where #conn
            {
                const __ORM_TARGET_INDEX: usize = ::orm_core::__private::column_index(#info::COLUMNS, #target_column);
                #rt::create::<Self, #ty>(db, ::orm_core::__private::key_of(&*self), #column, &mut self.#fi, target, __ORM_TARGET_INDEX)
            }
        }
    }
}

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
    let info = super::target::info(target);
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
    let guarded = super::target::unless_rejected(&[target], pairing);
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

/// Accessors shared by has_many and belongs_to_many: the getter, query, count, has, remove.
struct Names {
    get: Ident,
    query: Ident,
    count: Ident,
    has_one: Ident,
    has_many: Ident,
    add_one: Ident,
    add_many: Ident,
    remove_one: Ident,
    remove_many: Ident,
    set: Ident,
    create: Ident,
}

impl Names {
    fn new(name: &str, singular: &str, span: Span) -> Names {
        let id = |s: String| case::ident(&s, span);
        Names {
            get: id(name.to_owned()),
            query: id(format!("query_{name}")),
            count: id(format!("count_{name}")),
            has_one: id(format!("has_{singular}")),
            has_many: id(format!("has_{name}")),
            add_one: id(format!("add_{singular}")),
            add_many: id(format!("add_{name}")),
            remove_one: id(format!("remove_{singular}")),
            remove_many: id(format!("remove_{name}")),
            set: id(format!("set_{name}")),
            create: id(format!("create_{singular}")),
        }
    }
}

/// `pub fn add_comment(..)` and, when the singular differs, its plural twin with the same
/// signature (Sequelize's `addComment` / `addComments`).
fn one_and_many(one: &Ident, many: &Ident, doc: &str, rest: TokenStream) -> TokenStream {
    let plural = quote! {
        #[doc = #doc]
        pub fn #many #rest
    };
    if one == many {
        return plural;
    }
    quote! {
        #plural
        #[doc = #doc]
        pub fn #one #rest
    }
}

fn has(model: &Model, h: &Has, many: bool) -> TokenStream {
    let ident = model.ident;
    let target = h.target;
    let tgt = type_name(target);
    let checks = has_inverse(model, h, many);
    let bound = models_bound(&[quote!(#target)]);
    let fk = fk_const(&h.name);
    let src = src_const(&h.name);
    let conn = connection_bound();
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
        let get = case::ident(&h.name, h.span);
        let set = format_ident!("set_{}", h.name, span = h.span);
        let create = format_ident!("create_{}", h.name, span = h.span);
        let unlink_bound = optional_key_bound(ident, target, &fk, h.span);
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
    };
    quote! {
        #checks
        #[automatically_derived]
        impl #ident #bound {
            #methods
        }
    }
}

/// The two key columns of a generated junction (`through = "table"`): this side's (written,
/// or `user_id` for `User`) and, as a const expression, the other side's. The other side's
/// default comes from the target model, not from its spelling here (`BelongsToMany<Novel>`
/// with `type Novel = Book` keeps `book_id`).
pub fn generated_keys(model: &Model, m: &BelongsToMany) -> (String, TokenStream) {
    let fk = m.attr.foreign_key.as_ref().map_or_else(|| format!("{}_id", case::snake(&model.ident.to_string())), |k| k.value());
    let info = super::target::info(m.target);
    let ok = m.attr.other_key.as_ref().map_or_else(|| quote!(#info::JUNCTION_KEY), |k| quote!(#k));
    (fk, ok)
}

/// The junction constant of a belongs_to_many and the checks that resolve it.
fn junction(model: &Model, m: &BelongsToMany) -> TokenStream {
    let ident = model.ident;
    let target = m.target;
    let (src, tgt) = (ident.to_string(), type_name(target));
    let name = &m.name;
    let jc = junction_const(name);
    let span = m.span;
    let unique = m.attr.unique.as_ref().is_none_or(|u| u.value);
    let info = super::target::info(target);
    let (def, checks) = match &m.attr.through {
        Some(Through::Model(through)) => {
            let jname = quote!(#through).to_string().replace(' ', "");
            let fk = opt(m.attr.foreign_key.as_ref());
            let ok = opt(m.attr.other_key.as_ref());
            let jinfo = super::target::info_at(through, through.span());
            let (src_key, tgt_key) = junction_key_consts(name);
            let (src_id, tgt_id) = (quote!(<#ident as ::orm_core::__private::Identity>::ID), quote!(#info::ID));
            let keys = quote!(#jinfo::FOREIGN_KEYS);
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
                none(&src, None)
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
            let panic = |message: String| quote_spanned!(span=> ::core::panic!(#message));
            let (none_src, none_tgt, neither) =
                (panic(none(&src, m.attr.foreign_key.as_ref())), panic(none(&tgt, m.attr.other_key.as_ref())), panic(neither));
            let (many_src, many_tgt) = (panic(many(&src, "foreign_key")), panic(many(&tgt, "other_key")));
            let (optional_src, optional_tgt, same) = (panic(optional(&src)), panic(optional(&tgt)), panic(same));
            let elsewhere_src = panic(elsewhere("foreign_key", m.attr.foreign_key.as_ref(), &src));
            let elsewhere_tgt = panic(elsewhere("other_key", m.attr.other_key.as_ref(), &tgt));
            // A mistake in the junction itself is seen by both sides: the first reports it. A
            // key this side names is its own mistake.
            let own_keys = m.attr.foreign_key.is_some() && m.attr.other_key.is_some();
            let checks = quote! {
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
            };
            let def = quote! {
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
                }
            };
            // `BelongsToMany<T, J>` loads rows of `J`: the `through` model, however spelled.
            let row_check = m.junction_type.map(|j| {
                let message = format!(
                    "`BelongsToMany<_, {}>` on `{src}.{name}` loads junction rows, so its second parameter must be the `through` model \
                     `{jname}`; write `{jname}` or drop the second parameter",
                    quote!(#j).to_string().replace(' ', "")
                );
                let jrow = super::target::info(j);
                quote_spanned! {j.span()=>
                    const _: () = if !::orm_core::__private::str_eq(#jrow::ID, #jinfo::ID) {
                        ::core::panic!(#message)
                    };
                }
            });

            // `unique = false` lets a pair repeat: only rows with a key of their own can be told
            // apart, and both sides share one table, so they agree on it (else the unique side's
            // index would refuse the other's repeats). Checked on the side that writes
            // `unique = false`; when both do, the one that sorts first reports a shared mistake.
            let own_key_check = match m.attr.unique.as_ref().filter(|u| !u.value) {
                Some(u) => {
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
                None => TokenStream::new(),
            };
            (def, quote!(#checks #row_check #own_key_check))
        }
        Some(Through::Table(table)) => {
            let (fk, ok) = generated_keys(model, m);
            let source_column = source_column(model, None);
            let key_ty = match model.key {
                Key::Single(i) => {
                    let ty = model.fields[i].ty;
                    quote!(#ty)
                }
                _ => quote!(i64),
            };
            let source_table = &model.table;
            let def = quote! {
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
                }
            };
            // Repeated pairs need rows told apart by a key of their own, so a junction model.
            // Both sides may say it: the one that sorts first reports.
            let not_unique = match m.attr.unique.as_ref().filter(|u| !u.value) {
                Some(u) => {
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
            (def, quote!(const _: &str = #info::ID; #not_unique))
        }
        None => (quote!(::core::unreachable!()), TokenStream::new()),
    };
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
    let missing = quote_spanned!(span=> ::core::panic!(#missing));
    let mismatch = quote_spanned!(span=> ::core::panic!(#mismatch));
    let unswapped = quote_spanned!(span=> ::core::panic!(#unswapped));
    let same_table = quote_spanned!(span=> ::core::panic!(#same_table));
    let src_index = src_const(name);
    quote! {
        #checks
        const #jc: ::orm_core::__private::Junction = #def;
        const #src_index: usize = ::orm_core::__private::column_index(<#ident as ::orm_core::__private::Identity>::COLUMNS, #jc.source_column);
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

fn belongs_to_many(model: &Model, m: &BelongsToMany) -> TokenStream {
    let ident = model.ident;
    let target = m.target;
    let tgt = type_name(target);
    let junction_items = junction(model, m);
    let bound = match &m.attr.through {
        Some(Through::Model(through)) => models_bound(&[quote!(#target), quote!(#through)]),
        _ => models_bound(&[quote!(#target)]),
    };
    let jc = junction_const(&m.name);
    let src = src_const(&m.name);
    let conn = connection_bound();
    let key = quote!(self, #src);
    let through_fns = match &m.attr.through {
        Some(Through::Model(through)) => {
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

/// What differs between the collection accessors of a has_many and a belongs_to_many.
struct Collection<'a> {
    owner: &'a Ident,
    target: &'a Type,
    names: Names,
    /// `has_many` or `belongs_to_many` (the runtime module).
    module: TokenStream,
    /// The resolved key constant the runtime takes (`FK` or `&JUNCTION`).
    link: TokenStream,
    /// The owner and the index of its key column (`self, __ORM_SRC_..`), which the runtime
    /// reads when the future is polled.
    key: &'a TokenStream,
    /// Links live in a junction: targets are only read (`Targets`) and adding or creating one
    /// takes a transaction; else the targets' own keys change (`TargetsMut`).
    linked_by_junction: bool,
    /// Extra bound of `remove_*` (see [`optional_key_bound`]).
    unlink_bound: TokenStream,
}

/// get, query, count, has, add, remove, set and create of a collection association.
fn collection(c: &Collection) -> TokenStream {
    let Collection { owner, target, module, link, key, linked_by_junction, unlink_bound, .. } = c;
    let Names { get, query, count, has_one, has_many, add_one, add_many, remove_one, remove_many, set, create } = &c.names;
    let tgt = type_name(target);
    let conn = connection_bound();
    let rt = quote!(::orm_core::__private::#module);
    let (targets, pass) = if *linked_by_junction {
        (quote!(::orm_core::__private::Targets<'__orm_t, #target>), quote!(targets.into_targets()))
    } else {
        (quote!(::orm_core::__private::TargetsMut<'__orm_t, #target>), quote!(targets.into_targets()))
    };
    // Adding and removing lock the owner's row first (one lock order for every call that
    // changes links), so they take a transaction.
    let (add_generics, add_bounds, add_arg) = (quote!(<'__orm_t, __OrmC>), quote!(#conn), quote!(db: __OrmC));
    let (create_generics, create_bounds, create_arg) = (quote!(<__OrmC>), quote!(#conn), quote!(db: __OrmC));
    let verb = if *linked_by_junction { "linked to" } else { "of" };
    let (unit_ret, bool_ret, count_ret) = (future(quote!(())), future(quote!(bool)), future(quote!(i64)));
    let (vec_ret, create_ret) = (future(quote!(::std::vec::Vec<#target>)), future(quote!(#target)));
    let has_doc = format!("Whether every given `{tgt}` is {verb} this `{owner}`.");
    let add_doc = if *linked_by_junction {
        format!("Links the given `{tgt}` rows to this `{owner}` (links that exist are kept).")
    } else {
        format!("Links the given `{tgt}` rows to this `{owner}` (saves their key, and sets it in memory).")
    };
    let remove_doc = if *linked_by_junction {
        format!("Unlinks the given `{tgt}` rows from this `{owner}`.")
    } else {
        format!("Unlinks the given `{tgt}` rows from this `{owner}` (sets their key to `NULL`; the key must be optional).")
    };
    let has_fns = one_and_many(
        has_one,
        has_many,
        &has_doc,
        quote! {
            <'__orm_t, __OrmC>(&self, db: __OrmC, targets: impl ::orm_core::__private::Targets<'__orm_t, #target>) -> #bool_ret
            where #conn, #target: '__orm_t
            {
                #rt::has::<Self, #target>(db, #link, #key, targets.into_targets())
            }
        },
    );
    let add_fns = one_and_many(
        add_one,
        add_many,
        &add_doc,
        quote! {
            #add_generics(&self, #add_arg, targets: impl #targets) -> #unit_ret
            where #add_bounds, #target: '__orm_t
            {
                #rt::add::<Self, #target>(db, #link, #key, #pass)
            }
        },
    );
    let remove_fns = if unlink_bound.is_empty() {
        one_and_many(
            remove_one,
            remove_many,
            &remove_doc,
            quote! {
                <'__orm_t, __OrmC>(&self, db: __OrmC, targets: impl #targets) -> #unit_ret
                where #conn, #target: '__orm_t
                {
                    #rt::remove::<Self, #target>(db, #link, #key, #pass)
                }
            },
        )
    } else {
        // Not `async fn`: its future would carry the bound, and a required key would be
        // reported three times (method, call, `.await`) instead of once.
        let signature = quote! {
            <'__orm_f, '__orm_t, __OrmC>(&'__orm_f self, db: __OrmC, targets: impl #targets)
                -> ::orm_core::__private::BoxFuture<'__orm_f, ::orm_core::Result<()>>
            where #conn, __OrmC: '__orm_f, #target: '__orm_t, '__orm_t: '__orm_f, #unlink_bound
        };
        let plural = quote! {
            #[doc = #remove_doc]
            pub fn #remove_many #signature {
                #rt::remove_boxed::<Self, #target>(db, #link, #key, #pass)
            }
        };
        if remove_one == remove_many {
            plural
        } else {
            // The singular calls the plural: the future's `Send` is proven once per association.
            quote! {
                #plural
                #[doc = #remove_doc]
                pub fn #remove_one #signature {
                    self.#remove_many(db, targets)
                }
            }
        }
    };
    let get_doc = format!("The `{tgt}` rows {verb} this `{owner}`.");
    let query_doc = format!("A query over the `{tgt}` rows {verb} this `{owner}`, to filter, order and limit.");
    let count_doc = format!("How many `{tgt}` rows are {verb} this `{owner}`.");
    let set_doc = if unlink_bound.is_empty() {
        format!("Makes the given `{tgt}` rows exactly the ones {verb} this `{owner}`, in one transaction.")
    } else {
        // A required key cannot be nulled, so the rows `set` would unlink could not be: rather
        // than fail at run time whenever one must go (what Sequelize's `setComments` does on a
        // NOT NULL key), `set_*` exists, like `remove_*`, only for an optional key. Deleting
        // them instead would surprise a Sequelize user; keeping them would not be `set`.
        format!(
            "Makes the given `{tgt}` rows exactly the ones {verb} this `{owner}`, in one transaction: the others get a `NULL` key.              Only for an optional key (`Option<BelongsTo<{owner}>>` in `{tgt}`): with a required one the rows to unlink could not              be, so the call does not compile; use `add_*` to link, and delete rows to drop them."
        )
    };
    let set_fn = if unlink_bound.is_empty() {
        quote! {
            #[doc = #set_doc]
            pub fn #set<'__orm_t, __OrmC>(&self, db: __OrmC, targets: impl #targets) -> #unit_ret
            where #conn, #target: '__orm_t
            {
                #rt::set::<Self, #target>(db, #link, #key, #pass)
            }
        }
    } else {
        // Boxed, as `remove_*`: with the bound on a plain `impl Future` a required key would be
        // reported three times (method, call, `.await`) instead of once.
        quote! {
            #[doc = #set_doc]
            pub fn #set<'__orm_f, '__orm_t, __OrmC>(&'__orm_f self, db: __OrmC, targets: impl #targets)
                -> ::orm_core::__private::BoxFuture<'__orm_f, ::orm_core::Result<()>>
            where #conn, __OrmC: '__orm_f, #target: '__orm_t, '__orm_t: '__orm_f, #unlink_bound
            {
                let __orm_targets = #pass;
                ::std::boxed::Box::pin(async move { #rt::set::<Self, #target>(db, #link, #key, __orm_targets).await })
            }
        }
    };
    let create_doc = format!("Inserts `target` and makes it one of the `{tgt}` rows {verb} this `{owner}`.");
    quote! {
        #[doc = #get_doc]
        pub fn #get<__OrmC>(&self, db: __OrmC) -> #vec_ret
        where #conn
        {
            #rt::get::<Self, #target>(db, #link, #key)
        }
        #[doc = #query_doc]
        pub fn #query(&self) -> ::orm_core::Result<::orm_core::Query<#target>> {
            ::core::result::Result::Ok(#rt::query::<#target>(#link, ::orm_core::__private::stored_value(#key)?))
        }
        #[doc = #count_doc]
        pub fn #count<__OrmC>(&self, db: __OrmC) -> #count_ret
        where #conn
        {
            #rt::count::<Self, #target>(db, #link, #key)
        }
        #has_fns
        #add_fns
        #remove_fns
        #set_fn
        #[doc = #create_doc]
        pub fn #create #create_generics(&self, #create_arg, target: #target) -> #create_ret
        where #create_bounds
        {
            #rt::create::<Self, #target>(db, #link, #key, target)
        }
    }
}
