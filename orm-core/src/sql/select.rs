//! The `SELECT` node, and the table and column references every statement node shares.

use std::borrow::Cow;

use super::tree::Node;

/// A table, column, index or constraint name: a model's `'static` name, or one made at run
/// time (an alias, a name read from the catalog).
pub type Name = Cow<'static, str>;

/// `"table"."column"`, where `table` is a table's name or its alias in the statement.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnRef {
    pub(crate) table: Name,
    pub(crate) column: &'static str,
}

/// `"table"."column"`.
pub fn col(table: impl Into<Name>, column: &'static str) -> ColumnRef {
    ColumnRef { table: table.into(), column }
}

/// A table a statement reads or writes, under an optional alias, with the model it holds (so
/// that an error about one of its columns names the model).
#[derive(Clone, Debug, PartialEq)]
pub struct TableRef {
    pub(crate) name: Name,
    pub(crate) alias: Option<Name>,
    pub(crate) model: Option<&'static str>,
}

impl TableRef {
    /// The table `name`, of no model.
    pub fn new(name: impl Into<Name>) -> Self {
        TableRef { name: name.into(), alias: None, model: None }
    }

    /// The table `name` holding `model`.
    pub fn of(name: impl Into<Name>, model: &'static str) -> Self {
        TableRef { name: name.into(), alias: None, model: Some(model) }
    }

    /// The same table under `alias` (`"table" AS "alias"`).
    pub fn alias(mut self, alias: impl Into<Name>) -> Self {
        self.alias = Some(alias.into());
        self
    }

    /// What qualifies its columns: the alias, else the name.
    pub fn qualifier(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }
}

impl From<&'static str> for TableRef {
    fn from(name: &'static str) -> Self {
        TableRef::new(name)
    }
}

impl From<String> for TableRef {
    fn from(name: String) -> Self {
        TableRef::new(name)
    }
}

/// One item of a select list.
#[derive(Clone, Debug, PartialEq)]
pub enum SelectItem {
    /// `"t"."c"`
    Column(ColumnRef),
    /// `COUNT(*)`
    CountAll,
    /// The constant `1` (a lock, an existence test).
    One,
    /// `MAX("t"."c")`
    Max(ColumnRef),
}

/// `INNER JOIN` or `LEFT JOIN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinKind {
    /// Rows with a match only.
    Inner,
    /// Every row, `NULL`s where nothing matches.
    Left,
}

/// `{INNER|LEFT} JOIN table [AS alias] ON on`; the columns of `on` are qualified by the joined
/// table unless they say otherwise (`Node::ColumnEq`, `Node::Qualified`).
#[derive(Clone, Debug, PartialEq)]
pub struct Join {
    pub(crate) kind: JoinKind,
    pub(crate) table: TableRef,
    pub(crate) on: Node,
}

/// The direction of an `ORDER BY` term; `None` in [`OrderBy`] writes none (ascending).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// ` ASC`
    Asc,
    /// ` DESC`
    Desc,
}

/// One `ORDER BY` term.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderBy {
    pub(crate) column: ColumnRef,
    pub(crate) dir: Option<Dir>,
}

/// A row lock taken by a `SELECT` until the transaction ends. The statement is then
/// [`Access::Lock`](super::Access::Lock) whatever the backend; SQLite, which has no row locks,
/// renders nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lock {
    /// Locks the rows against writers (PostgreSQL: `FOR NO KEY UPDATE`, MySQL: `FOR UPDATE`).
    Update,
}

/// `SELECT items FROM from [joins] [WHERE filter] [GROUP BY] [HAVING] [ORDER BY] [LIMIT/OFFSET]
/// [lock]`. The columns of `filter` and `having` are qualified by `from`.
#[derive(Clone, Debug, PartialEq)]
pub struct Select {
    pub(crate) items: Vec<SelectItem>,
    pub(crate) from: TableRef,
    pub(crate) joins: Vec<Join>,
    pub(crate) filter: Option<Node>,
    pub(crate) group_by: Vec<ColumnRef>,
    pub(crate) having: Option<Node>,
    pub(crate) order: Vec<OrderBy>,
    pub(crate) limit: Option<u64>,
    pub(crate) offset: Option<u64>,
    pub(crate) lock: Option<Lock>,
}

