//! Eager loading: `query().include(..)` on every association kind, nested, with filter, order
//! and `required`, and the loaded rows serialised as nested JSON.

use orm_core::{BelongsTo, BelongsToMany, HasMany, HasOne, Model, Schema};
use orm_tests::backends;
use serde::Serialize;

#[derive(Model, Debug, Clone, PartialEq, Serialize)]
struct User {
    id: i64,
    name: String,
    #[has_one]
    profile: HasOne<Profile>,
    #[has_many]
    comments: HasMany<Comment>,
    #[belongs_to_many(through = Favorite, as = "favorites")]
    favorites: BelongsToMany<Book, Favorite>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize)]
struct Profile {
    id: i64,
    bio: String,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize)]
struct Comment {
    id: i64,
    body: String,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize)]
struct Book {
    id: i64,
    title: String,
    #[belongs_to_many(through = Favorite, as = "fans")]
    fans: BelongsToMany<User>,
}

#[derive(Model, Debug, Clone, PartialEq, Default, Serialize)]
#[model(junction)]
struct Favorite {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    book: BelongsTo<Book>,
    rating: i32,
}

fn schema() -> Schema {
    Schema::new().model::<User>().model::<Profile>().model::<Comment>().model::<Book>().model::<Favorite>()
}

fn user(name: &str) -> User {
    User { id: 0, name: name.into(), profile: Default::default(), comments: Default::default(), favorites: Default::default() }
}

fn book(title: &str) -> Book {
    Book { id: 0, title: title.into(), fans: Default::default() }
}

fn comment(body: &str) -> Comment {
    Comment { id: 0, body: body.into(), user: None }
}

/// ada: profile, comments c1 c2, favorites SICP (5) and TAOCP (4); bob: comment c3, favorite SICP
/// (3); cy: nothing. (A macro: the body is type-checked against each backend's concrete pool.)
macro_rules! seed {
    ($pool:expr) => {{
        let pool = $pool;
        let mut tx = pool.begin().await?;
        let mut users = vec![user("ada"), user("bob"), user("cy")];
        User::insert_all(&mut *tx, &mut users).await?;
        let mut books = vec![book("SICP"), book("TAOCP")];
        Book::insert_all(&mut *tx, &mut books).await?;
        users[0].create_profile(&mut *tx, Profile { id: 0, bio: "mathematician".into(), user: None }).await?;
        users[0].create_comment(&mut *tx, comment("c1")).await?;
        users[0].create_comment(&mut *tx, comment("c2")).await?;
        users[1].create_comment(&mut *tx, comment("c3")).await?;
        users[0].add_favorite_with(&mut *tx, &books[0], Favorite { rating: 5, ..Default::default() }).await?;
        users[0].add_favorite_with(&mut *tx, &books[1], Favorite { rating: 4, ..Default::default() }).await?;
        users[1].add_favorite_with(&mut *tx, &books[0], Favorite { rating: 3, ..Default::default() }).await?;
        tx.commit().await?;
    }};
}

fn bodies(u: &User) -> Vec<&str> {
    u.comments.loaded().expect("comments loaded").iter().map(|c| c.body.as_str()).collect()
}

