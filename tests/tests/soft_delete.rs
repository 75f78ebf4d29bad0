//! `#[model(deleted_at)]` makes `delete` a soft delete: the row stays with the time, and every
//! query, `find`, accessor, `count_*`, `has_*` and include leaves it out unless asked
//! (`with_deleted()`); `restore` brings it back, `force_delete` removes it. A junction model with
//! `deleted_at` unlinks by marking its row, and linking the pair again brings the row back
//! (Sequelize's `paranoid` and `through: { paranoid }`).

use chrono::{DateTime, NaiveDateTime, Utc};
use orm_core::{BelongsTo, BelongsToMany, Error, HasMany, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq, Default)]
struct User {
    id: i64,
    name: String,
    #[model(updated_at)]
    updated_at: DateTime<Utc>,
    #[model(deleted_at)]
    deleted_at: Option<DateTime<Utc>>,
    #[has_many]
    posts: HasMany<Post>,
    #[belongs_to_many(through = Follows, as = "follows")]
    follows: BelongsToMany<Tag>,
}

#[derive(Model, Debug, Clone, PartialEq, Default)]
struct Post {
    id: i64,
    title: String,
    #[model(deleted_at)]
    removed: Option<NaiveDateTime>,
    #[belongs_to]
    user: Option<BelongsTo<User>>,
}

#[derive(Model, Debug, Clone, PartialEq, Default)]
struct Tag {
    id: i64,
    name: String,
    #[belongs_to_many(through = Follows, as = "followers")]
    followers: BelongsToMany<User>,
}

#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(junction)]
struct Follows {
    #[belongs_to]
    user: BelongsTo<User>,
    #[belongs_to]
    tag: BelongsTo<Tag>,
    level: Option<i32>,
    #[model(deleted_at)]
    deleted_at: Option<DateTime<Utc>>,
}

fn schema() -> Schema {
    Schema::new().model::<User>().model::<Post>().model::<Tag>().model::<Follows>()
}

async fn user(db: impl orm_core::Connection, name: &str) -> orm_core::Result<User> {
    let mut u = User { name: name.into(), ..Default::default() };
    u.insert(db).await?;
    Ok(u)
}

