//! The differ over hand-built descriptions: each kind of [`Change`] from a wanted table and the
//! same table as each backend's catalog reports it, and the drift report built from it.

use super::*;
use crate::schema::desc::{ColumnDesc, ColumnTypeDesc, FkAction, ForeignKeyDesc, IndexDesc};
use crate::value::SqlType;

const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgres, Dialect::MySql];

fn model(name: &str, ty: SqlType, indexed: bool, nullable: bool) -> ColumnDesc {
    ColumnDesc {
        name: name.into(),
        ty: ColumnTypeDesc::Model { ty, indexed },
        nullable,
        has_default: false,
        generated: false,
        default: None,
        renamed_from: None,
    }
}

fn catalog(name: &str, ty: &str, nullable: bool) -> ColumnDesc {
    ColumnDesc {
        name: name.into(),
        ty: ColumnTypeDesc::Catalog(ty.into()),
        nullable,
        has_default: false,
        generated: false,
        default: None,
        renamed_from: None,
    }
}

fn generated(mut column: ColumnDesc) -> ColumnDesc {
    column.has_default = true;
    column.generated = true;
    column
}

fn user_key() -> ForeignKeyDesc {
    ForeignKeyDesc {
        name: "cards_user_id_fkey".into(),
        columns: vec!["user_id".into()],
        target_table: "users".into(),
        target_columns: vec!["id".into()],
        on_delete: FkAction::SetNull,
        on_update: FkAction::Cascade,
    }
}

fn unique(name: &str, columns: &[&str]) -> IndexDesc {
    IndexDesc { name: name.into(), columns: columns.iter().map(|&c| c.into()).collect(), unique: true, partial: false }
}

/// What a model `Card` needs: a generated key, a nullable unique key to `users`, a flag, an
/// instant and an indexed text.
fn wanted() -> TableDesc {
    TableDesc {
        model: "Card",
        name: "cards".into(),
        columns: vec![
            generated(model("id", SqlType::BigInt, true, false)),
            model("user_id", SqlType::BigInt, true, true),
            model("flag", SqlType::Bool, false, false),
            model("stamp", SqlType::DateTimeUtc, false, false),
            model("code", SqlType::Text, true, false),
        ],
        primary_key: vec!["id".into()],
        foreign_keys: vec![user_key()],
        indexes: vec![unique("cards_user_id_key", &["user_id"]), unique("cards_code_key", &["code"])],
        renamed_from: None,
        checks: Vec::new(),
    }
}

/// The table `wanted` creates, as `dialect`'s catalog reports it.
fn found(dialect: Dialect) -> TableDesc {
    let [big, flag, stamp, code] = match dialect {
        Dialect::Sqlite => ["INTEGER", "BOOLEAN", "DATETIME", "TEXT"],
        Dialect::Postgres => ["bigint", "boolean", "timestamp with time zone", "text"],
        Dialect::MySql => ["bigint(20)", "tinyint(1)", "datetime(6)", "varchar(255) collate utf8mb4_nopad_bin"],
    };
    TableDesc {
        model: "",
        columns: vec![
            generated(catalog("id", big, false)),
            catalog("user_id", big, true),
            catalog("flag", flag, false),
            catalog("stamp", stamp, false),
            catalog("code", code, false),
        ],
        ..wanted()
    }
}

/// A difference of the drift report: column, expected, found.
type Row = (Option<String>, String, String);

/// The changes from `found` to `wanted()` that `sync` reports, and their report.
fn compare(dialect: Dialect, found: TableDesc) -> (Vec<Change>, Vec<Row>) {
    let changes: Vec<Change> = diff(dialect, &[wanted()], &[found]).into_iter().filter(Change::harmful).collect();
    let report = changes
        .iter()
        .map(|c| c.difference(dialect))
        .inspect(|d| assert_eq!((d.model, d.table.as_str()), ("Card", "cards")))
        .map(|d| (d.column, d.expected, d.found))
        .collect();
    (changes, report)
}

fn row(column: &str, expected: &str, found: &str) -> Row {
    (Some(column.into()), expected.into(), found.into())
}

#[test]
fn a_table_as_each_catalog_reports_it_has_no_change() {
    for dialect in ALL {
        assert_eq!(compare(dialect, found(dialect)).0, [], "{dialect:?}");
        assert_eq!(compare(dialect, wanted()).0, [], "{dialect:?}");
    }
}

#[test]
fn a_missing_table_is_added_and_not_reported() {
    for dialect in ALL {
        let changes = diff(dialect, &[wanted()], &[]);
        assert_eq!(changes, [Change::AddTable(wanted())]);
        assert!(!changes[0].harmful(), "sync creates it");
    }
}

