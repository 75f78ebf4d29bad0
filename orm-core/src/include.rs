//! Eager loading: `User::query().include(User::COMMENTS.include(Comment::USER)).all(&pool)`.
//!
//! One query per association level, never one per parent and never a cartesian join: the keys of
//! all parents go into one `WHERE key IN (…)` (one bound list when long, see
//! [`QueryBuilder::prepare_in_list`](crate::sql::QueryBuilder::prepare_in_list)), the
//! rows come back once, are grouped in memory by key and handed to each parent's field. A
//! `required` include keeps only parents with a match, as an `EXISTS` in the parent's own query, so
//! `limit` and `offset` still count parents.

use std::collections::HashMap;

use crate::association::Loading;
use crate::backend::{Connection, Row, fetch_map};
use crate::error::Result;
use crate::model::Junction;
pub use crate::model::JunctionRow;
use crate::model::stamps;

use crate::model::Model;
pub use crate::model::query::Include;
use crate::query::{Expr, Load, Node, Order, Query};
use crate::sql::{Dir, JoinKind, Select, TableRef, col};
use crate::value::Value;

use crate::backend::BoxFuture;

/// Where an association keeps its key, as the loader needs it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Link {
    /// `#[belongs_to]`: the parent's column `column` (an index into its columns) holds the key of
    /// the child's `target_column`.
    BelongsTo { column: usize, target_column: &'static str },
    /// `#[has_one]` / `#[has_many]`: the child's `foreign_key` holds the parent's column `source`.
    Has { source: usize, foreign_key: &'static str },
    /// `#[belongs_to_many]`: the junction holds both keys.
    Junction { source: usize, junction: Junction },
}

/// A typed handle on one association of `S` to `T` (`J`: the junction row loaded with it, `()`
/// when none), generated as a constant per association (`User::COMMENTS`). Pass it to
/// [`Query::include`]; refine it with [`Association::filter`], [`Association::order_by`],
/// [`Association::required`] and nested [`Association::include`].
///
/// ```
/// use orm_core::{BelongsTo, HasMany, Model, Schema};
///
/// #[derive(Model, Clone)]
/// struct User { id: i64, name: String, #[has_many] posts: HasMany<Post> }
/// #[derive(Model, Clone)]
/// struct Post { id: i64, title: String, #[belongs_to] user: BelongsTo<User> }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let pool = orm_core::sqlite::memory().await?;
/// Schema::new().model::<User>().model::<Post>().sync(&pool).await?;
/// let mut ada = User { id: 0, name: "ada".into(), posts: Default::default() };
/// ada.insert(&pool).await?;
/// ada.create_post(&pool, Post { id: 0, title: "notes".into(), user: Default::default() }).await?;
///
/// let users = User::query().include(User::POSTS.order_by(Post::ID.desc())).all(&pool).await?;
/// assert_eq!(users[0].posts.loaded().unwrap()[0].title, "notes");
/// let posts = Post::query().include(Post::USER.filter(User::NAME.eq("ada")).required()).all(&pool).await?;
/// assert_eq!(posts[0].user.loaded().unwrap().name, "ada");
/// # Ok::<(), orm_core::Error>(()) }).unwrap();
/// ```
pub struct Association<S, T, J = ()> {
    name: &'static str,
    link: Link,
    attach: fn(&mut S, Loading<T, J>),
    filter: Option<Node>,
    order: Vec<(&'static str, bool)>,
    required: bool,
    includes: Vec<Include<T>>,
    /// `with_deleted()`: soft-deleted targets too.
    with_deleted: bool,
}

impl<S, T, J> Clone for Association<S, T, J> {
    fn clone(&self) -> Self {
        Association {
            name: self.name,
            link: self.link,
            attach: self.attach,
            filter: self.filter.clone(),
            order: self.order.clone(),
            required: self.required,
            includes: self.includes.clone(),
            with_deleted: self.with_deleted,
        }
    }
}

impl<S, T, J> Association<S, T, J> {
    #[doc(hidden)]
    pub const fn new(name: &'static str, link: Link, attach: fn(&mut S, Loading<T, J>)) -> Self {
        Association { name, link, attach, filter: None, order: Vec::new(), required: false, includes: Vec::new(), with_deleted: false }
    }

    /// The association's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Loads only the associated rows matching `expr`.
    pub fn filter(mut self, expr: Expr<T>) -> Self {
        self.filter = Some(match self.filter.take() {
            Some(f) => Node::And(Box::new(f), Box::new(expr.node)),
            None => expr.node,
        });
        self
    }

    /// Loads soft-deleted associated rows too (of a target with `#[model(deleted_at)]`; they
    /// are left out otherwise). Soft-deleted junction rows stay unlinks.
    pub fn with_deleted(mut self) -> Self {
        self.with_deleted = true;
        self
    }

    /// Orders the associated rows of each parent.
    pub fn order_by(mut self, order: Order<T>) -> Self {
        self.order.push((order.column, order.desc));
        self
    }

    /// Keeps only parents that have at least one (matching) associated row, like Sequelize's
    /// `required: true` (an inner join).
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Loads `inner` on each associated row too.
    // Takes the association itself (not `impl Into<Include<T>>`): another model's association
    // is then mismatched types naming both models, like a column of another model in `filter`.
    pub fn include<T2, J2>(mut self, inner: Association<T, T2, J2>) -> Self
    where
        T: Model,
        T2: Model + Clone,
        J2: JunctionRow + Clone,
    {
        self.includes.push(inner.into());
        self
    }
}

impl<S, T, J> From<Association<S, T, J>> for Include<S>
where
    S: Model,
    T: Model + Clone,
    J: JunctionRow + Clone,
{
    fn from(a: Association<S, T, J>) -> Self {
        Include { inner: Box::new(a) }
    }
}

/// The grouping maps hash a key per row: a fast hasher, as keys come from the database.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A key as a hash-map key (values of one column share a type, so the variant is enough).
#[derive(Clone, PartialEq, Eq, Hash)]
enum KeyRepr {
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
    Other(String),
}

fn key_repr(v: &Value) -> Option<KeyRepr> {
    Some(match v {
        Value::Null(_) => return None,
        Value::SmallInt(i) => KeyRepr::Int(i64::from(*i)),
        Value::Int(i) => KeyRepr::Int(i64::from(*i)),
        Value::BigInt(i) => KeyRepr::Int(*i),
        Value::Text(s) => KeyRepr::Text(s.clone()),
        Value::Bytes(b) => KeyRepr::Bytes(b.clone()),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => KeyRepr::Bytes(u.as_bytes().to_vec()),
        other => KeyRepr::Other(format!("{other:?}")),
    })
}

impl<S, T, J> Load<S> for Association<S, T, J>
where
    S: Model,
    T: Model + Clone,
    J: JunctionRow + Clone,
{
    fn name(&self) -> &'static str {
        self.name
    }

    fn clone_box(&self) -> Box<dyn Load<S>> {
        Box::new(self.clone())
    }

    fn load<'a>(&'a self, db: &'a mut dyn Connection, parents: &'a mut [S]) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.load_on(db, parents))
    }

    fn attach_joined(&self, row: &Row, offset: usize, parent: &mut S) -> Result<()> {
        let key = T::PRIMARY_KEY[0];
        if matches!(row.get_value(offset + key, T::COLUMNS[key].ty)?, Value::Null(_)) {
            return Ok(());
        }
        let target = T::from_row(row, offset)?;
        (self.attach)(parent, Loading::new(vec![(target, J::decode(row, offset)?)]));
        Ok(())
    }

    fn exists(&self, outer_table: &str, depth: usize) -> Node {
        let alias = format!("__orm_inc{depth}");
        let (from, correlate) = match self.link {
            Link::BelongsTo { column, target_column } => (None, (target_column, S::COLUMNS[column].name)),
            Link::Has { source, foreign_key } => (None, (foreign_key, S::COLUMNS[source].name)),
            Link::Junction { source, junction } => (Some(junction), (junction.foreign_key, S::COLUMNS[source].name)),
        };
        let mut filter = self.target_filter();
        // A nested required include correlates with this level's alias.
        for inc in self.includes.iter().filter(|i| i.inner.is_required()) {
            let nested = inc.inner.exists(&alias, depth + 1);
            filter = Some(match filter {
                Some(f) => Node::And(Box::new(f), Box::new(nested)),
                None => nested,
            });
        }
        Node::Exists(Box::new(crate::query::Exists {
            table: T::TABLE,
            model: T::MODEL,
            alias,
            junction: from.map(|j| (j.table, j.other_key, j.target_column)),
            inner: correlate.0,
            outer: (outer_table.to_owned(), correlate.1),
            filter,
            junction_live: from.and_then(|j| stamps::deleted_at(j.columns)).map(|c| c.name),
        }))
    }

    fn is_required(&self) -> bool {
        self.required
    }

    fn joinable(&self) -> bool {
        matches!(self.link, Link::BelongsTo { .. }) && self.includes.is_empty()
    }

    fn join_width(&self) -> usize {
        T::COLUMNS.len()
    }

    fn join(&self, parent_table: &'static str, alias: String, select: Select) -> Select {
        let Link::BelongsTo { column, target_column } = self.link else { return select };
        let on = Node::ColumnEq(col(alias.clone(), target_column), col(parent_table, S::COLUMNS[column].name));
        let on = match self.target_filter() {
            Some(f) => Node::and_then(Some(on), f),
            None => on,
        };
        let kind = if self.required { JoinKind::Inner } else { JoinKind::Left };
        select.columns(alias.clone(), T::COLUMNS.iter().map(|c| c.name)).join(kind, TableRef::of(T::TABLE, T::MODEL).alias(alias), on)
    }
}

