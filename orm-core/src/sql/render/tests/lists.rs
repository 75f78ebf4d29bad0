use super::{check, text};
use crate::dialect::Dialect;
use crate::sql::tree::Node;
use crate::sql::{Select, Statement, TableRef};
use crate::value::{SqlType, Value};

/// `SELECT 1 FROM "t" WHERE <node>`, the table holding model `T`.
fn select(node: Node) -> Select {
    Select::from(TableRef::of("t", "T")).one().filter(node)
}

fn ints(n: i64) -> Vec<Value> {
    (1..=n).map(Value::BigInt).collect()
}

fn json_ints(n: i64) -> Value {
    text(&format!("[{}]", (1..=n).map(|i| i.to_string()).collect::<Vec<_>>().join(",")))
}

#[test]
fn short_in_list_is_placeholders_everywhere() {
    let values = ints(3);
    check(
        select(Node::In("id", values.clone())),
        [
            (r#"SELECT 1 FROM "t" WHERE "t"."id" IN (?, ?, ?)"#, &values),
            (r#"SELECT 1 FROM "t" WHERE "t"."id" IN ($1, $2, $3)"#, &values),
            ("SELECT 1 FROM `t` WHERE `t`.`id` IN (?, ?, ?)", &values),
        ],
    );
    // 1,000 is still short.
    let sql = Statement::from(select(Node::In("id", ints(1_000)))).render(Dialect::Postgres);
    assert!(sql.text().ends_with(r#""t"."id" IN ($1, $2, $3"#) || sql.text().ends_with("$999, $1000)"), "{}", sql.text());
}

#[test]
fn long_in_list_is_one_parameter() {
    let [_, pg, _] = check(
        select(Node::In("id", ints(1_001))),
        [
            (r#"SELECT 1 FROM "t" WHERE "t"."id" IN (SELECT value FROM json_each(?))"#, &[json_ints(1_001)]),
            // The array's stand-in shows as a typed NULL; the array itself rides in `arrays`.
            (r#"SELECT 1 FROM "t" WHERE "t"."id" = ANY($1)"#, &[Value::Null(SqlType::Text)]),
            (
                "SELECT 1 FROM `t` WHERE `t`.`id` IN (SELECT v FROM JSON_TABLE(?, '$[*]' COLUMNS (v BIGINT PATH '$')) AS `__orm_list`)",
                &[json_ints(1_001)],
            ),
        ],
    );
    assert_eq!(pg.arrays, [(0, ints(1_001))]);
}

#[test]
fn long_list_of_bytes_and_text_is_hex_and_longtext() {
    let bytes: Vec<Value> = (0..1_001).map(|i: u32| Value::Bytes(vec![(i % 256) as u8, 0xab])).collect();
    let sql = Statement::from(select(Node::In("b", bytes))).render(Dialect::Sqlite);
    assert_eq!(sql.text(), r#"SELECT 1 FROM "t" WHERE "t"."b" IN (SELECT unhex(value) FROM json_each(?))"#);
    assert!(matches!(&sql.args()[0], Value::Text(t) if t.starts_with(r#"["00ab","01ab","#)));
    let sql = Statement::from(select(Node::In("b", vec![Value::Bytes(vec![1]); 1_001]))).render(Dialect::MySql);
    assert_eq!(
        sql.text(),
        "SELECT 1 FROM `t` WHERE `t`.`b` IN (SELECT UNHEX(v) FROM JSON_TABLE(?, '$[*]' COLUMNS (v VARCHAR(2) CHARACTER SET ascii PATH '$')) AS `__orm_list`)"
    );
    // Keys: as long as the longest, in the keys' collation (an indexable type); values the
    // caller compares with: LONGTEXT in the column's terms.
    let keys = vec![text("x"), text("éé"), text("y")].into_iter().cycle().take(1_001).collect();
    let sql = Statement::from(select(Node::In("s", keys))).render(Dialect::MySql);
    assert!(sql.text().contains("COLUMNS (v VARCHAR(2) COLLATE utf8mb4_nopad_bin PATH '$')"), "{}", sql.text());
    let sql = Statement::from(select(Node::InValues("s", vec![text("x"); 1_001]))).render(Dialect::MySql);
    assert!(sql.text().contains("IN (SELECT v FROM JSON_TABLE(?, '$[*]' COLUMNS (v LONGTEXT PATH '$'))"));
    let long_bytes = vec![Value::Bytes(vec![7; 40]); 1_001];
    let sql = Statement::from(select(Node::In("b", long_bytes))).render(Dialect::MySql);
    assert!(sql.text().contains("v VARCHAR(80) CHARACTER SET ascii"), "{}", sql.text());
}

#[test]
fn long_list_json_cannot_carry_stays_placeholders() {
    // A list mixing kinds (or holding NaN, dates, JSON) stays placeholders on SQLite and MySQL.
    let mut values = ints(1_000);
    values.push(text("x"));
    for dialect in [Dialect::Sqlite, Dialect::MySql] {
        let sql = Statement::from(select(Node::In("id", values.clone()))).render(dialect);
        assert_eq!(sql.args(), &values[..], "{dialect:?}");
        assert!(sql.text().ends_with(", ?, ?)") && sql.text().matches('?').count() == 1_001, "{dialect:?}");
    }
}

#[test]
fn a_long_list_the_backend_cannot_hold_is_refused_by_name() {
    let mut values: Vec<Value> = (0..1_001).map(|i| text(&i.to_string())).collect();
    values[7] = text("nul\0");
    let sql = Statement::from(select(Node::In("name", values))).render(Dialect::Postgres);
    let refused = sql.refused.expect("refused");
    assert_eq!((refused.model, refused.column, refused.value), ("T", "name", text("nul\0")));
    let nan: Vec<Value> = vec![Value::Double(f64::NAN); 1_001];
    // NaN does not go into JSON at all: placeholders, each checked when bound.
    let sql = Statement::from(select(Node::In("x", nan))).render(Dialect::Sqlite);
    assert!(sql.refused.is_none() && sql.args().len() == 1_001);
}

#[test]
fn short_composite_rows_are_ors_of_ands() {
    let rows = Node::InRows(vec!["a", "b"], vec![vec![Value::Int(1), Value::Int(2)], vec![text("x"), text("y")]]);
    let args = [Value::Int(1), text("x"), Value::Int(2), text("y")];
    let [sqlite, _, _] = check(
        select(rows),
        [
            (r#"SELECT 1 FROM "t" WHERE (("t"."a" = ? AND "t"."b" = ?) OR ("t"."a" = ? AND "t"."b" = ?))"#, &args),
            (r#"SELECT 1 FROM "t" WHERE (("t"."a" = $1 AND "t"."b" = $2) OR ("t"."a" = $3 AND "t"."b" = $4))"#, &args),
            ("SELECT 1 FROM `t` WHERE ((`t`.`a` = ? AND `t`.`b` = ?) OR (`t`.`a` = ? AND `t`.`b` = ?))", &args),
        ],
    );
    assert_eq!(sqlite.labels, [(0, "T", "a"), (1, "T", "b"), (2, "T", "a"), (3, "T", "b")]);
}

#[test]
fn long_composite_rows_are_one_parameter_or_one_per_column() {
    let a = ints(1_001);
    let b: Vec<Value> = (1..=1_001).map(|i| text(&format!("k{i}"))).collect();
    let json = text(&format!("[{}]", (1..=1_001).map(|i| format!("[{i},\"k{i}\"]")).collect::<Vec<_>>().join(",")));
    let jsons = [json];
    let [_, pg, _] = check(
        select(Node::InRows(vec!["a", "b"], vec![a.clone(), b.clone()])),
        [
            (r#"SELECT 1 FROM "t" WHERE ("t"."a", "t"."b") IN (SELECT (value ->> 0), (value ->> 1) FROM json_each(?))"#, &jsons),
            (
                r#"SELECT 1 FROM "t" WHERE ("t"."a", "t"."b") IN (SELECT * FROM unnest($1, $2))"#,
                &[Value::Null(SqlType::Text), Value::Null(SqlType::Text)],
            ),
            (
                "SELECT 1 FROM `t` WHERE (`t`.`a`, `t`.`b`) IN (SELECT (c0), (c1) FROM JSON_TABLE(?, '$[*]' COLUMNS (c0 BIGINT PATH '$[0]', c1 LONGTEXT PATH '$[1]')) AS `__orm_list`)",
                &jsons,
            ),
        ],
    );
    assert_eq!(pg.arrays, [(0, a), (1, b)]);
    let bytes = vec![Value::Bytes(vec![0xff]); 1_001];
    let sql = Statement::from(select(Node::InRows(vec!["a", "b"], vec![bytes.clone(), bytes]))).render(Dialect::Sqlite);
    assert_eq!(
        sql.text(),
        r#"SELECT 1 FROM "t" WHERE ("t"."a", "t"."b") IN (SELECT unhex(value ->> 0), unhex(value ->> 1) FROM json_each(?))"#
    );
}
