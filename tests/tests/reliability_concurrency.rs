//! 32 tasks add and remove links on the same `#[belongs_to_many]` and `#[has_many]` sets through a
//! pool of 4 connections (SQLite in memory: 1): no deadlock, no duplicate junction row, and the
//! final state is the one a serial run gives.

mod reliability;

use std::time::Duration;

use orm_core::Model;
use orm_tests::backends;
use reliability::{Author, Note, Tag, author, count, note, schema, tag};

const TASKS: usize = 32;
const ROUNDS: usize = 4;

backends! {
    connections = 4;

    async fn concurrent_add_remove(pool) {
        schema().sync(&pool).await?;
        let mut a = author("shared");
        a.insert(&pool).await?;
        let mut tags: Vec<Tag> = (0..=TASKS).map(|i| tag(&format!("t{i}"))).collect();
        Tag::insert_all(&pool, &mut tags).await?;
        let mut notes: Vec<Note> = (0..=TASKS).map(|i| note(&format!("n{i}"))).collect();
        Note::insert_all(&pool, &mut notes).await?;
        // Index TASKS is the item every task adds; task i alone adds and removes item i.
        let shared_tag = tags[TASKS].clone();
        let shared_note = notes[TASKS].clone();

        let mut handles = Vec::new();
        for i in 0..TASKS {
            let (pool, a) = (pool.clone(), a.clone());
            let (own_tag, shared_tag) = (tags[i].clone(), shared_tag.clone());
            let (mut own_note, mut shared_note) = (notes[i].clone(), shared_note.clone());
            handles.push(tokio::spawn(async move {
                let mut ops = 0usize;
                for _ in 0..ROUNDS {
                    a.add_tag(&pool, &own_tag).await?;
                    a.add_tag(&pool, &shared_tag).await?;
                    a.add_note(&pool, &mut own_note).await?;
                    a.add_note(&pool, &mut shared_note).await?;
                    assert!(a.has_tag(&pool, &own_tag).await?);
                    a.remove_tag(&pool, &own_tag).await?;
                    a.remove_note(&pool, &mut own_note).await?;
                    ops += 7;
                }
                // Even tasks end linked, odd ones unlinked.
                if i % 2 == 0 {
                    a.add_tag(&pool, &own_tag).await?;
                    a.add_note(&pool, &mut own_note).await?;
                    ops += 2;
                }
                Ok::<usize, orm_core::Error>(ops)
            }));
        }
        let all = async {
            let mut ops = 0;
            for h in handles {
                ops += h.await.expect("task panicked")?;
            }
            Ok::<usize, orm_core::Error>(ops)
        };
        let ops = tokio::time::timeout(Duration::from_secs(120), all).await.expect("deadlock: the tasks did not finish in 120 s")?;
        assert_eq!(ops, TASKS * ROUNDS * 7 + TASKS / 2 * 2);

        // The serial expectation: the shared items and the even tasks' own items.
        let mut expected: Vec<String> = (0..TASKS).filter(|i| i % 2 == 0).map(|i| format!("t{i}")).collect();
        expected.push(format!("t{TASKS}"));
        expected.sort();
        let mut labels: Vec<String> = a.tags(&pool).await?.into_iter().map(|t| t.label).collect();
        labels.sort();
        assert_eq!(labels, expected);
        // No duplicate junction row (the table's key forbids them; this checks nothing slipped by).
        let rows = count(&pool, "SELECT COUNT(*) FROM author_tags").await?;
        let distinct = count(&pool, "SELECT COUNT(*) FROM (SELECT DISTINCT author_id, tag_id FROM author_tags) d").await?;
        assert_eq!(rows, expected.len() as i64);
        assert_eq!(distinct, rows);

        let mut expected: Vec<String> = (0..TASKS).filter(|i| i % 2 == 0).map(|i| format!("n{i}")).collect();
        expected.push(format!("n{TASKS}"));
        expected.sort();
        let mut texts: Vec<String> = a.notes(&pool).await?.into_iter().map(|n| n.text).collect();
        texts.sort();
        assert_eq!(texts, expected);
        // Nothing lost: every tag and note row is still there.
        assert_eq!(Tag::query().count(&pool).await?, TASKS as i64 + 1);
        assert_eq!(Note::query().count(&pool).await?, TASKS as i64 + 1);
        assert_eq!(Author::query().count(&pool).await?, 1);
        Ok(())
    }
}