impl<S, T: Model, J> Association<S, T, J> {
    /// The caller's filter on the targets, and `deleted_at IS NULL` unless `with_deleted()`.
    fn target_filter(&self) -> Option<Node> {
        let live = if self.with_deleted { None } else { stamps::live(T::COLUMNS) };
        match (self.filter.clone(), live) {
            (Some(f), Some(l)) => Some(Node::And(Box::new(f), Box::new(l))),
            (f, l) => f.or(l),
        }
    }
}

impl<S, T, J> Association<S, T, J>
where
    S: Model,
    T: Model + Clone,
    J: JunctionRow + Clone,
{
    /// The parent's column that holds the key the children are matched on, and its type.
    fn parent_column(&self) -> usize {
        match self.link {
            Link::BelongsTo { column, .. } => column,
            Link::Has { source, .. } | Link::Junction { source, .. } => source,
        }
    }

    /// The child-side column compared with the parents' keys, qualified.
    fn child_key(&self) -> (&'static str, &'static str) {
        match self.link {
            Link::BelongsTo { target_column, .. } => (T::TABLE, target_column),
            Link::Has { foreign_key, .. } => (T::TABLE, foreign_key),
            Link::Junction { junction, .. } => (junction.table, junction.foreign_key),
        }
    }

    /// Where the child-side key already is in a selected row, so it is not selected twice: a
    /// `#[belongs_to]` target's key or a `#[has_many]` child's foreign key among the target's
    /// columns, a junction model's key among its columns (after the target's).
    fn key_in_row(&self) -> Option<usize> {
        match self.link {
            Link::BelongsTo { target_column: c, .. } | Link::Has { foreign_key: c, .. } => T::COLUMNS.iter().position(|d| d.name == c),
            Link::Junction { junction, .. } => {
                J::columns().iter().position(|d| d.name == junction.foreign_key).map(|p| T::COLUMNS.len() + p)
            }
        }
    }

    fn select(&self, keys: &[Value]) -> Select {
        let mut select = Select::from(TableRef::of(T::TABLE, T::MODEL)).columns(T::TABLE, T::COLUMNS.iter().map(|c| c.name));
        let (key_table, key_column) = self.child_key();
        if let Link::Junction { junction, .. } = self.link {
            select = select.columns(junction.table, J::columns().iter().map(|c| c.name));
        }
        // The matched key is selected last, unless it is one of the target's own columns already.
        if self.key_in_row().is_none() {
            select = select.column(col(key_table, key_column));
        }
        if let Link::Junction { junction, .. } = self.link {
            let on = Node::ColumnEq(col(T::TABLE, junction.target_column), col(junction.table, junction.other_key));
            select = select.inner_join(junction.table, on);
            if let Some(c) = stamps::deleted_at(junction.columns) {
                select = select.filter(Node::on(junction.table, Node::IsNull(c.name, true)));
            }
        }
        select = select.filter(Node::on(key_table, Node::In(key_column, keys.to_vec()))).filter_opt(self.target_filter());
        for inc in self.includes.iter().filter(|i| i.inner.is_required()) {
            select = select.filter(inc.inner.exists(T::TABLE, 1));
        }
        for &(c, desc) in &self.order {
            select = select.order_by(col(T::TABLE, c), Some(if desc { Dir::Desc } else { Dir::Asc }));
        }
        for &i in T::PRIMARY_KEY {
            select = select.order_by(col(T::TABLE, T::COLUMNS[i].name), None);
        }
        select
    }

    async fn load_on(&self, conn: &mut dyn Connection, parents: &mut [S]) -> Result<()> {
        let parent_column = self.parent_column();
        let key_type = S::COLUMNS[parent_column].ty;
        // One pass over the parents: each one's key, the distinct keys to ask for, and how many
        // parents share each key (a group goes to its last parent by move, to the others by clone).
        let mut wanted: Map<KeyRepr, usize> = Map::default();
        let mut keys: Vec<Value> = Vec::new();
        let mut parent_keys: Vec<Option<KeyRepr>> = Vec::with_capacity(parents.len());
        for parent in parents.iter() {
            let value = parent.value_at(parent_column);
            let key = key_repr(&value);
            if let Some(k) = &key {
                let sharing = wanted.entry(k.clone()).or_default();
                if *sharing == 0 {
                    keys.push(value);
                }
                *sharing += 1;
            }
            parent_keys.push(key);
        }
        let t_columns = T::COLUMNS.len();
        let j_columns = match self.link {
            Link::Junction { .. } => J::columns().len(),
            _ => 0,
        };
        let key_in_row = self.key_in_row();
        let decode = |row: &Row| -> Result<(T, J, Option<KeyRepr>)> {
            let t = T::from_row(row, 0)?;
            let j = if j_columns > 0 { J::decode(row, t_columns)? } else { J::decode(row, 0)? };
            // The key is read back from the decoded row when it is one of its columns.
            let key = match key_in_row {
                Some(i) if i < t_columns => t.value_at(i),
                Some(i) => j.value_at(i - t_columns),
                None => row.get_value(t_columns + j_columns, key_type)?,
            };
            Ok((t, j, key_repr(&key)))
        };
        let mut groups: Map<KeyRepr, Vec<(T, J)>> = Map::default();
        if keys.is_empty() {
            // No parent has a key: nothing to ask for.
        } else if self.includes.is_empty() {
            // Rows go straight into their parent's group as they are decoded.
            conn.fetch(self.select(&keys).into(), &mut |row| {
                let (t, j, key) = decode(row)?;
                if let Some(k) = key {
                    groups.entry(k).or_default().push((t, j));
                }
                Ok(())
            })
            .await?;
        } else {
            // Nested includes load on the whole level at once, before grouping.
            let rows: Vec<(T, J, Option<KeyRepr>)> = fetch_map(conn, self.select(&keys), decode).await?;
            let (mut children, rest): (Vec<T>, Vec<(J, Option<KeyRepr>)>) = rows.into_iter().map(|(t, j, k)| (t, (j, k))).unzip();
            for inc in &self.includes {
                inc.inner.load(conn, &mut children).await?;
            }
            for (t, (j, key)) in children.into_iter().zip(rest) {
                if let Some(k) = key {
                    groups.entry(k).or_default().push((t, j));
                }
            }
        }
        for (parent, key) in parents.iter_mut().zip(parent_keys) {
            let rows = match key {
                None => Vec::new(),
                Some(k) => {
                    let left = wanted.get_mut(&k).map(|n| {
                        *n -= 1;
                        *n
                    });
                    match left {
                        Some(0) => groups.remove(&k).unwrap_or_default(),
                        _ => groups.get(&k).cloned().unwrap_or_default(),
                    }
                }
            };
            // A target linked twice (a junction without a unique pair) is one target with two
            // links, as the getter and the count see it.
            let loading = match self.link {
                Link::Junction { .. } => Loading::keyed(rows, |t: &T| t.key()),
                _ => Loading::new(rows),
            };
            (self.attach)(parent, loading);
        }
        Ok(())
    }
}

/// A query with associations to load (from [`Query::include`]): a [`Query`] itself, which
/// carries its includes.
pub type WithIncludes<M> = Query<M>;

impl<M: Model> Query<M> {
    /// Loads `association` on every row returned, in one query per association level.
    pub fn include<T, J>(self, association: Association<M, T, J>) -> Query<M>
    where
        T: Model + Clone,
        J: JunctionRow + Clone,
    {
        self.include_erased(association.into())
    }
}
