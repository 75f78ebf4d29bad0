//! Issue 18, classes 5 and 6: a write says what it did.
//! - `add_*` of a has_many target that was deleted is `Error::NotFound` (as `set_*` is), links
//!   none of the call's targets, and leaves the in-memory targets as they were;
//! - `Schema::sync` given a transaction on MariaDB (whose DDL commits it) is a typed error before
//!   anything is sent, so the caller's earlier writes stay uncommitted; PostgreSQL and SQLite
//!   run the changes inside the transaction.

use orm_core::{Backend, BelongsTo, Connection, Dialect, Error, HasMany, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Writer {
    id: i64,
    name: String,
    #[has_many]
    drafts: HasMany<Draft>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Draft {
    id: i64,
    title: String,
    #[belongs_to]
    writer: Option<BelongsTo<Writer>>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Later {
    id: i64,
}

fn dialect<DB: Backend>(_: &orm_core::sqlx::Pool<DB>) -> Dialect {
    DB::DIALECT
}

fn draft(title: &str) -> Draft {
    Draft { id: 0, title: title.into(), writer: None }
}

backends! {
    async fn adding_a_deleted_target_is_not_found(pool) {
        Schema::new().model::<Writer>().model::<Draft>().sync(&pool).await?;
        let mut ada = Writer { id: 0, name: "ada".into(), drafts: Default::default() };
        ada.insert(&pool).await?;
        let mut drafts = vec![draft("kept"), draft("gone")];
        Draft::insert_all(&pool, &mut drafts).await?;
        drafts[1].delete(&pool).await?;

        let result = ada.add_drafts(&pool, &mut drafts).await;
        assert!(matches!(result, Err(Error::NotFound { model: "Draft" })), "{result:?}");
        assert!(drafts.iter().all(|d| d.writer.is_none()), "in memory, a target claims a link that was not made");
        assert_eq!(ada.count_drafts(&pool).await?, 0, "the call linked some of its targets");
        // One at a time, the same.
        let result = ada.add_drafts(&pool, &mut drafts[1..]).await;
        assert!(matches!(result, Err(Error::NotFound { model: "Draft" })), "{result:?}");
        // The live one links.
        ada.add_drafts(&pool, &mut drafts[..1]).await?;
        assert_eq!(ada.count_drafts(&pool).await?, 1);
        // set_* over the deleted one is NotFound too, and keeps the previous links.
        let result = ada.set_drafts(&pool, &mut drafts[1..]).await;
        assert!(matches!(result, Err(Error::NotFound { model: "Draft" })), "{result:?}");
        assert_eq!(ada.count_drafts(&pool).await?, 1);
        Ok(())
    }

    async fn sync_in_a_transaction_never_commits_it(pool) {
        let d = dialect(&pool);
        Schema::new().model::<Writer>().model::<Draft>().sync(&pool).await?;
        let later = Schema::new().model::<Later>();
        // Through the driver's transaction, its bare connection, and the crate's transaction.
        for way in 0..3 {
            let mut tx = pool.begin().await.map_err(Error::from)?;
            let mut w = Writer { id: 0, name: format!("in tx {way}"), drafts: Default::default() };
            w.insert(&mut *tx).await?;
            let result = match way {
                0 => later.sync(&mut tx).await,
                1 => later.sync(&mut *tx).await,
                _ => {
                    let mut inner = tx.begin().await?;
                    let r = later.sync(&mut inner).await;
                    inner.commit().await?;
                    r
                }
            };
            if d == Dialect::MySql {
                match result {
                    Err(Error::SchemaChangeInTransaction { changes: 1, .. }) => {}
                    other => panic!("way {way}: expected SchemaChangeInTransaction, got {other:?}"),
                }
            } else {
                result?;
            }
            tx.rollback().await.map_err(Error::from)?;
            // Nothing of the transaction stayed: the write before the sync is gone.
            assert_eq!(Writer::query().count(&pool).await?, 0, "way {way}: the caller's write was committed");
        }
        // Outside a transaction it runs; inside one again it has nothing to do and says nothing.
        later.sync(&pool).await?;
        let mut tx = pool.begin().await.map_err(Error::from)?;
        later.sync(&mut tx).await?;
        tx.rollback().await.map_err(Error::from)?;
        Ok(())
    }
}
