//! The scenario of the Sequelize associations article (`reference/sequelize-v6-seed-scenario.js`)
//! replayed, and the SQL effects of Sequelize's defaults checked on each backend: `SET NULL` for
//! optional keys, `CASCADE` for required ones and for junction rows, `ON UPDATE CASCADE`, the
//! junction's composite primary key.

mod common;

use common::{Book, Comment, Profile, Review, User, UserBooks, comment, profile, raw, raw_i64, schema, titles, user, users};
use orm_core::{BelongsTo, Error, Model};
use orm_tests::backends;

/// ada with a profile, two comments, a review, SICP read (rated 5) and as favorite; bob with a
/// comment, a review and SICP as favorite too.
struct World {
    ada: User,
    bob: User,
    sicp: Book,
    taocp: Book,
}

async fn world<DB>(pool: &orm_core::sqlx::Pool<DB>) -> orm_core::Result<World>
where
    DB: orm_core::Backend,
    for<'e> &'e orm_core::sqlx::Pool<DB>: orm_core::sqlx::Executor<'e, Database = DB> + orm_core::sqlx::Acquire<'e, Database = DB>,
{
    schema().sync_force(pool).await?;
    let us = users(pool, &["ada", "bob"]).await?;
    let (ada, bob) = (us[0].clone(), us[1].clone());
    let bs = common::books(pool, &["SICP", "TAOCP"]).await?;
    let (sicp, taocp) = (bs[0].clone(), bs[1].clone());
    ada.create_profile(pool, profile("mathematician")).await?;
    ada.create_comment(pool, comment("first!")).await?;
    ada.create_comment(pool, comment("second")).await?;
    bob.create_comment(pool, comment("bob's")).await?;
    Review { id: 0, body: "ada's review".into(), user: BelongsTo::from(&ada) }.insert(pool).await?;
    Review { id: 0, body: "bob's review".into(), user: BelongsTo::from(&bob) }.insert(pool).await?;
    ada.add_favorites(pool, [&sicp, &taocp]).await?;
    bob.add_favorite(pool, &sicp).await?;
    ada.add_read_with(pool, &sicp, UserBooks { rating: Some(5), ..Default::default() }).await?;
    bob.add_read(pool, [&sicp, &taocp]).await?;
    Ok(World { ada, bob, sicp, taocp })
}

