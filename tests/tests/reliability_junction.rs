//! Issue 9.7: a junction row is never overwritten by `add_*_with` (see also belongs_to_many.rs);
//! a junction model with its own key may opt into repeated pairs with `unique = false` (a member
//! borrowing the same book twice), and schema sync then creates no unique index on the pair.

use orm_core::{BelongsTo, BelongsToMany, Model, Schema};
use orm_tests::backends;

#[allow(dead_code)]
#[derive(Model, Debug, Clone)]
struct Member {
    id: i64,
    name: String,
    #[belongs_to_many(through = Loan, as = "borrowed", unique = false)]
    borrowed: BelongsToMany<Volume, Loan>,
}

#[allow(dead_code)]
#[derive(Model, Debug, Clone)]
struct Volume {
    id: i64,
    title: String,
    #[belongs_to_many(through = Loan, as = "borrowers", unique = false)]
    borrowers: BelongsToMany<Member, Loan>,
}

#[derive(Model, Debug, Clone, Default)]
struct Loan {
    id: i64,
    #[belongs_to]
    member: BelongsTo<Member>,
    #[belongs_to]
    volume: BelongsTo<Volume>,
    days: Option<i32>,
}

backends! {
    async fn a_pair_may_repeat_when_the_junction_says_so(pool) {
        Schema::new().model::<Member>().model::<Volume>().model::<Loan>().sync(&pool).await?;
        let mut m = Member { id: 0, name: "mo".into(), borrowed: Default::default() };
        m.insert(&pool).await?;
        let mut vs = vec![Volume { id: 0, title: "dune".into(), borrowers: Default::default() }, Volume { id: 0, title: "emma".into(), borrowers: Default::default() }];
        Volume::insert_all(&pool, &mut vs).await?;

        let first = m.add_borrowed_with(&pool, &vs[0], Loan { days: Some(7), ..Default::default() }).await?;
        let second = m.add_borrowed_with(&pool, &vs[0], Loan { days: Some(14), ..Default::default() }).await?;
        assert!(first.id > 0 && second.id > first.id, "two rows, each with its own key: {first:?} {second:?}");
        let mut days: Vec<Option<i32>> = m.borrowed_through(&pool).await?.into_iter().map(|(_, l)| l.days).collect();
        days.sort();
        assert_eq!(days, [Some(7), Some(14)]);
        // A plain add stays idempotent: an existing pair gets no third row, a new pair one row.
        m.add_borrowed(&pool, &vs[..]).await?;
        m.add_borrowed(&pool, &vs[..]).await?;
        assert_eq!(Loan::query().count(&pool).await?, 3);
        assert_eq!(Loan::query().filter(Loan::VOLUME_ID.eq(vs[1].id)).count(&pool).await?, 1);
        // set keeps the pairs it is given (all their rows) and removes the rest.
        m.set_borrowed(&pool, &vs[..1]).await?;
        assert_eq!(Loan::query().count(&pool).await?, 2);
        m.remove_borrowed(&pool, &vs[0]).await?;
        assert_eq!(Loan::query().count(&pool).await?, 0);
        Ok(())
    }

    // Issue 18.7: three loans of one volume and one of another. The targets are a set — the
    // getter, the count, `has` and an include's `loaded()` each list a volume once — and the
    // links are the junction rows: the `*_through` getter and `loaded_through()` give all four.
    async fn a_repeated_pair_is_one_target_and_several_links(pool) {
        Schema::new().model::<Member>().model::<Volume>().model::<Loan>().sync(&pool).await?;
        let mut m = Member { id: 0, name: "mo".into(), borrowed: Default::default() };
        m.insert(&pool).await?;
        let mut vs = vec![Volume { id: 0, title: "dune".into(), borrowers: Default::default() }, Volume { id: 0, title: "emma".into(), borrowers: Default::default() }];
        Volume::insert_all(&pool, &mut vs).await?;
        for days in [1, 2, 3] {
            m.add_borrowed_with(&pool, &vs[0], Loan { days: Some(days), ..Default::default() }).await?;
        }
        m.add_borrowed_with(&pool, &vs[1], Loan { days: Some(9), ..Default::default() }).await?;
        let titles = |v: &[Volume]| {
            let mut t: Vec<String> = v.iter().map(|x| x.title.clone()).collect();
            t.sort();
            t
        };

        assert_eq!(titles(&m.borrowed(&pool).await?), ["dune", "emma"]);
        assert_eq!(m.count_borrowed(&pool).await?, 2);
        assert!(m.has_borrowed(&pool, &vs[..]).await?);
        let loaded = Member::query().include(Member::BORROWED).first(&pool).await?.unwrap();
        assert_eq!(titles(loaded.borrowed.loaded().unwrap()), ["dune", "emma"]);

        let mut links: Vec<(String, Option<i32>)> = m.borrowed_through(&pool).await?.into_iter().map(|(v, l)| (v.title, l.days)).collect();
        links.sort();
        let mut loaded_links: Vec<(String, Option<i32>)> =
            loaded.borrowed.loaded_through().unwrap().map(|(v, l)| (v.title.clone(), l.days)).collect();
        loaded_links.sort();
        assert_eq!(links, [("dune".into(), Some(1)), ("dune".into(), Some(2)), ("dune".into(), Some(3)), ("emma".into(), Some(9))]);
        assert_eq!(loaded_links, links);
        // From the other side too: dune has one borrower with three links.
        let dune = Volume::query().filter(Volume::ID.eq(vs[0].id)).include(Volume::BORROWERS).first(&pool).await?.unwrap();
        assert_eq!(dune.borrowers.loaded().unwrap().len(), 1);
        assert_eq!(dune.borrowers.loaded_through().unwrap().count(), 3);
        assert_eq!(vs[0].count_borrowers(&pool).await?, 1);
        Ok(())
    }
}