backends! {
    async fn every_kind_nested(pool) {
        schema().sync(&pool).await?;
        seed!(&pool);
        let users = User::query()
            .include(User::PROFILE)
            .include(User::COMMENTS.include(Comment::USER))
            .include(User::FAVORITES.include(Book::FANS))
            .order_by(User::ID.asc())
            .all(&pool)
            .await?;
        assert_eq!(users.len(), 3);
        let (ada, bob, cy) = (&users[0], &users[1], &users[2]);

        // has_one: loaded and present, loaded and absent.
        assert_eq!(ada.profile.loaded().unwrap().map(|p| p.bio.as_str()), Some("mathematician"));
        assert_eq!(bob.profile.loaded(), Some(None));

        // has_many, ordered by key; empty is loaded-and-empty, not "not loaded".
        assert_eq!(bodies(ada), ["c1", "c2"]);
        assert_eq!(bodies(bob), ["c3"]);
        assert_eq!(bodies(cy), Vec::<&str>::new());

        // belongs_to nested under has_many.
        for c in ada.comments.loaded().unwrap() {
            assert_eq!(c.user.as_ref().and_then(|u| u.loaded()).map(|u| u.name.as_str()), Some("ada"));
        }

        // belongs_to_many with the junction row, and nested back to the fans of each book.
        let favs: Vec<(&str, i32)> = ada.favorites.loaded_through().unwrap().map(|(b, f)| (b.title.as_str(), f.rating)).collect();
        assert_eq!(favs, [("SICP", 5), ("TAOCP", 4)]);
        let sicp_fans: Vec<&str> = ada.favorites.loaded().unwrap()[0].fans.loaded().unwrap().iter().map(|u| u.name.as_str()).collect();
        assert_eq!(sicp_fans, ["ada", "bob"]);
        assert!(!ada.favorites.loaded().unwrap()[0].fans.loaded().unwrap()[0].comments.is_loaded());
        assert!(cy.favorites.loaded().unwrap().is_empty());

        // Not included: distinguishable from empty.
        let plain = User::query().include(User::PROFILE).all(&pool).await?;
        assert!(!plain[0].comments.is_loaded());
        assert!(plain[0].comments.loaded().is_none());
        Ok(())
    }

    async fn filter_order_and_required(pool) {
        schema().sync(&pool).await?;
        seed!(&pool);
        // Filter and order the included rows.
        let users = User::query()
            .include(User::COMMENTS.filter(Comment::BODY.ne("c1")).order_by(Comment::BODY.desc()))
            .order_by(User::ID.asc())
            .all(&pool)
            .await?;
        assert_eq!(bodies(&users[0]), ["c2"]);
        assert_eq!(bodies(&users[1]), ["c3"]);

        let users = User::query().include(User::COMMENTS.order_by(Comment::BODY.desc())).order_by(User::ID.asc()).all(&pool).await?;
        assert_eq!(bodies(&users[0]), ["c2", "c1"]);

        // Required: only parents with a (matching) row, and limit still counts parents.
        let names = |users: &[User]| users.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
        let with_comments = User::query().include(User::COMMENTS.required()).order_by(User::ID.asc()).all(&pool).await?;
        assert_eq!(names(&with_comments), ["ada", "bob"]);
        let first = User::query().include(User::COMMENTS.required()).order_by(User::ID.desc()).limit(1).all(&pool).await?;
        assert_eq!(names(&first), ["bob"]);
        let c3 = User::query().include(User::COMMENTS.filter(Comment::BODY.eq("c3")).required()).all(&pool).await?;
        assert_eq!(names(&c3), ["bob"]);
        assert_eq!(bodies(&c3[0]), ["c3"]);
        let rated_5 = User::query().include(User::FAVORITES.filter(Book::TITLE.eq("TAOCP")).required()).all(&pool).await?;
        assert_eq!(names(&rated_5), ["ada"]);
        let with_profile = User::query().include(User::PROFILE.required()).all(&pool).await?;
        assert_eq!(names(&with_profile), ["ada"]);

        // Nested required: users having a favorite book that has a fan named bob.
        let nested = User::query()
            .include(User::FAVORITES.include(Book::FANS.filter(User::NAME.eq("bob")).required()).required())
            .order_by(User::ID.asc())
            .all(&pool)
            .await?;
        assert_eq!(names(&nested), ["ada", "bob"]);
        let ada_books: Vec<&str> = nested[0].favorites.loaded().unwrap().iter().map(|b| b.title.as_str()).collect();
        assert_eq!(ada_books, ["SICP"], "a book without a matching fan is dropped under a required nested include");

        // belongs_to required: comments whose user is ada.
        let ada_comments = Comment::query().include(Comment::USER.filter(User::NAME.eq("ada")).required()).all(&pool).await?;
        assert_eq!(ada_comments.len(), 2);
        Ok(())
    }

    async fn belongs_to_include_loads_each_target_once_per_parent(pool) {
        schema().sync(&pool).await?;
        seed!(&pool);
        let mut orphan = comment("c4");
        orphan.insert(&pool).await?;
        let owner = |c: &Comment| c.user.as_ref().and_then(|u| u.loaded()).map(|u| u.name.clone());

        // Every comment, its user loaded where it has one (PostgreSQL reads this with a join).
        let comments = Comment::query().include(Comment::USER).order_by(Comment::ID.asc()).all(&pool).await?;
        let owners: Vec<Option<String>> = comments.iter().map(owner).collect();
        assert_eq!(owners, [Some("ada".into()), Some("ada".into()), Some("bob".into()), None]);

        // A filter on the target keeps every comment but loads only matching users.
        let comments = Comment::query().include(Comment::USER.filter(User::NAME.eq("bob"))).order_by(Comment::ID.asc()).all(&pool).await?;
        let owners: Vec<Option<String>> = comments.iter().map(owner).collect();
        assert_eq!(owners, [None, None, Some("bob".into()), None]);
        assert_eq!(comments[0].user.as_ref().map(|u| *u.key()), Some(1), "the key is there, the user is not loaded");

        // Required: only comments with a (matching) user; limit counts those.
        let comments = Comment::query().include(Comment::USER.required()).order_by(Comment::ID.desc()).limit(2).all(&pool).await?;
        let bodies: Vec<&str> = comments.iter().map(|c| c.body.as_str()).collect();
        assert_eq!(bodies, ["c3", "c2"]);
        assert!(comments.iter().all(|c| owner(c).is_some()));
        Ok(())
    }

    async fn serialises_as_nested_json(pool) {
        schema().sync(&pool).await?;
        seed!(&pool);
        let ada = User::query()
            .filter(User::NAME.eq("ada"))
            .include(User::COMMENTS)
            .include(User::FAVORITES)
            .first(&pool)
            .await?
            .expect("ada");
        let json = serde_json::to_value(&ada).expect("serialise");
        assert_eq!(
            json,
            serde_json::json!({
                "id": 1,
                "name": "ada",
                "profile": null,
                "comments": [
                    {"id": 1, "body": "c1", "user": 1},
                    {"id": 2, "body": "c2", "user": 1}
                ],
                "favorites": [
                    {"id": 1, "title": "SICP", "fans": null, "Favorite": {"user": 1, "book": 1, "rating": 5}},
                    {"id": 2, "title": "TAOCP", "fans": null, "Favorite": {"user": 1, "book": 2, "rating": 4}}
                ]
            })
        );
        Ok(())
    }
}

