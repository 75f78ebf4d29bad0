//! Reading the tables a database has from its catalog: SQLite's `pragma_*` functions,
//! PostgreSQL's `pg_catalog` in the current schema, MySQL's `information_schema` in the current
//! database. Each backend answers three queries of the same shape (columns, indexes, foreign
//! keys), assembled here into [`TableDesc`]s.

use super::desc::{ColumnDesc, ColumnTypeDesc, FkAction, ForeignKeyDesc, IndexDesc, TableDesc};
use crate::backend::{Connection, fetch_map};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::sql::Sql;

struct Queries {
    /// table, column, type, not null, has default, generated, position in the primary key (0: none)
    columns: &'static str,
    /// table, index, unique, partial, column (NULL for an expression); primary keys left out
    indexes: &'static str,
    /// table, constraint, target table, column, target column, ON DELETE, ON UPDATE
    foreign_keys: &'static str,
}

const SQLITE: Queries = Queries {
    columns: "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value IS NOT NULL, 0, p.pk \
        FROM sqlite_master m, pragma_table_info(m.name) p \
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid",
    indexes: "SELECT m.name, i.name, i.\"unique\", i.partial, c.name \
        FROM sqlite_master m, pragma_index_list(m.name) i, pragma_index_info(i.name) c \
        WHERE m.type = 'table' AND i.origin <> 'pk' ORDER BY m.name, i.name, c.seqno",
    // SQLite does not keep constraint names; the key's number stands in for one.
    foreign_keys: "SELECT m.name, 'foreign key ' || f.id, f.\"table\", f.\"from\", COALESCE(f.\"to\", ''), f.on_delete, f.on_update \
        FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
        WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq",
};

// `indkey` is an `int2vector`, whose subscripts start at 0.
const POSTGRES: Queries = Queries {
    columns: "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), \
        (CASE WHEN a.attnotnull THEN 1 ELSE 0 END)::int8, \
        (CASE WHEN a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '' THEN 1 ELSE 0 END)::int8, \
        (CASE WHEN a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%' THEN 1 ELSE 0 END)::int8, \
        COALESCE(array_position(p.indkey::int2[], a.attnum) + 1, 0)::int8 \
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
};

// MariaDB's `JSON` is a `LONGTEXT` with a `json_valid` check: the check tells the two apart.
const MYSQL: Queries = Queries {
    columns: "SELECT CAST(c.TABLE_NAME AS CHAR), CAST(c.COLUMN_NAME AS CHAR), \
        CAST(CASE WHEN c.COLUMN_TYPE = 'longtext' AND EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS tc \
            JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
            WHERE tc.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA AND tc.TABLE_NAME = c.TABLE_NAME AND tc.CONSTRAINT_TYPE = 'CHECK' \
            AND cc.CHECK_CLAUSE = CONCAT('json_valid(`', c.COLUMN_NAME, '`)')) THEN 'json' ELSE c.COLUMN_TYPE END AS CHAR), \
        CAST(c.IS_NULLABLE = 'NO' AS SIGNED), \
        CAST(c.COLUMN_DEFAULT IS NOT NULL OR c.EXTRA LIKE '%auto_increment%' OR c.EXTRA LIKE '%GENERATED%' AS SIGNED), \
        CAST(c.EXTRA LIKE '%auto_increment%' AS SIGNED), \
        CAST(COALESCE((SELECT s.SEQ_IN_INDEX FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA \
            AND s.TABLE_NAME = c.TABLE_NAME AND s.INDEX_NAME = 'PRIMARY' AND s.COLUMN_NAME = c.COLUMN_NAME), 0) AS SIGNED) \
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
};

/// A referential action as the catalog spells it: PostgreSQL by one letter, the others in words.
fn action(dialect: Dialect, text: &str) -> FkAction {
    match (dialect, text) {
        (Dialect::Postgres, "a") => FkAction::NoAction,
        (Dialect::Postgres, "r") => FkAction::Restrict,
        (Dialect::Postgres, "c") => FkAction::Cascade,
        (Dialect::Postgres, "n") => FkAction::SetNull,
        (Dialect::Postgres, "d") => FkAction::SetDefault,
        // The three catalogs report no other action; were one to, it reads as SQL's default.
        _ => FkAction::parse(text).unwrap_or(FkAction::NoAction),
    }
}

