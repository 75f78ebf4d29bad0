use super::{check, text};
use crate::sql::tree::{Exists, Node, Op};
use crate::sql::{Access, Dir, Select, SelectItem, Statement, TableRef, col};
use crate::value::Value;

#[test]
fn select_with_join_filter_order_limit_offset_and_lock() {
    let on = Node::and_then(Some(Node::ColumnEq(col("__orm_join0", "id"), col("posts", "user_id"))), Node::eq("name", text("ada")));
    let select = Select::from(TableRef::of("posts", "Post"))
        .columns("posts", ["id", "title"])
        .columns("__orm_join0", ["id", "name"])
        .left_join(TableRef::of("users", "User").alias("__orm_join0"), on)
        .filter(Node::Cmp("title", Op::LikeEscaped, text("a!%%")))
        .filter(Node::IsNull("deleted_at", true))
        .order_by(col("posts", "id"), Some(Dir::Desc))
        .order_by(col("posts", "title"), Some(Dir::Asc))
        .limit(10)
        .offset(20)
        .lock();
    assert_eq!(Statement::from(select.clone()).access(), Access::Lock);
    let args = [text("ada"), text("a!%%"), Value::BigInt(10), Value::BigInt(20)];
    let [sqlite, _, _] = check(
        select,
        [
            (
                r#"SELECT "posts"."id", "posts"."title", "__orm_join0"."id", "__orm_join0"."name" FROM "posts" LEFT JOIN "users" AS "__orm_join0" ON "__orm_join0"."id" = "posts"."user_id" AND "__orm_join0"."name" = ? WHERE "posts"."title" LIKE ? ESCAPE '!' AND "posts"."deleted_at" IS NULL ORDER BY "posts"."id" DESC, "posts"."title" ASC LIMIT ? OFFSET ?"#,
                &args,
            ),
            (
                r#"SELECT "posts"."id", "posts"."title", "__orm_join0"."id", "__orm_join0"."name" FROM "posts" LEFT JOIN "users" AS "__orm_join0" ON "__orm_join0"."id" = "posts"."user_id" AND "__orm_join0"."name" = $1 WHERE "posts"."title" LIKE $2 ESCAPE '!' AND "posts"."deleted_at" IS NULL ORDER BY "posts"."id" DESC, "posts"."title" ASC LIMIT $3 OFFSET $4 FOR NO KEY UPDATE"#,
                &args,
            ),
            (
                "SELECT `posts`.`id`, `posts`.`title`, `__orm_join0`.`id`, `__orm_join0`.`name` FROM `posts` LEFT JOIN `users` AS `__orm_join0` ON `__orm_join0`.`id` = `posts`.`user_id` AND `__orm_join0`.`name` = ? WHERE `posts`.`title` LIKE ? ESCAPE '!' AND `posts`.`deleted_at` IS NULL ORDER BY `posts`.`id` DESC, `posts`.`title` ASC LIMIT ? OFFSET ? FOR UPDATE",
                &args,
            ),
        ],
    );
    // The join's values are labelled with the joined model, the filter's with the selected one.
    assert_eq!(sqlite.labels, [(0, "User", "name"), (1, "Post", "title")]);
    assert_eq!(sqlite.models, [("posts".into(), "Post"), ("__orm_join0".into(), "User")]);
}

