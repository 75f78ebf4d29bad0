//! Definitions spelled as SQL for people to read (names unquoted, no dialect): the schema
//! differ's messages quote a column, a key or a foreign key this way.

use super::schema_change::ForeignKeySpec;

/// `NULL` or `NOT NULL`.
pub(crate) fn nullability(nullable: bool) -> &'static str {
    if nullable { "NULL" } else { "NOT NULL" }
}

/// A column's type and nullability: `BIGINT NOT NULL`.
pub(crate) fn column(ty: &str, nullable: bool) -> String {
    format!("{ty} {}", nullability(nullable))
}

/// `DEFAULT 0`, or "no default".
pub(crate) fn default(value: Option<&dyn std::fmt::Display>) -> String {
    value.map_or_else(|| "no default".to_owned(), |v| format!("DEFAULT {v}"))
}

/// `UNIQUE (a, b)` or `INDEX (a, b)`.
pub(crate) fn index(columns: &[String], unique: bool) -> String {
    format!("{} ({})", if unique { "UNIQUE" } else { "INDEX" }, columns.join(", "))
}

/// `CHECK (status IN ('open', 'closed'))`.
pub(crate) fn check(column: &str, values: &[String]) -> String {
    let values: Vec<String> = values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect();
    format!("CHECK ({column} IN ({}))", values.join(", "))
}

/// `PRIMARY KEY (a, b)`.
pub(crate) fn primary_key(columns: &[String]) -> String {
    format!("PRIMARY KEY ({})", columns.join(", "))
}

/// `FOREIGN KEY (a) REFERENCES t (id) ON DELETE CASCADE ON UPDATE NO ACTION`.
pub(crate) fn foreign_key(fk: &ForeignKeySpec) -> String {
    format!(
        "FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
        fk.columns.join(", "),
        fk.target_table,
        fk.target_columns.join(", "),
        fk.on_delete.sql(),
        fk.on_update.sql()
    )
}

#[cfg(test)]
mod tests {
    use super::super::{FkAction, ForeignKeySpec};

    #[test]
    fn definitions_read_as_sql() {
        assert_eq!(super::column("integer", false), "integer NOT NULL");
        assert_eq!(super::column("TEXT", true), "TEXT NULL");
        assert_eq!(super::primary_key(&["a".into(), "b".into()]), "PRIMARY KEY (a, b)");
        let fk = ForeignKeySpec {
            name: "fk".into(),
            columns: vec!["user_id".into()],
            target_table: "users".into(),
            target_columns: vec!["id".into()],
            on_delete: FkAction::SetNull,
            on_update: FkAction::Cascade,
        };
        assert_eq!(super::foreign_key(&fk), "FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE");
    }
}
