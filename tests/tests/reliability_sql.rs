//! The SQL text the ORM writes, tried as an adversarial user would: a table older than its model
//! (SQLite reads an unknown double-quoted column as a string), raw SQL whose columns come in
//! another order, and LIKE searches for text full of wildcards, quotes and escapes.

use orm_core::sql::Sql;
use orm_core::{Backend, BelongsTo, Dialect, Error, HasMany, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Writer {
    id: i64,
    name: String,
    #[has_many]
    posts: HasMany<Post>,
}

/// A model with a `title` its table (made by hand below, as an older version of the program
/// would have) does not have.
#[derive(Model, Debug, Clone, PartialEq)]
struct Post {
    id: i64,
    title: String,
    body: String,
    #[belongs_to]
    writer: Option<BelongsTo<Writer>>,
}

async fn exec(db: impl orm_core::Connection, statement: &'static str) -> orm_core::Result<u64> {
    let mut sql = Sql::new(db.dialect());
    sql.push(orm_core::AssertSqlSafe(statement.to_string()));
    Ok(sql.execute(db).await?.rows_affected)
}

async fn count(db: impl orm_core::Connection, statement: &'static str) -> orm_core::Result<i64> {
    let mut sql = Sql::new(db.dialect());
    sql.push(orm_core::AssertSqlSafe(statement.to_string()));
    sql.fetch_scalar::<i64>(db).await
}

/// Fails the test unless `result` is the typed error for the missing `posts.title`.
fn missing_title<T: std::fmt::Debug>(what: &str, result: orm_core::Result<T>) {
    match result {
        Err(e @ Error::UnknownColumn { model: Some("Post"), .. }) if matches!(&e, Error::UnknownColumn { column, .. } if column.contains("title")) =>
        {
            assert!(e.to_string().contains("`Post`"), "{what}: {e}");
        }
        other => panic!("{what}: expected Error::UnknownColumn naming `Post` and `title`, got {other:?}"),
    }
}

fn dialect<DB: Backend>(_: &orm_core::sqlx::Pool<DB>) -> Dialect {
    DB::DIALECT
}

fn post(id: i64, title: &str, body: &str) -> Post {
    Post { id, title: title.into(), body: body.into(), writer: None }
}

backends! {
    async fn missing_column_is_an_error_in_every_statement(pool) {
        Schema::new().model::<Writer>().sync(&pool).await?;
        exec(&pool, "CREATE TABLE posts (id BIGINT NOT NULL PRIMARY KEY, body TEXT NOT NULL, writer_id BIGINT NULL)").await?;
        let mut ada = Writer { id: 0, name: "ada".into(), posts: Default::default() };
        ada.insert(&pool).await?;
        exec(&pool, "INSERT INTO posts (id, body, writer_id) VALUES (1, 'one', 1), (2, 'two', 1), (3, 'three', NULL)").await?;

        missing_title("all", Post::query().all(&pool).await);
        missing_title("first", Post::query().first(&pool).await);
        missing_title("find", Post::find(&pool, 1).await);
        missing_title("filter eq", Post::query().filter(Post::TITLE.eq("title")).count(&pool).await);
        missing_title("filter in", Post::query().filter(Post::TITLE.in_(["title"])).count(&pool).await);
        missing_title("filter like", Post::query().filter(Post::TITLE.contains("t")).count(&pool).await);
        missing_title("filter null", Post::query().filter(Post::TITLE.is_null()).count(&pool).await);
        missing_title("order", Post::query().filter(Post::BODY.eq("one")).order_by(Post::TITLE.asc()).all(&pool).await);
        missing_title("delete by filter", Post::query().filter(Post::TITLE.eq("title")).delete(&pool).await);
        missing_title("insert", post(4, "four", "four").insert(&pool).await);
        missing_title("insert_all", Post::insert_all(&pool, &mut [post(5, "five", "five")]).await);
        missing_title("update", post(1, "title", "one").update(&pool).await);
        missing_title("include", Writer::query().include(Writer::POSTS).all(&pool).await);
        missing_title("required include", Writer::query().include(Writer::POSTS.filter(Post::TITLE.eq("title")).required()).all(&pool).await);
        missing_title("include filter", Writer::query().include(Writer::POSTS.filter(Post::TITLE.eq("title"))).all(&pool).await);
        missing_title("posts", ada.posts(&pool).await);
        missing_title("count by filter", ada.query_posts()?.filter(Post::TITLE.eq("title")).count(&pool).await);

        // Nothing was changed by any of it.
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM posts").await?, 3);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM posts WHERE body = 'one' AND writer_id = 1").await?, 1);
        Ok(())
    }

    async fn raw_sql_decodes_by_column_name(pool) {
        Schema::new().model::<Writer>().model::<Post>().sync(&pool).await?;
        let mut rows = [post(0, "the title", "the body"), post(0, "second title", "second body")];
        Post::insert_all(&pool, &mut rows).await?;

        // Two text columns swapped, the key last, and a column the model does not have.
        let mut sql = Sql::new(dialect(&pool));
        sql.push("SELECT body, 42 AS extra, title, writer_id, id FROM posts ORDER BY id");
        let read: Vec<Post> = sql.fetch_all(&pool).await?;
        assert_eq!(read, rows);

        let mut sql = Sql::new(dialect(&pool));
        sql.push("SELECT writer_id, body, title, id FROM posts WHERE title = ").bind(orm_core::Value::Text("second title".into()));
        assert_eq!(sql.fetch_optional::<Post>(&pool).await?, Some(rows[1].clone()));

        // Upper-case names as the statement spells them (SQLite and MySQL keep the spelling).
        let mut sql = Sql::new(dialect(&pool));
        sql.push("SELECT BODY, TITLE, WRITER_ID, ID FROM posts ORDER BY id");
        assert_eq!(sql.fetch_all::<Post>(&pool).await?, rows);

        let mut sql = Sql::new(dialect(&pool));
        sql.push("SELECT id, body, writer_id FROM posts");
        match sql.fetch_all::<Post>(&pool).await {
            Err(Error::MissingColumn { model: "Post", column: "title" }) => {}
            other => panic!("expected MissingColumn(Post.title), got {other:?}"),
        }
        let mut sql = Sql::new(dialect(&pool));
        sql.push("SELECT id, body, writer_id FROM posts");
        match sql.fetch_optional::<Post>(&pool).await {
            Err(Error::MissingColumn { model: "Post", column: "title" }) => {}
            other => panic!("expected MissingColumn(Post.title), got {other:?}"),
        }

        let mut sql = Sql::new(dialect(&pool));
        sql.push("SELECT id, title, body AS title, body, writer_id FROM posts");
        match sql.fetch_all::<Post>(&pool).await {
            Err(Error::AmbiguousColumn { model: "Post", column: "title" }) => {}
            other => panic!("expected AmbiguousColumn(Post.title), got {other:?}"),
        }
        Ok(())
    }
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Doc {
    id: i64,
    name: String,
}

