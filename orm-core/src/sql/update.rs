//! The `UPDATE` node.

use super::select::TableRef;
use super::tree::Node;
use crate::value::Value;

/// `UPDATE table SET c = v, … [WHERE filter]`, the filter's columns qualified by the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    pub(crate) table: TableRef,
    pub(crate) set: Vec<(&'static str, SetValue)>,
    pub(crate) filter: Option<Node>,
    /// Keeps MySQL's single-table form (see the MySQL renderer's `prepare_update_table`).
    pub(crate) single_table: bool,
}

/// The new value of a column in an [`Update`].
#[derive(Clone, Debug, PartialEq)]
pub enum SetValue {
    /// A bound value, labelled with its column.
    Value(Value),
    /// `NULL`, written as such.
    Null,
    /// The column itself (`"c" = "c"`): an update that writes nothing but still matches rows.
    Itself,
}

impl Update {
    /// `UPDATE table`, with nothing set yet.
    pub fn table(table: impl Into<TableRef>) -> Self {
        Update { table: table.into(), set: Vec::new(), filter: None, single_table: false }
    }

    /// `SET column = ?`.
    pub fn set(mut self, column: &'static str, value: Value) -> Self {
        self.set.push((column, SetValue::Value(value)));
        self
    }

    /// `SET column = NULL`.
    pub fn set_null(mut self, column: &'static str) -> Self {
        self.set.push((column, SetValue::Null));
        self
    }

    /// `SET column = column`.
    pub fn set_itself(mut self, column: &'static str) -> Self {
        self.set.push((column, SetValue::Itself));
        self
    }

    /// Adds a condition, `AND`ed (without parentheses) to those given before.
    #[cfg_attr(not(test), allow(dead_code))] // Built by the call sites once they convert to statements (issue 16).
    pub(crate) fn filter(mut self, node: Node) -> Self {
        self.filter = Some(Node::and_then(self.filter.take(), node));
        self
    }

    /// Keeps MySQL's single-table `UPDATE t SET …`, as the by-key updates are written today: the
    /// multi-table form matters only for a filter with a subquery.
    pub fn single_table(mut self) -> Self {
        self.single_table = true;
        self
    }
}
