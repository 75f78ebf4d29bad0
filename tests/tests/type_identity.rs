//! The must-compile shapes of `ui-tests/tests/pass/{namesakes_many_to_many,many_to_many_target_spellings}.rs`,
//! run for real: pairing and default names follow the type, not its spelling. Two models named
//! `User` in two modules linked through a junction model and a generated junction; a generated
//! junction whose target is spelled through an alias and a path (default keys from the model:
//! `book_id`); a self many-to-many spelled `Self` and by an alias, both sides through one
//! generated table. Each syncs, links and reads back on every backend.

mod common;

use common::raw_i64;
use orm_core::{BelongsTo, BelongsToMany, Model, Schema};
use orm_tests::backends;

mod staff {
    use orm_core::{BelongsToMany, Model};

    #[derive(Model, Debug, Clone)]
    #[model(table = "staff")]
    pub struct User {
        pub id: i64,
        pub name: String,
        #[belongs_to_many(through = crate::Assignment)]
        pub clients: BelongsToMany<crate::customers::User>,
        #[belongs_to_many(through = "contacts", foreign_key = "staff_id", other_key = "customer_id")]
        pub contacts: BelongsToMany<super::customers::User>,
    }
}

mod customers {
    use orm_core::{BelongsToMany, Model};

    use crate::staff;

    #[derive(Model, Debug, Clone)]
    #[model(table = "customers")]
    pub struct User {
        pub id: i64,
        pub name: String,
        #[belongs_to_many(through = crate::Assignment)]
        pub advisers: BelongsToMany<staff::User>,
        #[belongs_to_many(through = "contacts", foreign_key = "customer_id", other_key = "staff_id")]
        pub contacts: BelongsToMany<staff::User>,
    }
}

#[derive(Model, Debug, Clone)]
#[model(junction)]
struct Assignment {
    #[belongs_to]
    adviser: BelongsTo<staff::User>,
    #[belongs_to]
    client: BelongsTo<customers::User>,
}

type Novel = shelf::Book;

mod shelf {
    use orm_core::{BelongsToMany, Model};

    #[derive(Model, Debug, Clone)]
    pub struct Book {
        pub id: i64,
        pub title: String,
        #[belongs_to_many(through = "readings")]
        pub readers: BelongsToMany<crate::Reader>,
        #[belongs_to_many(through = "wishes")]
        pub wished_by: BelongsToMany<super::Reader>,
    }
}

#[derive(Model, Debug, Clone)]
struct Reader {
    id: i64,
    name: String,
    #[belongs_to_many(through = "readings")]
    read: BelongsToMany<Novel>,
    #[belongs_to_many(through = "wishes")]
    wishes: BelongsToMany<crate::shelf::Book>,
}

type Peer = Member;

#[derive(Model, Debug, Clone)]
struct Member {
    id: i64,
    name: String,
    #[belongs_to_many(through = "follows", foreign_key = "follower_id", other_key = "followee_id")]
    following: BelongsToMany<Peer>,
    #[belongs_to_many(through = "follows", foreign_key = "followee_id", other_key = "follower_id")]
    followers: BelongsToMany<Self>,
}

fn staff_user(name: &str) -> staff::User {
    staff::User { id: 0, name: name.into(), clients: Default::default(), contacts: Default::default() }
}

fn customer(name: &str) -> customers::User {
    customers::User { id: 0, name: name.into(), advisers: Default::default(), contacts: Default::default() }
}

fn names<'a>(it: impl IntoIterator<Item = &'a String>) -> Vec<&'a str> {
    let mut out: Vec<&str> = it.into_iter().map(String::as_str).collect();
    out.sort_unstable();
    out
}

