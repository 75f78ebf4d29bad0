//! Issue 18, classes 11 and 12: a LIKE pattern means one thing on every backend.
//! - `like` escapes with a backslash everywhere (PostgreSQL's and MySQL's default; SQLite has
//!   none unless told): `like("a\\_b")` matches `a_b` and not `axb` nor `a\_b`;
//! - a pattern holding a NUL character is refused on SQLite (which reads it only up to the NUL,
//!   so `contains("\0")` matched every row) and on PostgreSQL (whose text holds no NUL), and
//!   matches exactly on MariaDB.

use orm_core::{Backend, Dialect, Error, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Label {
    id: i64,
    text: String,
}

fn dialect<DB: Backend>(_: &orm_core::sqlx::Pool<DB>) -> Dialect {
    DB::DIALECT
}

fn texts(rows: Vec<Label>) -> Vec<String> {
    let mut t: Vec<String> = rows.into_iter().map(|l| l.text).collect();
    t.sort();
    t
}

backends! {
    async fn like_escapes_with_a_backslash_everywhere(pool) {
        Schema::new().model::<Label>().sync(&pool).await?;
        let mut rows: Vec<Label> =
            ["a_b", "axb", "a\\_b", "a\\xb", "50%", "50x", "c\\d"].iter().map(|t| Label { id: 0, text: t.to_string() }).collect();
        Label::insert_all(&pool, &mut rows).await?;
        let like = |p: &'static str| Label::query().filter(Label::TEXT.like(p));
        assert_eq!(texts(like("a\\_b").all(&pool).await?), ["a_b"]);
        assert_eq!(texts(like("a_b").all(&pool).await?), ["a_b", "axb"]);
        assert_eq!(texts(like("a\\\\_b").all(&pool).await?), ["a\\_b", "a\\xb"]);
        assert_eq!(texts(like("50\\%").all(&pool).await?), ["50%"]);
        assert_eq!(texts(like("c\\\\d").all(&pool).await?), ["c\\d"]);
        // The literal helpers agree.
        assert_eq!(texts(Label::query().filter(Label::TEXT.contains("\\_")).all(&pool).await?), ["a\\_b"]);
        assert_eq!(texts(Label::query().filter(Label::TEXT.starts_with("50%")).all(&pool).await?), ["50%"]);
        Ok(())
    }

    async fn a_nul_in_a_pattern_matches_exactly_or_is_refused(pool) {
        let d = dialect(&pool);
        Schema::new().model::<Label>().sync(&pool).await?;
        let mut rows: Vec<Label> = ["plain", "other"].iter().map(|t| Label { id: 0, text: t.to_string() }).collect();
        if d == Dialect::MySql {
            rows.push(Label { id: 0, text: "with\0nul".into() });
        }
        Label::insert_all(&pool, &mut rows).await?;
        let filters = [
            Label::TEXT.contains("\0"),
            Label::TEXT.starts_with("with\0"),
            Label::TEXT.ends_with("\0nul"),
            Label::TEXT.like("%\0%"),
            Label::TEXT.like_escaped("with\0%"),
        ];
        for filter in filters {
            let result = Label::query().filter(filter.clone()).all(&pool).await;
            match d {
                Dialect::MySql => assert_eq!(texts(result?), ["with\0nul"], "{filter:?}"),
                _ => match result {
                    Err(Error::UnsupportedValue { model: "Label", column: "text", .. }) => {}
                    other => panic!("{filter:?} on {d:?}: expected UnsupportedValue, got {other:?}"),
                },
            }
            if d != Dialect::MySql {
                // Deleting by it deletes nothing.
                assert!(Label::query().filter(filter).delete(&pool).await.is_err());
                assert_eq!(Label::query().count(&pool).await?, 2);
            }
        }
        if d == Dialect::MySql {
            assert_eq!(Label::query().filter(Label::TEXT.contains("\0")).delete(&pool).await?, 1);
            assert_eq!(texts(Label::query().all(&pool).await?), ["other", "plain"]);
        }
        Ok(())
    }
}