/// Large parent sets go in chunks under SQLite's 32,766 bound parameters.
#[tokio::test]
async fn seventy_thousand_parents_on_sqlite() -> orm_core::Result<()> {
    let pool = orm_tests::sqlite().await;
    schema().sync(&pool).await?;
    let mut users: Vec<User> = (0..70_000).map(|i| user(&format!("u{i}"))).collect();
    User::insert_all(&pool, &mut users).await?;
    assert_eq!(users.last().map(|u| u.id), Some(70_000));
    let mut comments: Vec<Comment> =
        users.iter().step_by(7).map(|u| Comment { id: 0, body: format!("by {}", u.name), user: Some(BelongsTo::from(u)) }).collect();
    Comment::insert_all(&pool, &mut comments).await?;
    let loaded = User::query().include(User::COMMENTS).all(&pool).await?;
    assert_eq!(loaded.len(), 70_000);
    for (i, u) in loaded.iter().enumerate() {
        let expected = if i % 7 == 0 { 1 } else { 0 };
        assert_eq!(u.comments.loaded().map(<[Comment]>::len), Some(expected), "user {}", u.name);
    }
    let back = Comment::query().include(Comment::USER).all(&pool).await?;
    assert!(back.iter().all(|c| c.user.as_ref().and_then(|u| u.loaded()).is_some_and(|u| c.body == format!("by {}", u.name))));
    Ok(())
}
