//! MySQL/MariaDB: multi-table `UPDATE`/`DELETE`, `JSON_TABLE` for long lists, `ON DUPLICATE
//! KEY UPDATE`, indexes inside `CREATE TABLE`, `DROP FOREIGN KEY`, `MODIFY COLUMN`.

use super::super::Sql;
use super::super::catalog::{self, Catalog};
use super::super::delete::Delete;
use super::super::insert::{ConflictAction, OnConflict};
use super::super::schema_change::{ColumnSpec, IndexSpec};
use super::super::tree::ListOf;
use super::super::update::Update;
use super::list::{JsonKind, json_list, json_rows};
use super::{QueryBuilder, SchemaBuilder};
use crate::sql::AssertSqlSafe;
use crate::value::{SqlType, Value};

/// What the ORM's MySQL pools run on each new connection (`mysql::pool_options`): a strict
/// session, so that a value that does not fit its column is an error rather than cut short.
#[cfg(feature = "mysql")]
pub(crate) const MYSQL_STRICT_SESSION: &str = "SET SESSION sql_mode = TRIM(BOTH ',' FROM CONCAT(@@SESSION.sql_mode, ',STRICT_ALL_TABLES'))";

/// Renders statements for MariaDB and MySQL.
#[derive(Clone, Copy, Debug, Default)]
pub struct MySqlBuilder;

impl QueryBuilder for MySqlBuilder {
    /// MySQL's largest LIMIT is an unsigned 64-bit number; a bound i64 cannot say it.
    fn prepare_no_limit(&self, sql: &mut Sql) {
        sql.push("18446744073709551615");
    }

    /// `IN (SELECT v FROM JSON_TABLE(?, …))`. The column `v` must be a type MariaDB can index
    /// when it materializes the list (`LONGTEXT` is not: a list inside an `OR` then ran once per
    /// row, minutes over 35,000 text keys): text keys are `VARCHAR` as long as the longest value,
    /// in the keys' own binary NO PAD collation (see `Dialect::column_type`), and hex text too.
    /// Text a caller compares with (`ListOf::Values`) keeps `LONGTEXT` in the default collation,
    /// so a long list compares as a short one does.
    fn prepare_long_in_list(&self, column: &'static str, values: &[Value], of: ListOf, sql: &mut Sql) -> bool {
        let Some((json, kind)) = json_list(values, sql.dialect) else { return false };
        // The JSON text is one parameter: its values are checked one by one here.
        sql.check_list(column, values);
        sql.push(if kind == JsonKind::Hex { " IN (SELECT UNHEX(v) FROM JSON_TABLE(" } else { " IN (SELECT v FROM JSON_TABLE(" });
        sql.bind(Value::Text(json)).push(", '$[*]' COLUMNS (v ");
        match (kind, of) {
            (JsonKind::Hex, _) | (JsonKind::Text, ListOf::Keys) => {
                let longest = values.iter().map(json_text_len).max().unwrap_or(1);
                match bounded_text(longest, kind == JsonKind::Hex) {
                    Some(ty) => sql.push(AssertSqlSafe(ty)),
                    None => sql.push(kind.mysql_type()),
                };
            }
            _ => {
                sql.push(kind.mysql_type());
            }
        }
        sql.push(" PATH '$')) AS `__orm_list`)");
        true
    }

    fn prepare_long_in_rows(&self, table: &str, names: &[&'static str], columns: &[Vec<Value>], sql: &mut Sql) -> bool {
        let Some((json, kinds)) = json_rows(columns, sql.dialect) else { return false };
        for (name, column) in names.iter().zip(columns) {
            sql.check_list(name, column);
        }
        sql.push("(").list(names, |s, name| {
            s.qualified(table, name);
        });
        sql.push(") IN (SELECT ");
        for (i, kind) in kinds.iter().enumerate() {
            sql.push(if i == 0 { "" } else { ", " });
            sql.push(if *kind == JsonKind::Hex { "UNHEX(c" } else { "(c" }).push(AssertSqlSafe(i.to_string())).push(")");
        }
        sql.push(" FROM JSON_TABLE(").bind(Value::Text(json)).push(", '$[*]' COLUMNS (");
        for (i, kind) in kinds.iter().enumerate() {
            sql.push(if i == 0 { "c" } else { ", c" }).push(AssertSqlSafe(i.to_string())).push(" ").push(kind.mysql_type());
            sql.push(" PATH '$[").push(AssertSqlSafe(i.to_string())).push("]'");
        }
        sql.push(")) AS `__orm_list`)");
        true
    }

    /// `() VALUES (), ()`: MySQL needs no placeholder.
    fn generated_key_placeholder(&self) -> Option<&'static str> {
        None
    }

