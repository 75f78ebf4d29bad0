//! Issue 9.11: a multi-statement call (`set_*`, `insert_all`, an include) dropped halfway — as a
//! `tokio::time::timeout` or `select!` drops it — leaves the stored data as before the call (or,
//! if its commit got through, as after it: never a mix), and the pool answers the next call
//! within a bounded time. Each call is cut after 0, 1, 2, … polls, so every await point of it is
//! a cancellation point once.

mod reliability;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use orm_core::Model;
use reliability::{Author, Note, Tag, author, note, schema, tag};

/// Polls the inner future at most `left` times, then gives up on it (and drops it).
struct PollN<F> {
    inner: Pin<Box<F>>,
    left: usize,
}

impl<F: Future> Future for PollN<F> {
    type Output = Option<F::Output>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        self.left -= 1;
        self.inner.as_mut().poll(cx).map(Some)
    }
}

fn cut_after<F: Future>(polls: usize, f: F) -> PollN<F> {
    PollN { inner: Box::pin(f), left: polls }
}

/// The most polls tried; every call here finishes in fewer, so the last tries complete.
const MAX_POLLS: usize = 60;
/// How long the pool may take to answer after a cancelled call.
const BOUND: Duration = Duration::from_secs(5);

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

/// The scenario, on `$pool` (a pool of any backend).
macro_rules! cancelled_calls_change_nothing {
    ($pool:ident) => {{
        let pool = $pool;
        schema().sync(&pool).await?;
        let mut a = author("a");
        a.insert(&pool).await?;
        let mut tags: Vec<Tag> = (0..6).map(|i| tag(&format!("t{i}"))).collect();
        Tag::insert_all(&pool, &mut tags).await?;
        let mut notes: Vec<Note> = (0..6).map(|i| note(&format!("n{i}"))).collect();
        Note::insert_all(&pool, &mut notes).await?;
        let (old_tags, new_tags) = (&tags[..3], &tags[3..]);
        let labels = |v: &[Tag]| sorted(v.iter().map(|t| t.label.clone()).collect::<Vec<_>>());
        let (old_labels, new_labels) = (labels(old_tags), labels(new_tags));
        a.set_tags(&pool, old_tags).await?;
        a.set_notes(&pool, &mut notes[..3]).await?;
        let texts = |v: &[Note]| sorted(v.iter().map(|n| n.text.clone()).collect::<Vec<_>>());
        let (old_texts, new_texts) = (texts(&notes[..3]), texts(&notes[3..]));

        let mut completed = 0;
        for polls in 0..MAX_POLLS {
            // set on a many-to-many: a DELETE and an INSERT in one transaction.
            let done = cut_after(polls, a.set_tags(&pool, new_tags)).await;
            let now = tokio::time::timeout(BOUND, a.tags(&pool)).await.expect("the pool hung after a cancelled set_tags")?;
            let now = labels(&now);
            match done {
                Some(result) => {
                    result?;
                    completed += 1;
                    assert_eq!(now, new_labels);
                }
                // Cut before or after its commit: one list or the other, never a mix.
                None => assert!(now == old_labels || now == new_labels, "after {polls} polls: {now:?}"),
            }
            a.set_tags(&pool, old_tags).await?;

            // set on a has_many: two UPDATEs in one transaction.
            let mut moved: Vec<Note> = notes[3..].to_vec();
            let done = cut_after(polls, a.set_notes(&pool, &mut moved)).await;
            let now = tokio::time::timeout(BOUND, a.notes(&pool)).await.expect("the pool hung after a cancelled set_notes")?;
            let now = texts(&now);
            match done {
                Some(result) => {
                    result?;
                    assert_eq!(now, new_texts);
                }
                None => assert!(now == old_texts || now == new_texts, "after {polls} polls: {now:?}"),
            }
            let mut back: Vec<Note> = notes[..3].to_vec();
            a.set_notes(&pool, &mut back).await?;

            // insert_all of many rows: all of them or none.
            let before = Tag::query().count(&pool).await?;
            let mut batch: Vec<Tag> = (0..50).map(|i| tag(&format!("b{polls}_{i}"))).collect();
            let done = cut_after(polls, Tag::insert_all(&pool, &mut batch)).await;
            let after =
                tokio::time::timeout(BOUND, Tag::query().count(&pool)).await.expect("the pool hung after a cancelled insert_all")?;
            if let Some(result) = done {
                result?;
            }
            assert!(after == before || after == before + 50, "after {polls} polls: {before} -> {after} tags");
            Tag::query().filter(Tag::LABEL.like("b%")).delete(&pool).await?;

            // An include (several SELECTs in one transaction) changes nothing but must not hang.
            let done = cut_after(polls, Author::query().include(Author::TAGS).include(Author::NOTES).all(&pool)).await;
            if let Some(result) = done {
                let loaded = result?;
                assert_eq!(loaded.len(), 1);
            }
            let read = tokio::time::timeout(BOUND, Author::query().count(&pool)).await.expect("the pool hung after a cancelled include")?;
            assert_eq!(read, 1);
        }
        assert!(completed > 0, "no set_tags finished within {MAX_POLLS} polls: the test cut nothing late");
        // Everything is as set before the loop, and nothing was lost.
        assert_eq!(labels(&a.tags(&pool).await?), old_labels);
        assert_eq!(texts(&a.notes(&pool).await?), old_texts);
        assert_eq!(Tag::query().count(&pool).await?, 6);
        assert_eq!(Note::query().count(&pool).await?, 6);
        Ok::<(), orm_core::Error>(())
    }};
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_calls_change_nothing_sqlite() {
    let pool = orm_tests::sqlite().await;
    let cleanup = pool.clone();
    orm_tests::run_then(async move { cancelled_calls_change_nothing!(pool) }, async move { cleanup.close().await }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_calls_change_nothing_postgres() {
    let Some(url) = orm_tests::server_url("ORM_TEST_POSTGRES_URL", "cancelled_calls_change_nothing_postgres") else { return };
    let (pool, schema_name) = orm_tests::postgres(&url, 2).await;
    let cleanup = pool.clone();
    orm_tests::run_then(async move { cancelled_calls_change_nothing!(pool) }, orm_tests::drop_postgres(&url, cleanup, &schema_name)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_calls_change_nothing_mysql() {
    let Some(url) = orm_tests::server_url("ORM_TEST_MYSQL_URL", "cancelled_calls_change_nothing_mysql") else { return };
    let (harness, database) = orm_tests::mysql(&url, 1).await;
    // sqlx-mysql 0.9 can leave a connection cut mid-statement waiting for a reply that never
    // comes: the ORM's pool options discard such a connection (a plain pool hung here).
    let options = (*harness.connect_options()).clone();
    let pool = orm_core::mysql::pool_options().max_connections(2).connect_with(options).await.expect("connect to MariaDB");
    let cleanup = pool.clone();
    orm_tests::run_then(async move { cancelled_calls_change_nothing!(pool) }, async move {
        cleanup.close().await;
        orm_tests::drop_mysql(&url, harness, &database).await;
    })
    .await;
}

/// The embedded default keeps its data when the pool closes its one connection — what it does
/// to a connection a cancelled call left unusable. The database used to vanish with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_memory_survives_its_connection() -> orm_core::Result<()> {
    let pool = orm_core::sqlite::memory().await?;
    schema().sync(&pool).await?;
    let mut a = author("kept");
    a.insert(&pool).await?;
    let mut conn = pool.acquire().await?;
    conn.close_on_drop();
    drop(conn);
    let found = tokio::time::timeout(BOUND, async {
        // The pool closes the connection, then opens a new one.
        loop {
            match Author::query().all(&pool).await {
                Ok(found) => break Ok(found),
                Err(_) if pool.size() == 0 => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                Err(e) => break Err(e),
            }
        }
    })
    .await
    .expect("the pool did not answer")?;
    assert_eq!(found.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["kept"]);
    Ok(())
}
