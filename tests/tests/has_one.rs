//! `#[has_one] profile` on User and its inverse `#[belongs_to] user` on Profile: every generated
//! accessor of both sides.

mod common;

use common::{Profile, Review, User, profile, raw_i64, schema, user, users};
use orm_core::{BelongsTo, Error, Model};
use orm_tests::backends;

/// Whose profile `p` is, as stored.
async fn owner(db: impl orm_core::Connection, p: &Profile) -> orm_core::Result<Option<i64>> {
    Ok(Profile::find(db, p.id).await?.expect("profile row").user.map(|b| *b.key()))
}

backends! {
    async fn has_one_get_and_create(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        assert_eq!(ada.profile(&pool).await?, None);

        let p = ada.create_profile(&pool, profile("mathematician")).await?;
        assert!(p.id > 0);
        assert_eq!(p.user.as_ref().map(|b| *b.key()), Some(ada.id), "the key is set in the returned row");
        assert_eq!(ada.profile(&pool).await?, Some(p.clone()));
        assert_eq!(owner(&pool, &p).await?, Some(ada.id));
        assert_eq!(bob.profile(&pool).await?, None);
        Ok(())
    }

    async fn has_one_set_replaces_and_unlinks(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let first = ada.create_profile(&pool, profile("first")).await?;
        let mut second = profile("second");
        second.insert(&pool).await?;

        ada.set_profile(&pool, Some(&mut second)).await?;
        assert_eq!(second.user.as_ref().map(|b| *b.key()), Some(ada.id), "set in memory too");
        assert_eq!(ada.profile(&pool).await?.map(|p| p.bio), Some("second".to_string()));
        assert_eq!(owner(&pool, &first).await?, None, "the old profile is unlinked, not deleted");
        assert_eq!(Profile::query().count(&pool).await?, 2);

        // Setting the current one again changes nothing.
        ada.set_profile(&pool, Some(&mut second)).await?;
        assert_eq!(owner(&pool, &second).await?, Some(ada.id));

        // A profile moves from another user.
        let mut bobs = bob.create_profile(&pool, profile("bob's")).await?;
        ada.set_profile(&pool, Some(&mut bobs)).await?;
        assert_eq!(bob.profile(&pool).await?, None);
        assert_eq!(ada.profile(&pool).await?.map(|p| p.bio), Some("bob's".to_string()));
        assert_eq!(owner(&pool, &second).await?, None);

        ada.set_profile(&pool, None).await?;
        assert_eq!(ada.profile(&pool).await?, None);
        assert_eq!(Profile::query().filter(Profile::USER_ID.is_null()).count(&pool).await?, 3);
        Ok(())
    }

    async fn has_one_set_is_atomic(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada"]).await?;
        let ada = &us[0];
        let first = ada.create_profile(&pool, profile("first")).await?;
        let mut gone = profile("gone");
        gone.insert(&pool).await?;
        gone.clone().delete(&pool).await?;
        // The new profile vanished: the old one is not unlinked for nothing.
        let err = ada.set_profile(&pool, Some(&mut gone)).await.unwrap_err();
        assert!(matches!(err, Error::NotFound { model: "Profile" }), "{err:?}");
        assert_eq!(ada.profile(&pool).await?, Some(first));
        Ok(())
    }

    async fn has_one_key_is_unique(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada"]).await?;
        let ada = &us[0];
        ada.create_profile(&pool, profile("one")).await?;
        let err = Profile { id: 0, bio: "two".into(), user: Some(BelongsTo::from(ada)) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        let err = ada.create_profile(&pool, profile("three")).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        assert_eq!(Profile::query().count(&pool).await?, 1);
        // NULL keys are not duplicates of each other.
        profile("a").insert(&pool).await?;
        profile("b").insert(&pool).await?;
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM profiles WHERE user_id IS NULL").await?, 2);
        Ok(())
    }

    async fn belongs_to_get_set_create_optional(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let mut p = profile("floating");
        p.insert(&pool).await?;
        assert_eq!(p.user(&pool).await?, None, "a NULL key has no target");

        p.set_user(&pool, Some(bob)).await?;
        assert_eq!(p.user.as_ref().map(|b| *b.key()), Some(bob.id));
        assert_eq!(owner(&pool, &p).await?, Some(bob.id));
        assert_eq!(p.user(&pool).await?.map(|u| u.name), Some("bob".to_string()));
        assert_eq!(bob.profile(&pool).await?.map(|x| x.id), Some(p.id));

        p.set_user(&pool, Some(ada)).await?;
        assert_eq!(p.user(&pool).await?.map(|u| u.name), Some("ada".to_string()));
        p.set_user(&pool, None).await?;
        assert_eq!(p.user, None);
        assert_eq!(owner(&pool, &p).await?, None);
        assert_eq!(p.user(&pool).await?, None);

        let carol = p.create_user(&pool, user("carol")).await?;
        assert!(carol.id > bob.id);
        assert_eq!(User::find(&pool, carol.id).await?.map(|u| u.name), Some("carol".to_string()));
        assert_eq!(owner(&pool, &p).await?, Some(carol.id));
        assert_eq!(carol.profile(&pool).await?.map(|x| x.id), Some(p.id));
        Ok(())
    }

    async fn belongs_to_get_set_create_required(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let mut r = Review { id: 0, body: "great".into(), user: BelongsTo::from(ada) };
        r.insert(&pool).await?;
        assert_eq!(r.user(&pool).await?.map(|u| u.name), Some("ada".to_string()));
        r.set_user(&pool, bob).await?;
        assert_eq!(*r.user.key(), bob.id);
        assert_eq!(Review::find(&pool, r.id).await?.map(|x| *x.user.key()), Some(bob.id));
        let dan = r.create_user(&pool, user("dan")).await?;
        assert_eq!(*r.user.key(), dan.id);
        assert_eq!(Review::find(&pool, r.id).await?.unwrap().user(&pool).await?.map(|u| u.name), Some("dan".to_string()));
        Ok(())
    }

    async fn belongs_to_create_is_atomic(pool) {
        schema().sync(&pool).await?;
        let mut p = profile("gone");
        p.insert(&pool).await?;
        Profile::query().delete(&pool).await?;
        // The row to point is gone: the new user is not kept either.
        let err = p.create_user(&pool, user("carol")).await.unwrap_err();
        assert!(matches!(err, Error::NotFound { model: "Profile" }), "{err:?}");
        assert_eq!(User::query().count(&pool).await?, 0);
        let err = p.set_user(&pool, None).await.unwrap_err();
        assert!(matches!(err, Error::NotFound { model: "Profile" }), "{err:?}");
        Ok(())
    }

    async fn unsaved_instances_are_refused(pool) {
        schema().sync(&pool).await?;
        let mut ghost = user("ghost");
        let err = ghost.profile(&pool).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "User" }), "{err:?}");
        let err = ghost.create_profile(&pool, profile("x")).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "User" }), "{err:?}");
        let err = ghost.set_profile(&pool, None).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "User" }), "{err:?}");

        let mut p = profile("p");
        let err = p.set_user(&pool, None).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "Profile" }), "{err:?}");
        p.insert(&pool).await?;
        let err = p.set_user(&pool, Some(&ghost)).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "User" }), "{err:?}");
        ghost.insert(&pool).await?;
        let mut unsaved = profile("unsaved");
        let err = ghost.set_profile(&pool, Some(&mut unsaved)).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "Profile" }), "{err:?}");
        assert_eq!(Profile::query().count(&pool).await?, 1);
        assert_eq!(owner(&pool, &p).await?, None);
        Ok(())
    }
}
