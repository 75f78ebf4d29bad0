//! `#[model(created_at)]` and `#[model(updated_at)]` are kept by every path that writes a row:
//! insert, `insert_all`, update, `create_*`, `add_*`/`set_*`/`remove_*` of a has_many (the
//! targets' rows), `set_*` of a belongs_to, and a junction model's rows (`add_*`, `add_*_with`,
//! `update_*_with`). After each, the struct holds what a read returns, to the microsecond, on
//! every backend; an insert's two stamps are equal.

use chrono::{DateTime, NaiveDateTime, Utc};
use orm_core::{BelongsTo, BelongsToMany, HasMany, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq, Default)]
struct Author {
    id: i64,
    name: String,
    #[model(created_at)]
    created_at: DateTime<Utc>,
    #[model(updated_at)]
    updated_at: DateTime<Utc>,
    #[has_many]
    posts: HasMany<Post>,
    #[belongs_to_many(through = Likes, as = "liked")]
    liked: BelongsToMany<Post>,
}

/// Naive timestamps, under other names.
#[derive(Model, Debug, Clone, PartialEq, Default)]
struct Post {
    id: i64,
    title: String,
    #[model(created_at)]
    written: NaiveDateTime,
    #[model(updated_at)]
    edited: NaiveDateTime,
    #[belongs_to]
    author: Option<BelongsTo<Author>>,
    #[belongs_to_many(through = Likes, as = "likers")]
    likers: BelongsToMany<Author>,
}

/// A junction with timestamps, as Sequelize gives every junction.
#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(junction)]
struct Likes {
    #[belongs_to]
    author: BelongsTo<Author>,
    #[belongs_to]
    post: BelongsTo<Post>,
    stars: Option<i32>,
    #[model(created_at)]
    created_at: DateTime<Utc>,
    #[model(updated_at)]
    updated_at: DateTime<Utc>,
}

fn schema() -> Schema {
    Schema::new().model::<Author>().model::<Post>().model::<Likes>()
}

/// A moment strictly later than any stamp taken before it.
async fn tick() {
    tokio::time::sleep(std::time::Duration::from_millis(3)).await;
}

fn recent(at: DateTime<Utc>, since: DateTime<Utc>) -> bool {
    at >= since - chrono::Duration::microseconds(1) && at <= Utc::now()
}

backends! {
    async fn inserts_and_updates_stamp_the_row_and_the_struct(pool) {
        schema().sync(&pool).await?;
        let before = Utc::now();
        let mut ada = Author { name: "ada".into(), ..Default::default() };
        ada.insert(&pool).await?;
        assert!(recent(ada.created_at, before), "{:?}", ada.created_at);
        assert_eq!(ada.created_at, ada.updated_at, "one instant per insert");
        assert_eq!(Author::find(&pool, ada.id).await?.as_ref(), Some(&ada), "the struct holds what was stored");

        tick().await;
        let created = ada.created_at;
        ada.name = "Ada".into();
        ada.update(&pool).await?;
        assert_eq!(ada.created_at, created);
        assert!(ada.updated_at > created);
        assert_eq!(Author::find(&pool, ada.id).await?.as_ref(), Some(&ada));

        let mut many: Vec<Post> = (0..3).map(|i| Post { title: format!("p{i}"), ..Default::default() }).collect();
        let before = Utc::now().naive_utc();
        Post::insert_all(&pool, &mut many).await?;
        for post in &many {
            assert!(post.written >= before - chrono::Duration::microseconds(1));
            assert_eq!((post.written, post.edited), (many[0].written, many[0].written));
            assert_eq!(Post::find(&pool, post.id).await?.as_ref(), Some(post));
        }
        Ok(())
    }

    async fn accessors_stamp_the_rows_they_write(pool) {
        schema().sync(&pool).await?;
        let mut ada = Author { name: "ada".into(), ..Default::default() };
        ada.insert(&pool).await?;
        let mut post = Post { title: "hello".into(), ..Default::default() };
        post.insert(&pool).await?;

        // has_many: the target's row is written.
        tick().await;
        let written = post.edited;
        ada.add_post(&pool, &mut post).await?;
        assert!(post.edited > written);
        assert_eq!(Post::find(&pool, post.id).await?.as_ref(), Some(&post));
        tick().await;
        let linked = post.edited;
        ada.remove_post(&pool, &mut post).await?;
        assert!(post.edited > linked && post.author.is_none());
        assert_eq!(Post::find(&pool, post.id).await?.as_ref(), Some(&post));
        ada.set_posts(&pool, vec![&mut post]).await?;
        assert_eq!(Post::find(&pool, post.id).await?.as_ref(), Some(&post));

        // belongs_to: the owner's row is written.
        let mut bob = Author { name: "bob".into(), ..Default::default() };
        bob.insert(&pool).await?;
        tick().await;
        let before = post.edited;
        post.set_author(&pool, Some(&bob)).await?;
        assert!(post.edited > before);
        assert_eq!(Post::find(&pool, post.id).await?.as_ref(), Some(&post));
        let created = post.create_author(&pool, Author { name: "cy".into(), ..Default::default() }).await?;
        assert_eq!(created.created_at, created.updated_at);
        assert_eq!(Post::find(&pool, post.id).await?.as_ref(), Some(&post));

        // create_*: a new row, stamped.
        let made = ada.create_post(&pool, Post { title: "made".into(), ..Default::default() }).await?;
        assert_eq!(made.written, made.edited);
        assert_eq!(Post::find(&pool, made.id).await?.as_ref(), Some(&made));
        Ok(())
    }

    async fn junction_rows_are_stamped(pool) {
        schema().sync(&pool).await?;
        let mut ada = Author { name: "ada".into(), ..Default::default() };
        ada.insert(&pool).await?;
        let mut posts: Vec<Post> = (0..2).map(|i| Post { title: format!("p{i}"), ..Default::default() }).collect();
        Post::insert_all(&pool, &mut posts).await?;

        // The plain add fills the junction's timestamps too (they are NOT NULL).
        let before = Utc::now();
        ada.add_liked(&pool, &posts[0]).await?;
        let links = ada.liked_through(&pool).await?;
        let (_, link) = &links[0];
        assert!(recent(link.created_at, before), "{link:?}");
        assert_eq!(link.created_at, link.updated_at);

        let row = ada.add_liked_with(&pool, &posts[1], Likes { stars: Some(4), ..Default::default() }).await?;
        assert_eq!(row.created_at, row.updated_at);
        assert!(recent(row.created_at, before));
        tick().await;
        let updated = ada.update_liked_with(&pool, &posts[1], Likes { stars: Some(5), ..Default::default() }).await?;
        assert_eq!((updated.stars, updated.created_at), (Some(5), row.created_at), "the stored created_at is kept");
        assert!(updated.updated_at > row.updated_at);
        let stored = ada.liked_through(&pool).await?.into_iter().find(|(p, _)| p.id == posts[1].id).map(|(_, l)| l);
        assert_eq!(stored.as_ref(), Some(&updated));
        Ok(())
    }
}
