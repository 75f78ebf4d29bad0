//! Typed column references, filter expressions and the query builder.
//!
//! `#[derive(Model)]` generates one [`Column`] constant per stored column (`User::NAME`), so a
//! filter names its model and its value type: a column of another model, or a value of the wrong
//! type, does not compile. Every value is a bound parameter.

use std::marker::PhantomData;

use sqlx::Executor;

use crate::backend::Backend;
use crate::backend::Field;
use crate::error::Result;
use crate::model::Model;
use crate::sql::{Render, Sql};
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
        Expr::new(Node::Cmp(self.name, op, value.into_value()))
    }
    /// `column = value`
    pub fn eq(self, value: impl ExprValue<T>) -> Expr<M> {
        self.cmp(Op::Eq, value)
    }
    /// `column <> value`
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
    /// `column LIKE pattern`. Matching follows the backend: SQLite and MySQL's default
    /// collations ignore ASCII case, PostgreSQL does not; a backslash escapes `%` and `_` on
    /// PostgreSQL and MySQL but is a plain character on SQLite. To match text a user typed, use
    /// [`Column::contains`], [`Column::starts_with`], [`Column::ends_with`] or
    /// [`Column::like_escaped`], which escape the same way everywhere.
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
    /// [`Render::push_in_list`]).
    pub fn in_<V: ExprValue<T>>(self, values: impl IntoIterator<Item = V>) -> Expr<M> {
        Expr::new(Node::In(self.name, values.into_iter().map(ExprValue::into_value).collect()))
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
const LIKE_ESCAPE_CLAUSE: &str = " ESCAPE '!'";

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Like,
    LikeEscaped,
}

