//! Key sets past every backend's bound-parameter limit (SQLite 32,766, PostgreSQL and MySQL
//! 65,535): `Column::in_` with 100,000 values, and the has/add/set/remove accessors and an include
//! with 70,000 targets, on a `#[has_many]` and a `#[belongs_to_many]`. Each is one statement (or
//! one transaction), so order, limit and atomicity hold as for a short list.

mod reliability;

use orm_core::{BelongsTo, HasMany, Model, Schema};
use orm_tests::backends;
use reliability::{Author, Note, Tag, author, count, note, schema, tag};

/// A `#[has_many]` whose targets have a composite key (a junction's two `#[belongs_to]`).
#[derive(Model, Debug, Clone, PartialEq)]
struct Reader {
    id: i64,
    name: String,
    #[has_many]
    loans: HasMany<Loan>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Volume {
    id: i64,
    title: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(junction)]
struct Loan {
    #[belongs_to]
    reader: BelongsTo<Reader>,
    #[belongs_to]
    volume: BelongsTo<Volume>,
    days: i32,
}

/// Text and UUID keys, which a long list carries as JSON strings (UUIDs as hex, back to bytes
/// where the backend stores them as bytes).
#[derive(Model, Debug, Clone, PartialEq)]
struct Label {
    #[model(primary_key)]
    code: String,
    token: uuid::Uuid,
    weight: f32,
}

/// Dates, times and timestamps, which a long list carries as JSON text (SQLite compares the text
/// the driver stored; MariaDB reads it into typed columns).
#[derive(Model, Debug, Clone, PartialEq)]
struct Reading {
    id: i64,
    at: chrono::DateTime<chrono::Utc>,
    local: chrono::NaiveDateTime,
    day: chrono::NaiveDate,
    clock: chrono::NaiveTime,
}

/// Text keys on both sides of a `#[has_many]`.
#[derive(Model, Debug, Clone, PartialEq)]
struct Shelf {
    #[model(primary_key)]
    code: String,
    #[has_many]
    files: HasMany<File>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct File {
    #[model(primary_key)]
    path: String,
    #[belongs_to]
    shelf: Option<BelongsTo<Shelf>>,
}

const IN_VALUES: i64 = 100_000;
const TARGETS: usize = 70_000;

backends! {
    async fn in_with_100_000_values(pool) {
        schema().sync(&pool).await?;
        let mut notes: Vec<Note> = (0..2_000).map(|i| note(&format!("n{i}"))).collect();
        Note::insert_all(&pool, &mut notes).await?;
        let first = notes[0].id;

        // Every other id from the first row on: half the stored rows, and 99,000 that match none.
        let wanted: Vec<i64> = (0..IN_VALUES).map(|i| first + 2 * i).collect();
        assert_eq!(Note::query().filter(Note::ID.in_(wanted.clone())).count(&pool).await?, 1_000);
        assert_eq!(Note::query().filter(!Note::ID.in_(wanted.clone())).count(&pool).await?, 1_000);
        let top = Note::query().filter(Note::ID.in_(wanted.clone())).order_by(Note::ID.desc()).limit(3).all(&pool).await?;
        assert_eq!(top.iter().map(|n| n.id).collect::<Vec<_>>(), vec![first + 1_998, first + 1_996, first + 1_994]);
        // Combined with other bound values, and twice in one statement.
        let both = Note::query()
            .filter(Note::ID.in_(wanted.clone()) & Note::TEXT.ne("n0") & Note::ID.in_(wanted.iter().map(|i| i + 2)))
            .count(&pool)
            .await?;
        assert_eq!(both, 999);

        // Text values, quotes and all.
        let texts: Vec<String> = (0..IN_VALUES).map(|i| if i % 50 == 0 { format!("n{}", i / 50) } else { format!("it's \"{i}\"") }).collect();
        assert_eq!(Note::query().filter(Note::TEXT.in_(texts.iter().map(String::as_str))).count(&pool).await?, 2_000);
        // Deleting by such a filter is one statement too.
        assert_eq!(Note::query().filter(Note::ID.in_(wanted)).delete(&pool).await?, 1_000);
        assert_eq!(Note::query().count(&pool).await?, 1_000);
        Ok(())
    }

    async fn has_many_with_70_000_targets(pool) {
        schema().sync(&pool).await?;
        let mut ada = author("ada");
        ada.insert(&pool).await?;
        let mut bob = author("bob");
        bob.insert(&pool).await?;
        let mut notes: Vec<Note> = (0..TARGETS).map(|i| note(&format!("n{i}"))).collect();
        Note::insert_all(&pool, &mut notes).await?;

        assert!(!ada.has_notes(&pool, &notes).await?);
        ada.add_notes(&pool, &mut notes).await?;
        assert!(ada.has_notes(&pool, &notes).await?);
        assert_eq!(ada.count_notes(&pool).await?, TARGETS as i64);
        assert!(notes.iter().all(|n| n.author.as_ref().map(|a| *a.key()) == Some(ada.id)));

        // The include of 70,000 parents' author and of one author's 70,000 notes.
        let loaded = Note::query().include(Note::AUTHOR).all(&pool).await?;
        assert!(loaded.iter().all(|n| n.author.as_ref().and_then(|a| a.loaded()).map(|a| a.name.as_str()) == Some("ada")));
        let authors = Author::query().include(Author::NOTES).order_by(Author::ID.asc()).all(&pool).await?;
        assert_eq!(authors[0].notes.loaded().map(<[Note]>::len), Some(TARGETS));

        // set: the other half moves to bob in one transaction.
        let (first_half, second_half) = notes.split_at_mut(TARGETS / 2);
        bob.set_notes(&pool, &mut *second_half).await?;
        assert_eq!(bob.count_notes(&pool).await?, (TARGETS - TARGETS / 2) as i64);
        assert_eq!(ada.count_notes(&pool).await?, (TARGETS / 2) as i64);
        ada.set_notes(&pool, &mut *first_half).await?;
        assert_eq!(ada.count_notes(&pool).await?, (TARGETS / 2) as i64);

        ada.remove_notes(&pool, &mut *first_half).await?;
        assert_eq!(ada.count_notes(&pool).await?, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM notes WHERE author_id IS NULL").await?, (TARGETS / 2) as i64);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM notes").await?, TARGETS as i64);
        Ok(())
    }