backends! {
    async fn namesakes_in_two_modules(pool) {
        Schema::new().model::<staff::User>().model::<customers::User>().model::<Assignment>().sync(&pool).await?;
        let mut ada = staff_user("ada");
        ada.insert(&pool).await?;
        let mut cs = vec![customer("cy"), customer("di")];
        customers::User::insert_all(&pool, &mut cs).await?;

        ada.add_clients(&pool, &cs).await?;
        assert_eq!(names(ada.clients(&pool).await?.iter().map(|c| &c.name)), ["cy", "di"]);
        assert_eq!(names(cs[1].advisers(&pool).await?.iter().map(|s| &s.name)), ["ada"]);
        assert_eq!(Assignment::query().count(&pool).await?, 2);

        // The generated junction keeps the two models' keys in two columns.
        cs[0].add_contact(&pool, &ada).await?;
        assert_eq!(names(ada.contacts(&pool).await?.iter().map(|c| &c.name)), ["cy"]);
        let link = format!("SELECT COUNT(*) FROM contacts WHERE staff_id = {} AND customer_id = {}", ada.id, cs[0].id);
        assert_eq!(raw_i64(&pool, &link).await?, 1);
        ada.set_contacts(&pool, &cs[1..]).await?;
        assert_eq!(names(cs[1].contacts(&pool).await?.iter().map(|s| &s.name)), ["ada"]);
        assert_eq!(cs[0].count_contacts(&pool).await?, 0);

        // Includes follow the same pairing.
        let staff = staff::User::query().include(staff::User::CLIENTS).include(staff::User::CONTACTS).all(&pool).await?;
        assert_eq!(staff[0].clients.loaded().map(<[customers::User]>::len), Some(2));
        assert_eq!(names(staff[0].contacts.loaded().unwrap_or_default().iter().map(|c| &c.name)), ["di"]);
        let cs = customers::User::query().include(customers::User::ADVISERS).include(customers::User::CONTACTS).order_by(customers::User::ID.asc()).all(&pool).await?;
        assert_eq!(cs.iter().map(|c| c.advisers.loaded().map(<[staff::User]>::len)).collect::<Vec<_>>(), [Some(1), Some(1)]);
        assert_eq!(cs.iter().map(|c| c.contacts.loaded().map(<[staff::User]>::len)).collect::<Vec<_>>(), [Some(0), Some(1)]);
        Ok(())
    }

    async fn target_spelled_through_alias_and_path(pool) {
        Schema::new().model::<Reader>().model::<shelf::Book>().sync(&pool).await?;
        let mut rae = Reader { id: 0, name: "rae".into(), read: Default::default(), wishes: Default::default() };
        rae.insert(&pool).await?;
        let mut bs = vec![
            shelf::Book { id: 0, title: "emma".into(), readers: Default::default(), wished_by: Default::default() },
            shelf::Book { id: 0, title: "dune".into(), readers: Default::default(), wished_by: Default::default() },
        ];
        shelf::Book::insert_all(&pool, &mut bs).await?;
        rae.add_read(&pool, &bs[0]).await?;
        bs[1].add_wished_by(&pool, &rae).await?;
        assert_eq!(names(rae.read(&pool).await?.iter().map(|b| &b.title)), ["emma"]);
        assert_eq!(names(bs[0].readers(&pool).await?.iter().map(|r| &r.name)), ["rae"]);
        assert_eq!(names(rae.wishes(&pool).await?.iter().map(|b| &b.title)), ["dune"]);
        // Default keys come from the models: `reader_id` and `book_id`, never `novel_id`.
        let read = format!("SELECT COUNT(*) FROM readings WHERE reader_id = {} AND book_id = {}", rae.id, bs[0].id);
        assert_eq!(raw_i64(&pool, &read).await?, 1);
        let wished = format!("SELECT COUNT(*) FROM wishes WHERE reader_id = {} AND book_id = {}", rae.id, bs[1].id);
        assert_eq!(raw_i64(&pool, &wished).await?, 1);

        let rs = Reader::query().include(Reader::READ).include(Reader::WISHES).all(&pool).await?;
        assert_eq!(names(rs[0].read.loaded().unwrap_or_default().iter().map(|b| &b.title)), ["emma"]);
        assert_eq!(names(rs[0].wishes.loaded().unwrap_or_default().iter().map(|b| &b.title)), ["dune"]);
        let bs = shelf::Book::query().include(shelf::Book::READERS).include(shelf::Book::WISHED_BY).order_by(shelf::Book::ID.asc()).all(&pool).await?;
        assert_eq!(bs.iter().map(|b| b.readers.loaded().map(<[Reader]>::len)).collect::<Vec<_>>(), [Some(1), Some(0)]);
        assert_eq!(bs.iter().map(|b| b.wished_by.loaded().map(<[Reader]>::len)).collect::<Vec<_>>(), [Some(0), Some(1)]);
        Ok(())
    }

    async fn self_many_to_many_through_alias(pool) {
        Schema::new().model::<Member>().sync(&pool).await?;
        let mut ms: Vec<Member> = ["ann", "ben", "cat"]
            .into_iter()
            .map(|n| Member { id: 0, name: n.into(), following: Default::default(), followers: Default::default() })
            .collect();
        Member::insert_all(&pool, &mut ms).await?;
        let (ann, ben, cat) = (&ms[0], &ms[1], &ms[2]);
        ann.add_following(&pool, [ben, cat]).await?;
        cat.add_follower(&pool, ben).await?;
        assert_eq!(names(cat.followers(&pool).await?.iter().map(|m| &m.name)), ["ann", "ben"]);
        assert_eq!(names(ben.followers(&pool).await?.iter().map(|m| &m.name)), ["ann"]);
        assert_eq!(ann.count_followers(&pool).await?, 0);
        let follows = format!("SELECT COUNT(*) FROM follows WHERE followee_id = {}", cat.id);
        assert_eq!(raw_i64(&pool, &follows).await?, 2);

        let ms = Member::query().include(Member::FOLLOWING).include(Member::FOLLOWERS).order_by(Member::ID.asc()).all(&pool).await?;
        assert_eq!(ms.iter().map(|m| m.following.loaded().map(<[Member]>::len)).collect::<Vec<_>>(), [Some(2), Some(1), Some(0)]);
        assert_eq!(ms.iter().map(|m| m.followers.loaded().map(<[Member]>::len)).collect::<Vec<_>>(), [Some(0), Some(1), Some(2)]);
        Ok(())
    }
}
