//! Reading the tables a database has from its catalog: the three [`Catalog`] queries (columns,
//! indexes, foreign keys; their text per backend is `sql`'s), whose rows are assembled here into
//! [`TableDesc`]s.

use super::desc::{CheckDesc, ColumnDesc, ColumnTypeDesc, DefaultDesc, FkAction, ForeignKeyDesc, IndexDesc, TableDesc};
use crate::backend::{Connection, fetch_map};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::sql::Catalog;

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
                renamed_from: None,
                checks: Vec::new(),
            });
            tables.len() - 1
        }
    };
    &mut tables[i]
}

type ColumnRow = (String, String, String, i64, i64, i64, i64, Option<String>);
type IndexRow = (String, String, i64, i64, Option<String>);
type ForeignKeyRow = (String, String, String, String, String, String, String);

/// Every table of the current schema (database) with its columns, keys and indexes.
pub(crate) async fn read(conn: &mut dyn Connection) -> Result<Vec<TableDesc>> {
    let dialect = conn.dialect();
    let columns: Vec<ColumnRow> =
        fetch_map(conn, Catalog::Columns, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))
            .await?;
    let indexes: Vec<IndexRow> = fetch_map(conn, Catalog::Indexes, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).await?;
    let foreign_keys: Vec<ForeignKeyRow> =
        fetch_map(conn, Catalog::ForeignKeys, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
            .await?;
    let checks: Vec<(String, String)> = fetch_map(conn, Catalog::Checks, |r| Ok((r.get(0)?, r.get(1)?))).await?;
    let mut tables = assemble(dialect, columns, indexes, foreign_keys);
    for (t, text) in checks {
        let names = if dialect == Dialect::Sqlite { crate::sql::sqlite_check_names(&text) } else { vec![text] };
        if let Some(table) = tables.iter_mut().find(|x| x.name == t) {
            table.checks.extend(names.into_iter().map(|name| CheckDesc { name, column: String::new(), values: Vec::new() }));
        }
    }
    Ok(tables)
}

fn assemble(dialect: Dialect, columns: Vec<ColumnRow>, indexes: Vec<IndexRow>, foreign_keys: Vec<ForeignKeyRow>) -> Vec<TableDesc> {
    let mut tables: Vec<TableDesc> = Vec::new();
    let mut key_positions: Vec<(String, i64, String)> = Vec::new();
    for (t, name, ty, not_null, has_default, generated, pk, default) in columns {
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
            default: default.map(DefaultDesc::Catalog),
            renamed_from: None,
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
