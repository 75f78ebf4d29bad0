//! The DDL that creates and drops tables described by [`TableDesc`]s, as [`SchemaChange`]
//! nodes (rendered by `sql`).

use super::desc::{ColumnDesc, ColumnTypeDesc, ForeignKeyDesc, TableDesc};
use crate::dialect::Dialect;
use crate::sql::{ColumnSpec, CreateTable, IndexSpec, Name, SchemaChange};

/// `tables` in creation order (every table after the tables it references), given that the
/// tables named in `existing` are there already; and the foreign keys that close a reference
/// cycle (their target comes later), which must be added once every table exists.
pub(crate) fn order<'a>(tables: &[&'a TableDesc], existing: &[&str]) -> (Vec<&'a TableDesc>, Vec<(&'a TableDesc, &'a ForeignKeyDesc)>) {
    let mut done: Vec<&str> = existing.to_vec();
    let mut left: Vec<&'a TableDesc> = tables.to_vec();
    let mut ordered = Vec::with_capacity(left.len());
    let mut closing = Vec::new();
    while !left.is_empty() {
        let waits_for = |t: &TableDesc, fk: &ForeignKeyDesc, left: &[&TableDesc]| {
            fk.target_table != t.name && !done.contains(&fk.target_table.as_str()) && left.iter().any(|l| l.name == fk.target_table)
        };
        let ready = left.iter().position(|t| t.foreign_keys.iter().all(|fk| !waits_for(t, fk, &left)));
        // A reference cycle has no ready table: take the next one as declared, and let the keys
        // that point forward wait.
        let table = left.remove(ready.unwrap_or(0));
        closing.extend(table.foreign_keys.iter().filter(|fk| waits_for(table, fk, &left)).map(|fk| (table, fk)));
        done.push(&table.name);
        ordered.push(table);
    }
    (ordered, closing)
}

/// A wanted column as DDL declares it.
pub(crate) fn column(column: &ColumnDesc) -> ColumnSpec {
    let ColumnTypeDesc::Model { ty, indexed } = column.ty else {
        unreachable!("the tables created are the models', whose columns have the models' types")
    };
    ColumnSpec {
        name: column.name.clone().into(),
        ty,
        nullable: column.nullable,
        generated_key: column.generated,
        indexed,
        default: column.default_value().cloned(),
    }
}

fn names(names: &[String]) -> Vec<Name> {
    names.iter().map(|n| n.clone().into()).collect()
}

/// The `CREATE TABLE` of `table` without the foreign keys `later` holds back.
fn create_table(table: &TableDesc, later: impl Fn(&ForeignKeyDesc) -> bool) -> CreateTable {
    let mut create =
        CreateTable::new(table.name.clone(), table.columns.iter().map(column).collect()).primary_key(names(&table.primary_key));
    for fk in table.foreign_keys.iter().filter(|fk| !later(fk)) {
        create = create.foreign_key(fk.into());
    }
    for index in &table.indexes {
        create = create.index(IndexSpec::new(index.name.clone(), names(&index.columns), index.unique));
    }
    for check in &table.checks {
        create = create.check(check.into());
    }
    create
}

/// The tables and indexes of `tables`, the tables named in `existing` being there already. Keys
/// that close a reference cycle are added at the end where the backend can (it checks a key's
/// target when the table is created); SQLite keeps them inline, as it checks targets only when
/// rows are written.
pub(crate) fn create(dialect: Dialect, tables: &[&TableDesc], existing: &[&str]) -> Vec<SchemaChange> {
    let (ordered, closing) = order(tables, existing);
    let later = |t: &TableDesc, fk: &ForeignKeyDesc| {
        dialect.alters_constraints() && closing.iter().any(|(c, f)| c.name == t.name && f.name == fk.name)
    };
    let mut out = Vec::new();
    for table in ordered {
        let create = create_table(table, |fk| later(table, fk));
        let indexes = create.separate_indexes(dialect);
        out.push(SchemaChange::CreateTable(create));
        out.extend(indexes);
    }
    for &(table, fk) in closing.iter().filter(|(t, fk)| later(t, fk)) {
        out.push(SchemaChange::AddForeignKey { table: table.name.clone().into(), foreign_key: fk.into() });
    }
    out
}

/// Drops `tables` (as the catalog has them), dependents first. The keys that close a reference
/// cycle are dropped before any table; SQLite, which cannot drop a constraint, defers its key
/// checks to the end of the transaction instead.
pub(crate) fn drop(dialect: Dialect, tables: &[&TableDesc]) -> Vec<SchemaChange> {
    let (ordered, closing) = order(tables, &[]);
    let mut out = Vec::new();
    if !closing.is_empty() {
        if dialect.alters_constraints() {
            for (table, fk) in closing {
                out.push(SchemaChange::DropForeignKey { table: table.name.clone().into(), name: fk.name.clone().into() });
            }
        } else {
            out.push(SchemaChange::DeferForeignKeys);
        }
    }
    for table in ordered.into_iter().rev() {
        out.push(SchemaChange::DropTable { name: table.name.clone().into() });
    }
    out
}

#[cfg(test)]
#[path = "ddl_tests.rs"]
mod tests;
