//! The query a model's [`Model::query`](super::Model::query) returns, as data: the untyped query
//! plus a type marker (toasty's split) and the includes to load. Defined with the model, which
//! returns it; `crate::query` adds the typed builder and runs it, `crate::include` the loading.

use std::marker::PhantomData;

use crate::backend::{BoxFuture, Connection, Row};
use crate::error::Result;
use crate::sql::Select;
use crate::sql::tree::{Node, QueryData};

/// A query over the rows of model `M`: the untyped query data plus a type marker (toasty's
/// split), and the associations to load on the rows it returns ([`Query::include`]).
///
/// ```
/// use orm_core::{Model, Schema};
///
/// #[derive(Model, Debug)]
/// struct User { id: i64, name: String }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let pool = orm_core::sqlite::memory().await?;
/// Schema::new().model::<User>().sync(&pool).await?;
/// User::insert_all(&pool, &mut [User { id: 0, name: "ada".into() }, User { id: 0, name: "bob".into() }]).await?;
/// let users = User::query()
///     .filter(User::NAME.eq("ada").or(User::ID.gt(1)))
///     .order_by(User::ID.desc())
///     .limit(10)
///     .all(&pool)
///     .await?;
/// assert_eq!(users.len(), 2);
/// # Ok::<(), orm_core::Error>(()) }).unwrap();
/// ```
pub struct Query<M> {
    pub(crate) data: QueryData,
    pub(crate) includes: Vec<Include<M>>,
    /// `with_deleted()`: soft-deleted rows too.
    pub(crate) with_deleted: bool,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for Query<M> {
    fn clone(&self) -> Self {
        Query { data: self.data.clone(), includes: self.includes.clone(), with_deleted: self.with_deleted, _m: PhantomData }
    }
}

impl<M> std::fmt::Debug for Query<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query").field("data", &self.data).field("includes", &self.includes).finish()
    }
}

impl<M> Default for Query<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M> Query<M> {
    /// All rows.
    pub fn new() -> Self {
        Query { data: QueryData::default(), includes: Vec::new(), with_deleted: false, _m: PhantomData }
    }
}

/// An association to load with a query, type-erased over its target (built from an
/// `include::Association`).
pub struct Include<S> {
    pub(crate) inner: Box<dyn Load<S>>,
}

impl<S> Clone for Include<S> {
    fn clone(&self) -> Self {
        Include { inner: self.inner.clone_box() }
    }
}

impl<S> std::fmt::Debug for Include<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Include").field(&self.inner.name()).finish()
    }
}

/// The erased loading of one association on a batch of parents, implemented by the include
/// layer above: the query carries its includes without knowing their targets.
pub(crate) trait Load<S>: Send + Sync {
    /// The association's name.
    fn name(&self) -> &'static str;
    /// A copy, for a cloned query.
    fn clone_box(&self) -> Box<dyn Load<S>>;
    /// Loads the association's rows for `parents`.
    fn load<'a>(&'a self, db: &'a mut dyn Connection, parents: &'a mut [S]) -> BoxFuture<'a, Result<()>>;
    /// Hands what `row` holds at `offset` (a joined target) to `parent`.
    fn attach_joined(&self, row: &Row, offset: usize, parent: &mut S) -> Result<()>;
    /// `EXISTS (…)` of a matching row, correlated with `outer_table`: a required include.
    fn exists(&self, outer_table: &str, depth: usize) -> Node;
    fn is_required(&self) -> bool;
    /// Whether this include can be read by a join in the parent's own query: a belongs_to
    /// (at most one target, by its key) with nothing nested under it.
    fn joinable(&self) -> bool;
    /// How many columns the join adds.
    fn join_width(&self) -> usize;
    /// Adds the joined target's columns (`"alias"."c"…`) and its `LEFT JOIN "t" AS "alias"`
    /// (an inner join when required) to the parent's select.
    fn join(&self, parent_table: &'static str, alias: String, select: Select) -> Select;
}
