//! The catalog queries that read which tables a database has: SQLite's `pragma_*` functions,
//! PostgreSQL's `pg_catalog` in the current schema, MySQL's `information_schema` in the current
//! database. Each backend answers three queries of the same row shape (columns, indexes, foreign
//! keys), which `schema` assembles into its descriptions.
//!
//! A query is a [`Catalog`] node, not a [`Select`](super::Select): the catalogs differ too much
//! for one tree to carry them, so each renderer writes its backend's fixed text
//! ([`SchemaBuilder::prepare_catalog`](super::SchemaBuilder::prepare_catalog)). As a node, the
//! statement still says it only reads ([`Access::Read`](super::Access::Read)), which a
//! [`Statement::Raw`](super::Statement::Raw) could not.

/// One of the catalog queries, each row in the order documented here (flags as `0`/`1`
/// integers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Catalog {
    /// table, column, type, not null, has default, generated, position in the primary key (0: none),
    /// default (its text, or NULL)
    Columns,
    /// table, index, unique, partial, column (NULL for an expression); primary keys left out
    Indexes,
    /// table, constraint, target table, column, target column, ON DELETE, ON UPDATE
    ForeignKeys,
    /// table, check constraint name; SQLite, which keeps no constraint names, gives each table's
    /// `CREATE TABLE` text instead (its names are read from that)
    Checks,
}

/// One backend's text of each query.
pub(super) struct Queries {
    columns: &'static str,
    indexes: &'static str,
    foreign_keys: &'static str,
    checks: &'static str,
}

pub(super) const SQLITE: Queries = Queries {
    columns: "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value IS NOT NULL, 0, p.pk, p.dflt_value \
        FROM sqlite_master m, pragma_table_info(m.name) p \
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid",
    indexes: "SELECT m.name, i.name, i.\"unique\", i.partial, c.name \
        FROM sqlite_master m, pragma_index_list(m.name) i, pragma_index_info(i.name) c \
        WHERE m.type = 'table' AND i.origin <> 'pk' ORDER BY m.name, i.name, c.seqno",
    // SQLite does not keep constraint names; the key's number stands in for one.
    foreign_keys: "SELECT m.name, 'foreign key ' || f.id, f.\"table\", f.\"from\", COALESCE(f.\"to\", ''), f.on_delete, f.on_update \
        FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
        WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq",
    checks: "SELECT m.name, m.sql FROM sqlite_master m \
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql LIKE '%CHECK%' ORDER BY m.name",
};

// `indkey` is an `int2vector`, whose subscripts start at 0.
pub(super) const POSTGRES: Queries = Queries {
    columns: "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), \
        (CASE WHEN a.attnotnull THEN 1 ELSE 0 END)::int8, \
        (CASE WHEN a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '' THEN 1 ELSE 0 END)::int8, \
        (CASE WHEN a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%' THEN 1 ELSE 0 END)::int8, \
        COALESCE(array_position(p.indkey::int2[], a.attnum) + 1, 0)::int8, pg_get_expr(d.adbin, d.adrelid) \
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum \
        LEFT JOIN pg_index p ON p.indrelid = c.oid AND p.indisprimary \
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum",
    indexes: "SELECT t.relname::text, i.relname::text, (CASE WHEN x.indisunique THEN 1 ELSE 0 END)::int8, \
        (CASE WHEN x.indpred IS NOT NULL OR x.indexprs IS NOT NULL THEN 1 ELSE 0 END)::int8, a.attname::text \
        FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid \
        JOIN pg_namespace n ON n.oid = t.relnamespace \
        CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
        WHERE n.nspname = current_schema() AND NOT x.indisprimary AND k.ord <= x.indnkeyatts \
        ORDER BY t.relname, i.relname, k.ord",
    foreign_keys: "SELECT t.relname::text, con.conname::text, \
        CASE WHEN fn.nspname = current_schema() THEN ft.relname::text ELSE fn.nspname || '.' || ft.relname END, \
        a.attname::text, fa.attname::text, con.confdeltype::text, con.confupdtype::text \
        FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
        JOIN pg_class ft ON ft.oid = con.confrelid JOIN pg_namespace fn ON fn.oid = ft.relnamespace \
        CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, fcol, ord) \
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.col \
        JOIN pg_attribute fa ON fa.attrelid = ft.oid AND fa.attnum = k.fcol \
        WHERE con.contype = 'f' AND n.nspname = current_schema() ORDER BY t.relname, con.conname, k.ord",
    checks: "SELECT t.relname::text, c.conname::text FROM pg_constraint c \
        JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
        WHERE c.contype = 'c' AND n.nspname = current_schema() ORDER BY 1, 2",
};