impl Select {
    /// `SELECT … FROM table`, with no item yet.
    #[allow(clippy::should_implement_trait)]
    pub fn from(table: impl Into<TableRef>) -> Self {
        Select {
            items: Vec::new(),
            from: table.into(),
            joins: Vec::new(),
            filter: None,
            group_by: Vec::new(),
            having: None,
            order: Vec::new(),
            limit: None,
            offset: None,
            lock: None,
        }
    }

    /// Adds one item.
    pub fn item(mut self, item: SelectItem) -> Self {
        self.items.push(item);
        self
    }

    /// Adds `"table"."c"` for each of `columns` (a model's columns: `M::COLUMNS.iter().map(|c| c.name)`).
    pub fn columns(mut self, table: impl Into<Name>, columns: impl IntoIterator<Item = &'static str>) -> Self {
        let table = table.into();
        self.items.extend(columns.into_iter().map(|c| SelectItem::Column(col(table.clone(), c))));
        self
    }

    /// Adds one column.
    pub fn column(self, column: ColumnRef) -> Self {
        self.item(SelectItem::Column(column))
    }

    /// `SELECT COUNT(*)`.
    pub fn count(self) -> Self {
        self.item(SelectItem::CountAll)
    }

    /// `SELECT 1`.
    pub fn one(self) -> Self {
        self.item(SelectItem::One)
    }

    /// Adds a join.
    #[cfg_attr(not(test), allow(dead_code))] // Built by the call sites once they convert to statements (issue 16).
    pub(crate) fn join(mut self, kind: JoinKind, table: impl Into<TableRef>, on: Node) -> Self {
        self.joins.push(Join { kind, table: table.into(), on });
        self
    }

    /// Adds an `INNER JOIN`.
    #[cfg_attr(not(test), allow(dead_code))] // Built by the call sites once they convert to statements (issue 16).
    pub(crate) fn inner_join(self, table: impl Into<TableRef>, on: Node) -> Self {
        self.join(JoinKind::Inner, table, on)
    }

    /// Adds a `LEFT JOIN`.
    #[cfg_attr(not(test), allow(dead_code))] // Built by the call sites once they convert to statements (issue 16).
    pub(crate) fn left_join(self, table: impl Into<TableRef>, on: Node) -> Self {
        self.join(JoinKind::Left, table, on)
    }

    /// Adds a condition, `AND`ed (without parentheses) to those given before.
    #[cfg_attr(not(test), allow(dead_code))] // Built by the call sites once they convert to statements (issue 16).
    pub(crate) fn filter(mut self, node: Node) -> Self {
        self.filter = Some(Node::and_then(self.filter.take(), node));
        self
    }

    /// [`Select::filter`] when there is one.
    #[cfg_attr(not(test), allow(dead_code))] // Built by the call sites once they convert to statements (issue 16).
    pub(crate) fn filter_opt(self, node: Option<Node>) -> Self {
        match node {
            Some(node) => self.filter(node),
            None => self,
        }
    }

    /// Adds a `GROUP BY` column.
    pub fn group_by(mut self, column: ColumnRef) -> Self {
        self.group_by.push(column);
        self
    }

    /// Adds a `HAVING` condition.
    #[cfg_attr(not(test), allow(dead_code))] // Built by the call sites once they convert to statements (issue 16).
    pub(crate) fn having(mut self, node: Node) -> Self {
        self.having = Some(Node::and_then(self.having.take(), node));
        self
    }

    /// Adds an `ORDER BY` term.
    pub fn order_by(mut self, column: ColumnRef, dir: Option<Dir>) -> Self {
        self.order.push(OrderBy { column, dir });
        self
    }

    /// Returns at most `n` rows (`None`: no limit).
    pub fn limit(mut self, n: impl Into<Option<u64>>) -> Self {
        self.limit = n.into();
        self
    }

    /// Skips the first `n` rows (`None`: none).
    pub fn offset(mut self, n: impl Into<Option<u64>>) -> Self {
        self.offset = n.into();
        self
    }

    /// Write-locks the rows read until the transaction ends ([`Lock::Update`]).
    pub fn lock(mut self) -> Self {
        self.lock = Some(Lock::Update);
        self
    }
}
