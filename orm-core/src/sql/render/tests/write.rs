use super::{check, text};
use crate::sql::tree::Node;
use crate::sql::{Access, Delete, Insert, Statement, TableRef, Update};
use crate::value::Value;

fn users() -> TableRef {
    TableRef::of("users", "User")
}

#[test]
fn insert_one_row_returning_its_key() {
    let insert = Insert::into(users(), ["name", "age"]).row(vec![text("ada"), Value::Int(36)]).generated_key("id").returning("id");
    assert_eq!(Statement::from(insert.clone()).access(), Access::Write);
    let args = [text("ada"), Value::Int(36)];
    let [sqlite, _, _] = check(
        insert,
        [
            (r#"INSERT INTO "users" ("name", "age") VALUES (?, ?) RETURNING "users"."id""#, &args),
            (r#"INSERT INTO "users" ("name", "age") VALUES ($1, $2) RETURNING "users"."id""#, &args),
            ("INSERT INTO `users` (`name`, `age`) VALUES (?, ?) RETURNING `users`.`id`", &args),
        ],
    );
    assert_eq!(sqlite.labels, [(0, "User", "name"), (1, "User", "age")]);
    assert_eq!(sqlite.models, [("users".into(), "User")]);
}

#[test]
fn insert_many_rows_without_returning() {
    let insert = Insert::into(users(), ["id", "name"]).rows([vec![Value::BigInt(1), text("a")], vec![Value::BigInt(2), text("b")]]);
    let args = [Value::BigInt(1), text("a"), Value::BigInt(2), text("b")];
    check(
        insert,
        [
            (r#"INSERT INTO "users" ("id", "name") VALUES (?, ?), (?, ?)"#, &args),
            (r#"INSERT INTO "users" ("id", "name") VALUES ($1, $2), ($3, $4)"#, &args),
            ("INSERT INTO `users` (`id`, `name`) VALUES (?, ?), (?, ?)", &args),
        ],
    );
}

#[test]
fn insert_rows_of_nothing_but_a_generated_key() {
    let insert = Insert::into(TableRef::of("tokens", "Token"), []).rows([vec![], vec![]]).generated_key("id").returning("id");
    check(
        insert,
        [
            (r#"INSERT INTO "tokens" ("id") VALUES (NULL), (NULL) RETURNING "tokens"."id""#, &[]),
            (r#"INSERT INTO "tokens" ("id") VALUES (DEFAULT), (DEFAULT) RETURNING "tokens"."id""#, &[]),
            ("INSERT INTO `tokens` () VALUES (), () RETURNING `tokens`.`id`", &[]),
        ],
    );
}

#[test]
fn insert_with_explicit_keys_bumps_the_postgres_sequence() {
    let insert = Insert::into(users(), ["id", "name"]).row(vec![Value::BigInt(5), text("ada")]).bump_sequence("id");
    let args = [Value::BigInt(5), text("ada")];
    let pg_args = [Value::BigInt(5), text("ada"), text("\"users\""), text("id")];
    check(
        insert,
        [
            (r#"INSERT INTO "users" ("id", "name") VALUES (?, ?)"#, &args),
            (
                r#"WITH "__orm_inserted" AS (INSERT INTO "users" ("id", "name") VALUES ($1, $2) RETURNING "users"."id") SELECT setval(s, GREATEST((SELECT MAX("id") FROM "__orm_inserted"), pg_sequence_last_value(s::regclass), 1)) FROM pg_get_serial_sequence($3, $4) AS s"#,
                &pg_args,
            ),
            ("INSERT INTO `users` (`id`, `name`) VALUES (?, ?)", &args),
        ],
    );
}

#[test]
fn insert_on_conflict_do_nothing() {
    // belongs_to_many.rs's link.
    let insert = Insert::into("user_books", ["user_id", "book_id"])
        .rows([vec![Value::BigInt(1), Value::BigInt(2)], vec![Value::BigInt(1), Value::BigInt(3)]])
        .on_conflict_do_nothing(["user_id", "book_id"]);
    let args = [Value::BigInt(1), Value::BigInt(2), Value::BigInt(1), Value::BigInt(3)];
    check(
        insert,
        [
            (
                r#"INSERT INTO "user_books" ("user_id", "book_id") VALUES (?, ?), (?, ?) ON CONFLICT ("user_id", "book_id") DO NOTHING"#,
                &args,
            ),
            (
                r#"INSERT INTO "user_books" ("user_id", "book_id") VALUES ($1, $2), ($3, $4) ON CONFLICT ("user_id", "book_id") DO NOTHING"#,
                &args,
            ),
            ("INSERT INTO `user_books` (`user_id`, `book_id`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `user_id` = `user_id`", &args),
        ],
    );
}

#[test]
fn insert_on_conflict_update() {
    let insert = Insert::into("user_books", ["user_id", "book_id", "rating", "note"])
        .row(vec![Value::BigInt(1), Value::BigInt(2), Value::Int(5), text("n")])
        .on_conflict_update(["user_id", "book_id"], ["rating", "note"]);
    let args = [Value::BigInt(1), Value::BigInt(2), Value::Int(5), text("n")];
    check(
        insert,
        [
            (
                r#"INSERT INTO "user_books" ("user_id", "book_id", "rating", "note") VALUES (?, ?, ?, ?) ON CONFLICT ("user_id", "book_id") DO UPDATE SET "rating" = excluded."rating", "note" = excluded."note""#,
                &args,
            ),
            (
                r#"INSERT INTO "user_books" ("user_id", "book_id", "rating", "note") VALUES ($1, $2, $3, $4) ON CONFLICT ("user_id", "book_id") DO UPDATE SET "rating" = excluded."rating", "note" = excluded."note""#,
                &args,
            ),
            (
                "INSERT INTO `user_books` (`user_id`, `book_id`, `rating`, `note`) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE `rating` = VALUES(`rating`), `note` = VALUES(`note`)",
                &args,
            ),
        ],
    );
}

#[test]
fn update_of_listed_rows_is_multi_table_on_mysql() {
    // has_many.rs's link: `SET fk = ? WHERE pk IN (…)`.
    let update = Update::table(TableRef::of("posts", "Post"))
        .set("user_id", Value::BigInt(1))
        .filter(Node::In("id", vec![Value::BigInt(7), Value::BigInt(8)]));
    assert_eq!(Statement::from(update.clone()).access(), Access::Write);
    let args = [Value::BigInt(1), Value::BigInt(7), Value::BigInt(8)];
    let [sqlite, _, _] = check(
        update,
        [
            (r#"UPDATE "posts" SET "user_id" = ? WHERE "posts"."id" IN (?, ?)"#, &args),
            (r#"UPDATE "posts" SET "user_id" = $1 WHERE "posts"."id" IN ($2, $3)"#, &args),
            ("UPDATE `posts`, (SELECT 1) AS `__orm_one` SET `user_id` = ? WHERE `posts`.`id` IN (?, ?)", &args),
        ],
    );
    assert_eq!(sqlite.labels, [(0, "Post", "user_id"), (1, "Post", "id"), (2, "Post", "id")]);
}

#[test]
fn update_to_null_outside_a_list() {
    // has_many.rs's set: `SET fk = NULL WHERE fk = ? AND NOT (pk IN (…))`.
    let update = Update::table(TableRef::of("posts", "Post"))
        .set_null("user_id")
        .filter(Node::eq("user_id", Value::BigInt(1)))
        .filter(Node::Not(Box::new(Node::In("id", vec![Value::BigInt(7)]))));
    let args = [Value::BigInt(1), Value::BigInt(7)];
    check(
        update,
        [
            (r#"UPDATE "posts" SET "user_id" = NULL WHERE "posts"."user_id" = ? AND NOT ("posts"."id" IN (?))"#, &args),
            (r#"UPDATE "posts" SET "user_id" = NULL WHERE "posts"."user_id" = $1 AND NOT ("posts"."id" IN ($2))"#, &args),
            (
                "UPDATE `posts`, (SELECT 1) AS `__orm_one` SET `user_id` = NULL WHERE `posts`.`user_id` = ? AND NOT (`posts`.`id` IN (?))",
                &args,
            ),
        ],
    );
}

#[test]
fn update_by_key_single_table() {
    // model.rs's update: every column by the key; a model of only key columns sets its key to itself.
    let key = Node::and_then(Some(Node::eq("a", Value::Int(1))), Node::eq("b", Value::Int(2)));
    let update =
        Update::table(users()).set("name", text("ada")).set("age", Value::Null(crate::SqlType::Int)).filter(key.clone()).single_table();
    let args = [text("ada"), Value::Null(crate::SqlType::Int), Value::Int(1), Value::Int(2)];
    check(
        update,
        [
            (r#"UPDATE "users" SET "name" = ?, "age" = ? WHERE "users"."a" = ? AND "users"."b" = ?"#, &args),
            (r#"UPDATE "users" SET "name" = $1, "age" = $2 WHERE "users"."a" = $3 AND "users"."b" = $4"#, &args),
            ("UPDATE `users` SET `name` = ?, `age` = ? WHERE `users`.`a` = ? AND `users`.`b` = ?", &args),
        ],
    );
    let update = Update::table(users()).set_itself("a").filter(key).single_table();
    let args = [Value::Int(1), Value::Int(2)];
    check(
        update,
        [
            (r#"UPDATE "users" SET "a" = "a" WHERE "users"."a" = ? AND "users"."b" = ?"#, &args),
            (r#"UPDATE "users" SET "a" = "a" WHERE "users"."a" = $1 AND "users"."b" = $2"#, &args),
            ("UPDATE `users` SET `a` = `a` WHERE `users`.`a` = ? AND `users`.`b` = ?", &args),
        ],
    );
}

#[test]
fn delete_is_multi_table_on_mysql_unless_single() {
    // query.rs's delete and belongs_to_many.rs's unlink.
    let delete =
        Delete::from("user_books").filter(Node::eq("user_id", Value::BigInt(1))).filter(Node::In("book_id", vec![Value::BigInt(2)]));
    assert_eq!(Statement::from(delete.clone()).access(), Access::Write);
    let args = [Value::BigInt(1), Value::BigInt(2)];
    check(
        delete,
        [
            (r#"DELETE FROM "user_books" WHERE "user_books"."user_id" = ? AND "user_books"."book_id" IN (?)"#, &args),
            (r#"DELETE FROM "user_books" WHERE "user_books"."user_id" = $1 AND "user_books"."book_id" IN ($2)"#, &args),
            ("DELETE `user_books` FROM `user_books` WHERE `user_books`.`user_id` = ? AND `user_books`.`book_id` IN (?)", &args),
        ],
    );
    // model.rs's delete by key.
    let delete = Delete::from(users()).filter(Node::eq("id", Value::BigInt(9))).single_table();
    let args = [Value::BigInt(9)];
    check(
        delete,
        [
            (r#"DELETE FROM "users" WHERE "users"."id" = ?"#, &args),
            (r#"DELETE FROM "users" WHERE "users"."id" = $1"#, &args),
            ("DELETE FROM `users` WHERE `users`.`id` = ?", &args),
        ],
    );
    check(Delete::from("users"), [(r#"DELETE FROM "users""#, &[]), (r#"DELETE FROM "users""#, &[]), ("DELETE `users` FROM `users`", &[])]);
}