// MariaDB's `JSON` is a `LONGTEXT` with a `json_valid` check: the check tells the two apart. A
// binary collation is part of the type (text keys are `utf8mb4_nopad_bin`, see `Dialect::column_type`).
pub(super) const MYSQL: Queries = Queries {
    columns: "SELECT CAST(c.TABLE_NAME AS CHAR), CAST(c.COLUMN_NAME AS CHAR), \
        CAST(CASE WHEN c.COLUMN_TYPE = 'longtext' AND EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS tc \
            JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
            WHERE tc.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA AND tc.TABLE_NAME = c.TABLE_NAME AND tc.CONSTRAINT_TYPE = 'CHECK' \
            AND cc.CHECK_CLAUSE = CONCAT('json_valid(`', c.COLUMN_NAME, '`)')) THEN 'json' \
            WHEN RIGHT(c.COLLATION_NAME, 4) = '_bin' \
            THEN CONCAT(c.COLUMN_TYPE, ' collate ', c.COLLATION_NAME) \
            ELSE c.COLUMN_TYPE END AS CHAR), \
        CAST(c.IS_NULLABLE = 'NO' AS SIGNED), \
        CAST(c.COLUMN_DEFAULT IS NOT NULL OR c.EXTRA LIKE '%auto_increment%' OR c.EXTRA LIKE '%GENERATED%' AS SIGNED), \
        CAST(c.EXTRA LIKE '%auto_increment%' AS SIGNED), \
        CAST(COALESCE((SELECT s.SEQ_IN_INDEX FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA \
            AND s.TABLE_NAME = c.TABLE_NAME AND s.INDEX_NAME = 'PRIMARY' AND s.COLUMN_NAME = c.COLUMN_NAME), 0) AS SIGNED), \
        CAST(c.COLUMN_DEFAULT AS CHAR) \
        FROM information_schema.COLUMNS c JOIN information_schema.TABLES t \
        ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_TYPE = 'BASE TABLE' \
        WHERE c.TABLE_SCHEMA = DATABASE() ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION",
    indexes: "SELECT CAST(TABLE_NAME AS CHAR), CAST(INDEX_NAME AS CHAR), CAST(NON_UNIQUE = 0 AS SIGNED), \
        CAST(SUB_PART IS NOT NULL OR COLUMN_NAME IS NULL AS SIGNED), CAST(COLUMN_NAME AS CHAR) \
        FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY' \
        ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    foreign_keys: "SELECT CAST(k.TABLE_NAME AS CHAR), CAST(k.CONSTRAINT_NAME AS CHAR), \
        CAST(CASE WHEN k.REFERENCED_TABLE_SCHEMA = DATABASE() THEN k.REFERENCED_TABLE_NAME \
            ELSE CONCAT(k.REFERENCED_TABLE_SCHEMA, '.', k.REFERENCED_TABLE_NAME) END AS CHAR), \
        CAST(k.COLUMN_NAME AS CHAR), CAST(k.REFERENCED_COLUMN_NAME AS CHAR), CAST(r.DELETE_RULE AS CHAR), CAST(r.UPDATE_RULE AS CHAR) \
        FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
        ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME \
        WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
        ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    checks: "SELECT CAST(TABLE_NAME AS CHAR), CAST(CONSTRAINT_NAME AS CHAR) FROM information_schema.TABLE_CONSTRAINTS \
        WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'CHECK' ORDER BY 1, 2",
};

impl Queries {
    /// The text of `query`.
    pub(super) fn text(&self, query: Catalog) -> &'static str {
        match query {
            Catalog::Columns => self.columns,
            Catalog::Indexes => self.indexes,
            Catalog::ForeignKeys => self.foreign_keys,
            Catalog::Checks => self.checks,
        }
    }
}

/// The names of the `CONSTRAINT "name" CHECK` clauses in a SQLite `CREATE TABLE` text (SQLite
/// keeps no catalog of them; the ORM writes its checks in this form).
pub(crate) fn sqlite_check_names(create: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = create;
    while let Some(at) = rest.find("CONSTRAINT \"") {
        rest = &rest[at + 12..];
        let Some(end) = rest.find('"') else { break };
        if rest[end + 1..].trim_start().starts_with("CHECK") {
            out.push(rest[..end].to_owned());
        }
        rest = &rest[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_check_names_are_read_from_the_table_text() {
        let create = r#"CREATE TABLE "t" ("id" INTEGER, CONSTRAINT "t_fk" FOREIGN KEY ("a") REFERENCES "u" ("id"), CONSTRAINT "t_s_check_0a1b2c3d" CHECK ("s" IN ('a')))"#;
        assert_eq!(super::sqlite_check_names(create), ["t_s_check_0a1b2c3d"]);
    }
}