impl Op {
    fn sql(self) -> &'static str {
        match self {
            Op::Eq => " = ",
            Op::Ne => " <> ",
            Op::Lt => " < ",
            Op::Le => " <= ",
            Op::Gt => " > ",
            Op::Ge => " >= ",
            Op::Like | Op::LikeEscaped => " LIKE ",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Cmp(&'static str, Op, Value),
    In(&'static str, Vec<Value>),
    /// `(a, b) IN (rows…)` over a composite key, its values given column by column.
    InRows(Vec<&'static str>, Vec<Vec<Value>>),
    IsNull(&'static str, bool),
    /// `column IN (SELECT select FROM table WHERE filter = value)`: a belongs-to-many target set.
    InJunction {
        column: &'static str,
        table: &'static str,
        select: &'static str,
        filter: &'static str,
        value: Value,
    },
    /// `EXISTS (SELECT 1 FROM …)`: a required include.
    Exists(Box<Exists>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
}

impl Node {
    /// Appends the condition, every column qualified by `table` (see [`Sql::columns`] for why).
    pub(crate) fn render(&self, sql: &mut Sql, table: &str) {
        let col = |sql: &mut Sql, c: &str| {
            sql.qualified(table, c);
        };
        match self {
            Node::Cmp(c, op, v) => {
                col(sql, c);
                sql.push(op.sql()).bind_column(c, v.clone());
                if *op == Op::LikeEscaped {
                    sql.push(LIKE_ESCAPE_CLAUSE);
                }
            }
            Node::In(_, vs) if vs.is_empty() => {
                sql.push("1 = 0");
            }
            Node::In(c, vs) => {
                col(sql, c);
                sql.dialect().push_in_list(sql, c, vs);
            }
            Node::InRows(_, columns) if columns.first().is_none_or(Vec::is_empty) => {
                sql.push("1 = 0");
            }
            Node::InRows(names, columns) => sql.dialect().push_in_rows(sql, table, names, columns),
            Node::IsNull(c, null) => {
                col(sql, c);
                sql.push(if *null { " IS NULL" } else { " IS NOT NULL" });
            }
            Node::InJunction { column, table: junction, select, filter, value } => {
                col(sql, column);
                sql.push(" IN (SELECT ").qualified(junction, select).push(" FROM ").ident(junction);
                sql.push(" WHERE ").qualified(junction, filter).push(" = ").bind(value.clone()).push(")");
            }
            Node::Exists(e) => e.render(sql),
            Node::And(a, b) | Node::Or(a, b) => {
                sql.push("(");
                a.render(sql, table);
                sql.push(if matches!(self, Node::And(..)) { " AND " } else { " OR " });
                b.render(sql, table);
                sql.push(")");
            }
            Node::Not(a) => {
                sql.push("NOT (");
                a.render(sql, table);
                sql.push(")");
            }
        }
    }
}

/// `EXISTS (SELECT 1 FROM table AS alias [JOIN junction] WHERE alias.inner = outer.column AND filter)`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Exists {
    pub table: &'static str,
    /// The model of `table`, for error messages.
    pub model: &'static str,
    pub alias: String,
    /// `(junction table, its column for the target, the target's column it references)`.
    pub junction: Option<(&'static str, &'static str, &'static str)>,
    /// The correlated column: on the junction when there is one, else on `table`.
    pub inner: &'static str,
    pub outer: (String, &'static str),
    pub filter: Option<Node>,
}

impl Exists {
    fn render(&self, sql: &mut Sql) {
        sql.about_as(self.alias.clone().into(), self.model);
        sql.push("EXISTS (SELECT 1 FROM ").ident(self.table).push(" AS ").ident(&self.alias);
        let inner_table = match self.junction {
            Some((junction, other_key, target_column)) => {
                let j_alias = format!("{}_j", self.alias);
                sql.push(" INNER JOIN ").ident(junction).push(" AS ").ident(&j_alias).push(" ON ");
                sql.qualified(&self.alias, target_column).push(" = ").qualified(&j_alias, other_key);
                j_alias
            }
            None => self.alias.clone(),
        };
        sql.push(" WHERE ").qualified(&inner_table, self.inner).push(" = ").qualified(&self.outer.0, self.outer.1);
        if let Some(f) = &self.filter {
            sql.push(" AND ");
            f.render(sql, &self.alias);
        }
        sql.push(")");
    }
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

/// A query over the rows of model `M`.
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
#[derive(Debug)]
pub struct Query<M> {
    filter: Option<Node>,
    order: Vec<(&'static str, bool)>,
    limit: Option<u64>,
    offset: Option<u64>,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for Query<M> {
    fn clone(&self) -> Self {
        Query { filter: self.filter.clone(), order: self.order.clone(), limit: self.limit, offset: self.offset, _m: PhantomData }
    }
}

impl<M: Model> Default for Query<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: Model> Query<M> {
    /// All rows.
    pub fn new() -> Self {
        Query { filter: None, order: Vec::new(), limit: None, offset: None, _m: PhantomData }
    }

    /// Keeps rows matching `expr` (and every earlier filter).
    pub fn filter(self, expr: Expr<M>) -> Self {
        self.filter_node(expr.node)
    }

    pub(crate) fn filter_node(mut self, node: Node) -> Self {
        self.filter = Some(match self.filter.take() {
            Some(f) => Node::And(Box::new(f), Box::new(node)),
            None => node,
        });
        self
    }

    /// Adds an `ORDER BY` term (after earlier ones).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.order.push((order.column, order.desc));
        self
    }

    /// Returns at most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.offset = Some(n);
        self
    }

    pub(crate) fn push_where(&self, sql: &mut Sql, table: &str) {
        if let Some(f) = &self.filter {
            sql.for_model(M::MODEL).push(" WHERE ");
            f.render(sql, table);
        }
    }

    pub(crate) fn push_tail(&self, sql: &mut Sql, table: &str) {
        if !self.order.is_empty() {
            sql.push(" ORDER BY ").list(&self.order, |s, (c, desc)| {
                s.qualified(table, c);
                s.push(if *desc { " DESC" } else { " ASC" });
            });
        }
        sql.dialect().push_limit(sql, self.limit, self.offset);
    }

    pub(crate) fn select_sql(&self, dialect: crate::Dialect) -> Sql {
        let mut sql = Sql::new(dialect);
        sql.push("SELECT ").columns::<M>(M::TABLE).push(" FROM ").ident(M::TABLE);
        self.push_where(&mut sql, M::TABLE);
        self.push_tail(&mut sql, M::TABLE);
        sql
    }

    /// Every matching row.
    pub async fn all<'c, E, DB>(self, ex: E) -> Result<Vec<M>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        self.select_sql(DB::DIALECT).fetch_models(ex).await
    }

    /// The first matching row, if any.
    pub async fn first<'c, E, DB>(self, ex: E) -> Result<Option<M>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        self.limit(1).select_sql(DB::DIALECT).fetch_model(ex).await
    }

    /// How many rows match (ignoring order, limit and offset).
    pub async fn count<'c, E, DB>(self, ex: E) -> Result<i64>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let mut sql = Sql::new(DB::DIALECT);
        sql.about::<M>().push("SELECT COUNT(*) FROM ").ident(M::TABLE);
        self.push_where(&mut sql, M::TABLE);
        sql.fetch_scalar(ex).await
    }

    /// Deletes every matching row (ignoring order, limit and offset); returns how many.
    pub async fn delete<'c, E, DB>(self, ex: E) -> Result<u64>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        let mut sql = Sql::new(DB::DIALECT);
        DB::DIALECT.push_delete_from(sql.about::<M>(), M::TABLE);
        self.push_where(&mut sql, M::TABLE);
        Ok(DB::rows_affected(&sql.execute(ex).await?))
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
