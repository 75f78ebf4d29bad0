//! Hostile values (quotes, SQL injection attempts, unicode, empty and very long strings, NUL
//! bytes) round-trip unchanged through insert, filters and association accessors, and leave the
//! schema untouched.

mod reliability;

use orm_core::{Backend, Dialect, Error, Model};
use orm_tests::backends;
use reliability::{Author, Note, Tag, author, count, note, schema, tag};

fn dialect<DB: Backend>(_: &orm_core::sqlx::Pool<DB>) -> Dialect {
    DB::DIALECT
}

/// Every string tried. NUL bytes come separately: PostgreSQL's TEXT cannot hold them.
fn hostile() -> Vec<String> {
    let mut v: Vec<String> = [
        "O'Brien",
        "''",
        "\"double\" quotes",
        "back`tick`",
        "'; DROP TABLE authors; --",
        "Robert'); DROP TABLE notes;--",
        "\"; DROP TABLE tags; --",
        "1 OR 1=1",
        "$1 ? :name @p1",
        "%_%",
        "semi;colon",
        "line\nbreak\r\ttab",
        "😀 emoji 👩‍👩‍👧‍👦",
        "مرحبا بالعالم",
        "\u{202E}right-to-left override\u{202C}",
        "עברית ועוד",
        "ünïcödé ß ﬁ",
        "",
        " ",
        "trailing space ",
        "back\\slash",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("x".repeat(100_000));
    v.push("é😀'".repeat(20_000));
    v
}

/// A LIKE pattern the value must match: its first characters and `%`. A backslash is LIKE's
/// escape character on PostgreSQL and MySQL (not on SQLite), so the pattern stops before one;
/// SQLite also caps a pattern at 50,000 bytes, hence the prefix.
fn like_prefix(v: &str) -> String {
    let mut p: String = v.chars().take_while(|c| *c != '\\').take(40).collect();
    p.push('%');
    p
}

backends! {
    async fn hostile_values_round_trip(pool) {
        schema().sync(&pool).await?;
        let values = hostile();
        let mut tags_made = 0;
        for (i, v) in values.iter().enumerate() {
            // insert and read back
            let mut a = author(v);
            a.bio = Some(v.clone());
            a.insert(&pool).await?;
            let back = Author::find(&pool, a.id).await?.expect("the author just inserted");
            assert_eq!(back.name, *v, "value #{i} changed on the way through insert/find");
            assert_eq!(back.bio.as_deref(), Some(v.as_str()));

            // eq: the row is found with its value intact. SQLite and PostgreSQL compare bytes, so
            // exactly the rows holding the value come back; MariaDB's default collation also
            // matches other case, trailing spaces and other emoji, so there it is found among them.
            let found = Author::query().filter(Author::NAME.eq(v.as_str())).all(&pool).await?;
            assert!(found.iter().any(|f| f.id == a.id && f.name == *v), "eq did not find value #{i}");
            if dialect(&pool) != Dialect::MySql {
                assert!(found.iter().all(|f| f.name == *v), "eq on value #{i} matched other rows");
            }
            let found = Author::query().filter(Author::BIO.eq(v.as_str()).and(Author::ID.eq(a.id))).all(&pool).await?;
            assert_eq!(found.len(), 1);

            // like
            let found = Author::query().filter(Author::NAME.like(&like_prefix(v))).all(&pool).await?;
            assert!(found.iter().any(|f| f.id == a.id && f.name == *v), "like did not find value #{i}");
            if v.len() < 1000 && !v.contains('\\') {
                let found = Author::query().filter(Author::NAME.like(v)).all(&pool).await?;
                assert!(found.iter().any(|f| f.id == a.id), "like with the value itself did not find value #{i}");
            }

            // has_many: create and get
            let n = a.create_note(&pool, note(v)).await?;
            let notes = a.notes(&pool).await?;
            assert_eq!(notes.len(), 1);
            assert_eq!(notes[0].text, *v);
            assert_eq!(notes[0].id, n.id);
            assert_eq!(a.count_notes(&pool).await?, 1);

            // belongs_to_many: create, add an existing one, get
            a.create_tag(&pool, tag(v)).await?;
            let mut other = tag(&format!("{v}#2"));
            other.insert(&pool).await?;
            a.add_tag(&pool, &other).await?;
            tags_made += 2;
            let mut labels: Vec<String> = a.tags(&pool).await?.into_iter().map(|t| t.label).collect();
            labels.sort();
            let mut expected = vec![v.clone(), format!("{v}#2")];
            expected.sort();
            assert_eq!(labels, expected, "tags of value #{i}");
            assert!(a.has_tag(&pool, &other).await?);
            let fans = other.authors(&pool).await?;
            assert_eq!(fans.len(), 1);
            assert_eq!(fans[0].name, *v);
        }

        // The schema is untouched: every table is there with the rows expected.
        let n = values.len() as i64;
        assert_eq!(Author::query().count(&pool).await?, n);
        assert_eq!(Note::query().count(&pool).await?, n);
        assert_eq!(Tag::query().count(&pool).await?, tags_made);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM author_tags").await?, tags_made);
        Ok(())
    }

    async fn nul_bytes(pool) {
        schema().sync(&pool).await?;
        let v = "before\0after";
        let mut a = author(v);
        match (dialect(&pool), a.insert(&pool).await) {
            // PostgreSQL TEXT cannot hold NUL: a typed error naming the column, nothing written.
            (Dialect::Postgres, Err(Error::UnsupportedValue { model: "Author", column: "name", .. })) => {
                assert_eq!(Author::query().count(&pool).await?, 0);
                let mut b = author("plain");
                b.insert(&pool).await?;
                assert!(matches!(b.create_note(&pool, note(v)).await, Err(Error::UnsupportedValue { model: "Note", column: "text", .. })));
                assert!(matches!(b.create_tag(&pool, tag(v)).await, Err(Error::UnsupportedValue { model: "Tag", column: "label", .. })));
                assert!(matches!(
                    Author::query().filter(Author::NAME.eq(v)).all(&pool).await,
                    Err(Error::UnsupportedValue { model: "Author", column: "name", .. })
                ));
                assert_eq!(Note::query().count(&pool).await?, 0);
                assert_eq!(Tag::query().count(&pool).await?, 0);
            }
            (Dialect::Postgres, other) => panic!("PostgreSQL accepted or misreported a NUL byte: {other:?}"),
            (_, Err(e)) => return Err(e),
            (_, Ok(())) => {
                assert_eq!(Author::find(&pool, a.id).await?.unwrap().name, v);
                let found = Author::query().filter(Author::NAME.eq(v)).all(&pool).await?;
                assert_eq!(found.len(), 1);
                assert_eq!(found[0].name, v);
                a.create_note(&pool, note(v)).await?;
                assert_eq!(a.notes(&pool).await?[0].text, v);
                a.create_tag(&pool, tag(v)).await?;
                assert_eq!(a.tags(&pool).await?[0].label, v);
            }
        }
        Ok(())
    }
}
