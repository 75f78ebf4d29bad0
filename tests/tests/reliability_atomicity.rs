//! Writes that fail midway leave the previous state; an uncommitted transaction (dropped, or on a
//! connection that dies) writes nothing and loses nothing committed; foreign keys are enforced on
//! every backend, SQLite included.

mod reliability;

use orm_core::sqlx::Connection;
use orm_core::{Backend, BelongsTo, Dialect, Error, Model};
use orm_tests::backends;
use reliability::{Author, Note, Tag, author, count, note, schema, tag};

fn dialect<DB: Backend>(_: &orm_core::sqlx::Pool<DB>) -> Dialect {
    DB::DIALECT
}

fn orphan(text: &str) -> Note {
    Note { id: 0, text: text.into(), author: Some(BelongsTo::new(999_999)) }
}

fn labels(tags: Vec<Tag>) -> Vec<String> {
    let mut l: Vec<String> = tags.into_iter().map(|t| t.label).collect();
    l.sort();
    l
}

fn texts(notes: Vec<Note>) -> Vec<String> {
    let mut l: Vec<String> = notes.into_iter().map(|n| n.text).collect();
    l.sort();
    l
}

fn is_fk(r: &orm_core::Result<impl std::fmt::Debug>) -> bool {
    matches!(r, Err(Error::ForeignKeyViolation { .. }))
}