backends! {
    async fn seed_scenario(pool) {
        // sequelize.sync({ force: true }), twice: the second drops what the first made.
        schema().sync_force(&pool).await?;
        schema().sync_force(&pool).await?;
        let mut u = user("ada");
        u.insert(&pool).await?;
        let mut b = common::book("SICP");
        b.insert(&pool).await?;
        assert_eq!((u.id, b.id), (1, 1));
        // await u.addFavorite(b); await u.addRead(b, { through: { rating: 5 } });
        u.add_favorite(&pool, &b).await?;
        u.add_read_with(&pool, &b, UserBooks { rating: Some(5), ..Default::default() }).await?;
        // The rows Sequelize's trace inserts.
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM fav_books WHERE user_id = 1 AND book_id = 1").await?, 1);
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM user_books WHERE user_id = 1 AND book_id = 1 AND rating = 5").await?, 1);
        // const favs = await u.getFavorites(); -> favorites [ 'SICP' ]
        assert_eq!(titles(&u.favorites(&pool).await?), ["SICP"]);
        let read = u.read_through(&pool).await?;
        assert_eq!(read.len(), 1);
        assert_eq!((read[0].0.title.as_str(), read[0].1.rating), ("SICP", Some(5)));
        assert_eq!(common::names(&b.fans(&pool).await?), ["ada"]);
        assert_eq!(common::names(&b.readers(&pool).await?), ["ada"]);
        // findAll with Comment: none yet; the accessors Sequelize lists all answer.
        assert_eq!(u.comments(&pool).await?, []);
        assert_eq!(u.profile(&pool).await?, None);
        assert_eq!((u.count_read(&pool).await?, u.count_favorites(&pool).await?), (1, 1));
        Ok(())
    }

    async fn deleting_a_user_nulls_optional_keys_and_cascades_the_rest(pool) {
        let World { ada, bob, sicp, taocp } = world(&pool).await?;
        ada.delete(&pool).await?;

        // ON DELETE SET NULL: ada's comments and profile stay, unowned.
        assert_eq!(Comment::query().count(&pool).await?, 3);
        assert_eq!(Comment::query().filter(Comment::USER_ID.is_null()).count(&pool).await?, 2);
        assert_eq!(Profile::query().filter(Profile::USER_ID.is_null()).count(&pool).await?, 1);
        assert_eq!(bob.count_comments(&pool).await?, 1);
        // ON DELETE CASCADE: a required key goes with its user, and so do junction rows.
        let reviews = Review::query().all(&pool).await?;
        assert_eq!(reviews.iter().map(|r| r.body.as_str()).collect::<Vec<_>>(), ["bob's review"]);
        assert_eq!(raw_i64(&pool, &format!("SELECT COUNT(*) FROM fav_books WHERE user_id = {}", ada.id)).await?, 0);
        assert_eq!(UserBooks::query().filter(UserBooks::USER_ID.eq(ada.id)).count(&pool).await?, 0);
        // Nobody else's links, and no book, go.
        assert_eq!(common::names(&sicp.fans(&pool).await?), ["bob"]);
        assert_eq!(taocp.count_fans(&pool).await?, 0);
        assert_eq!(bob.count_read(&pool).await?, 2);
        assert_eq!(Book::query().count(&pool).await?, 2);

        // A bulk delete does the same.
        assert_eq!(User::query().filter(User::NAME.eq("bob")).delete(&pool).await?, 1);
        assert_eq!(Comment::query().filter(Comment::USER_ID.is_not_null()).count(&pool).await?, 0);
        assert_eq!(Review::query().count(&pool).await?, 0);
        assert_eq!(UserBooks::query().count(&pool).await?, 0);
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM fav_books").await?, 0);
        Ok(())
    }

    async fn deleting_a_book_deletes_its_links(pool) {
        let World { ada, bob, sicp, taocp } = world(&pool).await?;
        sicp.delete(&pool).await?;
        assert_eq!(titles(&ada.favorites(&pool).await?), ["TAOCP"]);
        assert_eq!(bob.count_favorites(&pool).await?, 0);
        assert_eq!(titles(&bob.read(&pool).await?), ["TAOCP"]);
        assert_eq!(ada.read_through(&pool).await?.len(), 0);
        assert_eq!(UserBooks::query().filter(UserBooks::BOOK_ID.eq(sicp.id)).count(&pool).await?, 0);
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM fav_books").await?, 1);
        assert_eq!(User::query().count(&pool).await?, 2, "users stay");
        assert_eq!(taocp.count_readers(&pool).await?, 1);
        Ok(())
    }

    async fn updating_a_user_key_cascades(pool) {
        let World { mut ada, bob, sicp, .. } = world(&pool).await?;
        assert_eq!(raw(&pool, &format!("UPDATE users SET id = 100 WHERE id = {}", ada.id)).await?, 1);
        assert_eq!(User::find(&pool, ada.id).await?, None);
        let moved = User::find(&pool, 100).await?.expect("ada under her new key");
        assert_eq!(moved.name, "ada");
        // Every key that pointed at ada follows her (ON UPDATE CASCADE).
        assert_eq!(moved.profile(&pool).await?.map(|p| p.bio), Some("mathematician".to_string()));
        assert_eq!(moved.count_comments(&pool).await?, 2);
        assert_eq!(Review::query().filter(Review::USER_ID.eq(100)).count(&pool).await?, 1);
        assert_eq!(moved.count_favorites(&pool).await?, 2);
        assert_eq!(UserBooks::find(&pool, (100, sicp.id)).await?.and_then(|r| r.rating), Some(5));
        assert_eq!(raw_i64(&pool, &format!("SELECT COUNT(*) FROM fav_books WHERE user_id = {}", ada.id)).await?, 0);
        assert_eq!(Comment::query().filter(Comment::USER_ID.eq(ada.id)).count(&pool).await?, 0);
        // bob's rows did not move.
        assert_eq!(bob.count_comments(&pool).await?, 1);
        assert_eq!(bob.count_read(&pool).await?, 2);
        // The stale instance no longer finds its row.
        let err = ada.update(&pool).await.unwrap_err();
        assert!(matches!(err, Error::NotFound { model: "User" }), "{err:?}");

        // A book's key cascades into both junctions too.
        assert_eq!(raw(&pool, &format!("UPDATE books SET id = 200 WHERE id = {}", sicp.id)).await?, 1);
        assert_eq!(titles(&moved.query_favorites()?.filter(Book::ID.eq(200)).all(&pool).await?), ["SICP"]);
        assert_eq!(UserBooks::query().filter(UserBooks::BOOK_ID.eq(200)).count(&pool).await?, 2);
        Ok(())
    }

    async fn junction_key_is_the_pair(pool) {
        let World { ada, bob, sicp, taocp } = world(&pool).await?;
        let dup = format!("INSERT INTO user_books (user_id, book_id, rating) VALUES ({}, {}, 1)", ada.id, sicp.id);
        let err = raw(&pool, &dup).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        let err = raw(&pool, &format!("INSERT INTO fav_books (user_id, book_id) VALUES ({}, {})", bob.id, sicp.id)).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        let err = UserBooks { user: BelongsTo::from(&ada), book: BelongsTo::from(&sicp), rating: None }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        // Both keys are required and must point at rows.
        let err = raw(&pool, &format!("INSERT INTO user_books (user_id, book_id) VALUES ({}, 999)", ada.id)).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        let err = raw(&pool, &format!("INSERT INTO fav_books (user_id, book_id) VALUES (999, {})", sicp.id)).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        let err = raw(&pool, &format!("INSERT INTO fav_books (user_id, book_id) VALUES ({}, NULL)", ada.id)).await.unwrap_err();
        assert!(matches!(err, Error::NotNullViolation { .. }), "{err:?}");

        // The same user and book under the other junction, or another pair, are fine.
        assert_eq!(raw(&pool, &format!("INSERT INTO user_books (user_id, book_id) VALUES ({}, {})", ada.id, taocp.id)).await?, 1);
        // A junction row is a model keyed by the pair.
        let mut row = UserBooks::find(&pool, (ada.id, taocp.id)).await?.expect("the row just inserted");
        row.rating = Some(4);
        row.update(&pool).await?;
        assert_eq!(ada.read_through(&pool).await?.into_iter().map(|(_, j)| j.rating).collect::<Vec<_>>(), [Some(5), Some(4)]);
        row.delete(&pool).await?;
        assert_eq!(titles(&ada.read(&pool).await?), ["SICP"]);
        Ok(())
    }

    async fn orphans_are_refused(pool) {
        let World { ada, .. } = world(&pool).await?;
        let err = Comment { id: 0, body: "orphan".into(), user: Some(BelongsTo::new(999)) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        let err = Review { id: 0, body: "orphan".into(), user: BelongsTo::new(999) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        let err = raw(&pool, "INSERT INTO profiles (bio, user_id) VALUES ('orphan', 999)").await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        // has_one's key is unique: a second profile for ada is refused.
        let err = Profile { id: 0, bio: "again".into(), user: Some(BelongsTo::from(&ada)) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        assert_eq!(Comment::query().count(&pool).await?, 3);
        assert_eq!(Profile::query().count(&pool).await?, 1);
        Ok(())
    }
}
