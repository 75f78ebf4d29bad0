//! The association calls' statements that no other test here covers, as the call sites wrote
//! them as text before they built nodes.

use super::check;
use crate::sql::tree::Node;
use crate::sql::{Access, Select, Statement, TableRef, Update, col};
use crate::value::Value;

#[test]
fn has_many_locks_linked_and_listed_targets_in_key_order() {
    // has_many.rs's lock_targets: `SELECT 1 … WHERE (fk = ? OR pk IN (…)) ORDER BY pk` and the lock.
    let filter =
        Node::Or(Box::new(Node::eq("user_id", Value::BigInt(1))), Box::new(Node::In("id", vec![Value::BigInt(7), Value::BigInt(8)])));
    let select = Select::from(TableRef::of("posts", "Post")).one().filter(filter).order_by(col("posts", "id"), None).lock();
    assert_eq!(Statement::from(select.clone()).access(), Access::Lock);
    let args = [Value::BigInt(1), Value::BigInt(7), Value::BigInt(8)];
    check(
        select,
        [
            (r#"SELECT 1 FROM "posts" WHERE ("posts"."user_id" = ? OR "posts"."id" IN (?, ?)) ORDER BY "posts"."id""#, &args),
            (
                r#"SELECT 1 FROM "posts" WHERE ("posts"."user_id" = $1 OR "posts"."id" IN ($2, $3)) ORDER BY "posts"."id" FOR NO KEY UPDATE"#,
                &args,
            ),
            ("SELECT 1 FROM `posts` WHERE (`posts`.`user_id` = ? OR `posts`.`id` IN (?, ?)) ORDER BY `posts`.`id` FOR UPDATE", &args),
        ],
    );
}

#[test]
fn belongs_to_many_reads_targets_with_their_junction_rows() {
    // belongs_to_many.rs's through: the junction's filter is qualified by the junction.
    let select = Select::from(TableRef::of("books", "Book"))
        .columns("books", ["id", "title"])
        .columns("user_books", ["user_id", "book_id"])
        .inner_join(TableRef::of("user_books", "UserBook"), Node::ColumnEq(col("books", "id"), col("user_books", "book_id")))
        .filter(Node::on("user_books", Node::eq("user_id", Value::BigInt(1))))
        .order_by(col("books", "id"), None);
    let args = [Value::BigInt(1)];
    check(
        select,
        [
            (
                r#"SELECT "books"."id", "books"."title", "user_books"."user_id", "user_books"."book_id" FROM "books" INNER JOIN "user_books" ON "books"."id" = "user_books"."book_id" WHERE "user_books"."user_id" = ? ORDER BY "books"."id""#,
                &args,
            ),
            (
                r#"SELECT "books"."id", "books"."title", "user_books"."user_id", "user_books"."book_id" FROM "books" INNER JOIN "user_books" ON "books"."id" = "user_books"."book_id" WHERE "user_books"."user_id" = $1 ORDER BY "books"."id""#,
                &args,
            ),
            (
                "SELECT `books`.`id`, `books`.`title`, `user_books`.`user_id`, `user_books`.`book_id` FROM `books` INNER JOIN `user_books` ON `books`.`id` = `user_books`.`book_id` WHERE `user_books`.`user_id` = ? ORDER BY `books`.`id`",
                &args,
            ),
        ],
    );
}

#[test]
fn belongs_to_many_updates_a_links_own_columns_single_table() {
    // belongs_to_many.rs's update_through: by the pair of keys, single-table on MySQL.
    let link = Node::and_then(Some(Node::eq("user_id", Value::BigInt(1))), Node::eq("book_id", Value::BigInt(2)));
    let update = Update::table(TableRef::of("user_books", "UserBook")).set("rating", Value::Int(5)).filter(link).single_table();
    let args = [Value::Int(5), Value::BigInt(1), Value::BigInt(2)];
    check(
        update,
        [
            (r#"UPDATE "user_books" SET "rating" = ? WHERE "user_books"."user_id" = ? AND "user_books"."book_id" = ?"#, &args),
            (r#"UPDATE "user_books" SET "rating" = $1 WHERE "user_books"."user_id" = $2 AND "user_books"."book_id" = $3"#, &args),
            ("UPDATE `user_books` SET `rating` = ? WHERE `user_books`.`user_id` = ? AND `user_books`.`book_id` = ?", &args),
        ],
    );
}