backends! {
    async fn a_deleted_row_is_kept_hidden_restored_and_removed(pool) {
        schema().sync(&pool).await?;
        let ada = user(&pool, "ada").await?;
        let bob = user(&pool, "bob").await?;
        ada.delete(&pool).await?;
        assert_eq!(User::find(&pool, ada.id).await?, None);
        assert_eq!(User::query().all(&pool).await?.iter().map(|u| u.id).collect::<Vec<_>>(), [bob.id]);
        assert_eq!(User::query().count(&pool).await?, 1);
        let all = User::query().with_deleted().order_by(User::ID.asc()).all(&pool).await?;
        assert_eq!(all.len(), 2);
        assert!(all[0].deleted_at.is_some() && all[1].deleted_at.is_none());
        assert!(matches!(ada.delete(&pool).await, Err(Error::NotFound { model: "User" })), "deleted already");

        // The instance still says live: writing it would bring the row back, so it is refused.
        let mut stale = ada.clone();
        stale.name = "Ada".into();
        assert!(matches!(stale.update(&pool).await, Err(Error::NotFound { model: "User" })));
        assert_eq!(User::find(&pool, ada.id).await?, None, "still deleted");

        let mut back = all[0].clone();
        back.restore(&pool).await?;
        assert_eq!(back.deleted_at, None);
        assert_eq!(User::find(&pool, ada.id).await?.as_ref(), Some(&back));
        assert!(matches!(back.restore(&pool).await, Err(Error::NotFound { .. })), "not deleted");

        // Bulk: a soft delete of the matching live rows; force_delete removes rows.
        assert_eq!(User::query().filter(User::NAME.eq("bob")).delete(&pool).await?, 1);
        assert_eq!(User::query().count(&pool).await?, 1);
        assert_eq!(User::query().with_deleted().count(&pool).await?, 2);
        back.force_delete(&pool).await?;
        assert_eq!(User::query().with_deleted().count(&pool).await?, 1);
        assert_eq!(User::query().with_deleted().force_delete(&pool).await?, 1);
        assert_eq!(User::query().with_deleted().count(&pool).await?, 0);
        Ok(())
    }

    async fn accessors_and_includes_skip_deleted_rows(pool) {
        schema().sync(&pool).await?;
        let mut ada = user(&pool, "ada").await?;
        let kept = ada.create_post(&pool, Post { title: "kept".into(), ..Default::default() }).await?;
        let gone = ada.create_post(&pool, Post { title: "gone".into(), ..Default::default() }).await?;
        gone.delete(&pool).await?;

        assert_eq!(ada.posts(&pool).await?, std::slice::from_ref(&kept));
        assert_eq!(ada.count_posts(&pool).await?, 1);
        assert!(!ada.has_post(&pool, &gone).await?);
        let users = User::query().include(User::POSTS).all(&pool).await?;
        assert_eq!(users[0].posts.loaded().map(|p| p.len()), Some(1));
        let users = User::query().include(User::POSTS.with_deleted()).all(&pool).await?;
        assert_eq!(users[0].posts.loaded().map(|p| p.len()), Some(2));

        // A deleted owner: the accessor, the joined include and a required include see none.
        let lonely = user(&pool, "lonely").await?;
        let orphan = lonely.create_post(&pool, Post { title: "orphan".into(), ..Default::default() }).await?;
        lonely.delete(&pool).await?;
        assert_eq!(orphan.user(&pool).await?, None);
        let posts = Post::query().include(Post::USER).filter(Post::ID.eq(orphan.id)).all(&pool).await?;
        assert!(posts[0].user.as_ref().and_then(|u| u.loaded()).is_none(), "{:?}", posts[0].user);
        let required = Post::query().include(Post::USER.required()).all(&pool).await?;
        assert_eq!(required.iter().map(|p| p.id).collect::<Vec<_>>(), [kept.id]);
        ada.name = "Ada".into();
        ada.update(&pool).await?;
        Ok(())
    }

    async fn a_paranoid_junction_unlinks_by_marking_and_links_again_by_reviving(pool) {
        schema().sync(&pool).await?;
        let ada = user(&pool, "ada").await?;
        let mut tags: Vec<Tag> = ["rust", "sql"].iter().map(|n| Tag { name: (*n).into(), ..Default::default() }).collect();
        Tag::insert_all(&pool, &mut tags).await?;

        ada.add_follow(&pool, &tags[0]).await?;
        ada.remove_follow(&pool, &tags[0]).await?;
        assert_eq!(ada.count_follows(&pool).await?, 0);
        assert!(!ada.has_follow(&pool, &tags[0]).await?);
        assert!(ada.follows(&pool).await?.is_empty());
        assert!(ada.follows_through(&pool).await?.is_empty());
        let users = User::query().include(User::FOLLOWS).all(&pool).await?;
        assert_eq!(users[0].follows.loaded().map(|t| t.len()), Some(0));
        assert!(User::query().include(User::FOLLOWS.required()).all(&pool).await?.is_empty());
        assert_eq!(Follows::query().with_deleted().count(&pool).await?, 1, "the link row is kept, marked");

        // Linking the pair again brings that row back.
        ada.add_follow(&pool, &tags[0]).await?;
        assert_eq!(ada.follows(&pool).await?.iter().map(|t| t.id).collect::<Vec<_>>(), [tags[0].id]);
        assert_eq!(Follows::query().with_deleted().count(&pool).await?, 1);

        // set_* marks what goes and revives what comes back.
        ada.set_follows(&pool, vec![&tags[1]]).await?;
        assert_eq!(ada.follows(&pool).await?.iter().map(|t| t.id).collect::<Vec<_>>(), [tags[1].id]);
        assert!(matches!(
            ada.update_follow_with(&pool, &tags[0], Follows { level: Some(1), ..Default::default() }).await,
            Err(Error::NotFound { model: "Follows" })
        ));
        let row = ada.add_follow_with(&pool, &tags[0], Follows { level: Some(3), ..Default::default() }).await?;
        assert_eq!((row.level, row.deleted_at), (Some(3), None));
        let mut linked: Vec<i64> = ada.follows(&pool).await?.iter().map(|t| t.id).collect();
        linked.sort();
        assert_eq!(linked, [tags[0].id, tags[1].id]);
        assert_eq!(Follows::query().with_deleted().count(&pool).await?, 2);
        let users = User::query().include(User::FOLLOWS).all(&pool).await?;
        assert_eq!(users[0].follows.loaded().map(|t| t.len()), Some(2));
        Ok(())
    }
}
