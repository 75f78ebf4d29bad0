//! Foreign keys in a cycle (A → B → C → A) sync, link, drop and recreate on every backend; a
//! cycle of required keys is refused. `sync_force` and `drop_all` on part of a schema refuse to
//! touch tables that others outside it depend on.

mod common;

use common::{comment, raw_i64, user};
use orm_core::{BelongsTo, Error, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Alpha {
    id: i64,
    name: String,
    #[belongs_to]
    beta: Option<BelongsTo<Beta>>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Beta {
    id: i64,
    name: String,
    #[belongs_to]
    gamma: Option<BelongsTo<Gamma>>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Gamma {
    id: i64,
    name: String,
    #[belongs_to]
    alpha: Option<BelongsTo<Alpha>>,
}

/// Required keys both ways: neither row could ever be inserted first.
#[derive(Model, Debug)]
struct Hen {
    id: i64,
    #[belongs_to]
    egg: BelongsTo<Egg>,
}

#[derive(Model, Debug)]
struct Egg {
    id: i64,
    #[belongs_to]
    hen: BelongsTo<Hen>,
}

/// A required key may point into a cycle that a nullable key closes.
#[derive(Model, Debug)]
struct Chick {
    id: i64,
    #[belongs_to]
    alpha: BelongsTo<Alpha>,
}

fn cycle() -> Schema {
    Schema::new().model::<Alpha>().model::<Beta>().model::<Gamma>().model::<Chick>()
}

backends! {
    async fn a_cycle_of_nullable_keys_syncs_links_and_drops(pool) {
        let s = cycle();
        s.sync(&pool).await?;
        s.sync(&pool).await?;
        let mut a = Alpha { id: 0, name: "a".into(), beta: None };
        a.insert(&pool).await?;
        let mut b = Beta { id: 0, name: "b".into(), gamma: None };
        b.insert(&pool).await?;
        let mut c = Gamma { id: 0, name: "c".into(), alpha: None };
        c.insert(&pool).await?;
        a.set_beta(&pool, Some(&b)).await?;
        b.set_gamma(&pool, Some(&c)).await?;
        c.set_alpha(&pool, Some(&a)).await?;
        assert_eq!(a.beta(&pool).await?.map(|x| x.name), Some("b".to_string()));
        assert_eq!(b.gamma(&pool).await?.map(|x| x.name), Some("c".to_string()));
        assert_eq!(c.alpha(&pool).await?.map(|x| x.name), Some("a".to_string()));
        Chick { id: 0, alpha: BelongsTo::new(a.id) }.insert(&pool).await?;
        // Every key of the cycle is enforced.
        let err = Gamma { id: 0, name: "orphan".into(), alpha: Some(BelongsTo::new(a.id + 100)) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        let err = Alpha { id: 0, name: "orphan".into(), beta: Some(BelongsTo::new(b.id + 100)) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        // Deleting a row of the cycle nulls the key that pointed at it.
        b.delete(&pool).await?;
        assert_eq!(Alpha::find(&pool, a.id).await?.and_then(|x| x.beta), None);

        // Recreated with rows in every table, then dropped.
        s.sync_force(&pool).await?;
        assert_eq!(Alpha::query().count(&pool).await?, 0);
        s.sync(&pool).await?;
        let mut a = Alpha { id: 0, name: "a".into(), beta: None };
        a.insert(&pool).await?;
        let mut c = Gamma { id: 0, name: "c".into(), alpha: Some(BelongsTo::new(a.id)) };
        c.insert(&pool).await?;
        let mut b = Beta { id: 0, name: "b".into(), gamma: Some(BelongsTo::new(c.id)) };
        b.insert(&pool).await?;
        a.set_beta(&pool, Some(&b)).await?;
        s.drop_all(&pool).await?;
        assert!(Alpha::query().count(&pool).await.is_err(), "dropped");
        s.sync(&pool).await?;
        Ok(())
    }

    async fn a_cycle_of_required_keys_is_refused_naming_its_models(pool) {
        let err = Schema::new().model::<Alpha>().model::<Hen>().model::<Egg>().sync(&pool).await.unwrap_err();
        let Error::RequiredKeyCycle { models } = &err else { panic!("{err:?}") };
        assert_eq!(models, &["Hen", "Egg"], "{err}");
        assert!(Alpha::query().count(&pool).await.is_err(), "nothing was created");
        Ok(())
    }

    async fn sync_force_on_part_of_a_schema_refuses_to_drop_what_others_depend_on(pool) {
        common::schema().sync(&pool).await?;
        let mut ada = user("ada");
        ada.insert(&pool).await?;
        ada.create_comment(&pool, comment("hi")).await?;
        for only_users in [Schema::new().model::<common::User>().sync_force(&pool).await, Schema::new().model::<common::User>().drop_all(&pool).await] {
            let err = only_users.unwrap_err();
            let Error::SchemaDependents { dependents } = &err else { panic!("{err:?}") };
            let mut tables: Vec<&str> = dependents.iter().map(|d| d.table.as_str()).collect();
            tables.sort();
            assert_eq!(tables, ["comments", "profiles", "reviews", "user_books"], "{err}");
            assert!(dependents.iter().all(|d| d.model == "User" && d.references == "users"), "{err}");
        }
        // Nothing was dropped, no row lost, every key still enforced.
        assert_eq!(ada.count_comments(&pool).await?, 1);
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM users").await?, 1);
        let err = common::Comment { id: 0, body: "orphan".into(), user: Some(BelongsTo::new(ada.id + 100)) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        // With its dependents in the set, it goes ahead.
        common::schema().sync_force(&pool).await?;
        assert_eq!(common::User::query().count(&pool).await?, 0);
        Ok(())
    }
}
