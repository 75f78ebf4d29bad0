//! The `DELETE` node.

use super::select::TableRef;
use super::tree::Node;

/// `DELETE FROM table [WHERE filter]`, the filter's columns qualified by the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Delete {
    pub(crate) table: TableRef,
    pub(crate) filter: Option<Node>,
    /// Keeps MySQL's single-table form (see the MySQL renderer's `prepare_delete_from`).
    pub(crate) single_table: bool,
}

impl Delete {
    /// `DELETE FROM table` (every row, until filtered).
    #[allow(clippy::should_implement_trait)]
    pub fn from(table: impl Into<TableRef>) -> Self {
        Delete { table: table.into(), filter: None, single_table: false }
    }

    /// Adds a condition, `AND`ed (without parentheses) to those given before.
    #[cfg_attr(not(test), allow(dead_code))] // Built by the call sites once they convert to statements (issue 16).
    pub(crate) fn filter(mut self, node: Node) -> Self {
        self.filter = Some(Node::and_then(self.filter.take(), node));
        self
    }

    /// Keeps MySQL's single-table `DELETE FROM t`, as `Model::delete` writes it today: the
    /// multi-table form matters only for a filter with a subquery.
    pub fn single_table(mut self) -> Self {
        self.single_table = true;
        self
    }
}
