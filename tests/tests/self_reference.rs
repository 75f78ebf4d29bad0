//! Setups the compiler must accept, run for real: a model that names itself with `Self` (a tree
//! of employees with a `has_one` mentee and a self many-to-many of friends), one target spelled
//! three ways on one model (`Person`, `crate::Person`, a type alias), a key column named like its
//! field, and raw identifiers as columns. Each inserts, links and loads on every backend.

use orm_core::{BelongsTo, BelongsToMany, HasMany, HasOne, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Employee {
    id: i64,
    name: String,
    #[belongs_to]
    manager: Option<BelongsTo<Self>>,
    #[has_many(foreign_key = "manager")]
    reports: HasMany<Self>,
    #[belongs_to(foreign_key = "mentor_id")]
    mentor: Option<BelongsTo<Self>>,
    #[has_one(foreign_key = "mentor")]
    mentee: HasOne<Self>,
    #[belongs_to_many(through = Friendship, foreign_key = "person", other_key = "friend")]
    friends: BelongsToMany<Self>,
    #[belongs_to_many(through = Friendship, foreign_key = "friend", other_key = "person", as = "friend_of")]
    friend_of: BelongsToMany<Self>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(junction)]
struct Friendship {
    #[belongs_to]
    person: BelongsTo<Employee>,
    #[belongs_to]
    friend: BelongsTo<Employee>,
}

type Author = Person;

#[derive(Model, Debug, Clone, PartialEq)]
struct Person {
    id: i64,
    name: String,
    #[has_many(foreign_key = "writer")]
    written: HasMany<Note>,
    #[has_many(foreign_key = "editor")]
    edited: HasMany<crate::Note>,
    #[has_many(foreign_key = "owner")]
    owned: HasMany<Note>,
}

/// Three keys to one model, spelled three ways; `owner` stores its key in a column `owner`.
#[derive(Model, Debug, Clone, PartialEq)]
struct Note {
    id: i64,
    r#type: String,
    #[belongs_to]
    writer: BelongsTo<Person>,
    #[belongs_to]
    editor: Option<BelongsTo<crate::Person>>,
    #[belongs_to(foreign_key = "owner")]
    owner: Option<BelongsTo<Author>>,
}

fn employee(name: &str) -> Employee {
    Employee {
        id: 0,
        name: name.into(),
        manager: None,
        reports: Default::default(),
        mentor: None,
        mentee: Default::default(),
        friends: Default::default(),
        friend_of: Default::default(),
    }
}

fn names(es: &[Employee]) -> Vec<&str> {
    let mut out: Vec<&str> = es.iter().map(|e| e.name.as_str()).collect();
    out.sort_unstable();
    out
}

backends! {
    async fn self_tree_and_friends(pool) {
        Schema::new().model::<Employee>().model::<Friendship>().sync(&pool).await?;
        let mut boss = employee("boss");
        boss.insert(&pool).await?;
        let mut ada = employee("ada");
        ada.insert(&pool).await?;
        let mut bob = employee("bob");
        bob.insert(&pool).await?;

        // The tree: `Self` on both ends of one key.
        ada.set_manager(&pool, Some(&boss)).await?;
        boss.add_reports(&pool, [&mut bob]).await?;
        assert_eq!(names(&boss.reports(&pool).await?), ["ada", "bob"]);
        assert_eq!(ada.manager(&pool).await?.map(|m| m.name), Some("boss".to_owned()));
        assert_eq!(boss.manager(&pool).await?, None);
        boss.remove_report(&pool, &mut bob).await?;
        assert_eq!(names(&boss.reports(&pool).await?), ["ada"]);

        // A has_one to itself through another key.
        let mut carl = employee("carl");
        carl.insert(&pool).await?;
        ada.set_mentee(&pool, Some(&mut carl)).await?;
        assert_eq!(ada.mentee(&pool).await?.map(|m| m.name), Some("carl".to_owned()));
        assert_eq!(carl.mentor(&pool).await?.map(|m| m.name), Some("ada".to_owned()));

        // The self many-to-many, both directions.
        ada.add_friends(&pool, [&bob, &carl]).await?;
        assert_eq!(names(&ada.friends(&pool).await?), ["bob", "carl"]);
        assert_eq!(names(&bob.friend_of(&pool).await?), ["ada"]);
        assert_eq!(bob.count_friends(&pool).await?, 0);

        // Loaded with the query, every level.
        let loaded = Employee::query()
            .filter(Employee::NAME.eq("boss"))
            .include(Employee::REPORTS)
            .include(Employee::FRIENDS)
            .all(&pool)
            .await?;
        assert_eq!(loaded.len(), 1);
        assert_eq!(names(loaded[0].reports.loaded().expect("reports loaded")), ["ada"]);
        let ada_loaded = Employee::query().filter(Employee::NAME.eq("ada")).include(Employee::FRIENDS).include(Employee::MANAGER).all(&pool).await?;
        assert_eq!(names(ada_loaded[0].friends.loaded().expect("friends loaded")), ["bob", "carl"]);
        assert_eq!(ada_loaded[0].manager.as_ref().and_then(|m| m.loaded()).map(|m| m.name.as_str()), Some("boss"));
        Ok(())
    }

    async fn one_target_spelled_three_ways(pool) {
        Schema::new().model::<Person>().model::<Note>().sync(&pool).await?;
        let mut ada = Person { id: 0, name: "ada".into(), written: Default::default(), edited: Default::default(), owned: Default::default() };
        ada.insert(&pool).await?;
        let mut bob = Person { id: 0, name: "bob".into(), written: Default::default(), edited: Default::default(), owned: Default::default() };
        bob.insert(&pool).await?;
        let mut note = Note { id: 0, r#type: "memo".into(), writer: BelongsTo::new(ada.id), editor: None, owner: None };
        note.insert(&pool).await?;
        note.set_editor(&pool, Some(&bob)).await?;
        note.set_owner(&pool, Some(&bob)).await?;

        // Each has_many pairs with its own key, whatever the spelling of the target.
        assert_eq!(ada.count_written(&pool).await?, 1);
        assert_eq!(ada.count_edited(&pool).await?, 0);
        assert_eq!(bob.count_edited(&pool).await?, 1);
        assert_eq!(bob.count_owned(&pool).await?, 1);
        assert_eq!(ada.count_owned(&pool).await?, 0);

        // The column `owner` and the raw identifier `r#type` are stored under their names.
        assert_eq!(Note::OWNER_KEY.name(), "owner");
        assert_eq!(Note::TYPE.name(), "type");
        let found = Note::query().filter(Note::OWNER_KEY.eq(bob.id)).filter(Note::TYPE.eq("memo")).include(Note::OWNER).include(Note::WRITER).all(&pool).await?;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].r#type, "memo");
        assert_eq!(found[0].owner.as_ref().and_then(|o| o.loaded()).map(|p| p.name.as_str()), Some("bob"));
        assert_eq!(found[0].writer.loaded().map(|p| p.name.as_str()), Some("ada"));
        Ok(())
    }
}