#[test]
fn a_missing_column_is_added_and_reported_in_the_dialects_type() {
    for dialect in ALL {
        let mut have = found(dialect);
        have.columns.retain(|c| c.name != "code");
        let (changes, report) = compare(dialect, have);
        let column = wanted().columns[4].clone();
        assert_eq!(changes, [Change::AddColumn { model: "Card", table: "cards".into(), column }]);
        let ty = if dialect == Dialect::MySql { "VARCHAR(255) COLLATE utf8mb4_nopad_bin" } else { "TEXT" };
        assert_eq!(report, [row("code", &format!("a column {ty} NOT NULL"), "no such column")]);
    }
}

#[test]
fn an_unknown_required_column_is_dropped_and_others_are_left_alone() {
    for dialect in ALL {
        let mut have = found(dialect);
        let extra = catalog("extra", "int(11)", false);
        let defaulted = ColumnDesc { has_default: true, ..catalog("defaulted", "int(11)", false) };
        have.columns.extend([extra.clone(), defaulted, catalog("optional", "int(11)", true)]);
        let all = diff(dialect, &[wanted()], std::slice::from_ref(&have));
        let blocking: Vec<(&str, bool)> = all
            .iter()
            .filter_map(|c| match c {
                Change::DropColumn { column, blocks_inserts, .. } => Some((column.name.as_str(), *blocks_inserts)),
                _ => None,
            })
            .collect();
        assert_eq!(blocking, [("extra", true), ("defaulted", false), ("optional", false)], "a migration drops them all");
        let (changes, report) = compare(dialect, have);
        assert_eq!(changes, [Change::DropColumn { model: "Card", table: "cards".into(), column: extra, blocks_inserts: true }]);
        // The catalog's spelling, as it reported it.
        assert_eq!(report, [row("extra", "no such column, or one that may be left out", "int(11) NOT NULL without a default")]);
    }
}