/// Names full of what LIKE, SQL literals and escapes treat specially.
const HOSTILE: &[&str] = &[
    "100%",
    "100x",
    "1000",
    "a_b",
    "axb",
    "a__b",
    "back\\slash",
    "back\\\\slash",
    "backslash",
    "it's",
    "it''s",
    "quote\"d",
    "bang!",
    "bang!!",
    "bang",
    "!%",
    "!_",
    "%",
    "_",
    "!",
    "\\",
    "\\%",
    "\\_",
    "",
    "under_score%mix!",
    "emoji 😀 ok",
    "emoji x ok",
    "[ab]",
    "a",
    "*?",
    "'; drop table docs; --",
];

backends! {
    async fn like_helpers_match_hostile_text_literally(pool) {
        Schema::new().model::<Doc>().sync(&pool).await?;
        let mut docs: Vec<Doc> = HOSTILE.iter().map(|n| Doc { id: 0, name: (*n).to_owned() }).collect();
        Doc::insert_all(&pool, &mut docs).await?;
        let names = |docs: Vec<Doc>| {
            let mut v: Vec<String> = docs.into_iter().map(|d| d.name).collect();
            v.sort();
            v
        };
        let expect = |f: &dyn Fn(&str) -> bool| {
            let mut v: Vec<String> = HOSTILE.iter().filter(|n| f(n)).map(|n| (*n).to_owned()).collect();
            v.sort();
            v
        };
        for needle in HOSTILE {
            let contains = names(Doc::query().filter(Doc::NAME.contains(needle)).all(&pool).await?);
            assert_eq!(contains, expect(&|n| n.contains(needle)), "contains({needle:?})");
            let starts = names(Doc::query().filter(Doc::NAME.starts_with(needle)).all(&pool).await?);
            assert_eq!(starts, expect(&|n| n.starts_with(needle)), "starts_with({needle:?})");
            let ends = names(Doc::query().filter(Doc::NAME.ends_with(needle)).all(&pool).await?);
            assert_eq!(ends, expect(&|n| n.ends_with(needle)), "ends_with({needle:?})");
            // An escaped needle as a whole pattern matches only itself.
            let exact = names(Doc::query().filter(Doc::NAME.like_escaped(&orm_core::query::escape_like(needle))).all(&pool).await?);
            assert_eq!(exact, expect(&|n| n == *needle), "like_escaped(escape_like({needle:?}))");
        }
        // Wildcards written around escaped parts still work.
        let mixed = names(Doc::query().filter(Doc::NAME.like_escaped(&format!("{}_b", orm_core::query::escape_like("a_")))).all(&pool).await?);
        assert_eq!(mixed, vec!["a__b".to_owned()]);
        let all = Doc::query().filter(Doc::NAME.like_escaped("%")).count(&pool).await?;
        assert_eq!(all, HOSTILE.len() as i64);
        assert_eq!(Doc::query().count(&pool).await?, HOSTILE.len() as i64);
        Ok(())
    }
}
