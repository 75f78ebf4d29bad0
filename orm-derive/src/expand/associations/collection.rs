//! The accessors a has_many and a belongs_to_many share: get, query, count, has, add, remove,
//! set and create of the target rows.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Ident, Type};

use super::accessor::{connection_bound, future};
use super::names::type_name;
use crate::case;

/// What differs between the collection accessors of a has_many and a belongs_to_many.
pub struct Collection<'a> {
    pub owner: &'a Ident,
    pub target: &'a Type,
    pub names: Names,
    /// `has_many` or `belongs_to_many` (the runtime module).
    pub module: TokenStream,
    /// The resolved key constant the runtime takes (`FK` or `&JUNCTION`).
    pub link: TokenStream,
    /// The owner and the index of its key column (`self, __ORM_SRC_..`), which the runtime
    /// reads when the future is polled.
    pub key: &'a TokenStream,
    /// Links live in a junction: targets are only read (`Targets`) and adding or creating one
    /// takes a transaction; else the targets' own keys change (`TargetsMut`).
    pub linked_by_junction: bool,
    /// Extra bound of `remove_*` (see [`optional_key_bound`](super::accessor::optional_key_bound)).
    pub unlink_bound: TokenStream,
}

impl Collection<'_> {
    /// The runtime module the accessors call.
    fn rt(&self) -> TokenStream {
        let module = &self.module;
        quote!(::orm_core::__private::#module)
    }

    /// The `impl` trait the changing accessors take their targets as.
    fn targets(&self) -> TokenStream {
        let target = self.target;
        if self.linked_by_junction {
            quote!(::orm_core::__private::Targets<'__orm_t, #target>)
        } else {
            quote!(::orm_core::__private::TargetsMut<'__orm_t, #target>)
        }
    }

    /// How the docs say a target relates to the owner.
    fn verb(&self) -> &'static str {
        if self.linked_by_junction { "linked to" } else { "of" }
    }
}

/// Accessors shared by has_many and belongs_to_many: the getter, query, count, has, remove.
pub struct Names {
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
    pub fn new(name: &str, singular: &str, span: Span) -> Names {
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

/// get, query, count, has, add, remove, set and create of a collection association.
pub fn collection(c: &Collection) -> TokenStream {
    let Collection { owner, target, link, key, .. } = c;
    let Names { get, query, count, create, .. } = &c.names;
    let (tgt, verb, rt) = (type_name(target), c.verb(), c.rt());
    let conn = connection_bound();
    let count_ret = future(quote!(i64));
    let (vec_ret, create_ret) = (future(quote!(::std::vec::Vec<#target>)), future(quote!(#target)));
    let (has_fns, add_fns, remove_fns, set_fn) = (has_fns(c), add_fns(c), remove_fns(c), set_fn(c));
    let get_doc = format!("The `{tgt}` rows {verb} this `{owner}`.");
    let query_doc = format!("A query over the `{tgt}` rows {verb} this `{owner}`, to filter, order and limit.");
    let count_doc = format!("How many `{tgt}` rows are {verb} this `{owner}`.");
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
        pub fn #create<__OrmC>(&self, db: __OrmC, target: #target) -> #create_ret
        where #conn
        {
            #rt::create::<Self, #target>(db, #link, #key, target)
        }
    }
}

/// `has_*`: whether the given targets are all linked.
fn has_fns(c: &Collection) -> TokenStream {
    let Collection { owner, target, link, key, .. } = c;
    let (tgt, verb, rt) = (type_name(target), c.verb(), c.rt());
    let conn = connection_bound();
    let bool_ret = future(quote!(bool));
    let has_doc = format!("Whether every given `{tgt}` is {verb} this `{owner}`.");
    one_and_many(
        &c.names.has_one,
        &c.names.has_many,
        &has_doc,
        quote! {
            <'__orm_t, __OrmC>(&self, db: __OrmC, targets: impl ::orm_core::__private::Targets<'__orm_t, #target>) -> #bool_ret
            where #conn, #target: '__orm_t
            {
                #rt::has::<Self, #target>(db, #link, #key, targets.into_targets())
            }
        },
    )
}

/// `add_*`. Adding and removing lock the owner's row first (one lock order for every call that
/// changes links), so they take a transaction.
fn add_fns(c: &Collection) -> TokenStream {
    let Collection { owner, target, link, key, .. } = c;
    let (tgt, rt, targets) = (type_name(target), c.rt(), c.targets());
    let conn = connection_bound();
    let unit_ret = future(quote!(()));
    let add_doc = if c.linked_by_junction {
        format!("Links the given `{tgt}` rows to this `{owner}` (links that exist are kept).")
    } else {
        format!("Links the given `{tgt}` rows to this `{owner}` (saves their key, and sets it in memory).")
    };
    one_and_many(
        &c.names.add_one,
        &c.names.add_many,
        &add_doc,
        quote! {
            <'__orm_t, __OrmC>(&self, db: __OrmC, targets: impl #targets) -> #unit_ret
            where #conn, #target: '__orm_t
            {
                #rt::add::<Self, #target>(db, #link, #key, targets.into_targets())
            }
        },
    )
}

/// `remove_*`; with an unlink bound, only callable on an optional key.
fn remove_fns(c: &Collection) -> TokenStream {
    let Collection { owner, target, link, key, unlink_bound, .. } = c;
    let Names { remove_one, remove_many, .. } = &c.names;
    let (tgt, rt, targets) = (type_name(target), c.rt(), c.targets());
    let conn = connection_bound();
    let remove_doc = if c.linked_by_junction {
        format!("Unlinks the given `{tgt}` rows from this `{owner}`.")
    } else {
        format!("Unlinks the given `{tgt}` rows from this `{owner}` (sets their key to `NULL`; the key must be optional).")
    };
    if unlink_bound.is_empty() {
        let unit_ret = future(quote!(()));
        return one_and_many(
            remove_one,
            remove_many,
            &remove_doc,
            quote! {
                <'__orm_t, __OrmC>(&self, db: __OrmC, targets: impl #targets) -> #unit_ret
                where #conn, #target: '__orm_t
                {
                    #rt::remove::<Self, #target>(db, #link, #key, targets.into_targets())
                }
            },
        );
    }
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
            #rt::remove_boxed::<Self, #target>(db, #link, #key, targets.into_targets())
        }
    };
    if remove_one == remove_many {
        return plural;
    }
    // The singular calls the plural: the future's `Send` is proven once per association.
    quote! {
        #plural
        #[doc = #remove_doc]
        pub fn #remove_one #signature {
            self.#remove_many(db, targets)
        }
    }
}

/// `set_*`: makes the given targets exactly the linked ones.
fn set_fn(c: &Collection) -> TokenStream {
    let Collection { owner, target, link, key, unlink_bound, .. } = c;
    let set = &c.names.set;
    let (tgt, verb, rt, targets) = (type_name(target), c.verb(), c.rt(), c.targets());
    let conn = connection_bound();
    if unlink_bound.is_empty() {
        let set_doc = format!("Makes the given `{tgt}` rows exactly the ones {verb} this `{owner}`, in one transaction.");
        let unit_ret = future(quote!(()));
        return quote! {
            #[doc = #set_doc]
            pub fn #set<'__orm_t, __OrmC>(&self, db: __OrmC, targets: impl #targets) -> #unit_ret
            where #conn, #target: '__orm_t
            {
                #rt::set::<Self, #target>(db, #link, #key, targets.into_targets())
            }
        };
    }
    // A required key cannot be nulled, so the rows `set` would unlink could not be: rather
    // than fail at run time whenever one must go (what Sequelize's `setComments` does on a
    // NOT NULL key), `set_*` exists, like `remove_*`, only for an optional key. Deleting
    // them instead would surprise a Sequelize user; keeping them would not be `set`.
    let set_doc = format!(
        "Makes the given `{tgt}` rows exactly the ones {verb} this `{owner}`, in one transaction: the others get a `NULL` key. Only for an optional key (`Option<BelongsTo<{owner}>>` in `{tgt}`): with a required one the rows to unlink could not be, so the call does not compile; use `add_*` to link, and delete rows to drop them."
    );
    // Boxed in orm-core, as `remove_*`: with the bound on a plain `impl Future` a required key
    // would be reported three times (method, call, `.await`) instead of once; an `async` block
    // here would have rustc prove its `Send` again for every has_many (2.5x the check time of a
    // 50-model schema, measured).
    quote! {
        #[doc = #set_doc]
        pub fn #set<'__orm_f, '__orm_t, __OrmC>(&'__orm_f self, db: __OrmC, targets: impl #targets)
            -> ::orm_core::__private::BoxFuture<'__orm_f, ::orm_core::Result<()>>
        where #conn, __OrmC: '__orm_f, #target: '__orm_t, '__orm_t: '__orm_f, #unlink_bound
        {
            #rt::set_boxed::<Self, #target>(db, #link, #key, targets.into_targets())
        }
    }
}
