//! The differ: a pure function from the schema the models need and the schema a database has
//! to the list of [`Change`]s between them.

use super::change::Change;
use super::desc::TableDesc;
use super::names::{self, Kind};
use crate::dialect::Dialect;
use crate::error::Dependent;
use crate::sql::literal::same_default;

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|c| b.contains(c))
}

/// `found` with its names spelled as `wanted` spells them where the backend does not tell
/// case apart (column names on SQLite and MySQL, table names on SQLite), so that the comparisons
/// after it can be exact.
pub(crate) fn align(dialect: Dialect, wanted: &[TableDesc], found: &[TableDesc]) -> Vec<TableDesc> {
    let respell = |name: &mut String, known: &[String]| {
        if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
            name.clone_from(k);
        }
    };
    let mut found = found.to_vec();
    if dialect.folds_table_case() {
        let tables: Vec<String> = wanted.iter().map(|w| w.name.clone()).collect();
        for table in &mut found {
            respell(&mut table.name, &tables);
            for fk in &mut table.foreign_keys {
                respell(&mut fk.target_table, &tables);
            }
        }
    }
    if dialect.folds_column_case() {
        let columns_of = |table: &str| -> Vec<String> {
            wanted.iter().filter(|w| w.name == table).flat_map(|w| w.columns.iter().map(|c| c.name.clone())).collect()
        };
        for table in &mut found {
            let own = columns_of(&table.name);
            let names = table.columns.iter_mut().map(|c| &mut c.name).chain(table.primary_key.iter_mut());
            let names = names.chain(table.indexes.iter_mut().flat_map(|i| i.columns.iter_mut()));
            for name in names.chain(table.foreign_keys.iter_mut().flat_map(|f| f.columns.iter_mut())) {
                respell(name, &own);
            }
            for fk in &mut table.foreign_keys {
                let target = columns_of(&fk.target_table);
                for name in &mut fk.target_columns {
                    respell(name, &target);
                }
            }
        }
    }
    found
}

/// Every change from `found` (as [`introspect`](super::introspect) reads it) to `wanted`, table
/// by table in `wanted`'s order: a missing table is one [`Change::AddTable`]; a table that
/// exists is compared with its wanted one (names first aligned by [`align`]).
///
/// Compared: every wanted column (type through [`Dialect::normalize_type`], nullability), the
/// primary key (and that the database generates it when the model expects so), every foreign
/// key (target and actions), every unique index. A found column the model does not know is a
/// change only when it is `NOT NULL` without a default (no insert of the model could succeed);
/// found foreign keys and unique indexes the model does not know are changes (they refuse writes
/// the model expects to succeed); other found indexes are left alone.
pub(crate) fn diff(dialect: Dialect, wanted: &[TableDesc], found: &[TableDesc]) -> Vec<Change> {
    let found = align(dialect, wanted, found);
    let mut out = Vec::new();
    for want in wanted {
        let have = match found.iter().find(|f| f.name == want.name) {
            Some(have) => have,
            None => {
                // `renamed_from`: the old table, unless a model still wants that name.
                let old = want.renamed_from.as_ref().filter(|old| !wanted.iter().any(|w| &w.name == *old));
                match old.and_then(|old| found.iter().find(|f| &f.name == old)) {
                    Some(have) => {
                        out.push(Change::RenameTable { model: want.model, from: have.name.clone(), to: want.name.clone() });
                        have
                    }
                    None => {
                        out.push(Change::AddTable(want.clone()));
                        continue;
                    }
                }
            }
        };
        columns(dialect, want, have, &mut out);
        keys(want, have, &mut out);
        foreign_keys(want, have, &mut out);
        indexes(dialect, want, have, &mut out);
        checks(want, have, &mut out);
    }
    out
}

/// An enum column's check must be there by name (the name hashes the values); a check named as
/// the ORM names one that no wanted check has is dropped (another list of values). Other checks
/// (MariaDB's `json_valid`, a DBA's) are left alone.
fn checks(want: &TableDesc, have: &TableDesc, out: &mut Vec<Change>) {
    let (model, table) = (want.model, &want.name);
    let folded = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    for check in &want.checks {
        if !have.checks.iter().any(|c| folded(&c.name, &check.name)) {
            out.push(Change::AddCheck { model, table: table.clone(), check: check.clone() });
        }
    }
    for check in have.checks.iter().filter(|c| names::is_generated_check(&c.name)) {
        if !want.checks.iter().any(|c| folded(&c.name, &check.name)) {
            out.push(Change::DropCheck { model, table: table.clone(), name: check.name.clone() });
        }
    }
}

