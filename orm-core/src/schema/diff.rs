//! The differ: a pure function from the schema the models need and the schema a database has
//! to the tables to create and every difference in the tables that exist.

use super::desc::{ForeignKeyDesc, TableDesc, list};
use crate::dialect::Dialect;
use crate::error::{Dependent, SchemaDifference};

/// What `sync` has to do.
#[derive(Debug)]
pub(crate) struct Diff<'a> {
    /// Wanted tables the database does not have.
    pub missing: Vec<&'a TableDesc>,
    /// Wanted tables the database has.
    pub present: Vec<&'a TableDesc>,
    /// How the tables it has differ from the wanted ones.
    pub differences: Vec<SchemaDifference>,
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|c| b.contains(c))
}

fn describe_fk(fk: &ForeignKeyDesc) -> String {
    format!(
        "FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
        list(&fk.columns),
        fk.target_table,
        list(&fk.target_columns),
        fk.on_delete,
        fk.on_update
    )
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

/// Compares each wanted table with the found table of the same name.
///
/// Checked: every wanted column (type through [`Dialect::normalize_type`], nullability), the
/// primary key (and that the database generates it when the model expects so), every foreign
/// key (target and actions), every unique index. A found column the model does not know is a
/// difference only when it is `NOT NULL` without a default (no insert of the model could
/// succeed); found foreign keys and unique indexes the model does not know are differences (they
/// refuse writes the model expects to succeed); other found indexes are left alone.
pub(crate) fn diff<'a>(dialect: Dialect, wanted: &'a [TableDesc], found: &[TableDesc]) -> Diff<'a> {
    let mut out = Diff { missing: Vec::new(), present: Vec::new(), differences: Vec::new() };
    for want in wanted {
        let Some(have) = found.iter().find(|f| f.name == want.name) else {
            out.missing.push(want);
            continue;
        };
        out.present.push(want);
        let mut differ = |column: Option<&str>, expected: String, found: String| {
            out.differences.push(SchemaDifference {
                model: want.model,
                table: want.name.clone(),
                column: column.map(str::to_owned),
                expected,
                found,
            })
        };
        let null = |nullable: bool| if nullable { "NULL" } else { "NOT NULL" };
        for column in &want.columns {
            let Some(got) = have.column(&column.name) else {
                differ(Some(&column.name), format!("a column {} {}", column.ty, null(column.nullable)), "no such column".into());
                continue;
            };
            let (expected_ty, found_ty) = (dialect.normalize_type(&column.ty), dialect.normalize_type(&got.ty));
            if expected_ty != found_ty {
                differ(Some(&column.name), format!("type {expected_ty}"), format!("type {found_ty}"));
            }
            if column.nullable != got.nullable {
                differ(Some(&column.name), null(column.nullable).into(), null(got.nullable).into());
            }
        }
        for got in &have.columns {
            if want.column(&got.name).is_none() && !got.nullable && !got.has_default {
                differ(
                    Some(&got.name),
                    "no such column, or one that may be left out".into(),
                    format!("{} NOT NULL without a default", got.ty),
                );
            }
        }
        if !same_set(&want.primary_key, &have.primary_key) {
            let key = |k: &[String]| if k.is_empty() { "no primary key".to_owned() } else { format!("PRIMARY KEY ({})", list(k)) };
            differ(None, key(&want.primary_key), key(&have.primary_key));
        } else if want.generated_key && !have.generated_key {
            differ(
                want.primary_key.first().map(String::as_str),
                "a key the database generates".into(),
                "a key it does not generate".into(),
            );
        }
        let one = |cols: &[String]| (cols.len() == 1).then(|| cols[0].clone());
        for fk in &want.foreign_keys {
            match have.foreign_keys.iter().find(|f| same_set(&f.columns, &fk.columns)) {
                None => differ(one(&fk.columns).as_deref(), describe_fk(fk), "no foreign key".into()),
                Some(got) => {
                    let same = got.target_table == fk.target_table
                        && got.target_columns == fk.target_columns
                        && got.on_delete == fk.on_delete
                        && got.on_update == fk.on_update;
                    if !same {
                        differ(one(&fk.columns).as_deref(), describe_fk(fk), describe_fk(got));
                    }
                }
            }
        }
        for got in &have.foreign_keys {
            if !want.foreign_keys.iter().any(|f| same_set(&f.columns, &got.columns)) {
                differ(one(&got.columns).as_deref(), "no foreign key".into(), describe_fk(got));
            }
        }
        let unique_in = |t: &TableDesc, cols: &[String]| t.indexes.iter().any(|i| i.unique && !i.partial && same_set(&i.columns, cols));
        for index in want.indexes.iter().filter(|i| i.unique) {
            if !unique_in(have, &index.columns) {
                differ(one(&index.columns).as_deref(), format!("UNIQUE ({})", list(&index.columns)), "no unique index".into());
            }
        }
        for index in have.indexes.iter().filter(|i| i.unique && !i.partial) {
            if !unique_in(want, &index.columns) && !same_set(&index.columns, &want.primary_key) {
                differ(
                    one(&index.columns).as_deref(),
                    "no unique index".into(),
                    format!("UNIQUE ({}) `{}`", list(&index.columns), index.name),
                );
            }
        }
    }
    out
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
mod tests {
    use super::*;
    use crate::schema::desc::{ColumnDesc, IndexDesc};

