//! Rows in and out of one table: naming, keys, filters, ordering, bulk inserts, updates,
//! deletes, transactions and the typed errors a caller matches on.

mod common;

use common::{raw, raw_i64};
use orm_core::{BelongsTo, Error, Model, Schema};
use orm_tests::backends;

/// Table `persons` by convention.
#[derive(Model, Debug, Clone, PartialEq)]
struct Person {
    id: i64,
    name: String,
    age: i32,
    email: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "staff_members")]
struct Employee {
    id: i32,
    #[model(column = "full_name")]
    name: String,
}

/// A key the caller supplies.
#[derive(Model, Debug, Clone, PartialEq)]
struct Country {
    #[model(primary_key)]
    code: String,
    name: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Token {
    #[model(primary_key)]
    token: uuid::Uuid,
    label: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Team {
    id: i64,
    name: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Player {
    id: i64,
    name: String,
    #[belongs_to]
    team: BelongsTo<Team>,
}

fn person(name: &str, age: i32, email: Option<&str>) -> Person {
    Person { id: 0, name: name.into(), age, email: email.map(Into::into) }
}

fn schema() -> Schema {
    Schema::new().model::<Person>().model::<Employee>().model::<Country>().model::<Token>().model::<Team>().model::<Player>()
}

/// ada 36, bob 25 (no email), cy 41, dee 25, eve 19 (no email): ids 1..=5.
async fn people(db: impl orm_core::Connection) -> orm_core::Result<Vec<Person>> {
    let mut rows = vec![
        person("ada", 36, Some("ada@example.com")),
        person("bob", 25, None),
        person("cy", 41, Some("cy@example.org")),
        person("dee", 25, Some("dee@example.com")),
        person("eve", 19, None),
    ];
    Person::insert_all(db, &mut rows).await?;
    Ok(rows)
}

fn names(rows: &[Person]) -> Vec<&str> {
    rows.iter().map(|p| p.name.as_str()).collect()
}

backends! {
    async fn table_and_column_names_follow_convention_or_attributes(pool) {
        schema().sync(&pool).await?;
        person("ada", 36, None).insert(&pool).await?;
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM persons WHERE name = 'ada' AND age = 36").await?, 1);

        let mut grace = Employee { id: 0, name: "Grace Hopper".into() };
        grace.insert(&pool).await?;
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM staff_members WHERE full_name = 'Grace Hopper'").await?, 1);
        // The renamed column still reads back into its field, and filters by its Rust name.
        let found = Employee::query().filter(Employee::NAME.eq("Grace Hopper")).first(&pool).await?;
        assert_eq!(found, Some(grace));
        Ok(())
    }

    async fn caller_supplied_string_key(pool) {
        schema().sync(&pool).await?;
        let mut fr = Country { code: "FR".into(), name: "France".into() };
        fr.insert(&pool).await?;
        assert_eq!(fr.code, "FR", "a supplied key is kept as it is");
        let mut more = vec![Country { code: "DE".into(), name: "Germany".into() }, Country { code: "IT".into(), name: "Italy".into() }];
        Country::insert_all(&pool, &mut more).await?;
        assert_eq!(Country::find(&pool, "DE".to_string()).await?.map(|c| c.name), Some("Germany".to_string()));
        assert_eq!(Country::find(&pool, "XX".to_string()).await?, None);

        fr.name = "République française".into();
        fr.update(&pool).await?;
        assert_eq!(Country::find(&pool, "FR".to_string()).await?, Some(fr.clone()));

        let err = Country { code: "FR".into(), name: "again".into() }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        fr.delete(&pool).await?;
        assert_eq!(Country::query().order_by(Country::CODE.asc()).all(&pool).await?, more);
        Ok(())
    }

    async fn uuid_key(pool) {
        schema().sync(&pool).await?;
        let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        let mut first = Token { token: a, label: "first".into() };
        first.insert(&pool).await?;
        Token::insert_all(&pool, &mut [Token { token: b, label: "second".into() }]).await?;
        assert_eq!(Token::find(&pool, a).await?, Some(first.clone()));
        assert_eq!(Token::find(&pool, b).await?.map(|t| t.label), Some("second".to_string()));
        assert_eq!(Token::find(&pool, uuid::Uuid::new_v4()).await?, None);
        assert_eq!(Token::query().filter(Token::TOKEN.ne(a)).all(&pool).await?.len(), 1);
        let err = Token { token: a, label: "dup".into() }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        Ok(())
    }

    async fn auto_increment_keys_are_written_back(pool) {
        schema().sync(&pool).await?;
        let mut ada = person("ada", 36, None);
        ada.insert(&pool).await?;
        let mut bob = person("bob", 25, None);
        bob.insert(&pool).await?;
        assert!(ada.id > 0 && bob.id > ada.id, "{} then {}", ada.id, bob.id);
        assert_eq!(Person::find(&pool, bob.id).await?, Some(bob));
        // An i32 key too.
        let mut e = Employee { id: 0, name: "e".into() };
        e.insert(&pool).await?;
        assert_eq!(e.id, 1);
        Ok(())
    }

    async fn explicit_and_generated_keys_mix(pool) {
        schema().sync(&pool).await?;
        // Seed rows that bring their own ids, as fixtures do...
        let mut seeded = Person { id: 10, ..person("seed", 1, None) };
        seeded.insert(&pool).await?;
        assert_eq!(seeded.id, 10);
        Person::insert_all(&pool, &mut [Person { id: 20, ..person("seed2", 2, None) }]).await?;
        // ...then rows whose ids the database picks: they never collide with the seeded ones.
        let mut next = person("next", 3, None);
        next.insert(&pool).await?;
        assert!(next.id > 20, "{}", next.id);
        let mut mixed = vec![person("a", 4, None), Person { id: 5, ..person("b", 5, None) }, person("c", 6, None)];
        Person::insert_all(&pool, &mut mixed).await?;
        assert_eq!(mixed[1].id, 5);
        assert!(mixed[0].id > next.id && mixed[2].id > mixed[0].id, "{mixed:?}");
        for p in &mixed {
            assert_eq!(Person::find(&pool, p.id).await?.as_ref(), Some(p));
        }
        assert_eq!(Person::query().count(&pool).await?, 6);
        Ok(())
    }

    async fn nullable_columns_round_trip_null(pool) {
        schema().sync(&pool).await?;
        let mut bob = person("bob", 25, None);
        bob.insert(&pool).await?;
        assert_eq!(Person::find(&pool, bob.id).await?.unwrap().email, None);
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM persons WHERE email IS NULL").await?, 1);
        bob.email = Some("bob@example.com".into());
        bob.update(&pool).await?;
        assert_eq!(Person::find(&pool, bob.id).await?.unwrap().email.as_deref(), Some("bob@example.com"));
        bob.email = None;
        bob.update(&pool).await?;
        assert_eq!(Person::find(&pool, bob.id).await?.unwrap().email, None);
        Ok(())
    }

    async fn typed_filters(pool) {
        schema().sync(&pool).await?;
        people(&pool).await?;
        let by = |q: orm_core::Query<Person>| q.order_by(Person::ID.asc());
        assert_eq!(names(&by(Person::query().filter(Person::NAME.eq("cy"))).all(&pool).await?), ["cy"]);
        assert_eq!(names(&by(Person::query().filter(Person::AGE.ne(25))).all(&pool).await?), ["ada", "cy", "eve"]);
        assert_eq!(names(&by(Person::query().filter(Person::AGE.lt(25))).all(&pool).await?), ["eve"]);
        assert_eq!(names(&by(Person::query().filter(Person::AGE.le(25))).all(&pool).await?), ["bob", "dee", "eve"]);
        assert_eq!(names(&by(Person::query().filter(Person::AGE.gt(36))).all(&pool).await?), ["cy"]);
        assert_eq!(names(&by(Person::query().filter(Person::AGE.ge(36))).all(&pool).await?), ["ada", "cy"]);
        assert_eq!(names(&by(Person::query().filter(Person::NAME.in_(["bob", "eve", "zed"]))).all(&pool).await?), ["bob", "eve"]);
        assert_eq!(Person::query().filter(Person::NAME.in_(Vec::<String>::new())).count(&pool).await?, 0);
        assert_eq!(names(&by(Person::query().filter(Person::EMAIL.like("%@example.com"))).all(&pool).await?), ["ada", "dee"]);
        assert_eq!(names(&by(Person::query().filter(Person::EMAIL.is_null())).all(&pool).await?), ["bob", "eve"]);
        assert_eq!(names(&by(Person::query().filter(Person::EMAIL.is_not_null())).all(&pool).await?), ["ada", "cy", "dee"]);
        // A nullable column compares with a plain value.
        assert_eq!(names(&Person::query().filter(Person::EMAIL.eq("cy@example.org")).all(&pool).await?), ["cy"]);

        let young_with_mail = Person::AGE.lt(30).and(Person::EMAIL.is_not_null());
        assert_eq!(names(&by(Person::query().filter(young_with_mail)).all(&pool).await?), ["dee"]);
        let either = Person::NAME.eq("ada").or(Person::AGE.eq(19));
        assert_eq!(names(&by(Person::query().filter(either.clone())).all(&pool).await?), ["ada", "eve"]);
        assert_eq!(names(&by(Person::query().filter(either.not())).all(&pool).await?), ["bob", "cy", "dee"]);
        // The operators spell the same filters.
        let ops = (Person::AGE.eq(25) | Person::AGE.eq(41)) & !Person::NAME.eq("bob");
        assert_eq!(names(&by(Person::query().filter(ops)).all(&pool).await?), ["cy", "dee"]);
        // Successive filters all hold.
        let chained = Person::query().filter(Person::AGE.ge(25)).filter(Person::AGE.le(36));
        assert_eq!(names(&by(chained).all(&pool).await?), ["ada", "bob", "dee"]);
        Ok(())
    }

    async fn order_limit_offset_first_count(pool) {
        schema().sync(&pool).await?;
        people(&pool).await?;
        let desc = Person::query().order_by(Person::AGE.desc()).order_by(Person::NAME.asc()).all(&pool).await?;
        assert_eq!(names(&desc), ["cy", "ada", "bob", "dee", "eve"]);
        let asc = Person::query().order_by(Person::AGE.asc()).order_by(Person::NAME.desc()).all(&pool).await?;
        assert_eq!(names(&asc), ["eve", "dee", "bob", "ada", "cy"]);
        let page = Person::query().order_by(Person::ID.asc()).limit(2).offset(1).all(&pool).await?;
        assert_eq!(names(&page), ["bob", "cy"]);
        let rest = Person::query().order_by(Person::ID.asc()).offset(3).all(&pool).await?;
        assert_eq!(names(&rest), ["dee", "eve"]);
        assert_eq!(Person::query().limit(0).all(&pool).await?.len(), 0);

        let oldest = Person::query().order_by(Person::AGE.desc()).first(&pool).await?;
        assert_eq!(oldest.map(|p| p.name), Some("cy".to_string()));
        assert_eq!(Person::query().filter(Person::AGE.gt(100)).first(&pool).await?, None);

        assert_eq!(Person::query().count(&pool).await?, 5);
        assert_eq!(Person::query().filter(Person::AGE.eq(25)).count(&pool).await?, 2);
        // count ignores limit and offset.
        assert_eq!(Person::query().limit(1).offset(1).count(&pool).await?, 5);
        Ok(())
    }

    async fn insert_all_writes_keys_back_in_order(pool) {
        schema().sync(&pool).await?;
        let rows = people(&pool).await?;
        let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
        assert!(ids.windows(2).all(|w| w[1] > w[0]) && ids[0] > 0, "{ids:?}");
        for p in &rows {
            assert_eq!(Person::find(&pool, p.id).await?.as_ref(), Some(p));
        }
        Person::insert_all(&pool, &mut []).await?;
        assert_eq!(Person::query().count(&pool).await?, 5);
        // One failing row fails the call and stores none of it.
        let mut bad = vec![Country { code: "A".into(), name: "a".into() }, Country { code: "A".into(), name: "again".into() }];
        let err = Country::insert_all(&pool, &mut bad).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        assert_eq!(Country::query().count(&pool).await?, 0);
        Ok(())
    }

    async fn find_returns_some_or_none(pool) {
        schema().sync(&pool).await?;
        let rows = people(&pool).await?;
        assert_eq!(Person::find(&pool, rows[2].id).await?, Some(rows[2].clone()));
        assert_eq!(Person::find(&pool, 999).await?, None);
        Ok(())
    }

    async fn update_writes_a_loaded_instance(pool) {
        schema().sync(&pool).await?;
        people(&pool).await?;
        let mut bob = Person::query().filter(Person::NAME.eq("bob")).first(&pool).await?.unwrap();
        bob.age = 26;
        bob.name = "robert".into();
        bob.update(&pool).await?;
        assert_eq!(Person::find(&pool, bob.id).await?, Some(bob.clone()));
        assert_eq!(Person::query().filter(Person::NAME.eq("bob")).count(&pool).await?, 0, "only bob's row changed");
        assert_eq!(Person::query().filter(Person::AGE.eq(25)).count(&pool).await?, 1);
        // Writing the same values again is no error.
        bob.update(&pool).await?;

        Person::query().filter(Person::ID.eq(bob.id)).delete(&pool).await?;
        let err = bob.update(&pool).await.unwrap_err();
        assert!(matches!(err, Error::NotFound { model: "Person" }), "{err:?}");
        Ok(())
    }

    async fn delete_by_instance_and_by_filter(pool) {
        schema().sync(&pool).await?;
        let rows = people(&pool).await?;
        rows[0].delete(&pool).await?;
        assert_eq!(Person::find(&pool, rows[0].id).await?, None);
        let err = rows[0].delete(&pool).await.unwrap_err();
        assert!(matches!(err, Error::NotFound { model: "Person" }), "{err:?}");

        assert_eq!(Person::query().filter(Person::AGE.eq(25)).delete(&pool).await?, 2);
        assert_eq!(Person::query().filter(Person::AGE.eq(25)).delete(&pool).await?, 0);
        assert_eq!(names(&Person::query().order_by(Person::ID.asc()).all(&pool).await?), ["cy", "eve"]);
        assert_eq!(Person::query().delete(&pool).await?, 2);
        assert_eq!(Person::query().count(&pool).await?, 0);
        Ok(())
    }

    async fn every_operation_runs_in_a_transaction(pool) {
        schema().sync(&pool).await?;
        for commit in [false, true] {
            let mut tx = pool.begin().await?;
            let mut ada = person("ada", 36, None);
            ada.insert(&mut *tx).await?;
            let rows = people(&mut *tx).await?;
            ada.age = 37;
            ada.update(&mut *tx).await?;
            assert_eq!(Person::find(&mut *tx, ada.id).await?.map(|p| p.age), Some(37));
            rows[1].delete(&mut *tx).await?;
            assert_eq!(Person::query().filter(Person::AGE.eq(19)).delete(&mut *tx).await?, 1);
            assert_eq!(Person::query().count(&mut *tx).await?, 4);
            assert_eq!(Person::query().filter(Person::NAME.eq("ada")).all(&mut *tx).await?.len(), 2);
            if commit {
                tx.commit().await?;
            } else {
                tx.rollback().await?;
                assert_eq!(Person::query().count(&pool).await?, 0, "rollback leaves nothing");
            }
        }
        let kept = Person::query().order_by(Person::ID.asc()).all(&pool).await?;
        assert_eq!(names(&kept), ["ada", "ada", "cy", "dee"]);
        assert_eq!(kept[0].age, 37);
        // Dropping a transaction without committing rolls it back too.
        {
            let mut tx = pool.begin().await?;
            Person::query().delete(&mut *tx).await?;
        }
        assert_eq!(Person::query().count(&pool).await?, 4);
        Ok(())
    }

    async fn constraint_errors_are_typed(pool) {
        schema().sync(&pool).await?;
        let mut reds = Team { id: 0, name: "reds".into() };
        reds.insert(&pool).await?;
        let mut p = Player { id: 0, name: "pat".into(), team: BelongsTo::from(&reds) };
        p.insert(&pool).await?;

        let err = Player { id: p.id, name: "twin".into(), team: BelongsTo::from(&reds) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");

        let err = Player { id: 0, name: "orphan".into(), team: BelongsTo::new(999) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        p.team = BelongsTo::new(999);
        let err = p.update(&pool).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        assert_eq!(Player::query().count(&pool).await?, 1);
        assert_eq!(raw_i64(&pool, "SELECT COUNT(*) FROM players WHERE team_id = 999").await?, 0);

        let err = raw(&pool, "INSERT INTO players (name, team_id) VALUES ('raw', 998)").await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        Ok(())
    }

    async fn unsaved_instances_are_refused(pool) {
        schema().sync(&pool).await?;
        let err = person("ghost", 1, None).update(&pool).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "Person" }), "{err:?}");
        assert_eq!(Person::query().count(&pool).await?, 0);
        Ok(())
    }
}