    /// `ON DUPLICATE KEY UPDATE`; doing nothing is setting a key to itself.
    fn prepare_on_conflict(&self, c: &OnConflict, sql: &mut Sql) {
        sql.push(" ON DUPLICATE KEY UPDATE ");
        match &c.action {
            ConflictAction::DoNothing => {
                let key = c.keys.first().map_or("", |k| k);
                sql.ident(key).push(" = ").ident(key);
            }
            ConflictAction::Update(columns) => {
                sql.list(columns, |s, c| {
                    s.ident(c).push(" = VALUES(").ident(c).push(")");
                });
            }
        }
    }

    /// The multi-table form (`UPDATE t, (SELECT 1) AS …`): MariaDB before 11.1 runs an
    /// `IN (SELECT …)` of a single-table `UPDATE` once per row, and only the multi-table form
    /// materializes it once (70,000 keys: minutes against a second).
    fn prepare_update_table(&self, u: &Update, sql: &mut Sql) {
        sql.push("UPDATE ");
        self.prepare_table(&u.table, sql);
        if !u.single_table {
            sql.push(", (SELECT 1) AS `__orm_one`");
        }
    }

    /// The multi-table form `DELETE t FROM t`, for the reason given at
    /// [`MySqlBuilder::prepare_update_table`].
    fn prepare_delete_from(&self, d: &Delete, sql: &mut Sql) {
        sql.push("DELETE ");
        if !d.single_table {
            sql.ident(d.table.qualifier()).push(" ");
        }
        sql.push("FROM ");
        self.prepare_table(&d.table, sql);
    }
}

/// How many characters a value takes as JSON text ([`JsonKind::Text`] or [`JsonKind::Hex`]).
fn json_text_len(v: &Value) -> usize {
    match v {
        Value::Text(t) => t.chars().count(),
        Value::Bytes(b) => 2 * b.len(),
        #[cfg(feature = "uuid")]
        Value::Uuid(_) => 32,
        _ => 1,
    }
}

/// `VARCHAR(n)` for text of at most `longest` characters (hex as ASCII, keys as their columns'
/// collation), or `None` past what a `VARCHAR` of utf8mb4 holds (such a value matches no key).
fn bounded_text(longest: usize, hex: bool) -> Option<String> {
    let n = longest.max(1);
    if hex {
        Some(format!("VARCHAR({}) CHARACTER SET ascii", n.max(2)))
    } else if n <= 16_000 {
        Some(format!("VARCHAR({n}) COLLATE utf8mb4_nopad_bin"))
    } else {
        None
    }
}

impl SchemaBuilder for MySqlBuilder {
    fn auto_increment_key(&self, ty: SqlType) -> &'static str {
        match ty {
            SqlType::SmallInt => "SMALLINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
            SqlType::Int => "INT NOT NULL AUTO_INCREMENT PRIMARY KEY",
            _ => "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
        }
    }

    /// MySQL spells `NULL` out.
    fn nullability(&self, nullable: bool) -> &'static str {
        if nullable { " NULL" } else { " NOT NULL" }
    }

    /// MySQL has no CREATE INDEX IF NOT EXISTS, and a key it would make for a foreign key is
    /// better named by us: its indexes go inside the table.
    fn prepare_inline_indexes(&self, indexes: &[IndexSpec], sql: &mut Sql) {
        for index in indexes {
            sql.push(if index.unique { ", UNIQUE KEY " } else { ", KEY " }).ident(&index.name).push(" (");
            sql.list(&index.columns, |s, c| {
                s.ident(c);
            });
            sql.push(")");
        }
    }

    fn prepare_drop_index(&self, table: &str, name: &str, sql: &mut Sql) {
        sql.push("DROP INDEX ").ident(name).push(" ON ").ident(table);
    }

    /// `MODIFY COLUMN` restates the whole column.
    fn prepare_alter_column(&self, table: &str, c: &ColumnSpec, sql: &mut Sql) {
        sql.push("ALTER TABLE ").ident(table).push(" MODIFY COLUMN ");
        self.prepare_column_def(c, sql);
    }

    fn prepare_drop_foreign_key(&self, name: &str, sql: &mut Sql) {
        sql.push("DROP FOREIGN KEY ").ident(name);
    }

    fn prepare_catalog(&self, query: Catalog, sql: &mut Sql) {
        sql.push(catalog::MYSQL.text(query));
    }
}