fn columns(dialect: Dialect, want: &TableDesc, have: &TableDesc, out: &mut Vec<Change>) {
    let (model, table) = (want.model, &want.name);
    let mut renamed: Vec<&str> = Vec::new();
    for column in &want.columns {
        let got = match have.column(&column.name) {
            Some(got) => got,
            None => {
                let old = column.renamed_from.as_deref().filter(|old| want.column(old).is_none());
                match old.and_then(|old| have.column(old)) {
                    Some(got) => {
                        renamed.push(&got.name);
                        out.push(Change::RenameColumn { model, table: table.clone(), from: got.name.clone(), to: column.name.clone() });
                        got
                    }
                    None => {
                        out.push(Change::AddColumn { model, table: table.clone(), column: column.clone() });
                        continue;
                    }
                }
            }
        };
        if !column.ty.same(&got.ty, dialect) {
            let (wanted, found) = (column.ty.clone(), got.ty.clone());
            out.push(Change::AlterType { model, table: table.clone(), column: column.name.clone(), wanted, found });
        }
        if column.nullable != got.nullable {
            let (wanted, found) = (column.nullable, got.nullable);
            out.push(Change::AlterNullability { model, table: table.clone(), column: column.name.clone(), wanted, found });
        }
        if !column.generated && !same_default(dialect, column.default_value(), got.default_text()) {
            let found = got.default_text().map(str::to_owned);
            out.push(Change::AlterDefault { model, table: table.clone(), column: column.clone(), found });
        }
    }
    for got in &have.columns {
        if want.column(&got.name).is_none() && !renamed.contains(&got.name.as_str()) {
            let blocks_inserts = !got.nullable && !got.has_default;
            out.push(Change::DropColumn { model, table: table.clone(), column: got.clone(), blocks_inserts });
        }
    }
}

fn keys(want: &TableDesc, have: &TableDesc, out: &mut Vec<Change>) {
    let (model, table) = (want.model, want.name.clone());
    if !same_set(&want.primary_key, &have.primary_key) {
        out.push(Change::PrimaryKey { model, table, wanted: want.primary_key.clone(), found: have.primary_key.clone() });
    } else if want.generated_key()
        && !have.generated_key()
        && let Some(column) = want.primary_key.first()
    {
        out.push(Change::GenerateKey { model, table, column: column.clone() });
    }
}

fn foreign_keys(want: &TableDesc, have: &TableDesc, out: &mut Vec<Change>) {
    let (model, table) = (want.model, &want.name);
    for fk in &want.foreign_keys {
        match have.foreign_keys.iter().find(|f| same_set(&f.columns, &fk.columns)) {
            None => out.push(Change::AddForeignKey { model, table: table.clone(), key: fk.clone() }),
            Some(got) => {
                let same = got.target_table == fk.target_table
                    && got.target_columns == fk.target_columns
                    && got.on_delete == fk.on_delete
                    && got.on_update == fk.on_update;
                if !same {
                    out.push(Change::AlterForeignKey { model, table: table.clone(), wanted: fk.clone(), found: got.clone() });
                }
            }
        }
    }
    for got in &have.foreign_keys {
        if !want.foreign_keys.iter().any(|f| same_set(&f.columns, &got.columns)) {
            out.push(Change::DropForeignKey { model, table: table.clone(), key: got.clone() });
        }
    }
}

/// Unique indexes are compared both ways (one the model does not declare refuses its writes);
/// a wanted plain index must be there (any index on the same columns in the same order serves);
/// a found plain index is dropped only when it bears the name the ORM gives one and the model
/// no longer declares it (indexes a DBA added are left alone).
fn indexes(dialect: Dialect, want: &TableDesc, have: &TableDesc, out: &mut Vec<Change>) {
    let (model, table) = (want.model, &want.name);
    let unique_in = |t: &TableDesc, cols: &[String]| t.indexes.iter().any(|i| i.unique && !i.partial && same_set(&i.columns, cols));
    let index_in = |t: &TableDesc, cols: &[String]| t.indexes.iter().any(|i| !i.partial && i.columns == cols);
    for index in &want.indexes {
        let there = if index.unique { unique_in(have, &index.columns) } else { index_in(have, &index.columns) };
        if !there {
            out.push(Change::AddIndex { model, table: table.clone(), index: index.clone() });
        }
    }
    for index in have.indexes.iter().filter(|i| !i.partial) {
        let drop = if index.unique {
            !unique_in(want, &index.columns) && !same_set(&index.columns, &want.primary_key)
        } else {
            let columns: Vec<&str> = index.columns.iter().map(String::as_str).collect();
            let ours = index.name == names::generated(dialect, table, &columns, Kind::Index);
            ours && !want.indexes.iter().any(|i| !i.unique && i.columns == index.columns)
        };
        if drop {
            out.push(Change::DropIndex { model, table: table.clone(), index: index.clone() });
        }
    }
}

/// The found tables outside `wanted` whose foreign keys reference a table of `wanted`: dropping
/// that table would drop the key (PostgreSQL `CASCADE`), delete or orphan their rows (SQLite), or
/// fail half-way (MySQL).
pub(crate) fn dependents(wanted: &[TableDesc], found: &[TableDesc]) -> Vec<Dependent> {
    let mut out = Vec::new();
    for table in found.iter().filter(|f| !wanted.iter().any(|w| w.name == f.name)) {
        for fk in &table.foreign_keys {
            if let Some(target) = wanted.iter().find(|w| w.name == fk.target_table) {
                out.push(Dependent {
                    table: table.name.clone(),
                    constraint: fk.name.clone(),
                    model: target.model,
                    references: target.name.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