#[test]
fn query_filter_keeps_its_parentheses() {
    // `Query<M>`'s own tree (`And`/`Or`) renders as it does today, behind `WHERE`.
    let filter = Node::Or(Box::new(Node::eq("name", text("ada"))), Box::new(Node::Cmp("id", Op::Gt, Value::BigInt(1))));
    let filter = Node::And(Box::new(filter), Box::new(Node::Not(Box::new(Node::Cmp("id", Op::Ne, Value::BigInt(7))))));
    let select = Select::from(TableRef::of("users", "User")).columns("users", ["id"]).filter(filter);
    let args = [text("ada"), Value::BigInt(1), Value::BigInt(7)];
    check(
        select,
        [
            (r#"SELECT "users"."id" FROM "users" WHERE (("users"."name" = ? OR "users"."id" > ?) AND NOT ("users"."id" <> ?))"#, &args),
            (r#"SELECT "users"."id" FROM "users" WHERE (("users"."name" = $1 OR "users"."id" > $2) AND NOT ("users"."id" <> $3))"#, &args),
            ("SELECT `users`.`id` FROM `users` WHERE ((`users`.`name` = ? OR `users`.`id` > ?) AND NOT (`users`.`id` <> ?))", &args),
        ],
    );
}

#[test]
fn offset_without_limit_takes_the_largest_limit() {
    let select = Select::from("users").columns("users", ["id"]).offset(5);
    let args = [Value::BigInt(i64::MAX), Value::BigInt(5)];
    check(
        select,
        [
            (r#"SELECT "users"."id" FROM "users" LIMIT ? OFFSET ?"#, &args),
            (r#"SELECT "users"."id" FROM "users" LIMIT $1 OFFSET $2"#, &args),
            ("SELECT `users`.`id` FROM `users` LIMIT 18446744073709551615 OFFSET ?", &[Value::BigInt(5)]),
        ],
    );
}

#[test]
fn count() {
    let select =
        Select::from(TableRef::of("users", "User")).count().filter_opt(None).filter_opt(Some(Node::Cmp("age", Op::Ge, Value::Int(18))));
    assert_eq!(Statement::from(select.clone()).access(), Access::Read);
    let args = [Value::Int(18)];
    check(
        select,
        [
            (r#"SELECT COUNT(*) FROM "users" WHERE "users"."age" >= ?"#, &args),
            (r#"SELECT COUNT(*) FROM "users" WHERE "users"."age" >= $1"#, &args),
            ("SELECT COUNT(*) FROM `users` WHERE `users`.`age` >= ?", &args),
        ],
    );
}

#[test]
fn group_by_having_and_max() {
    let select = Select::from("posts")
        .column(col("posts", "user_id"))
        .item(SelectItem::Max(col("posts", "id")))
        .group_by(col("posts", "user_id"))
        .having(Node::IsNull("user_id", false));
    check(
        select,
        [
            (
                r#"SELECT "posts"."user_id", MAX("posts"."id") FROM "posts" GROUP BY "posts"."user_id" HAVING "posts"."user_id" IS NOT NULL"#,
                &[],
            ),
            (
                r#"SELECT "posts"."user_id", MAX("posts"."id") FROM "posts" GROUP BY "posts"."user_id" HAVING "posts"."user_id" IS NOT NULL"#,
                &[],
            ),
            (
                "SELECT `posts`.`user_id`, MAX(`posts`.`id`) FROM `posts` GROUP BY `posts`.`user_id` HAVING `posts`.`user_id` IS NOT NULL",
                &[],
            ),
        ],
    );
}

#[test]
fn exists_subquery_with_and_without_junction() {
    let posts = Exists {
        table: "posts",
        model: "Post",
        alias: "__orm_e1".into(),
        junction: None,
        inner: "user_id",
        outer: ("users".into(), "id"),
        filter: Some(Node::eq("title", text("x"))),
        junction_live: None,
    };
    let books = Exists {
        table: "books",
        model: "Book",
        alias: "__orm_e2".into(),
        junction: Some(("user_books", "book_id", "id")),
        inner: "user_id",
        outer: ("users".into(), "id"),
        filter: None,
        junction_live: None,
    };
    let select = Select::from(TableRef::of("users", "User"))
        .columns("users", ["id"])
        .filter(Node::Exists(Box::new(posts)))
        .filter(Node::Exists(Box::new(books)));
    let args = [text("x")];
    let [sqlite, _, _] = check(
        select,
        [
            (
                r#"SELECT "users"."id" FROM "users" WHERE EXISTS (SELECT 1 FROM "posts" AS "__orm_e1" WHERE "__orm_e1"."user_id" = "users"."id" AND "__orm_e1"."title" = ?) AND EXISTS (SELECT 1 FROM "books" AS "__orm_e2" INNER JOIN "user_books" AS "__orm_e2_j" ON "__orm_e2"."id" = "__orm_e2_j"."book_id" WHERE "__orm_e2_j"."user_id" = "users"."id")"#,
                &args,
            ),
            (
                r#"SELECT "users"."id" FROM "users" WHERE EXISTS (SELECT 1 FROM "posts" AS "__orm_e1" WHERE "__orm_e1"."user_id" = "users"."id" AND "__orm_e1"."title" = $1) AND EXISTS (SELECT 1 FROM "books" AS "__orm_e2" INNER JOIN "user_books" AS "__orm_e2_j" ON "__orm_e2"."id" = "__orm_e2_j"."book_id" WHERE "__orm_e2_j"."user_id" = "users"."id")"#,
                &args,
            ),
            (
                "SELECT `users`.`id` FROM `users` WHERE EXISTS (SELECT 1 FROM `posts` AS `__orm_e1` WHERE `__orm_e1`.`user_id` = `users`.`id` AND `__orm_e1`.`title` = ?) AND EXISTS (SELECT 1 FROM `books` AS `__orm_e2` INNER JOIN `user_books` AS `__orm_e2_j` ON `__orm_e2`.`id` = `__orm_e2_j`.`book_id` WHERE `__orm_e2_j`.`user_id` = `users`.`id`)",
                &args,
            ),
        ],
    );
    assert_eq!(sqlite.labels, [(0, "Post", "title")]);
}

#[test]
fn per_parent_select_through_a_junction() {
    // include.rs's select of a belongs_to_many: the key is on the junction, the filter on the target.
    let select = Select::from(TableRef::of("books", "Book"))
        .columns("books", ["id", "title"])
        .column(col("user_books", "user_id"))
        .inner_join("user_books", Node::ColumnEq(col("books", "id"), col("user_books", "book_id")))
        .filter(Node::on("user_books", Node::In("user_id", vec![Value::BigInt(1), Value::BigInt(2)])))
        .filter(Node::eq("title", text("t")))
        .order_by(col("books", "title"), Some(Dir::Desc))
        .order_by(col("books", "id"), None);
    let args = [Value::BigInt(1), Value::BigInt(2), text("t")];
    check(
        select,
        [
            (
                r#"SELECT "books"."id", "books"."title", "user_books"."user_id" FROM "books" INNER JOIN "user_books" ON "books"."id" = "user_books"."book_id" WHERE "user_books"."user_id" IN (?, ?) AND "books"."title" = ? ORDER BY "books"."title" DESC, "books"."id""#,
                &args,
            ),
            (
                r#"SELECT "books"."id", "books"."title", "user_books"."user_id" FROM "books" INNER JOIN "user_books" ON "books"."id" = "user_books"."book_id" WHERE "user_books"."user_id" IN ($1, $2) AND "books"."title" = $3 ORDER BY "books"."title" DESC, "books"."id""#,
                &args,
            ),
            (
                "SELECT `books`.`id`, `books`.`title`, `user_books`.`user_id` FROM `books` INNER JOIN `user_books` ON `books`.`id` = `user_books`.`book_id` WHERE `user_books`.`user_id` IN (?, ?) AND `books`.`title` = ? ORDER BY `books`.`title` DESC, `books`.`id`",
                &args,
            ),
        ],
    );
}

#[test]
fn lock_owner_and_lock_targets() {
    // transaction.rs's lock_owner (SQLite sends nothing: `Dialect::locks_rows`).
    let select = Select::from("users").one().filter(Node::eq("id", Value::BigInt(3))).lock();
    assert_eq!(Statement::from(select.clone()).access(), Access::Lock);
    let args = [Value::BigInt(3)];
    check(
        select,
        [
            (r#"SELECT 1 FROM "users" WHERE "users"."id" = ?"#, &args),
            (r#"SELECT 1 FROM "users" WHERE "users"."id" = $1 FOR NO KEY UPDATE"#, &args),
            ("SELECT 1 FROM `users` WHERE `users`.`id` = ? FOR UPDATE", &args),
        ],
    );
    // has_many.rs's lock_targets: linked or listed, in key order.
    let either = Node::Or(Box::new(Node::eq("user_id", Value::BigInt(3))), Box::new(Node::In("id", vec![Value::BigInt(8)])));
    let select = Select::from(TableRef::of("posts", "Post")).one().filter(either).order_by(col("posts", "id"), None).lock();
    let args = [Value::BigInt(3), Value::BigInt(8)];
    check(
        select,
        [
            (r#"SELECT 1 FROM "posts" WHERE ("posts"."user_id" = ? OR "posts"."id" IN (?)) ORDER BY "posts"."id""#, &args),
            (
                r#"SELECT 1 FROM "posts" WHERE ("posts"."user_id" = $1 OR "posts"."id" IN ($2)) ORDER BY "posts"."id" FOR NO KEY UPDATE"#,
                &args,
            ),
            ("SELECT 1 FROM `posts` WHERE (`posts`.`user_id` = ? OR `posts`.`id` IN (?)) ORDER BY `posts`.`id` FOR UPDATE", &args),
        ],
    );
}

#[test]
fn in_junction_and_empty_lists() {
    let junction =
        Node::InJunction { column: "id", table: "user_books", select: "book_id", filter: "user_id", value: Value::BigInt(4), live: None };
    let select = Select::from("books")
        .one()
        .filter(junction)
        .filter(Node::In("id", Vec::new()))
        .filter(Node::InRows(vec!["a", "b"], vec![vec![], vec![]]));
    let args = [Value::BigInt(4)];
    check(
        select,
        [
            (
                r#"SELECT 1 FROM "books" WHERE "books"."id" IN (SELECT "user_books"."book_id" FROM "user_books" WHERE "user_books"."user_id" = ?) AND 1 = 0 AND 1 = 0"#,
                &args,
            ),
            (
                r#"SELECT 1 FROM "books" WHERE "books"."id" IN (SELECT "user_books"."book_id" FROM "user_books" WHERE "user_books"."user_id" = $1) AND 1 = 0 AND 1 = 0"#,
                &args,
            ),
            (
                "SELECT 1 FROM `books` WHERE `books`.`id` IN (SELECT `user_books`.`book_id` FROM `user_books` WHERE `user_books`.`user_id` = ?) AND 1 = 0 AND 1 = 0",
                &args,
            ),
        ],
    );
}

#[test]
fn raw_is_a_write_sent_as_written() {
    let mut sql = crate::sql::Sql::new(crate::Dialect::Sqlite);
    sql.push("SELECT 1 WHERE 1 = ").bind(Value::Int(1));
    let stmt = Statement::Raw(sql);
    assert_eq!(stmt.access(), Access::Write);
    let rendered = stmt.render(crate::Dialect::Sqlite);
    assert_eq!((rendered.text(), rendered.args()), ("SELECT 1 WHERE 1 = ?", &[Value::Int(1)][..]));
}

#[test]
fn server_version_is_the_same_text_everywhere() {
    for dialect in [crate::Dialect::Sqlite, crate::Dialect::Postgres, crate::Dialect::MySql] {
        let stmt = Statement::server_version(dialect);
        assert_eq!(stmt.render(dialect).text(), "SELECT VERSION()");
        assert!(stmt.render(dialect).args().is_empty());
    }
}

#[test]
fn lock_of_one_owner_row() {
    // `transaction::lock_owner`: SQLite is never sent it (`Dialect::locks_rows`).
    let select = Select::from("users").one().filter(Node::eq("id", Value::BigInt(7))).lock();
    let args = [Value::BigInt(7)];
    check(
        select,
        [
            (r#"SELECT 1 FROM "users" WHERE "users"."id" = ?"#, &args),
            (r#"SELECT 1 FROM "users" WHERE "users"."id" = $1 FOR NO KEY UPDATE"#, &args),
            ("SELECT 1 FROM `users` WHERE `users`.`id` = ? FOR UPDATE", &args),
        ],
    );
}

#[test]
fn like_sends_its_escape_and_a_nul_is_refused_on_sqlite() {
    let select = Select::from(TableRef::of("users", "User")).columns("users", ["id"]).filter(Node::Cmp("name", Op::Like, text("a\\_b")));
    let args = [text("a\\_b"), text("\\")];
    let [sqlite, ..] = check(
        select,
        [
            (r#"SELECT "users"."id" FROM "users" WHERE "users"."name" LIKE ? ESCAPE ?"#, &args),
            (r#"SELECT "users"."id" FROM "users" WHERE "users"."name" LIKE $1 ESCAPE $2"#, &args),
            ("SELECT `users`.`id` FROM `users` WHERE `users`.`name` LIKE ? ESCAPE ?", &args),
        ],
    );
    assert!(sqlite.refused.is_none());
    for op in [Op::Like, Op::LikeEscaped] {
        let select = Select::from(TableRef::of("users", "User")).columns("users", ["id"]).filter(Node::Cmp("name", op, text("%\0%")));
        let sql = Statement::from(select).render(crate::dialect::Dialect::Sqlite);
        let refused = sql.refused.as_ref().expect("a NUL in a SQLite LIKE pattern is refused");
        assert_eq!((refused.model, refused.column), ("User", "name"));
    }
}

#[test]
fn a_page_is_ordered_by_the_key_after_the_callers_terms() {
    use crate::sql::tree::QueryData;
    let data = QueryData { order: vec![("group", false)], limit: Some(10), ..QueryData::default() };
    let select = data.narrow("tickets", &["id"], Select::from("tickets").columns("tickets", ["id"]));
    let sql = Statement::from(select).render(crate::dialect::Dialect::Sqlite);
    assert_eq!(sql.text(), r#"SELECT "tickets"."id" FROM "tickets" ORDER BY "tickets"."group" ASC, "tickets"."id" ASC LIMIT ?"#);
    // The key already among the terms keeps its place and direction; no page, no extra order.
    let data = QueryData { order: vec![("id", true)], offset: Some(5), ..QueryData::default() };
    let select = data.narrow("tickets", &["id"], Select::from("tickets").columns("tickets", ["id"]));
    assert!(Statement::from(select).render(crate::dialect::Dialect::Sqlite).text().contains(r#"ORDER BY "tickets"."id" DESC LIMIT"#));
    let data = QueryData { order: vec![("group", false)], ..QueryData::default() };
    let select = data.narrow("tickets", &["id"], Select::from("tickets").columns("tickets", ["id"]));
    assert!(!Statement::from(select).render(crate::dialect::Dialect::Sqlite).text().contains(r#""tickets"."id" ASC"#));
}
