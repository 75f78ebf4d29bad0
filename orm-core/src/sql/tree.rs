//! The untyped statement tree: filter conditions, and the query data that a typed
//! `query::Query<M>` carries with only a type marker for its model (toasty's split).
//! Association and include code edit this form; `crate::query` adds the typed builder over it.

use super::select::{ColumnRef, Dir, Name, Select};
use crate::value::Value;

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
    pub(crate) fn sql(self) -> &'static str {
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

/// A condition. Its columns are bare names, qualified when it is rendered by the table it is
/// about (the statement's table, a join's table), unless a variant names its own.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Cmp(&'static str, Op, Value),
    /// `column IN (values…)` over a key column (primary, foreign, junction or referenced key),
    /// whose values compare by their bytes on every backend (see [`ListOf::Keys`]).
    In(&'static str, Vec<Value>),
    /// `column IN (values…)` as a caller wrote it (`Column::in_`): the values compare as the
    /// column's own type and collation compare them.
    InValues(&'static str, Vec<Value>),
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
        /// The junction's `deleted_at`: a soft-deleted link is no link.
        live: Option<&'static str>,
    },
    /// `EXISTS (SELECT 1 FROM …)`: a required include.
    Exists(Box<Exists>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
    /// `a AND b AND …` without parentheses: the top of a `WHERE` or `ON` (`AND` binds tighter
    /// than `OR`, so it reads the same anywhere).
    #[cfg_attr(not(test), allow(dead_code))] // Only the rendering tests build it so far.
    All(Vec<Node>),
    /// `"t1"."a" = "t2"."b"`: a join's or a correlation's condition.
    #[cfg_attr(not(test), allow(dead_code))] // Only the rendering tests build it so far.
    ColumnEq(ColumnRef, ColumnRef),
    /// The condition with its columns qualified by this table instead.
    #[cfg_attr(not(test), allow(dead_code))] // Only the rendering tests build it so far.
    Qualified(Name, Box<Node>),
}

impl Node {
    /// `column = value`.
    #[cfg_attr(not(test), allow(dead_code))] // Only the rendering tests build it so far.
    pub(crate) fn eq(column: &'static str, value: Value) -> Node {
        Node::Cmp(column, Op::Eq, value)
    }

    /// `node`, its columns qualified by `table`.
    #[cfg_attr(not(test), allow(dead_code))] // Only the rendering tests build it so far.
    pub(crate) fn on(table: impl Into<Name>, node: Node) -> Node {
        Node::Qualified(table.into(), Box::new(node))
    }

    /// `first AND node` as [`Node::All`], or `node` alone.
    #[cfg_attr(not(test), allow(dead_code))] // Only the rendering tests build it so far.
    pub(crate) fn and_then(first: Option<Node>, node: Node) -> Node {
        match first {
            None => node,
            Some(Node::All(mut all)) => {
                all.push(node);
                Node::All(all)
            }
            Some(first) => Node::All(vec![first, node]),
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
    /// The junction's `deleted_at`: a soft-deleted link is no link.
    pub junction_live: Option<&'static str>,
}

/// The untyped part of a query over one table: which rows, in which order, how many. A typed
/// `query::Query<M>` is this plus a type marker (toasty's split); association and include code
/// edit this form.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct QueryData {
    pub filter: Option<Node>,
    /// `(column, descending)`.
    pub order: Vec<(&'static str, bool)>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

impl QueryData {
    /// Keeps rows matching `node` too: `(earlier AND node)`, parenthesized as queries always were.
    pub fn and(&mut self, node: Node) {
        self.filter = Some(match self.filter.take() {
            Some(f) => Node::And(Box::new(f), Box::new(node)),
            None => node,
        });
    }

    /// `select` (of `table`) narrowed by the filter, order, limit and offset. A page (a limit or
    /// an offset) is ordered by `key` (the primary key's columns) after the caller's terms, so
    /// that rows tied on those terms keep one order from page to page: without it a backend may
    /// return them in any order each time, and a page sequence repeats some rows and skips others.
    pub fn narrow(&self, table: &'static str, key: &[&'static str], select: Select) -> Select {
        let mut select = select.filter_opt(self.filter.clone());
        for &(column, desc) in &self.order {
            select = select.order_by(super::select::col(table, column), Some(if desc { Dir::Desc } else { Dir::Asc }));
        }
        if self.limit.is_some() || self.offset.is_some() {
            for &column in key.iter().filter(|k| !self.order.iter().any(|(c, _)| c == *k)) {
                select = select.order_by(super::select::col(table, column), Some(Dir::Asc));
            }
        }
        select.limit(self.limit).offset(self.offset)
    }
}

/// What an `IN` list holds, which a backend may need to know to send a long one as one
/// parameter with a plan linear in its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOf {
    /// Values of a key column (`Node::In`): text keys are bounded and compare by their bytes.
    Keys,
    /// Values the caller compares a column with (`Node::InValues`).
    Values,
}
