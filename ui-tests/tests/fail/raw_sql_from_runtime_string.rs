// Raw SQL text is a `&'static str` or wrapped in `AssertSqlSafe`: a `String` built at run time
// (which could carry user input) is refused.
use orm_core::sql::Sql;
use orm_core::Dialect;

fn main() {
    let name = String::from("x' OR '1' = '1");
    let mut sql = Sql::new(Dialect::Sqlite);
    sql.push(format!("SELECT * FROM users WHERE name = '{name}'"));
}
