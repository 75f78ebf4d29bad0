//! `Schema::sync` creates what is missing and keeps what exists; `sync_force` starts over.

mod common;

use common::{book, comment, raw_i64, schema, user};
use orm_core::{Error, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Note {
    id: i64,
    text: String,
}

backends! {
    async fn sync_is_idempotent_and_keeps_rows(pool) {
        let s = schema().model::<Note>();
        s.sync(&pool).await?;
        let mut ada = user("ada");
        ada.insert(&pool).await?;
        ada.create_comment(&pool, comment("hi")).await?;
        let mut sicp = book("SICP");
        sicp.insert(&pool).await?;
        ada.add_favorite(&pool, &sicp).await?;

        s.sync(&pool).await?;
        s.sync(&pool).await?;
        assert_eq!(ada.count_comments(&pool).await?, 1);
        assert_eq!(ada.count_favorites(&pool).await?, 1);
        // Keys keep counting where they were.
        let mut bob = user("bob");
        bob.insert(&pool).await?;
        assert_eq!(bob.id, ada.id + 1);
        Ok(())
    }

    async fn sync_force_drops_and_recreates(pool) {
        let s = schema().model::<Note>();
        s.sync(&pool).await?;
        let mut ada = user("ada");
        ada.insert(&pool).await?;
        ada.create_comment(&pool, comment("hi")).await?;
        let mut sicp = book("SICP");
        sicp.insert(&pool).await?;
        ada.add_favorite(&pool, &sicp).await?;
        Note { id: 0, text: "n".into() }.insert(&pool).await?;

        s.sync_force(&pool).await?;
        assert_eq!(common::User::query().count(&pool).await?, 0);
        assert_eq!(common::Comment::query().count(&pool).await?, 0);
        assert_eq!(Note::query().count(&pool).await?, 0);
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM fav_books").await?, 0);
        // The tables work as before, constraints included.
        let mut bob = user("bob");
        bob.insert(&pool).await?;
        let err = common::Comment { id: 0, body: "orphan".into(), user: Some(orm_core::BelongsTo::new(bob.id + 1)) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        s.sync_force(&pool).await?;
        Ok(())
    }

    async fn drop_all_removes_the_tables(pool) {
        let s = Schema::new().model::<Note>();
        s.sync(&pool).await?;
        Note { id: 0, text: "n".into() }.insert(&pool).await?;
        s.drop_all(&pool).await?;
        let err = Note::query().count(&pool).await.unwrap_err();
        assert!(matches!(err, Error::Database(_)), "{err:?}");
        s.sync(&pool).await?;
        assert_eq!(Note::query().count(&pool).await?, 0);
        Ok(())
    }

    // PostgreSQL and SQLite run the schema changes inside the caller's transaction; MariaDB,
    // whose DDL would commit it, refuses before sending anything (issue 18.5, `writes_checked.rs`).
    async fn sync_runs_in_a_callers_transaction(pool) {
        let mut tx = pool.begin().await?;
        match Schema::new().model::<Note>().sync(&mut *tx).await {
            Err(orm_core::Error::SchemaChangeInTransaction { .. }) if tx_dialect(&pool) == orm_core::Dialect::MySql => {
                tx.rollback().await?;
                Schema::new().model::<Note>().sync(&pool).await?;
                tx = pool.begin().await?;
            }
            other => other?,
        }
        Note { id: 0, text: "n".into() }.insert(&mut *tx).await?;
        tx.commit().await?;
        assert_eq!(Note::query().count(&pool).await?, 1);
        Ok(())
    }
}

fn tx_dialect<DB: orm_core::Backend>(_: &orm_core::sqlx::Pool<DB>) -> orm_core::Dialect {
    DB::DIALECT
}
