//! Typed column references, filter expressions and the query builder.
//!
//! `#[derive(Model)]` generates one [`Column`] constant per stored column (`User::NAME`), so a
//! filter names its model and its value type: a column of another model, or a value of the wrong
//! type, does not compile. Every value is a bound parameter.

use std::marker::PhantomData;

use crate::backend::{Connection, Field, fetch_map, fetch_scalar};
use crate::error::Result;
pub(crate) use crate::model::query::{Include, Load};
use crate::model::stamps;
use crate::model::{Model, fetch_model, fetch_models};
// The typed query is defined with the model (whose `query()` returns it); its builder is here.
pub use crate::model::query::Query;
use crate::sql::tree::QueryData;
use crate::sql::{Delete, Select, TableRef, Update};
// The untyped tree a typed query wraps lives below, in the statement layer; kept at these paths.
pub(crate) use crate::sql::tree::{Exists, Node, Op};
use crate::value::Value;

/// A typed reference to column `T` of model `M`, generated per column (`User::NAME`).
///
/// ```
/// use orm_core::Model;
///
/// #[derive(Model)]
/// struct User { id: i64, name: String, nickname: Option<String> }
///
/// let adults = User::query()
///     .filter(User::NAME.like("a%") & User::NICKNAME.is_null())
///     .filter(User::ID.in_([1, 2, 3]) | !User::NAME.eq("root"));
/// # let _ = adults;
/// ```
pub struct Column<M, T> {
    name: &'static str,
    _m: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for Column<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for Column<M, T> {}

impl<M, T> std::fmt::Debug for Column<M, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Column({})", self.name)
    }
}

