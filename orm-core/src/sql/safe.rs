//! What may become SQL text: a literal in the program, or a string its author vouches for.

/// Text that may be appended to a statement as SQL: a `&'static str` (a literal in the program),
/// or a runtime string wrapped in [`AssertSqlSafe`]. A plain `String`, which could carry user
/// input, is not.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` built at run time cannot be SQL text: it could carry user input",
    label = "dynamic SQL text",
    note = "bind values with `Sql::bind` instead; text you have audited (never user data) can be wrapped in `AssertSqlSafe(..)`"
)]
pub trait SqlSafeStr {
    /// The text.
    fn as_sql_str(&self) -> &str;
}

#[diagnostic::do_not_recommend]
impl SqlSafeStr for &'static str {
    fn as_sql_str(&self) -> &str {
        self
    }
}

/// A string its author vouches for as SQL text (never user data: bind values instead).
///
/// ```
/// use orm_core::{AssertSqlSafe, Dialect, sql::Sql};
///
/// let table = "users"; // audited: not user input
/// let mut sql = Sql::new(Dialect::Sqlite);
/// sql.push("SELECT 1 FROM ").push(AssertSqlSafe(format!("\"{table}\"")));
/// assert_eq!(sql.text(), "SELECT 1 FROM \"users\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssertSqlSafe<T>(pub T);

#[diagnostic::do_not_recommend]
impl<T: AsRef<str>> SqlSafeStr for AssertSqlSafe<T> {
    fn as_sql_str(&self) -> &str {
        self.0.as_ref()
    }
}
