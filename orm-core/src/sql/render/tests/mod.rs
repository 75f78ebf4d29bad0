//! Rendering every statement kind for SQLite, PostgreSQL and MySQL: exact text and bound
//! values, no server. Where a shape is sent today, the expected text is what the call site
//! writes now, so converting it to a node changes nothing on the wire.

mod association;
mod lists;
mod schema;
mod select;
mod write;

use crate::dialect::Dialect;
use crate::sql::{Sql, Statement};
use crate::value::Value;

/// Renders `stmt` for SQLite, PostgreSQL and MySQL (in that order), asserting each text and its
/// bound values; returns the rendered statements.
fn check(stmt: impl Into<Statement>, expected: [(&str, &[Value]); 3]) -> [Sql; 3] {
    let stmt = stmt.into();
    [Dialect::Sqlite, Dialect::Postgres, Dialect::MySql].map(|dialect| {
        let i = dialect as usize;
        let sql = stmt.render(dialect);
        assert_eq!(sql.text(), expected[i].0, "{dialect:?}");
        assert_eq!(sql.args(), expected[i].1, "{dialect:?}");
        sql
    })
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}