/// A value that can be compared with a column of type `T`: `T` itself, `&T`, `&str` for text,
/// and a plain value for a nullable column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be compared with a column of type `{T}`",
    label = "expected a value of the column's type `{T}`"
)]
pub trait ExprValue<T> {
    /// The bound parameter.
    fn into_value(self) -> Value;
}
#[diagnostic::do_not_recommend]
impl<T: Field> ExprValue<T> for T {
    fn into_value(self) -> Value {
        self.to_value()
    }
}
#[diagnostic::do_not_recommend]
impl<T: Field> ExprValue<T> for &T {
    fn into_value(self) -> Value {
        self.to_value()
    }
}
#[diagnostic::do_not_recommend]
impl<T: Field> ExprValue<Option<T>> for T
where
    Option<T>: Field,
{
    fn into_value(self) -> Value {
        self.to_value()
    }
}
#[diagnostic::do_not_recommend]
impl ExprValue<String> for &str {
    fn into_value(self) -> Value {
        Value::Text(self.to_owned())
    }
}
#[diagnostic::do_not_recommend]
impl ExprValue<Option<String>> for &str {
    fn into_value(self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl<M, T> Column<M, T> {
    /// A column named `name` (used by the derive).
    pub const fn new(name: &'static str) -> Self {
        Column { name, _m: PhantomData }
    }

    /// The column name.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

impl<M: Model, T: Field> Column<M, T> {
    fn cmp(self, op: Op, value: impl ExprValue<T>) -> Expr<M> {
        Expr::new(match (op, value.into_value()) {
            // `= NULL` is never true: `None` means "is NULL", as in Sequelize's `where`.
            (Op::Eq, Value::Null(_)) => Node::IsNull(self.name, true),
            (Op::Ne, Value::Null(_)) => Node::IsNull(self.name, false),
            (op, value) => Node::Cmp(self.name, op, value),
        })
    }
    /// `column = value`; `eq(None)` is `column IS NULL`.
    pub fn eq(self, value: impl ExprValue<T>) -> Expr<M> {
        self.cmp(Op::Eq, value)
    }
    /// `column <> value`; `ne(None)` is `column IS NOT NULL`. As in SQL (and Sequelize), a row
    /// whose column is NULL is not `ne` any value: add `| column.is_null()` to keep it.
    pub fn ne(self, value: impl ExprValue<T>) -> Expr<M> {
        self.cmp(Op::Ne, value)
    }
    /// `column < value`
    pub fn lt(self, value: impl ExprValue<T>) -> Expr<M> {
        self.cmp(Op::Lt, value)
    }
    /// `column <= value`
    pub fn le(self, value: impl ExprValue<T>) -> Expr<M> {
        self.cmp(Op::Le, value)
    }
    /// `column > value`
    pub fn gt(self, value: impl ExprValue<T>) -> Expr<M> {
        self.cmp(Op::Gt, value)
    }
    /// `column >= value`
    pub fn ge(self, value: impl ExprValue<T>) -> Expr<M> {
        self.cmp(Op::Ge, value)
    }
    /// `column LIKE pattern ESCAPE '\'`: `%` and `_` are wildcards and a backslash makes the next
    /// character literal (`\%`, `\_`, `\\`), the same on every backend (the escape is sent
    /// explicitly, so SQLite, which has none by default, reads it as PostgreSQL and MySQL do).
    /// Case follows the backend: SQLite and MySQL's default collations ignore ASCII case,
    /// PostgreSQL does not. To match text a user typed, use [`Column::contains`],
    /// [`Column::starts_with`], [`Column::ends_with`] or [`Column::like_escaped`]. SQLite reads a
    /// pattern only up to a NUL character, so a pattern holding one is refused there
    /// ([`Error::UnsupportedValue`](crate::Error::UnsupportedValue)) rather than matching wrongly.
    pub fn like(self, pattern: &str) -> Expr<M> {
        Expr::new(Node::Cmp(self.name, Op::Like, Value::Text(pattern.to_owned())))
    }
    /// `column LIKE pattern ESCAPE '!'`: in `pattern`, `%` and `_` are wildcards and `!` makes
    /// the next character literal (`!%`, `!_`, `!!`), the same on every backend. Build the
    /// literal parts with [`escape_like`]. Case follows the backend as for [`Column::like`].
    ///
    /// ```
    /// use orm_core::{Model, query::escape_like};
    ///
    /// #[derive(Model)]
    /// struct Doc { id: i64, name: String }
    ///
    /// let user_text = "50%_off";
    /// let filter = Doc::NAME.like_escaped(&format!("{}%.pdf", escape_like(user_text)));
    /// # let _ = filter;
    /// ```
    pub fn like_escaped(self, pattern: &str) -> Expr<M> {
        Expr::new(Node::Cmp(self.name, Op::LikeEscaped, Value::Text(pattern.to_owned())))
    }
    /// The column contains `text` literally (its `%`, `_` and `!` are escaped). Case follows the
    /// backend as for [`Column::like`].
    pub fn contains(self, text: &str) -> Expr<M> {
        self.like_escaped(&format!("%{}%", escape_like(text)))
    }
    /// The column starts with `text` literally.
    pub fn starts_with(self, text: &str) -> Expr<M> {
        self.like_escaped(&format!("{}%", escape_like(text)))
    }
    /// The column ends with `text` literally.
    pub fn ends_with(self, text: &str) -> Expr<M> {
        self.like_escaped(&format!("%{}", escape_like(text)))
    }
    /// `column IN (values…)`; an empty list matches nothing. Any number of values is one
    /// statement: a long list is bound as one parameter (see
    /// [`QueryBuilder::prepare_in_list`](crate::sql::QueryBuilder::prepare_in_list)).
    ///
    /// A `None` among the values matches NULL (`column IN (…) OR column IS NULL`): SQL's `IN`
    /// never matches a NULL, so a `None` in the list would otherwise be dropped unseen.
    pub fn in_<V: ExprValue<T>>(self, values: impl IntoIterator<Item = V>) -> Expr<M> {
        let (nulls, values): (Vec<Value>, Vec<Value>) =
            values.into_iter().map(ExprValue::into_value).partition(|v| matches!(v, Value::Null(_)));
        let list = Node::InValues(self.name, values);
        Expr::new(if nulls.is_empty() { list } else { Node::Or(Box::new(list), Box::new(Node::IsNull(self.name, true))) })
    }
    /// `column IS NULL`
    pub fn is_null(self) -> Expr<M> {
        Expr::new(Node::IsNull(self.name, true))
    }
    /// `column IS NOT NULL`
    pub fn is_not_null(self) -> Expr<M> {
        Expr::new(Node::IsNull(self.name, false))
    }
    /// Ascending order on this column.
    pub fn asc(self) -> Order<M> {
        Order { column: self.name, desc: false, _m: PhantomData }
    }
    /// Descending order on this column.
    pub fn desc(self) -> Order<M> {
        Order { column: self.name, desc: true, _m: PhantomData }
    }
}

/// The escape character of [`Column::like_escaped`]. Not a backslash: MySQL reads a backslash in a
/// string literal as an escape itself (unless `NO_BACKSLASH_ESCAPES`), so `'\\'` would not mean the
/// same on every backend, while `'!'` does.
pub const LIKE_ESCAPE: char = '!';

/// `text` with the LIKE wildcards `%` and `_` and the escape character [`LIKE_ESCAPE`] escaped,
/// so that it matches itself literally inside a [`Column::like_escaped`] pattern.
///
/// ```
/// assert_eq!(orm_core::query::escape_like("100%_a!b"), "100!%!_a!!b");
/// ```
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | LIKE_ESCAPE) {
            out.push(LIKE_ESCAPE);
        }
        out.push(c);
    }
    out
}

