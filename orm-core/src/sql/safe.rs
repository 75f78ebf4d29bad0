//! What may become SQL text: a literal in the program, or a string its author vouches for.

/// Text that may be appended to a statement as SQL: a `&'static str` (a literal in the program),
/// or a runtime string wrapped in [`AssertSqlSafe`]. A plain `String`, which could carry user
/// input, is not.
#[diagnostic::on_unimplemented(
    message = "dynamic SQL strings should be audited for possible injections",
    label = "dynamic SQL string",
    note = "write the SQL as a literal and bind the data as values; wrap text you audited in `AssertSqlSafe(..)`"
)]
pub trait SqlSafeStr {
    /// The text.
    fn as_sql_str(&self) -> &str;
}

// The error's note says which to use: rustc's list of impls would offer `&str`, any string.
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