    fn column(name: &str, ty: &str, nullable: bool) -> ColumnDesc {
        ColumnDesc { name: name.into(), ty: ty.into(), nullable, has_default: false, definition: String::new() }
    }

    fn table() -> TableDesc {
        TableDesc {
            model: "Card",
            name: "cards".into(),
            columns: vec![column("id", "BIGINT", false), column("user_id", "BIGINT", true)],
            primary_key: vec!["id".into()],
            generated_key: true,
            foreign_keys: vec![ForeignKeyDesc {
                name: "fk".into(),
                columns: vec!["user_id".into()],
                target_table: "users".into(),
                target_columns: vec!["id".into()],
                on_delete: "SET NULL".into(),
                on_update: "CASCADE".into(),
            }],
            indexes: vec![IndexDesc { name: "u".into(), columns: vec!["user_id".into()], unique: true, partial: false }],
        }
    }

    #[test]
    fn equal_schemas_have_no_difference() {
        let wanted = [table()];
        let d = diff(Dialect::Postgres, &wanted, &[table()]);
        assert!(d.differences.is_empty() && d.missing.is_empty(), "{d:?}");
        let d = diff(Dialect::Postgres, &wanted, &[]);
        assert_eq!(d.missing.len(), 1);
    }

    #[test]
    fn case_is_folded_where_the_backend_folds_it() {
        let mut found = table();
        found.name = "CARDS".into();
        found.columns[1].name = "User_Id".into();
        found.foreign_keys[0].columns[0] = "USER_ID".into();
        found.indexes[0].columns[0] = "user_ID".into();
        let wanted = [table()];
        let d = diff(Dialect::Sqlite, &wanted, &align(Dialect::Sqlite, &wanted, std::slice::from_ref(&found)));
        assert!(d.differences.is_empty() && d.missing.is_empty(), "{d:?}");
        // PostgreSQL's quoted names are exact: another table.
        let d = diff(Dialect::Postgres, &wanted, &align(Dialect::Postgres, &wanted, &[found]));
        assert_eq!(d.missing.len(), 1);
    }

    #[test]
    fn every_difference_is_listed() {
        let mut found = table();
        found.columns[1] = column("user_id", "text", false);
        found.columns.push(column("extra", "TEXT", false));
        found.foreign_keys.clear();
        found.indexes[0].unique = false;
        found.generated_key = false;
        let wanted = [table()];
        let d = diff(Dialect::Postgres, &wanted, &[found]);
        let found: Vec<_> = d.differences.iter().map(|d| (d.column.as_deref(), d.expected.as_str(), d.found.as_str())).collect();
        assert_eq!(
            found,
            [
                (Some("user_id"), "type bigint", "type text"),
                (Some("user_id"), "NULL", "NOT NULL"),
                (Some("extra"), "no such column, or one that may be left out", "TEXT NOT NULL without a default"),
                (Some("id"), "a key the database generates", "a key it does not generate"),
                (Some("user_id"), "FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE", "no foreign key"),
                (Some("user_id"), "UNIQUE (user_id)", "no unique index"),
            ]
        );
    }
}
