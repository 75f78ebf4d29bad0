//! Generated keys written back by `insert` and `insert_all` are the stored rows' keys, whatever
//! the server's key increment; a model of nothing but its generated key can be inserted.

use orm_core::sql::Sql;
use orm_core::{Backend, Dialect, Error, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Item {
    id: i64,
    name: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Ticket {
    id: i64,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Stamp {
    id: i32,
}

fn dialect<DB: Backend>(_: &orm_core::sqlx::Pool<DB>) -> Dialect {
    DB::DIALECT
}

fn items(prefix: &str, n: usize) -> Vec<Item> {
    (0..n).map(|i| Item { id: 0, name: format!("{prefix}{i}") }).collect()
}

/// Statements that make the server's key generator step by more than one: the session's
/// `auto_increment_increment`/`offset` on MySQL (as Galera and multi-primary setups do), the
/// identity's increment on PostgreSQL. SQLite has no such setting.
fn uneven_keys(d: Dialect) -> &'static [&'static str] {
    match d {
        Dialect::MySql => &["SET SESSION auto_increment_increment = 3, auto_increment_offset = 2"],
        Dialect::Postgres => {
            &["ALTER TABLE items ALTER COLUMN id SET INCREMENT BY 3", "ALTER TABLE tickets ALTER COLUMN id SET INCREMENT BY 3"]
        }
        Dialect::Sqlite => &[],
    }
}

/// Every instance's key is the key of the stored row with its name, and every row is one of them.
macro_rules! assert_keys_match {
    ($conn:expr, $all:expr) => {{
        let mut stored = Item::query().order_by(Item::ID.asc()).all($conn).await?;
        let mut expected: Vec<Item> = $all.to_vec();
        expected.sort_by_key(|i| i.id);
        stored.sort_by_key(|i| i.id);
        assert_eq!(stored, expected, "written-back keys differ from the stored rows'");
    }};
}

backends! {
    async fn generated_keys_follow_the_server_increment(pool) {
        let d = dialect(&pool);
        Schema::new().model::<Item>().model::<Ticket>().sync(&pool).await?;
        let mut conn = pool.acquire().await?;
        for statement in uneven_keys(d) {
            let mut sql = Sql::new(d);
            sql.push(orm_core::AssertSqlSafe(statement.to_string()));
            sql.execute(&mut *conn).await?;
        }
        let mut all = Vec::new();

        let mut one = Item { id: 0, name: "one".into() };
        one.insert(&mut *conn).await?;
        all.push(one.clone());
        let mut batch = items("batch", 7);
        Item::insert_all(&mut *conn, &mut batch).await?;
        all.extend(batch.iter().cloned());
        let mut two = Item { id: 0, name: "two".into() };
        two.insert(&mut *conn).await?;
        all.push(two);
        // Inside a caller's transaction, and mixed with a row that brings its own key.
        let mut tx = orm_core::sqlx::Connection::begin(&mut *conn).await?;
        let mut mixed = items("tx", 4);
        mixed[2].id = 10_000;
        Item::insert_all(&mut *tx, &mut mixed).await?;
        tx.commit().await?;
        all.extend(mixed.iter().cloned());
        let mut more = items("more", 3);
        Item::insert_all(&mut *conn, &mut more).await?;
        all.extend(more.iter().cloned());

        assert_keys_match!(&mut *conn, all);
        if d != Dialect::Sqlite {
            let ids: Vec<i64> = batch.iter().map(|i| i.id).collect();
            assert!(ids.windows(2).all(|w| w[1] - w[0] == 3), "the server's increment of 3 was in effect: {ids:?}");
        }
        for item in &all {
            assert_eq!(Item::find(&mut *conn, item.id).await?.as_ref(), Some(item));
        }

        // A model of only its key, under the same increment.
        let mut t = Ticket { id: 0 };
        t.insert(&mut *conn).await?;
        let mut ts = vec![Ticket { id: 0 }, Ticket { id: 0 }, Ticket { id: 0 }];
        Ticket::insert_all(&mut *conn, &mut ts).await?;
        let mut ids: Vec<i64> = ts.iter().chain([&t]).map(|t| t.id).collect();
        ids.sort();
        let stored: Vec<i64> = Ticket::query().order_by(Ticket::ID.asc()).all(&mut *conn).await?.into_iter().map(|t| t.id).collect();
        assert_eq!(ids, stored);
        Ok(())
    }

    async fn a_model_of_only_its_key(pool) {
        Schema::new().model::<Ticket>().model::<Stamp>().sync(&pool).await?;
        let mut t = Ticket { id: 0 };
        t.insert(&pool).await?;
        assert_ne!(t.id, 0);
        assert_eq!(Ticket::find(&pool, t.id).await?, Some(t.clone()));

        let mut three = vec![Ticket { id: 0 }, Ticket { id: 0 }, Ticket { id: 0 }];
        Ticket::insert_all(&pool, &mut three).await?;
        let mut ids: Vec<i64> = three.iter().chain([&t]).map(|t| t.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 4, "four distinct keys: {ids:?}");
        assert!(!ids.contains(&0));
        let stored: Vec<i64> = Ticket::query().order_by(Ticket::ID.asc()).all(&pool).await?.into_iter().map(|t| t.id).collect();
        assert_eq!(stored, ids);

        // A key given explicitly, then generated ones after it, in one insert_all.
        let mut given = vec![Ticket { id: 1_000 }, Ticket { id: 0 }, Ticket { id: 0 }];
        Ticket::insert_all(&pool, &mut given).await?;
        assert_eq!(given[0].id, 1_000);
        for g in &given {
            assert_eq!(Ticket::find(&pool, g.id).await?, Some(g.clone()));
        }
        let mut after = Ticket { id: 0 };
        after.insert(&pool).await?;
        assert!(after.id > 1_000, "the generator moved past the given key: {}", after.id);
        assert_eq!(Ticket::query().count(&pool).await?, 8);

        // update has nothing to write, but still sees whether the row is there.
        t.update(&pool).await?;
        t.delete(&pool).await?;
        assert!(matches!(t.update(&pool).await, Err(Error::NotFound { model: "Ticket" })));

        // A narrower key type, and an empty insert_all.
        let mut stamps = vec![Stamp { id: 0 }, Stamp { id: 0 }, Stamp { id: 0 }];
        Stamp::insert_all(&pool, &mut stamps).await?;
        Stamp::insert_all(&pool, &mut []).await?;
        let stored: Vec<i32> = Stamp::query().order_by(Stamp::ID.asc()).all(&pool).await?.into_iter().map(|s| s.id).collect();
        assert_eq!(stored, stamps.iter().map(|s| s.id).collect::<Vec<_>>());
        Ok(())
    }
}
