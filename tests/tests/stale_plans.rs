//! A migration applied while the app runs changes tables under the pool's prepared statements:
//! PostgreSQL then refuses a cached plan whose result types changed ("cached plan must not change
//! result type"). The pool's connection forgets its statements and sends the statement again, so
//! the first read after a migration works (on one connection, so the cached plan is certainly hit).

use orm_core::sql::Sql;
use orm_core::{Db, Model, Schema};
use orm_tests::backends;

mod before {
    #[derive(orm_core::Model, Debug)]
    #[model(table = "counters")]
    pub struct Counter {
        pub id: i64,
        pub n: i32,
    }
}

mod after {
    #[derive(orm_core::Model, Debug)]
    #[model(table = "counters")]
    pub struct Counter {
        pub id: i64,
        pub n: i64,
    }
}

backends! {
    connections = 1;

    async fn a_read_after_a_type_change_is_prepared_again(pool) {
        Schema::new().model::<before::Counter>().sync(&pool).await?;
        let mut c = before::Counter { id: 0, n: 7 };
        c.insert(&pool).await?;
        // The same statement text before and after: only the column's type changes.
        assert_eq!(before::Counter::find(&pool, c.id).await?.map(|c| c.n), Some(7));
        assert_eq!(before::Counter::query().all(&pool).await?.len(), 1);
        let dialect = Db::from(pool.clone()).dialect();
        let mut alter = Sql::new(dialect);
        alter.push(match dialect {
            orm_core::Dialect::Postgres => "ALTER TABLE counters ALTER COLUMN n TYPE BIGINT",
            orm_core::Dialect::MySql => "ALTER TABLE counters MODIFY COLUMN n BIGINT NOT NULL",
            orm_core::Dialect::Sqlite => "SELECT 1",
        });
        alter.execute(&pool).await?;
        assert_eq!(after::Counter::find(&pool, c.id).await?.map(|c| c.n), Some(7));
        assert_eq!(after::Counter::query().all(&pool).await?.len(), 1);
        Ok(())
    }

    async fn inside_a_transaction_a_stale_plan_is_retryable_and_the_retry_works(pool) {
        Schema::new().model::<before::Counter>().sync(&pool).await?;
        let mut c = before::Counter { id: 0, n: 7 };
        c.insert(&pool).await?;
        let mut tx = pool.begin().await?;
        assert_eq!(before::Counter::find(&mut *tx, c.id).await?.map(|c| c.n), Some(7));
        tx.commit().await?;
        let dialect = Db::from(pool.clone()).dialect();
        if dialect != orm_core::Dialect::Postgres {
            return Ok(());
        }
        let mut alter = Sql::new(dialect);
        alter.push("ALTER TABLE counters ALTER COLUMN n TYPE BIGINT");
        alter.execute(&pool).await?;
        let mut tx = pool.begin().await?;
        let err = after::Counter::find(&mut *tx, c.id).await.unwrap_err();
        assert!(matches!(err, orm_core::Error::Retryable { .. }), "{err:?}");
        drop(tx);
        // The whole transaction again, as the error asks: the connection prepares anew.
        let mut tx = pool.begin().await?;
        assert_eq!(after::Counter::find(&mut *tx, c.id).await?.map(|c| c.n), Some(7));
        tx.commit().await?;
        Ok(())
    }
}
