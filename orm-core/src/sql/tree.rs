//! The untyped statement tree: filter conditions, and the query that a typed [`Query<M>`]
//! carries with only a type marker for its model (toasty's split). Association and include code
//! edit this form; [`crate::query`] adds the typed builder over it.

use std::marker::PhantomData;

use super::{Render, Sql};
use crate::value::Value;

/// What [`Op::LikeEscaped`] appends: the escape character of `query::LIKE_ESCAPE`.
const LIKE_ESCAPE_CLAUSE: &str = " ESCAPE '!'";

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
    pub(crate) filter: Option<Node>,
    pub(crate) order: Vec<(&'static str, bool)>,
    pub(crate) limit: Option<u64>,
    pub(crate) offset: Option<u64>,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for Query<M> {
    fn clone(&self) -> Self {
        Query { filter: self.filter.clone(), order: self.order.clone(), limit: self.limit, offset: self.offset, _m: PhantomData }
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
        Query { filter: None, order: Vec::new(), limit: None, offset: None, _m: PhantomData }
    }
}