backends! {
    async fn set_tags_failing_midway_keeps_the_links(pool) {
        schema().sync(&pool).await?;
        let mut a = author("a");
        a.insert(&pool).await?;
        let mut tags: Vec<Tag> = ["t1", "t2", "t3", "t4"].iter().map(|l| tag(l)).collect();
        Tag::insert_all(&pool, &mut tags).await?;
        a.set_tags(&pool, [&tags[0], &tags[1]]).await?;
        tags[2].delete(&pool).await?;
        // The unlinking of t1 and t2 runs first; the link to the deleted t3 then fails.
        let r = a.set_tags(&pool, [&tags[3], &tags[2]]).await;
        assert!(is_fk(&r), "expected a foreign-key violation, got {r:?}");
        assert_eq!(labels(a.tags(&pool).await?), ["t1", "t2"]);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM author_tags").await?, 2);
        // The same set without the deleted tag goes through.
        a.set_tags(&pool, [&tags[3]]).await?;
        assert_eq!(labels(a.tags(&pool).await?), ["t4"]);
        Ok(())
    }

    async fn set_notes_failing_midway_keeps_the_links(pool) {
        schema().sync(&pool).await?;
        let mut authors = vec![author("a"), author("gone")];
        Author::insert_all(&pool, &mut authors).await?;
        let (a, gone) = (authors[0].clone(), authors[1].clone());
        let mut notes: Vec<Note> = ["n1", "n2", "n3"].iter().map(|t| note(t)).collect();
        Note::insert_all(&pool, &mut notes).await?;
        a.set_notes(&pool, &mut notes[..2]).await?;

        // A target deleted meanwhile: the unlinking of n1 is rolled back.
        let mut n3 = notes[2].clone();
        n3.delete(&pool).await?;
        let mut n2 = notes[1].clone();
        let r = a.set_notes(&pool, [&mut n2, &mut n3]).await;
        assert!(matches!(r, Err(Error::NotFound { .. })), "expected NotFound, got {r:?}");
        assert_eq!(texts(a.notes(&pool).await?), ["n1", "n2"]);

        // A deleted owner: linking to it violates the foreign key, and n1 stays with `a`.
        gone.delete(&pool).await?;
        let mut n1 = notes[0].clone();
        let r = gone.set_notes(&pool, [&mut n1]).await;
        assert!(is_fk(&r), "expected a foreign-key violation, got {r:?}");
        assert_eq!(texts(a.notes(&pool).await?), ["n1", "n2"]);
        Ok(())
    }

    async fn insert_all_failing_midway_writes_nothing(pool) {
        schema().sync(&pool).await?;
        let mut a = author("a");
        a.insert(&pool).await?;
        let before = Note::query().count(&pool).await?;

        // Rows with their own key go in a first statement, which succeeds; the generated-key
        // rows follow in a second one, which fails on the orphan.
        let linked = |t: &str| Note { id: 0, text: t.into(), author: Some(BelongsTo::new(a.id)) };
        let mut with_key = linked("own key");
        with_key.id = 1_000;
        let mut rows = vec![with_key, linked("x"), orphan("orphan"), linked("y")];
        let r = Note::insert_all(&pool, &mut rows).await;
        assert!(is_fk(&r), "expected a foreign-key violation, got {r:?}");
        assert_eq!(Note::query().count(&pool).await?, before);

        // More rows than one statement may bind: the orphan sits in the last chunk.
        let per_statement = dialect(&pool).max_params() / 2;
        let mut rows: Vec<Note> = (0..per_statement + 10).map(|i| linked(&format!("bulk {i}"))).collect();
        rows.push(orphan("orphan"));
        let r = Note::insert_all(&pool, &mut rows).await;
        assert!(is_fk(&r), "expected a foreign-key violation, got {r:?}");
        assert_eq!(Note::query().count(&pool).await?, before);
        // The keys of the first chunk, rolled back, are not left in the instances.
        assert!(rows.iter().all(|n| n.id == 0), "a failed insert_all left generated keys behind");

        // Without the orphan the same rows go in.
        rows.pop();
        let n = rows.len() as i64;
        Note::insert_all(&pool, &mut rows).await?;
        assert_eq!(Note::query().count(&pool).await?, before + n);
        Ok(())
    }

    async fn uncommitted_writes_vanish_and_committed_ones_stay(pool) {
        schema().sync(&pool).await?;
        let mut kept = author("committed");
        kept.insert(&pool).await?;
        kept.create_note(&pool, note("committed note")).await?;

        // A transaction dropped without commit.
        {
            let mut tx = pool.begin().await?;
            let mut a = author("dropped");
            a.insert(&mut *tx).await?;
            a.create_note(&mut *tx, note("dropped note")).await?;
            kept.bio = Some("changed".into());
            kept.update(&mut *tx).await?;
            assert_eq!(Author::query().count(&mut *tx).await?, 2);
        }
        assert_eq!(Author::query().count(&pool).await?, 1);
        assert_eq!(Note::query().count(&pool).await?, 1);
        assert_eq!(Author::find(&pool, kept.id).await?.unwrap().bio, None);

        // A connection that dies in the middle of a transaction. (Not on SQLite in memory: its
        // one connection is the database.)
        if dialect(&pool) != Dialect::Sqlite {
            let mut conn = pool.acquire().await?.detach();
            let mut tx = conn.begin().await?;
            let mut a = author("lost with the connection");
            a.insert(&mut *tx).await?;
            a.create_note(&mut *tx, note("lost note")).await?;
            // Neither commit nor rollback: the socket just closes.
            std::mem::forget(tx);
            drop(conn);
            let mut other = pool.acquire().await?;
            assert_eq!(Author::query().count(&mut *other).await?, 1);
            assert_eq!(Note::query().count(&mut *other).await?, 1);
        }

        // What was committed is all there.
        let back = Author::find(&pool, kept.id).await?.unwrap();
        assert_eq!(back.name, "committed");
        assert_eq!(texts(back.notes(&pool).await?), ["committed note"]);
        Ok(())
    }

    async fn foreign_keys_are_enforced(pool) {
        schema().sync(&pool).await?;
        let mut a = author("a");
        a.insert(&pool).await?;

        // An orphan row, alone or among valid ones.
        assert!(is_fk(&orphan("o").insert(&pool).await));
        let mut rows = vec![Note { id: 0, text: "ok".into(), author: Some(BelongsTo::new(a.id)) }, orphan("o")];
        assert!(is_fk(&Note::insert_all(&pool, &mut rows).await));

        // Pointing an existing row at a missing parent.
        let mut n = a.create_note(&pool, note("n")).await?;
        n.author = Some(BelongsTo::new(999_999));
        assert!(is_fk(&n.update(&pool).await));

        // A junction row to a deleted target, and from a deleted source.
        let mut t = tag("t");
        t.insert(&pool).await?;
        let mut gone = tag("gone");
        gone.insert(&pool).await?;
        gone.delete(&pool).await?;
        assert!(is_fk(&a.add_tag(&pool, &gone).await));
        let mut ghost = author("ghost");
        ghost.insert(&pool).await?;
        ghost.delete(&pool).await?;
        assert!(is_fk(&ghost.add_tag(&pool, &t).await));
        assert!(is_fk(&ghost.create_note(&pool, note("orphan")).await));

        // Nothing of it was written.
        assert_eq!(Note::query().count(&pool).await?, 1);
        assert_eq!(Note::query().filter(Note::AUTHOR_ID.eq(a.id)).count(&pool).await?, 1);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM author_tags").await?, 0);
        Ok(())
    }
}