    async fn belongs_to_many_with_70_000_targets(pool) {
        schema().sync(&pool).await?;
        let mut ada = author("ada");
        ada.insert(&pool).await?;
        let mut tags: Vec<Tag> = (0..TARGETS).map(|i| tag(&format!("t{i}"))).collect();
        Tag::insert_all(&pool, &mut tags).await?;

        assert!(!ada.has_tags(&pool, &tags).await?);
        ada.add_tags(&pool, &tags).await?;
        assert!(ada.has_tags(&pool, &tags).await?);
        assert_eq!(ada.count_tags(&pool).await?, TARGETS as i64);
        // Adding them again keeps one link each.
        ada.add_tags(&pool, &tags).await?;
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM author_tags").await?, TARGETS as i64);

        let loaded = Tag::query().include(Tag::AUTHORS).all(&pool).await?;
        assert_eq!(loaded.len(), TARGETS);
        assert!(loaded.iter().all(|t| t.authors.loaded().map(<[Author]>::len) == Some(1)));

        // set to the second half: the first half's links go, in one transaction.
        ada.set_tags(&pool, &tags[TARGETS / 2..]).await?;
        assert_eq!(ada.count_tags(&pool).await?, (TARGETS - TARGETS / 2) as i64);
        assert!(!ada.has_tags(&pool, &tags[..TARGETS / 2]).await?);
        ada.set_tags(&pool, &tags).await?;
        assert_eq!(ada.count_tags(&pool).await?, TARGETS as i64);

        ada.remove_tags(&pool, &tags).await?;
        assert_eq!(ada.count_tags(&pool).await?, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM author_tags").await?, 0);
        Ok(())
    }
}

backends! {
    async fn composite_keys_with_70_000_targets(pool) {
        Schema::new().model::<Reader>().model::<Volume>().model::<Loan>().sync(&pool).await?;
        let mut readers = vec![
            Reader { id: 0, name: "ada".into(), loans: Default::default() },
            Reader { id: 0, name: "bob".into(), loans: Default::default() },
        ];
        Reader::insert_all(&pool, &mut readers).await?;
        let mut volumes: Vec<Volume> = (0..TARGETS / 2).map(|i| Volume { id: 0, title: format!("v{i}") }).collect();
        Volume::insert_all(&pool, &mut volumes).await?;
        let mut loans: Vec<Loan> = readers
            .iter()
            .flat_map(|r| volumes.iter().map(move |v| Loan { reader: r.into(), volume: v.into(), days: 7 }))
            .collect();
        Loan::insert_all(&pool, &mut loans).await?;
        let (ada, bob) = (&readers[0], &readers[1]);
        let (ada_loans, bob_loans) = loans.split_at_mut(TARGETS / 2);

        assert!(ada.has_loans(&pool, &*ada_loans).await?);
        assert!(bob.has_loans(&pool, &*bob_loans).await?);
        assert!(!ada.has_loans(&pool, [&ada_loans[0], &bob_loans[0]]).await?);
        let all: Vec<&Loan> = ada_loans.iter().chain(bob_loans.iter()).collect();
        assert_eq!(all.len(), TARGETS);
        assert!(!ada.has_loans(&pool, all).await?);
        // Linking rows already linked is one UPDATE over 35,000 composite keys. (`set_loans` does
        // not compile: `Loan.reader` is required, so no loan could be unlinked.)
        ada.add_loans(&pool, &mut *ada_loans).await?;
        assert_eq!(ada.count_loans(&pool).await?, (TARGETS / 2) as i64);
        assert_eq!(bob.count_loans(&pool).await?, (TARGETS / 2) as i64);
        let loaded = Reader::query().include(Reader::LOANS).order_by(Reader::ID.asc()).all(&pool).await?;
        assert_eq!(loaded[1].loans.loaded().map(<[Loan]>::len), Some(TARGETS / 2));
        Ok(())
    }
}

backends! {
    // Issue 18.14: `in_` over 70,000 timestamps failed with "too many SQL variables" (SQLite)
    // and error 1390 (MariaDB): dates and times were not sent as one list parameter.
    async fn text_lists_of_times(pool) {
        use chrono::{Duration, TimeZone, Utc};
        Schema::new().model::<Reading>().sync(&pool).await?;
        let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        // Whole seconds, milliseconds and microseconds: the text forms differ in their digits.
        let mut readings: Vec<Reading> = (0..TARGETS as i64)
            .map(|i| {
                let at = start + Duration::seconds(i * 37) + Duration::microseconds(match i % 3 { 0 => 0, 1 => 250_000, _ => 123_457 });
                Reading { id: 0, at, local: at.naive_utc(), day: at.date_naive(), clock: at.time() }
            })
            .collect();
        Reading::insert_all(&pool, &mut readings).await?;
        let stamps: Vec<_> = readings.iter().map(|r| r.at).collect();
        assert_eq!(Reading::query().filter(Reading::AT.in_(stamps.clone())).count(&pool).await?, TARGETS as i64);
        let half: Vec<_> = readings.iter().step_by(2).map(|r| r.local).collect();
        assert_eq!(Reading::query().filter(Reading::LOCAL.in_(half)).count(&pool).await?, (TARGETS / 2) as i64);
        // Values that match nothing change nothing.
        let shifted: Vec<_> = stamps.iter().map(|t| *t + Duration::microseconds(1)).collect();
        assert_eq!(Reading::query().filter(Reading::AT.in_(shifted)).count(&pool).await?, 0);
        let days: Vec<_> = readings.iter().map(|r| r.day).collect();
        assert_eq!(Reading::query().filter(Reading::DAY.in_(days)).count(&pool).await?, TARGETS as i64);
        let clocks: Vec<_> = readings.iter().take(5_000).map(|r| r.clock).collect();
        let set: std::collections::HashSet<_> = clocks.iter().collect();
        let expected = readings.iter().filter(|r| set.contains(&r.clock)).count();
        assert_eq!(Reading::query().filter(Reading::CLOCK.in_(clocks)).count(&pool).await?, expected as i64);
        Ok(())
    }

    // Issue 18.15: MariaDB ran text-key lists (LONGTEXT in JSON_TABLE) per row: an include over
    // 70,000 text keys and a set_* down to 35,000 did not finish in 100 s.
    async fn text_keys_with_70_000_targets(pool) {
        Schema::new().model::<Shelf>().model::<File>().sync(&pool).await?;
        let mut shelves: Vec<Shelf> = (0..TARGETS).map(|i| Shelf { code: format!("shelf-{i:05}"), files: Default::default() }).collect();
        Shelf::insert_all(&pool, &mut shelves).await?;
        let mut files: Vec<File> =
            (0..TARGETS).map(|i| File { path: format!("/f/{i:05}"), shelf: Some(BelongsTo::from(&shelves[i % 7])) }).collect();
        File::insert_all(&pool, &mut files).await?;
        // Includes both ways: 70,000 parents' children, 70,000 children's parents.
        let loaded = Shelf::query().include(Shelf::FILES).all(&pool).await?;
        assert_eq!(loaded.iter().map(|s| s.files.loaded().map_or(0, <[File]>::len)).sum::<usize>(), TARGETS);
        let loaded = File::query().include(File::SHELF).all(&pool).await?;
        assert!(loaded.iter().all(|f| f.shelf.as_ref().and_then(|s| s.loaded()).is_some()));
        // set_* moves half of them to one shelf, then back down to 35,000.
        let target = &shelves[100];
        target.set_files(&pool, &mut files[..TARGETS / 2]).await?;
        assert_eq!(target.count_files(&pool).await?, (TARGETS / 2) as i64);
        target.set_files(&pool, &mut files[..TARGETS / 4]).await?;
        assert_eq!(target.count_files(&pool).await?, (TARGETS / 4) as i64);
        assert!(target.has_files(&pool, &files[..TARGETS / 4]).await?);
        Ok(())
    }

    async fn text_uuid_and_float_lists(pool) {
        Schema::new().model::<Label>().sync(&pool).await?;
        let mut labels: Vec<Label> = (0..3_000)
            .map(|i| Label { code: format!("Code-{i} ‘é’"), token: uuid::Uuid::new_v4(), weight: i as f32 / 10.0 })
            .collect();
        Label::insert_all(&pool, &mut labels).await?;
        let codes: Vec<&str> = labels.iter().step_by(2).map(|l| l.code.as_str()).collect();
        assert_eq!(Label::query().filter(Label::CODE.in_(codes)).count(&pool).await?, 1_500);
        let tokens: Vec<uuid::Uuid> = labels.iter().step_by(3).map(|l| l.token).collect();
        assert_eq!(Label::query().filter(Label::TOKEN.in_(tokens)).count(&pool).await?, 1_000);
        let weights: Vec<f32> = labels.iter().take(2_000).map(|l| l.weight).collect();
        assert_eq!(Label::query().filter(Label::WEIGHT.in_(weights)).count(&pool).await?, 2_000);
        Ok(())
    }
}
