//! `#[belongs_to_many]` through a junction model (`read`/`readers` via `UserBooks`, with a
//! rating) and through a generated table (`favorites`/`fans` via `fav_books`): every generated
//! accessor, junction rows as SQL sees them, atomic `set`, and a self-referential pair.

mod common;

use common::{Book, User, UserBooks, book, books, raw_i64, schema, titles, user, users};
use orm_core::{BelongsTo, BelongsToMany, Error, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Member {
    id: i64,
    name: String,
    #[belongs_to_many(through = Follows, foreign_key = "follower_id", other_key = "followee_id")]
    following: BelongsToMany<Member>,
    #[belongs_to_many(through = Follows, foreign_key = "followee_id", other_key = "follower_id")]
    followers: BelongsToMany<Member>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(junction)]
struct Follows {
    #[belongs_to]
    follower: BelongsTo<Member>,
    #[belongs_to]
    followee: BelongsTo<Member>,
    since: Option<i32>,
}

/// A junction with a generated key of its own: the pair is unique instead of being the key.
#[derive(Model, Debug, Clone, PartialEq)]
struct Student {
    id: i64,
    name: String,
    #[belongs_to_many(through = Enrollment)]
    courses: BelongsToMany<Course>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Course {
    id: i64,
    title: String,
    #[belongs_to_many(through = Enrollment)]
    students: BelongsToMany<Student>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Enrollment {
    id: i64,
    #[belongs_to]
    student: BelongsTo<Student>,
    #[belongs_to]
    course: BelongsTo<Course>,
    grade: Option<i32>,
}

fn member(name: &str) -> Member {
    Member { id: 0, name: name.into(), following: Default::default(), followers: Default::default() }
}

fn member_names(ms: &[Member]) -> Vec<&str> {
    ms.iter().map(|m| m.name.as_str()).collect()
}

/// The rating stored for `user` reading `book`, `None` when there is no link.
async fn rating(db: impl orm_core::Connection, user: &User, book: &Book) -> orm_core::Result<Option<Option<i32>>> {
    Ok(UserBooks::find(db, (user.id, book.id)).await?.map(|row| row.rating))
}

backends! {
    async fn generated_junction_accessors(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let bs = books(&pool, &["SICP", "TAOCP", "HtDP", "PAIP"]).await?;
        assert_eq!(ada.favorites(&pool).await?, []);

        ada.add_favorite(&pool, &bs[0]).await?;
        ada.add_favorites(&pool, &bs[1..3]).await?;
        assert_eq!(ada.count_favorites(&pool).await?, 3);
        // Adding again keeps one junction row per pair.
        ada.add_favorite(&pool, &bs[0]).await?;
        ada.add_favorites(&pool, [&bs[0], &bs[1], &bs[1]]).await?;
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM fav_books").await?, 3);
        assert_eq!(raw_i64(&pool, &format!("SELECT COUNT(*) FROM fav_books WHERE user_id = {} AND book_id = {}", ada.id, bs[0].id)).await?, 1);

        let mut favs = ada.favorites(&pool).await?;
        favs.sort_by_key(|b| b.id);
        assert_eq!(titles(&favs), ["SICP", "TAOCP", "HtDP"]);
        let q = ada.query_favorites()?.filter(Book::TITLE.ne("TAOCP")).order_by(Book::TITLE.desc());
        assert_eq!(titles(&q.clone().all(&pool).await?), ["SICP", "HtDP"]);
        assert_eq!(titles(&q.limit(1).all(&pool).await?), ["SICP"]);
        assert_eq!(ada.query_favorites()?.filter(Book::TITLE.like("%CP")).count(&pool).await?, 2);

        assert!(ada.has_favorite(&pool, &bs[0]).await?);
        assert!(!ada.has_favorite(&pool, &bs[3]).await?);
        assert!(ada.has_favorites(&pool, &bs[..3]).await?);
        assert!(!ada.has_favorites(&pool, &bs).await?);
        assert!(!bob.has_favorite(&pool, &bs[0]).await?);

        // The other side sees the same links.
        assert_eq!(common::names(&bs[0].fans(&pool).await?), ["ada"]);
        bs[0].add_fan(&pool, bob).await?;
        assert_eq!(bs[0].count_fans(&pool).await?, 2);
        assert!(bob.has_favorite(&pool, &bs[0]).await?);
        assert!(bs[0].has_fans(&pool, [ada, bob]).await?);

        ada.remove_favorite(&pool, &bs[0]).await?;
        assert!(!ada.has_favorite(&pool, &bs[0]).await?);
        assert!(bob.has_favorite(&pool, &bs[0]).await?, "only ada's link goes");
        ada.remove_favorites(&pool, [&bs[1], &bs[3]]).await?;
        assert_eq!(titles(&ada.favorites(&pool).await?), ["HtDP"]);
        assert_eq!(Book::query().count(&pool).await?, 4, "books are never deleted by remove");

        ada.set_favorites(&pool, [&bs[2], &bs[3]]).await?;
        assert_eq!(titles(&ada.query_favorites()?.order_by(Book::ID.asc()).all(&pool).await?), ["HtDP", "PAIP"]);
        ada.set_favorites(&pool, &bs[..1]).await?;
        assert_eq!(titles(&ada.favorites(&pool).await?), ["SICP"]);
        ada.set_favorites(&pool, &Vec::<Book>::new()).await?;
        assert_eq!(ada.count_favorites(&pool).await?, 0);
        assert_eq!(bob.count_favorites(&pool).await?, 1, "set touches only this user's links");

        let created = ada.create_favorite(&pool, book("SICM")).await?;
        assert!(created.id > bs[3].id);
        assert_eq!(Book::find(&pool, created.id).await?.map(|b| b.title), Some("SICM".to_string()));
        assert_eq!(titles(&ada.favorites(&pool).await?), ["SICM"]);
        assert_eq!(common::names(&created.fans(&pool).await?), ["ada"]);
        Ok(())
    }

    async fn junction_model_accessors(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let bs = books(&pool, &["SICP", "TAOCP", "HtDP"]).await?;

        ada.add_read(&pool, &bs[0]).await?;
        ada.add_read(&pool, [&bs[1], &bs[2]]).await?;
        assert_eq!(ada.count_read(&pool).await?, 3);
        assert!(ada.has_read(&pool, &bs[1]).await?);
        assert!(ada.has_read(&pool, &bs).await?);
        assert!(!bob.has_read(&pool, &bs[0]).await?);
        assert_eq!(rating(&pool, ada, &bs[0]).await?, Some(None));
        ada.add_read(&pool, &bs[0]).await?;
        assert_eq!(UserBooks::query().count(&pool).await?, 3);

        let q = ada.query_read()?.filter(Book::TITLE.in_(["SICP", "HtDP"])).order_by(Book::ID.desc());
        assert_eq!(titles(&q.all(&pool).await?), ["HtDP", "SICP"]);
        let mut read = ada.read(&pool).await?;
        read.sort_by_key(|b| b.id);
        assert_eq!(read, bs);

        // Readers, from the book's side.
        bs[0].add_reader(&pool, bob).await?;
        assert_eq!(common::names(&bs[0].query_readers()?.order_by(User::NAME.asc()).all(&pool).await?), ["ada", "bob"]);
        assert_eq!(bs[1].count_readers(&pool).await?, 1);
        assert!(bs[0].has_readers(&pool, [ada, bob]).await?);
        assert!(bs[0].has_reader(&pool, bob).await?);

        ada.remove_read(&pool, &bs[1]).await?;
        assert_eq!(titles(&ada.query_read()?.order_by(Book::ID.asc()).all(&pool).await?), ["SICP", "HtDP"]);
        ada.set_read(&pool, [&bs[1]]).await?;
        assert_eq!(titles(&ada.read(&pool).await?), ["TAOCP"]);
        assert_eq!(common::names(&bs[0].readers(&pool).await?), ["bob"]);

        let created = ada.create_read(&pool, book("SICM")).await?;
        assert_eq!(ada.count_read(&pool).await?, 2);
        assert_eq!(rating(&pool, ada, &created).await?, Some(None));
        let fan = bs[2].create_reader(&pool, user("cy")).await?;
        assert_eq!(titles(&fan.read(&pool).await?), ["HtDP"]);
        Ok(())
    }

    async fn junction_rows_carry_their_own_columns(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let bs = books(&pool, &["SICP", "TAOCP"]).await?;

        let row = ada.add_read_with(&pool, &bs[0], UserBooks { rating: Some(5), ..Default::default() }).await?;
        assert_eq!((*row.user.key(), *row.book.key(), row.rating), (ada.id, bs[0].id, Some(5)), "the keys are filled in");
        assert_eq!(rating(&pool, ada, &bs[0]).await?, Some(Some(5)));
        // Re-adding an existing link changes nothing and hands back the stored row (issue 9.7:
        // it used to overwrite the rating).
        let kept = ada.add_read_with(&pool, &bs[0], UserBooks { rating: Some(3), ..Default::default() }).await?;
        assert_eq!(kept.rating, Some(5));
        assert_eq!(rating(&pool, ada, &bs[0]).await?, Some(Some(5)));
        assert_eq!(UserBooks::query().count(&pool).await?, 1);
        // Changing a link's columns is its own call.
        let updated = ada.update_read_with(&pool, &bs[0], UserBooks { rating: Some(3), ..Default::default() }).await?;
        assert_eq!(updated.rating, Some(3));
        assert_eq!(rating(&pool, ada, &bs[0]).await?, Some(Some(3)));
        assert_eq!(UserBooks::query().count(&pool).await?, 1);
        // ... and it names the junction when the pair is not linked, creating nothing.
        match bob.update_read_with(&pool, &bs[0], UserBooks { rating: Some(1), ..Default::default() }).await {
            Err(orm_core::Error::NotFound { model: "UserBooks" }) => {}
            other => panic!("expected NotFound for an unlinked pair, got {other:?}"),
        }
        assert_eq!(UserBooks::query().count(&pool).await?, 1);
        // A plain add keeps an existing link as it is.
        ada.add_read(&pool, &bs[0]).await?;
        assert_eq!(rating(&pool, ada, &bs[0]).await?, Some(Some(3)));
        // Keys given in the row are replaced by the pair being linked.
        ada.add_read_with(&pool, &bs[1], UserBooks { user: BelongsTo::from(bob), book: BelongsTo::new(999), rating: Some(4) }).await?;
        assert_eq!(rating(&pool, ada, &bs[1]).await?, Some(Some(4)));
        assert_eq!(rating(&pool, bob, &bs[1]).await?, None);
        bs[1].add_reader_with(&pool, bob, UserBooks { rating: Some(1), ..Default::default() }).await?;

        let pairs = ada.read_through(&pool).await?;
        let seen: Vec<(&str, Option<i32>)> = pairs.iter().map(|(b, j)| (b.title.as_str(), j.rating)).collect();
        assert_eq!(seen, [("SICP", Some(3)), ("TAOCP", Some(4))]);
        assert!(pairs.iter().all(|(b, j)| *j.user.key() == ada.id && *j.book.key() == b.id));
        let readers = bs[1].readers_through(&pool).await?;
        let seen: Vec<(&str, Option<i32>)> = readers.iter().map(|(u, j)| (u.name.as_str(), j.rating)).collect();
        assert_eq!(seen, [("ada", Some(4)), ("bob", Some(1))]);
        assert_eq!(bob.read_through(&pool).await?.len(), 1);

        // The junction is a model: filter it like any other.
        assert_eq!(UserBooks::query().filter(UserBooks::RATING.ge(3)).count(&pool).await?, 2);
        assert_eq!(UserBooks::query().filter(UserBooks::BOOK_ID.eq(bs[1].id)).count(&pool).await?, 2);

        // set keeps the rows (and ratings) of links that stay.
        ada.set_read(&pool, [&bs[1]]).await?;
        assert_eq!(rating(&pool, ada, &bs[1]).await?, Some(Some(4)));
        assert_eq!(rating(&pool, ada, &bs[0]).await?, None);
        Ok(())
    }

    async fn set_is_atomic(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada"]).await?;
        let ada = &us[0];
        let bs = books(&pool, &["SICP", "TAOCP", "HtDP"]).await?;
        ada.set_favorites(&pool, &bs[..2]).await?;
        ada.add_read_with(&pool, &bs[0], UserBooks { rating: Some(5), ..Default::default() }).await?;

        // HtDP is deleted meanwhile: linking it fails, and the old links stay.
        bs[2].delete(&pool).await?;
        let err = ada.set_favorites(&pool, [&bs[2]]).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        assert_eq!(titles(&ada.query_favorites()?.order_by(Book::ID.asc()).all(&pool).await?), ["SICP", "TAOCP"]);
        let err = ada.set_read(&pool, [&bs[1], &bs[2]]).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        assert_eq!(rating(&pool, ada, &bs[0]).await?, Some(Some(5)));
        assert_eq!(rating(&pool, ada, &bs[1]).await?, None);

        let err = ada.add_favorites(&pool, [&bs[2]]).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        // create links in the same transaction as the insert: a failing link keeps no book.
        let err = ada.create_favorite(&pool, Book { id: bs[0].id, ..book("dup") }).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        assert_eq!(Book::query().count(&pool).await?, 2);
        assert_eq!(ada.count_favorites(&pool).await?, 2);
        Ok(())
    }

    async fn operations_run_in_a_callers_transaction(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada"]).await?;
        let ada = &us[0];
        let bs = books(&pool, &["SICP", "TAOCP"]).await?;
        let mut tx = pool.begin().await?;
        ada.add_favorites(&mut *tx, &bs).await?;
        ada.add_read_with(&mut *tx, &bs[0], UserBooks { rating: Some(2), ..Default::default() }).await?;
        ada.set_favorites(&mut *tx, &bs[1..]).await?;
        ada.create_read(&mut *tx, book("new")).await?;
        assert_eq!(ada.count_favorites(&mut *tx).await?, 1);
        assert_eq!(ada.read_through(&mut *tx).await?.len(), 2);
        tx.rollback().await?;
        assert_eq!(ada.count_favorites(&pool).await?, 0);
        assert_eq!(ada.count_read(&pool).await?, 0);
        assert_eq!(Book::query().count(&pool).await?, 2);
        Ok(())
    }

    async fn unsaved_instances_are_refused(pool) {
        schema().sync(&pool).await?;
        let ghost = user("ghost");
        let bs = books(&pool, &["SICP"]).await?;
        for err in [
            ghost.favorites(&pool).await.unwrap_err(),
            ghost.count_read(&pool).await.unwrap_err(),
            ghost.add_favorite(&pool, &bs[0]).await.unwrap_err(),
            ghost.add_read_with(&pool, &bs[0], UserBooks::default()).await.unwrap_err(),
            ghost.read_through(&pool).await.unwrap_err(),
            ghost.set_favorites(&pool, &bs).await.unwrap_err(),
        ] {
            assert!(matches!(err, Error::Unsaved { model: "User" }), "{err:?}");
        }
        let mut ada = user("ada");
        ada.insert(&pool).await?;
        let err = ada.add_favorite(&pool, &book("unsaved")).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "Book" }), "{err:?}");
        let err = ada.add_read_with(&pool, &book("unsaved"), UserBooks::default()).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "Book" }), "{err:?}");
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM fav_books").await?, 0);
        assert_eq!(UserBooks::query().count(&pool).await?, 0);
        Ok(())
    }

    async fn junction_with_its_own_key(pool) {
        Schema::new().model::<Student>().model::<Course>().model::<Enrollment>().sync(&pool).await?;
        let mut sam = Student { id: 0, name: "sam".into(), courses: Default::default() };
        sam.insert(&pool).await?;
        let mut cs = vec![
            Course { id: 0, title: "math".into(), students: Default::default() },
            Course { id: 0, title: "art".into(), students: Default::default() },
        ];
        Course::insert_all(&pool, &mut cs).await?;
        sam.add_courses(&pool, &cs).await?;
        sam.add_course(&pool, &cs[0]).await?;
        assert_eq!(Enrollment::query().count(&pool).await?, 2, "the pair is unique");
        let kept = sam.add_course_with(&pool, &cs[0], Enrollment { id: 0, student: BelongsTo::new(0), course: BelongsTo::new(0), grade: Some(90) }).await?;
        assert_eq!(kept.grade, None, "adding an existing link keeps its columns");
        assert!(kept.id > 0, "the stored row, with its key");
        let row = sam.update_course_with(&pool, &cs[0], Enrollment { id: 0, student: BelongsTo::new(0), course: BelongsTo::new(0), grade: Some(90) }).await?;
        assert_eq!(row.grade, Some(90));
        assert_eq!(Enrollment::query().count(&pool).await?, 2);
        let through = sam.courses_through(&pool).await?;
        let seen: Vec<(&str, Option<i32>)> = through.iter().map(|(c, e)| (c.title.as_str(), e.grade)).collect();
        assert_eq!(seen, [("math", Some(90)), ("art", None)]);
        assert!(through.iter().all(|(_, e)| e.id > 0));
        sam.set_courses(&pool, &cs[..1]).await?;
        assert_eq!(sam.courses_through(&pool).await?.into_iter().map(|(_, e)| e.grade).collect::<Vec<_>>(), [Some(90)]);
        let err = Enrollment { id: 0, student: BelongsTo::from(&sam), course: BelongsTo::from(&cs[0]), grade: None }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        assert_eq!(cs[0].count_students(&pool).await?, 1);
        Ok(())
    }

    async fn self_referential_many_to_many(pool) {
        Schema::new().model::<Member>().model::<Follows>().sync(&pool).await?;
        let mut ms = vec![member("ann"), member("ben"), member("cat")];
        Member::insert_all(&pool, &mut ms).await?;
        let (ann, ben, cat) = (&ms[0], &ms[1], &ms[2]);

        ann.add_following(&pool, [ben, cat]).await?;
        ben.add_following(&pool, cat).await?;
        assert_eq!(member_names(&ann.query_following()?.order_by(Member::NAME.asc()).all(&pool).await?), ["ben", "cat"]);
        assert_eq!(member_names(&cat.query_followers()?.order_by(Member::NAME.asc()).all(&pool).await?), ["ann", "ben"]);
        assert_eq!(ann.count_followers(&pool).await?, 0);
        assert!(ben.has_follower(&pool, ann).await?);
        assert!(!ann.has_follower(&pool, ben).await?, "following is one-way");
        assert!(ann.has_following(&pool, [ben, cat]).await?);

        // A member may follow themself; the pair is stored once.
        cat.add_following(&pool, cat).await?;
        cat.add_followers(&pool, [cat, ann]).await?;
        assert_eq!(Follows::query().count(&pool).await?, 4);
        assert_eq!(Follows::query().filter(Follows::FOLLOWEE_ID.eq(cat.id)).count(&pool).await?, 3);

        cat.add_follower_with(&pool, ben, Follows { follower: BelongsTo::new(0), followee: BelongsTo::new(0), since: Some(2019) }).await?;
        cat.update_follower_with(&pool, ben, Follows { follower: BelongsTo::new(0), followee: BelongsTo::new(0), since: Some(2020) }).await?;
        let with = cat.followers_through(&pool).await?;
        let seen: Vec<(&str, Option<i32>)> = with.iter().map(|(m, f)| (m.name.as_str(), f.since)).collect();
        assert_eq!(seen, [("ann", None), ("ben", Some(2020)), ("cat", None)]);
        assert_eq!(Follows::find(&pool, (ben.id, cat.id)).await?.and_then(|f| f.since), Some(2020));

        cat.remove_follower(&pool, ann).await?;
        assert!(!ann.has_following(&pool, cat).await?);
        assert!(ann.has_following(&pool, ben).await?);
        ann.set_followers(&pool, [ben, cat]).await?;
        assert_eq!(member_names(&ann.query_followers()?.order_by(Member::ID.asc()).all(&pool).await?), ["ben", "cat"]);
        assert_eq!(member_names(&ben.following(&pool).await?.into_iter().filter(|m| m.id != cat.id).collect::<Vec<_>>()), ["ann"]);
        let dan = ann.create_following(&pool, member("dan")).await?;
        assert_eq!(member_names(&dan.followers(&pool).await?), ["ann"]);

        // Deleting a member deletes the links on both sides.
        cat.delete(&pool).await?;
        assert_eq!(Follows::query().filter(Follows::FOLLOWER_ID.eq(cat.id).or(Follows::FOLLOWEE_ID.eq(cat.id))).count(&pool).await?, 0);
        assert_eq!(member_names(&ann.query_following()?.order_by(Member::ID.asc()).all(&pool).await?), ["ben", "dan"]);
        Ok(())
    }
}