#[test]
fn a_type_is_compared_as_the_dialect_stores_it() {
    use Dialect::*;
    use SqlType::*;
    /// Dialect, wanted type, indexed, catalog spelling, the report when they differ.
    type Case = (Dialect, SqlType, bool, &'static str, Option<(&'static str, &'static str)>);
    let cases: &[Case] = &[
        (Sqlite, Json, false, "TEXT", None),
        (Sqlite, Int, false, "integer", None),
        (Sqlite, Text, false, "INTEGER", Some(("type text", "type integer"))),
        (Postgres, DateTime, false, "timestamp without time zone", None),
        (Postgres, Int, false, "int4", None),
        (Postgres, Double, false, "float8", None),
        (Postgres, Text, true, "text", None),
        (Postgres, Json, false, "text", Some(("type jsonb", "type text"))),
        (Postgres, BigInt, false, "integer", Some(("type bigint", "type integer"))),
        (MySql, Bool, false, "tinyint(1)", None),
        (MySql, Int, false, "int(11)", None),
        (MySql, Text, true, "varchar(255) collate utf8mb4_nopad_bin", None),
        // A key column made before keys were binary: its collation folds case, so it is drift.
        (MySql, Text, true, "varchar(255)", Some(("type varchar(255) collate utf8mb4_nopad_bin", "type varchar(255)"))),
        (MySql, Text, false, "varchar(255)", Some(("type longtext", "type varchar(255)"))),
        (MySql, Json, false, "longtext", Some(("type json", "type longtext"))),
    ];
    for &(dialect, ty, indexed, spelled, report) in cases {
        let want = model("c", ty, indexed, false);
        let mut wanted = wanted();
        wanted.columns.push(want.clone());
        let mut have = found(dialect);
        have.columns.push(catalog("c", spelled, false));
        let changes = diff(dialect, &[wanted], &[have]);
        let expected: Vec<Change> = report
            .iter()
            .map(|_| Change::AlterType {
                model: "Card",
                table: "cards".into(),
                column: "c".into(),
                wanted: want.ty.clone(),
                found: ColumnTypeDesc::Catalog(spelled.into()),
            })
            .collect();
        assert_eq!(changes, expected, "{dialect:?} {ty:?} {spelled}");
        let got = changes.first().map(|c| c.difference(dialect)).map(|d| (d.expected, d.found));
        assert_eq!(got, report.map(|(e, f)| (e.to_owned(), f.to_owned())), "{dialect:?} {ty:?} {spelled}");
    }
}

#[test]
fn two_model_types_are_the_same_where_the_dialect_spells_them_alike() {
    let text = |indexed| ColumnTypeDesc::Model { ty: SqlType::Text, indexed };
    assert!(text(true).same(&text(false), Dialect::Sqlite));
    assert!(text(true).same(&text(false), Dialect::Postgres));
    assert!(!text(true).same(&text(false), Dialect::MySql));
    let json = ColumnTypeDesc::Model { ty: SqlType::Json, indexed: false };
    assert!(json.same(&text(false), Dialect::Sqlite) && !json.same(&text(false), Dialect::Postgres));
}

#[test]
fn nullability_is_compared_both_ways() {
    for dialect in ALL {
        let mut have = found(dialect);
        have.columns[1].nullable = false;
        have.columns[2].nullable = true;
        let (changes, report) = compare(dialect, have);
        let change = |column: &str, wanted, found| Change::AlterNullability {
            model: "Card",
            table: "cards".into(),
            column: column.into(),
            wanted,
            found,
        };
        assert_eq!(changes, [change("user_id", true, false), change("flag", false, true)]);
        assert_eq!(report, [row("user_id", "NULL", "NOT NULL"), row("flag", "NOT NULL", "NULL")]);
    }
}

#[test]
fn another_primary_key_is_reported_once() {
    for dialect in ALL {
        let mut have = found(dialect);
        have.primary_key = vec!["code".into(), "id".into()];
        have.columns[0].generated = false;
        let (changes, report) = compare(dialect, have.clone());
        let key = |k: &[&str]| k.iter().map(|&c| c.to_owned()).collect::<Vec<_>>();
        let expected = Change::PrimaryKey { model: "Card", table: "cards".into(), wanted: key(&["id"]), found: key(&["code", "id"]) };
        assert_eq!(changes, [expected]);
        assert_eq!(report, [(None, "PRIMARY KEY (id)".into(), "PRIMARY KEY (code, id)".into())]);
        have.primary_key.clear();
        assert_eq!(compare(dialect, have).1, [(None, "PRIMARY KEY (id)".into(), "no primary key".into())]);
    }
}

#[test]
fn a_key_composed_in_another_order_is_the_same_key() {
    let mut want = wanted();
    want.columns[0].generated = false;
    want.primary_key = vec!["id".into(), "code".into()];
    let mut have = want.clone();
    have.primary_key.reverse();
    assert_eq!(diff(Dialect::Postgres, &[want], &[have]), []);
}

#[test]
fn a_key_the_database_does_not_generate_is_reported() {
    for dialect in ALL {
        let mut have = found(dialect);
        have.columns[0].generated = false;
        let (changes, report) = compare(dialect, have);
        assert_eq!(changes, [Change::GenerateKey { model: "Card", table: "cards".into(), column: "id".into() }]);
        assert_eq!(report, [row("id", "a key the database generates", "a key it does not generate")]);
    }
}

#[test]
fn foreign_keys_are_matched_by_columns_then_compared() {
    const KEY: &str = "FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE";
    for dialect in ALL {
        let mut have = found(dialect);
        have.foreign_keys.clear();
        let (changes, report) = compare(dialect, have.clone());
        assert_eq!(changes, [Change::AddForeignKey { model: "Card", table: "cards".into(), key: user_key() }]);
        assert_eq!(report, [row("user_id", KEY, "no foreign key")]);

        // Another name is the same key; another action or target is not.
        let other = ForeignKeyDesc { name: "foreign key 0".into(), on_delete: FkAction::Cascade, ..user_key() };
        have.foreign_keys = vec![other.clone()];
        let (changes, report) = compare(dialect, have.clone());
        assert_eq!(changes, [Change::AlterForeignKey { model: "Card", table: "cards".into(), wanted: user_key(), found: other }]);
        assert_eq!(report, [row("user_id", KEY, &KEY.replace("SET NULL", "CASCADE"))]);
        have.foreign_keys = vec![ForeignKeyDesc { name: "foreign key 0".into(), ..user_key() }];
        assert_eq!(compare(dialect, have.clone()).0, []);
        have.foreign_keys = vec![ForeignKeyDesc { target_table: "people".into(), ..user_key() }];
        assert_eq!(compare(dialect, have.clone()).1, [row("user_id", KEY, &KEY.replace("users", "people"))]);

        let unknown = ForeignKeyDesc {
            name: "cards_flag_fkey".into(),
            columns: vec!["flag".into()],
            on_update: FkAction::SetDefault,
            on_delete: FkAction::Restrict,
            ..user_key()
        };
        have.foreign_keys = vec![user_key(), unknown.clone()];
        let (changes, report) = compare(dialect, have);
        assert_eq!(changes, [Change::DropForeignKey { model: "Card", table: "cards".into(), key: unknown }]);
        let found = "FOREIGN KEY (flag) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE SET DEFAULT";
        assert_eq!(report, [row("flag", "no foreign key", found)]);
    }
}

#[test]
fn unique_indexes_are_matched_by_columns_and_others_left_alone() {
    for dialect in ALL {
        let mut have = found(dialect);
        // Another name is the same index; a partial or plain one does not make the column unique.
        have.indexes = vec![
            unique("any name", &["user_id"]),
            IndexDesc { partial: true, ..unique("cards_code_key", &["code"]) },
            IndexDesc { unique: false, ..unique("code_plain", &["code"]) },
        ];
        let (changes, report) = compare(dialect, have.clone());
        let index = unique("cards_code_key", &["code"]);
        assert_eq!(changes, [Change::AddIndex { model: "Card", table: "cards".into(), index }]);
        assert_eq!(report, [row("code", "UNIQUE (code)", "no unique index")]);

        // A unique index the model does not declare refuses its writes; the primary key's, a
        // partial one and a plain one do not.
        have.indexes = vec![
            unique("cards_user_id_key", &["user_id"]),
            unique("cards_code_key", &["code"]),
            unique("pair", &["flag", "stamp"]),
            unique("again_the_key", &["id"]),
            IndexDesc { partial: true, ..unique("partial", &["flag"]) },
            IndexDesc { unique: false, ..unique("plain", &["stamp"]) },
        ];
        let (changes, report) = compare(dialect, have);
        assert_eq!(changes, [Change::DropIndex { model: "Card", table: "cards".into(), index: unique("pair", &["flag", "stamp"]) }]);
        assert_eq!(report, [(None, "no unique index".into(), "UNIQUE (flag, stamp) `pair`".into())]);
    }
}

#[test]
fn case_is_folded_where_the_backend_folds_it() {
    for dialect in ALL {
        let mut have = found(dialect);
        have.columns[1].name = "User_Id".into();
        have.foreign_keys[0].columns[0] = "USER_ID".into();
        have.indexes[0].columns[0] = "user_ID".into();
        let columns = compare(dialect, have.clone()).1;
        have.name = "CARDS".into();
        let tables = diff(dialect, &[wanted()], &[have]);
        match dialect {
            Dialect::Sqlite => assert!(columns.is_empty() && tables.is_empty(), "{columns:?} {tables:?}"),
            // MySQL folds column names only (table names follow the file system; exact on Linux).
            Dialect::MySql => assert!(columns.is_empty() && matches!(tables.as_slice(), [Change::AddTable(_)]), "{columns:?} {tables:?}"),
            // PostgreSQL's quoted names are exact: another column, key and index; another table.
            Dialect::Postgres => {
                let names: Vec<_> = columns.iter().map(|(c, _, _)| c.as_deref().unwrap_or("")).collect();
                // The column `User_Id` is nullable: an insert may leave it out.
                assert_eq!(names, ["user_id", "user_id", "USER_ID", "user_id", "user_ID"]);
                assert!(matches!(tables.as_slice(), [Change::AddTable(_)]));
            }
        }
    }
}

#[test]
fn every_change_is_listed_in_order() {
    let mut have = found(Dialect::Postgres);
    have.columns[1] = catalog("user_id", "text", false);
    have.columns.push(catalog("extra", "TEXT", false));
    have.columns[0].generated = false;
    have.foreign_keys.clear();
    have.indexes[0].unique = false;
    let (_, report) = compare(Dialect::Postgres, have);
    assert_eq!(
        report,
        [
            row("user_id", "type bigint", "type text"),
            row("user_id", "NULL", "NOT NULL"),
            row("extra", "no such column, or one that may be left out", "TEXT NOT NULL without a default"),
            row("id", "a key the database generates", "a key it does not generate"),
            row("user_id", "FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE", "no foreign key"),
            row("user_id", "UNIQUE (user_id)", "no unique index"),
        ]
    );
}

#[test]
fn dependents_are_the_tables_outside_that_reference_one_inside() {
    let mut outside = found(Dialect::Postgres);
    outside.name = "notes".into();
    outside.foreign_keys = vec![ForeignKeyDesc { name: "notes_card_fkey".into(), target_table: "cards".into(), ..user_key() }];
    let deps = dependents(&[wanted()], &[found(Dialect::Postgres), outside]);
    assert_eq!(deps.len(), 1);
    assert_eq!((deps[0].table.as_str(), deps[0].constraint.as_str(), deps[0].model), ("notes", "notes_card_fkey", "Card"));
}