/// A filter over rows of model `M`; combine with [`Expr::and`], [`Expr::or`] and [`Expr::not`]
/// (or `&`, `|`, `!`).
#[derive(Clone, Debug, PartialEq)]
pub struct Expr<M> {
    pub(crate) node: Node,
    _m: PhantomData<fn() -> M>,
}

impl<M> Expr<M> {
    pub(crate) fn new(node: Node) -> Self {
        Expr { node, _m: PhantomData }
    }
    /// Both filters hold.
    pub fn and(self, other: Expr<M>) -> Expr<M> {
        Expr::new(Node::And(Box::new(self.node), Box::new(other.node)))
    }
    /// Either filter holds.
    pub fn or(self, other: Expr<M>) -> Expr<M> {
        Expr::new(Node::Or(Box::new(self.node), Box::new(other.node)))
    }
    /// The filter does not hold.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Expr<M> {
        Expr::new(Node::Not(Box::new(self.node)))
    }
}

impl<M> std::ops::BitAnd for Expr<M> {
    type Output = Expr<M>;
    fn bitand(self, rhs: Self) -> Self {
        self.and(rhs)
    }
}
impl<M> std::ops::BitOr for Expr<M> {
    type Output = Expr<M>;
    fn bitor(self, rhs: Self) -> Self {
        self.or(rhs)
    }
}
impl<M> std::ops::Not for Expr<M> {
    type Output = Expr<M>;
    fn not(self) -> Self {
        Expr::not(self)
    }
}

/// An `ORDER BY` term on a column of `M`.
#[derive(Clone, Copy, Debug)]
pub struct Order<M> {
    pub(crate) column: &'static str,
    pub(crate) desc: bool,
    _m: PhantomData<fn() -> M>,
}

impl<M: Model> Query<M> {
    /// Keeps rows matching `expr` (and every earlier filter).
    pub fn filter(self, expr: Expr<M>) -> Self {
        self.filter_node(expr.node)
    }

    pub(crate) fn filter_node(mut self, node: Node) -> Self {
        self.data.and(node);
        self
    }

