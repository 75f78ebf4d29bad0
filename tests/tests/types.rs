//! Every supported column type stores and reads back the same value, as a value and as NULL, and
//! binds as a filter parameter.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use orm_core::{Model, Schema};
use orm_tests::backends;
use serde_json::json;
use uuid::Uuid;

#[derive(Model, Debug, Clone, PartialEq)]
struct Sample {
    id: i64,
    small: i16,
    int: i32,
    big: i64,
    real: f32,
    double: f64,
    flag: bool,
    text: String,
    bytes: Vec<u8>,
    day: NaiveDate,
    moment: NaiveDateTime,
    clock: NaiveTime,
    stamp: DateTime<Utc>,
    uid: Uuid,
    doc: serde_json::Value,
}

#[derive(Model, Debug, Clone, PartialEq, Default)]
struct Maybe {
    id: i64,
    small: Option<i16>,
    int: Option<i32>,
    big: Option<i64>,
    real: Option<f32>,
    double: Option<f64>,
    flag: Option<bool>,
    text: Option<String>,
    bytes: Option<Vec<u8>>,
    day: Option<NaiveDate>,
    moment: Option<NaiveDateTime>,
    clock: Option<NaiveTime>,
    stamp: Option<DateTime<Utc>>,
    uid: Option<Uuid>,
    doc: Option<serde_json::Value>,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn moment(d: NaiveDate, h: u32, micros: u32) -> NaiveDateTime {
    d.and_hms_micro_opt(h, 30, 15, micros).unwrap()
}

fn extremes() -> Sample {
    Sample {
        id: 0,
        small: i16::MIN,
        int: i32::MAX,
        big: i64::MIN,
        real: -3.25,
        double: 1234.5678e-9,
        flag: true,
        text: "it's \"quoted\" – ünïcode ✓\n".into(),
        bytes: vec![0, 1, 127, 128, 255],
        day: day(1999, 12, 31),
        moment: moment(day(2000, 2, 29), 23, 123_456),
        clock: NaiveTime::from_hms_micro_opt(23, 59, 58, 999_999).unwrap(),
        stamp: Utc.with_ymd_and_hms(2024, 3, 10, 8, 0, 1).unwrap() + chrono::Duration::microseconds(654_321),
        uid: Uuid::new_v4(),
        doc: json!({"name": "ada", "tags": ["x", "y"], "n": 1.5, "nested": {"ok": true, "none": null}}),
    }
}

fn ordinary() -> Sample {
    Sample {
        id: 0,
        small: 7,
        int: -42,
        big: i64::MAX,
        real: 0.0,
        double: -0.5,
        flag: false,
        text: String::new(),
        bytes: Vec::new(),
        day: day(2024, 1, 1),
        moment: moment(day(2024, 1, 1), 0, 0),
        clock: NaiveTime::MIN,
        stamp: Utc.with_ymd_and_hms(2030, 12, 31, 23, 59, 59).unwrap(),
        uid: Uuid::nil(),
        doc: json!([1, 2, 3]),
    }
}

backends! {
    async fn every_type_round_trips(pool) {
        Schema::new().model::<Sample>().sync(&pool).await?;
        let mut rows = vec![extremes(), ordinary()];
        let mut single = rows.remove(0);
        single.insert(&pool).await?;
        Sample::insert_all(&pool, &mut rows).await?;
        assert_eq!(Sample::find(&pool, single.id).await?, Some(single.clone()));
        assert_eq!(Sample::find(&pool, rows[0].id).await?, Some(rows[0].clone()));

        // Updates write every type too.
        let mut changed = rows[0].clone();
        changed.small = 8;
        changed.flag = true;
        changed.bytes = vec![9; 3];
        changed.stamp += chrono::Duration::days(1);
        changed.doc = json!({"changed": true});
        changed.update(&pool).await?;
        assert_eq!(Sample::find(&pool, changed.id).await?, Some(changed));
        Ok(())
    }

    async fn every_type_binds_as_a_filter(pool) {
        Schema::new().model::<Sample>().sync(&pool).await?;
        let mut rows = vec![extremes(), ordinary()];
        Sample::insert_all(&pool, &mut rows).await?;
        let (a, b) = (&rows[0], &rows[1]);
        let one = |q: orm_core::Query<Sample>| q.order_by(Sample::ID.asc());
        let ids = |rows: Vec<Sample>| rows.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(one(Sample::query().filter(Sample::SMALL.lt(0))).all(&pool).await?), [a.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::INT.eq(-42))).all(&pool).await?), [b.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::BIG.eq(i64::MAX))).all(&pool).await?), [b.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::REAL.lt(-1.0))).all(&pool).await?), [a.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::DOUBLE.gt(0.0))).all(&pool).await?), [a.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::FLAG.eq(false))).all(&pool).await?), [b.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::TEXT.eq(&a.text))).all(&pool).await?), [a.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::BYTES.eq(vec![0u8, 1, 127, 128, 255]))).all(&pool).await?), [a.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::DAY.lt(day(2000, 1, 1)))).all(&pool).await?), [a.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::MOMENT.eq(a.moment))).all(&pool).await?), [a.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::CLOCK.gt(NaiveTime::MIN))).all(&pool).await?), [a.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::STAMP.gt(a.stamp))).all(&pool).await?), [b.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::UID.eq(a.uid))).all(&pool).await?), [a.id]);
        assert_eq!(ids(one(Sample::query().filter(Sample::UID.in_([a.uid, b.uid]))).all(&pool).await?), [a.id, b.id]);
        Ok(())
    }

    async fn every_nullable_type_round_trips_null_and_values(pool) {
        Schema::new().model::<Maybe>().sync(&pool).await?;
        let mut empty = Maybe::default();
        empty.insert(&pool).await?;
        assert_eq!(Maybe::find(&pool, empty.id).await?, Some(empty.clone()));
        assert_eq!(Maybe::query().filter(Maybe::UID.is_null().and(Maybe::DOC.is_null()).and(Maybe::STAMP.is_null())).count(&pool).await?, 1);

        let s = extremes();
        let mut full = Maybe {
            id: empty.id,
            small: Some(s.small),
            int: Some(s.int),
            big: Some(s.big),
            real: Some(s.real),
            double: Some(s.double),
            flag: Some(s.flag),
            text: Some(s.text),
            bytes: Some(s.bytes),
            day: Some(s.day),
            moment: Some(s.moment),
            clock: Some(s.clock),
            stamp: Some(s.stamp),
            uid: Some(s.uid),
            doc: Some(s.doc),
        };
        full.update(&pool).await?;
        assert_eq!(Maybe::find(&pool, full.id).await?, Some(full.clone()));
        assert_eq!(Maybe::query().filter(Maybe::UID.eq(s.uid)).count(&pool).await?, 1);

        // And back to NULL, column by column.
        full = Maybe { id: full.id, ..Maybe::default() };
        full.update(&pool).await?;
        assert_eq!(Maybe::find(&pool, full.id).await?, Some(full));
        Ok(())
    }
}