/// The table named `name` in `tables`, added (empty) if it is not there yet.
fn table<'a>(tables: &'a mut Vec<TableDesc>, name: &str) -> &'a mut TableDesc {
    let i = match tables.iter().position(|t| t.name == name) {
        Some(i) => i,
        None => {
            tables.push(TableDesc {
                model: "",
                name: name.to_owned(),
                columns: Vec::new(),
                primary_key: Vec::new(),
                foreign_keys: Vec::new(),
                indexes: Vec::new(),
            });
            tables.len() - 1
        }
    };
    &mut tables[i]
}

type ColumnRow = (String, String, String, i64, i64, i64, i64);
type IndexRow = (String, String, i64, i64, Option<String>);
type ForeignKeyRow = (String, String, String, String, String, String, String);

/// Every table of the current schema (database) with its columns, keys and indexes.
pub(crate) async fn read(conn: &mut dyn Connection) -> Result<Vec<TableDesc>> {
    let dialect = conn.dialect();
    let queries = match dialect {
        Dialect::Sqlite => &SQLITE,
        Dialect::Postgres => &POSTGRES,
        Dialect::MySql => &MYSQL,
    };
    let columns: Vec<ColumnRow> = fetch_map(conn, Sql::raw(dialect, queries.columns.into()), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
    })
    .await?;
    let indexes: Vec<IndexRow> =
        fetch_map(conn, Sql::raw(dialect, queries.indexes.into()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).await?;
    let foreign_keys: Vec<ForeignKeyRow> = fetch_map(conn, Sql::raw(dialect, queries.foreign_keys.into()), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
    })
    .await?;
    Ok(assemble(dialect, columns, indexes, foreign_keys))
}

fn assemble(dialect: Dialect, columns: Vec<ColumnRow>, indexes: Vec<IndexRow>, foreign_keys: Vec<ForeignKeyRow>) -> Vec<TableDesc> {
    let mut tables: Vec<TableDesc> = Vec::new();
    let mut key_positions: Vec<(String, i64, String)> = Vec::new();
    for (t, name, ty, not_null, has_default, generated, pk) in columns {
        let table = table(&mut tables, &t);
        if pk > 0 {
            key_positions.push((t, pk, name.clone()));
        }
        table.columns.push(ColumnDesc {
            name,
            ty: ColumnTypeDesc::Catalog(ty),
            nullable: not_null == 0,
            has_default: has_default != 0 || generated != 0,
            generated: generated != 0,
        });
    }
    key_positions.sort();
    for (t, _, name) in key_positions {
        table(&mut tables, &t).primary_key.push(name);
    }
    if dialect == Dialect::Sqlite {
        // A single `INTEGER PRIMARY KEY` is the rowid: generated, and never NULL whatever its
        // declaration says.
        for table in &mut tables {
            if let [key] = table.primary_key.as_slice()
                && let Some(column) = table.columns.iter_mut().find(|c| &c.name == key)
                && matches!(&column.ty, ColumnTypeDesc::Catalog(ty) if ty.eq_ignore_ascii_case("integer"))
            {
                column.nullable = false;
                column.has_default = true;
                column.generated = true;
            }
        }
    }
    for (t, name, unique, partial, column) in indexes {
        let table = table(&mut tables, &t);
        if table.indexes.last().is_none_or(|i| i.name != name) {
            table.indexes.push(IndexDesc { name, columns: Vec::new(), unique: unique != 0, partial: false });
        }
        let index = table.indexes.last_mut().expect("pushed above");
        index.partial |= partial != 0 || column.is_none();
        index.columns.extend(column);
    }
    for (t, name, target, column, target_column, on_delete, on_update) in foreign_keys {
        // SQLite leaves the target column out of a key that references the primary key.
        let target_column = match target_column.is_empty() {
            true => tables.iter().find(|x| x.name == target).and_then(|x| x.primary_key.first().cloned()).unwrap_or_default(),
            false => target_column,
        };
        let table = table(&mut tables, &t);
        if table.foreign_keys.last().is_none_or(|f| f.name != name) {
            table.foreign_keys.push(ForeignKeyDesc {
                name,
                columns: Vec::new(),
                target_table: target,
                target_columns: Vec::new(),
                on_delete: action(dialect, &on_delete),
                on_update: action(dialect, &on_update),
            });
        }
        let fk = table.foreign_keys.last_mut().expect("pushed above");
        fk.columns.push(column);
        fk.target_columns.push(target_column);
    }
    tables
}