    /// Adds an `ORDER BY` term (after earlier ones).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.data.order.push((order.column, order.desc));
        self
    }

    /// Soft-deleted rows too (of a model with `#[model(deleted_at)]`; every query leaves them out
    /// otherwise).
    pub fn with_deleted(mut self) -> Self {
        self.with_deleted = true;
        self
    }

    /// The query's data, with `deleted_at IS NULL` unless [`Query::with_deleted`].
    fn live_data(&self) -> QueryData {
        let mut data = self.data.clone();
        if !self.with_deleted
            && let Some(live) = stamps::live(M::COLUMNS)
        {
            data.and(live);
        }
        data
    }

    /// Returns at most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.data.limit = Some(n);
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.data.offset = Some(n);
        self
    }

    /// Loads `include` on every row returned; a required one keeps only rows that have a match.
    pub(crate) fn include_erased(mut self, include: Include<M>) -> Self {
        if include.inner.is_required() {
            self = self.filter_node(include.inner.exists(M::TABLE, 1));
        }
        self.includes.push(include);
        self
    }

    /// The names of `M`'s primary-key columns (a page's last order terms).
    fn key_columns(&self) -> Vec<&'static str> {
        M::PRIMARY_KEY.iter().map(|&i| M::COLUMNS[i].name).collect()
    }

    /// `SELECT` of `M`'s columns with the query's filter, order, limit and offset.
    fn select(&self) -> Select {
        self.live_data().narrow(
            M::TABLE,
            &self.key_columns(),
            Select::from(TableRef::of(M::TABLE, M::MODEL)).columns(M::TABLE, M::COLUMNS.iter().map(|c| c.name)),
        )
    }

    /// Every matching row, with the included associations loaded. With includes, the levels are
    /// read in one transaction, so they see one consistent state.
    pub async fn all(self, mut db: impl Connection) -> Result<Vec<M>> {
        if self.includes.is_empty() {
            return fetch_models(&mut db, self.select()).await;
        }
        let dialect = db.dialect();
        let (joined, separate): (Vec<&Include<M>>, Vec<&Include<M>>) =
            self.includes.iter().partition(|i| dialect.joins_to_one() && i.inner.joinable());
        let mut tx = db.begin().await?;
        let mut rows: Vec<M> = if joined.is_empty() {
            fetch_models::<M>(&mut tx, self.select()).await?
        } else {
            let mut select = Select::from(TableRef::of(M::TABLE, M::MODEL)).columns(M::TABLE, M::COLUMNS.iter().map(|c| c.name));
            for (n, inc) in joined.iter().enumerate() {
                select = inc.inner.join(M::TABLE, format!("__orm_join{n}"), select);
            }
            fetch_map(&mut tx, self.live_data().narrow(M::TABLE, &self.key_columns(), select), |row| {
                let mut parent = M::from_row(row, 0)?;
                let mut offset = M::COLUMNS.len();
                for inc in &joined {
                    inc.inner.attach_joined(row, offset, &mut parent)?;
                    offset += inc.inner.join_width();
                }
                Ok(parent)
            })
            .await?
        };
        if !rows.is_empty() {
            for inc in separate {
                inc.inner.load(&mut tx, &mut rows).await?;
            }
        }
        tx.commit().await?;
        Ok(rows)
    }

    /// The first matching row, if any, with the included associations loaded.
    pub async fn first(self, mut db: impl Connection) -> Result<Option<M>> {
        if self.includes.is_empty() {
            return fetch_model(&mut db, self.limit(1).select()).await;
        }
        Ok(self.limit(1).all(db).await?.into_iter().next())
    }

    /// How many rows match (ignoring order, limit and offset).
    pub async fn count(self, mut db: impl Connection) -> Result<i64> {
        let select = Select::from(TableRef::of(M::TABLE, M::MODEL)).count().filter_opt(self.live_data().filter);
        fetch_scalar(&mut db, select).await
    }

    /// Deletes every matching row (ignoring order, limit and offset); returns how many. For a
    /// model with `#[model(deleted_at)]` it is a soft delete: the live matching rows get the time
    /// (and their `updated_at`); [`Query::force_delete`] removes rows.
    pub async fn delete(self, mut db: impl Connection) -> Result<u64> {
        let filter = self.live_data().filter;
        let soft = stamps::soft_delete(M::COLUMNS, Update::table(TableRef::of(M::TABLE, M::MODEL)), stamps::Now::new());
        if let Some(mut update) = soft {
            if let Some(filter) = filter {
                update = update.filter(filter);
            }
            return Ok(db.execute(update.into()).await?.rows_affected);
        }
        self.force_delete(db).await
    }

    /// Removes every matching row (ignoring order, limit and offset), soft-deleted ones
    /// included; returns how many.
    pub async fn force_delete(self, mut db: impl Connection) -> Result<u64> {
        let mut delete = Delete::from(TableRef::of(M::TABLE, M::MODEL));
        if let Some(filter) = self.data.filter {
            delete = delete.filter(filter);
        }
        Ok(db.execute(delete.into()).await?.rows_affected)
    }
}

/// `pk IN (keys…)` over the primary key of `M` (`(a, b) IN (…)` for a composite key).
pub(crate) fn keys_node<M: Model>(keys: &[M::Key]) -> Node {
    use crate::backend::PrimaryKey;
    if let [only] = M::PRIMARY_KEY {
        let mut values = Vec::with_capacity(keys.len());
        for k in keys {
            k.push_values(&mut values);
        }
        return Node::In(M::COLUMNS[*only].name, values);
    }
    let names: Vec<&'static str> = M::PRIMARY_KEY.iter().map(|&i| M::COLUMNS[i].name).collect();
    let mut columns: Vec<Vec<Value>> = vec![Vec::with_capacity(keys.len()); names.len()];
    let mut values = Vec::with_capacity(names.len());
    for k in keys {
        values.clear();
        k.push_values(&mut values);
        for (column, v) in columns.iter_mut().zip(values.drain(..)) {
            column.push(v);
        }
    }
    Node::InRows(names, columns)
}
