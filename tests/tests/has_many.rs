//! `#[has_many] comments` on User and its inverse `#[belongs_to] user` on Comment: every
//! generated accessor; a required key (which cannot be unlinked); two `#[belongs_to]` to the same
//! model told apart with `foreign_key`.

mod common;

use common::{Comment, User, comment, schema, user, users};
use orm_core::{BelongsTo, Error, HasMany, Model, Schema};
use orm_tests::backends;

/// Whose comment `c` is, as stored.
async fn owner(db: impl orm_core::Connection, c: &Comment) -> orm_core::Result<Option<i64>> {
    Ok(Comment::find(db, c.id).await?.expect("comment row").user.map(|b| *b.key()))
}

fn bodies(cs: &[Comment]) -> Vec<&str> {
    cs.iter().map(|c| c.body.as_str()).collect()
}

/// Inserts unlinked comments with these bodies.
async fn comments(db: impl orm_core::Connection, bodies: &[&str]) -> orm_core::Result<Vec<Comment>> {
    let mut rows: Vec<Comment> = bodies.iter().map(|b| comment(b)).collect();
    Comment::insert_all(db, &mut rows).await?;
    Ok(rows)
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Author {
    id: i64,
    name: String,
    #[has_many(foreign_key = "author_id")]
    posts: HasMany<Post>,
    #[has_many(foreign_key = "editor_id")]
    edits: HasMany<Post>,
}

/// Written by one author (required), edited by another (optional).
#[derive(Model, Debug, Clone, PartialEq)]
struct Post {
    id: i64,
    title: String,
    #[belongs_to]
    author: BelongsTo<Author>,
    #[belongs_to]
    editor: Option<BelongsTo<Author>>,
}

/// A tree: a category's parent is another category.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "categories")]
struct Category {
    id: i64,
    name: String,
    #[belongs_to]
    parent: Option<BelongsTo<Category>>,
    #[has_many(foreign_key = "parent_id", singular = "child")]
    children: HasMany<Category>,
}

fn category(name: &str) -> Category {
    Category { id: 0, name: name.into(), parent: None, children: Default::default() }
}

fn author(name: &str) -> Author {
    Author { id: 0, name: name.into(), posts: Default::default(), edits: Default::default() }
}

fn post(title: &str, by: &Author) -> Post {
    Post { id: 0, title: title.into(), author: BelongsTo::from(by), editor: None }
}

fn titles(ps: &[Post]) -> Vec<&str> {
    ps.iter().map(|p| p.title.as_str()).collect()
}

backends! {
    async fn get_query_count_create(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        assert_eq!(ada.comments(&pool).await?, []);
        assert_eq!(ada.count_comments(&pool).await?, 0);
        let c1 = ada.create_comment(&pool, comment("alpha")).await?;
        let c2 = ada.create_comment(&pool, comment("beta")).await?;
        let c3 = ada.create_comment(&pool, comment("gamma")).await?;
        bob.create_comment(&pool, comment("bob's")).await?;
        assert_eq!(c1.user.as_ref().map(|b| *b.key()), Some(ada.id));
        assert!(c1.id > 0 && c2.id > c1.id);

        let mut mine = ada.comments(&pool).await?;
        mine.sort_by_key(|c| c.id);
        assert_eq!(mine, [c1.clone(), c2.clone(), c3.clone()]);
        assert_eq!(ada.count_comments(&pool).await?, 3);
        assert_eq!(bob.count_comments(&pool).await?, 1);

        let q = ada.query_comments()?.filter(Comment::BODY.ne("beta")).order_by(Comment::BODY.desc());
        assert_eq!(bodies(&q.clone().all(&pool).await?), ["gamma", "alpha"]);
        assert_eq!(q.clone().count(&pool).await?, 2);
        assert_eq!(q.limit(1).first(&pool).await?.map(|c| c.body), Some("gamma".to_string()));
        let page = ada.query_comments()?.order_by(Comment::ID.asc()).limit(1).offset(1).all(&pool).await?;
        assert_eq!(bodies(&page), ["beta"]);
        // The scope holds even under an OR filter.
        let any = ada.query_comments()?.filter(Comment::BODY.eq("bob's").or(Comment::BODY.eq("alpha"))).all(&pool).await?;
        assert_eq!(bodies(&any), ["alpha"]);
        Ok(())
    }

    async fn has_one_and_many(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let a1 = ada.create_comment(&pool, comment("a1")).await?;
        let a2 = ada.create_comment(&pool, comment("a2")).await?;
        let b1 = bob.create_comment(&pool, comment("b1")).await?;
        assert!(ada.has_comment(&pool, &a1).await?);
        assert!(!ada.has_comment(&pool, &b1).await?);
        assert!(ada.has_comments(&pool, &[a1.clone(), a2.clone()]).await?);
        assert!(ada.has_comments(&pool, [&a1, &a2, &a1]).await?);
        assert!(!ada.has_comments(&pool, [&a1, &b1]).await?);
        assert!(ada.has_comments(&pool, &Vec::<Comment>::new()).await?);
        let mut gone = a2.clone();
        a2.delete(&pool).await?;
        assert!(!ada.has_comment(&pool, &gone).await?);
        gone.id = 999;
        assert!(!ada.has_comments(&pool, vec![&a1, &gone]).await?);
        Ok(())
    }

    async fn add_one_and_many(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let mut cs = comments(&pool, &["x", "y", "z"]).await?;
        ada.add_comment(&pool, &mut cs[0]).await?;
        assert_eq!(cs[0].user.as_ref().map(|b| *b.key()), Some(ada.id), "set in memory too");
        assert_eq!(owner(&pool, &cs[0]).await?, Some(ada.id));
        ada.add_comments(&pool, &mut cs[1..]).await?;
        assert_eq!(ada.count_comments(&pool).await?, 3);
        assert!(cs.iter().all(|c| c.user.as_ref().map(|b| *b.key()) == Some(ada.id)));
        // Adding again is harmless; adding to another user moves the comment.
        ada.add_comments(&pool, &mut cs).await?;
        assert_eq!(ada.count_comments(&pool).await?, 3);
        let [x, y, _] = &mut cs[..] else { unreachable!() };
        bob.add_comments(&pool, [x, y]).await?;
        assert_eq!(bodies(&bob.query_comments()?.order_by(Comment::BODY.asc()).all(&pool).await?), ["x", "y"]);
        assert_eq!(bodies(&ada.comments(&pool).await?), ["z"]);

        let mut unsaved = comment("new");
        let err = ada.add_comment(&pool, &mut unsaved).await.unwrap_err();
        assert!(matches!(err, Error::Unsaved { model: "Comment" }), "{err:?}");
        Ok(())
    }

    async fn remove_one_and_many(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let mut a = [
            ada.create_comment(&pool, comment("a1")).await?,
            ada.create_comment(&pool, comment("a2")).await?,
            ada.create_comment(&pool, comment("a3")).await?,
        ];
        let mut b1 = bob.create_comment(&pool, comment("b1")).await?;

        ada.remove_comment(&pool, &mut a[0]).await?;
        assert_eq!(a[0].user, None);
        assert_eq!(owner(&pool, &a[0]).await?, None, "unlinked, not deleted");
        assert_eq!(Comment::query().count(&pool).await?, 4);
        ada.remove_comments(&pool, &mut a[1..]).await?;
        assert_eq!(ada.count_comments(&pool).await?, 0);

        // Removing someone else's comment leaves it where it is.
        ada.remove_comment(&pool, &mut b1).await?;
        assert_eq!(owner(&pool, &b1).await?, Some(bob.id));
        assert_eq!(b1.user.as_ref().map(|b| *b.key()), Some(bob.id));
        Ok(())
    }

    async fn set_replaces_all(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada", "bob"]).await?;
        let (ada, bob) = (&us[0], &us[1]);
        let mut cs = comments(&pool, &["c0", "c1", "c2", "c3"]).await?;
        ada.set_comments(&pool, &mut cs[..2]).await?;
        assert_eq!(bodies(&ada.query_comments()?.order_by(Comment::ID.asc()).all(&pool).await?), ["c0", "c1"]);
        let b = bob.create_comment(&pool, comment("bob's")).await?;

        // Keep c1, drop c0, take c2 and c3.
        ada.set_comments(&pool, &mut cs[1..]).await?;
        assert_eq!(bodies(&ada.query_comments()?.order_by(Comment::ID.asc()).all(&pool).await?), ["c1", "c2", "c3"]);
        assert_eq!(owner(&pool, &cs[0]).await?, None);
        assert_eq!(owner(&pool, &b).await?, Some(bob.id), "other users' comments are untouched");
        assert!(cs[1..].iter().all(|c| c.user.as_ref().map(|k| *k.key()) == Some(ada.id)));

        ada.set_comments(&pool, &mut Vec::<Comment>::new()).await?;
        assert_eq!(ada.count_comments(&pool).await?, 0);
        assert_eq!(Comment::query().filter(Comment::USER_ID.is_null()).count(&pool).await?, 4);
        assert_eq!(bob.count_comments(&pool).await?, 1);
        Ok(())
    }

    async fn set_is_atomic(pool) {
        schema().sync(&pool).await?;
        let us = users(&pool, &["ada"]).await?;
        let ada = &us[0];
        let mut cs = comments(&pool, &["c0", "c1", "c2"]).await?;
        ada.set_comments(&pool, &mut cs[..2]).await?;
        // c2 is deleted meanwhile: the set fails as a whole, c0 and c1 stay ada's.
        cs[2].delete(&pool).await?;
        let err = ada.set_comments(&pool, &mut cs[1..]).await.unwrap_err();
        assert!(matches!(err, Error::NotFound { model: "Comment" }), "{err:?}");
        assert_eq!(bodies(&ada.query_comments()?.order_by(Comment::ID.asc()).all(&pool).await?), ["c0", "c1"]);
        assert_eq!(cs[2].user, None, "nothing is set in memory either");
        Ok(())
    }

    async fn unsaved_source_is_refused(pool) {
        schema().sync(&pool).await?;
        let ghost = user("ghost");
        let mut cs = comments(&pool, &["c"]).await?;
        for err in [
            ghost.comments(&pool).await.unwrap_err(),
            ghost.query_comments().unwrap_err(),
            ghost.count_comments(&pool).await.unwrap_err(),
            ghost.has_comment(&pool, &cs[0]).await.unwrap_err(),
            ghost.add_comment(&pool, &mut cs[0]).await.unwrap_err(),
            ghost.remove_comments(&pool, &mut cs).await.unwrap_err(),
            ghost.set_comments(&pool, &mut cs).await.unwrap_err(),
            ghost.create_comment(&pool, comment("x")).await.unwrap_err(),
        ] {
            assert!(matches!(err, Error::Unsaved { model: "User" }), "{err:?}");
        }
        assert_eq!(owner(&pool, &cs[0]).await?, None);
        assert_eq!(Comment::query().count(&pool).await?, 1);
        assert_eq!(User::query().count(&pool).await?, 0);
        Ok(())
    }

    async fn self_referential_has_many(pool) {
        Schema::new().model::<Category>().sync(&pool).await?;
        let mut root = category("root");
        root.insert(&pool).await?;
        let a = root.create_child(&pool, category("a")).await?;
        let mut b = category("b");
        b.insert(&pool).await?;
        root.add_child(&pool, &mut b).await?;
        let leaf = a.create_child(&pool, category("leaf")).await?;
        assert_eq!(root.query_children()?.order_by(Category::NAME.asc()).all(&pool).await?.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert!(root.has_children(&pool, [&a, &b]).await?);
        assert!(!root.has_child(&pool, &leaf).await?);
        assert_eq!(leaf.parent(&pool).await?.map(|p| p.name), Some("a".to_string()));
        assert_eq!(root.parent(&pool).await?, None);
        // Deleting a node orphans its children (SET NULL), not its grandchildren's link.
        a.delete(&pool).await?;
        assert_eq!(Category::find(&pool, leaf.id).await?.map(|c| c.parent), Some(None));
        assert_eq!(root.count_children(&pool).await?, 1);
        Ok(())
    }

    async fn required_key_cannot_be_unlinked(pool) {
        Schema::new().model::<Author>().model::<Post>().sync(&pool).await?;
        let mut ann = author("ann");
        ann.insert(&pool).await?;
        let mut ben = author("ben");
        ben.insert(&pool).await?;
        let mut p1 = ann.create_post(&pool, post("p1", &ann)).await?;
        let mut p2 = ben.create_post(&pool, post("p2", &ben)).await?;

        // `ann.remove_post(..)` and `ann.set_posts(..)` do not compile on a required key (ui-tests
        // `remove_on_required_key`, `has_many_set_on_required_key`): a post cannot be unlinked.
        assert_eq!(titles(&ann.posts(&pool).await?), ["p1"]);
        assert_eq!(titles(&ben.posts(&pool).await?), ["p2"]);

        // Adding moves a post.
        ann.add_posts(&pool, [&mut p1, &mut p2]).await?;
        assert_eq!(*p2.author.key(), ann.id);
        assert_eq!(ann.count_posts(&pool).await?, 2);
        assert_eq!(ben.count_posts(&pool).await?, 0);
        Ok(())
    }

    async fn two_keys_to_the_same_model(pool) {
        Schema::new().model::<Author>().model::<Post>().sync(&pool).await?;
        let mut ann = author("ann");
        ann.insert(&pool).await?;
        let mut ben = author("ben");
        ben.insert(&pool).await?;
        let mut p1 = ann.create_post(&pool, post("p1", &ann)).await?;
        let mut p2 = ann.create_post(&pool, post("p2", &ann)).await?;
        let mut p3 = ben.create_post(&pool, post("p3", &ben)).await?;

        ben.add_edits(&pool, [&mut p1, &mut p2]).await?;
        assert_eq!(p1.editor.as_ref().map(|e| *e.key()), Some(ben.id));
        assert_eq!(*p1.author.key(), ann.id, "the other key is untouched");
        ann.add_edit(&pool, &mut p3).await?;

        assert_eq!(titles(&ann.query_posts()?.order_by(Post::ID.asc()).all(&pool).await?), ["p1", "p2"]);
        assert_eq!(titles(&ann.edits(&pool).await?), ["p3"]);
        assert_eq!(titles(&ben.posts(&pool).await?), ["p3"]);
        assert_eq!(ben.count_edits(&pool).await?, 2);
        assert!(ben.has_edits(&pool, [&p1, &p2]).await?);
        assert!(!ben.has_edit(&pool, &p3).await?);
        assert_eq!(p1.author(&pool).await?.map(|a| a.name), Some("ann".to_string()));
        assert_eq!(p1.editor(&pool).await?.map(|a| a.name), Some("ben".to_string()));

        ben.remove_edit(&pool, &mut p1).await?;
        assert_eq!(p1.editor, None);
        assert_eq!(titles(&ben.edits(&pool).await?), ["p2"]);
        assert_eq!(ann.count_posts(&pool).await?, 2, "removing an edit keeps the authorship");
        let p4 = ben.create_edit(&pool, post("p4", &ann)).await?;
        assert_eq!(p4.editor.as_ref().map(|e| *e.key()), Some(ben.id));
        assert_eq!(*p4.author.key(), ann.id);
        ben.set_edits(&pool, [&mut p3]).await?;
        assert_eq!(titles(&ben.edits(&pool).await?), ["p3"]);
        assert_eq!(ann.count_posts(&pool).await?, 3);

        // Deleting the editor clears the optional key; deleting the author deletes the posts.
        ben.delete(&pool).await?;
        assert_eq!(Post::query().filter(Post::EDITOR_ID.is_not_null()).count(&pool).await?, 0);
        assert_eq!(Post::query().count(&pool).await?, 3);
        ann.delete(&pool).await?;
        assert_eq!(Post::query().count(&pool).await?, 0);
        Ok(())
    }
}
