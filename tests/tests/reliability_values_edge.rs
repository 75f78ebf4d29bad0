//! Edge values a backend may not hold: float NaN and ±infinity, dates outside a column's range,
//! sub-microsecond times. Each either round-trips exactly (as a value and as a filter) or is an
//! `Error::UnsupportedValue` naming model, column and kind, with nothing stored or changed.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use orm_core::{Backend, BelongsTo, BelongsToMany, Dialect, Error, Model, Schema, SqlType};
use orm_tests::backends;

fn dialect<DB: Backend>(_: &orm_core::sqlx::Pool<DB>) -> Dialect {
    DB::DIALECT
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Reading {
    id: i64,
    single: f32,
    double: f64,
    maybe: Option<f64>,
}

fn reading(single: f32, double: f64) -> Reading {
    Reading { id: 0, single, double, maybe: Some(double) }
}

/// Whether the backend's float columns hold `v` exactly.
fn holds_float(d: Dialect, v: f64) -> bool {
    match d {
        Dialect::Postgres => true,
        Dialect::Sqlite => !v.is_nan(),
        Dialect::MySql => v.is_finite(),
    }
}

/// Same value, NaN included.
fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

#[track_caller]
fn assert_unsupported<T: std::fmt::Debug>(result: orm_core::Result<T>, model: &str, column: &str, kind: SqlType) {
    match result {
        Err(Error::UnsupportedValue { model: m, column: c, kind: k, .. }) if m == model && c == column && k == kind => {}
        other => panic!("expected UnsupportedValue for {model}.{column} ({kind:?}), got {other:?}"),
    }
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Event {
    id: i64,
    at: DateTime<Utc>,
    local: NaiveDateTime,
    day: NaiveDate,
    clock: NaiveTime,
    maybe_at: Option<DateTime<Utc>>,
}

fn event(at: DateTime<Utc>) -> Event {
    let local = at.naive_utc();
    Event { id: 0, at, local, day: local.date(), clock: local.time(), maybe_at: Some(at) }
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micros: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_micro_opt(h, mi, s, micros).unwrap())
}

/// Instants every backend holds: both sides of the MySQL TIMESTAMP range (1970–2038), and the
/// ends of MySQL DATETIME's.
fn in_range() -> Vec<DateTime<Utc>> {
    vec![
        utc(1960, 6, 15, 12, 34, 56, 123_456),
        utc(2040, 2, 29, 23, 59, 58, 654_321),
        utc(1000, 1, 1, 0, 0, 0, 0),
        utc(9999, 12, 31, 23, 59, 59, 999_999),
        utc(1969, 12, 31, 23, 59, 59, 999_999),
        utc(2038, 1, 19, 3, 14, 8, 0),
    ]
}

/// Instants the backend cannot hold, with the column the check reports first.
fn out_of_range(d: Dialect) -> Vec<DateTime<Utc>> {
    match d {
        Dialect::MySql => vec![utc(999, 12, 31, 23, 59, 59, 999_999), utc(10_000, 1, 1, 0, 0, 0, 0), utc(1, 1, 1, 0, 0, 0, 0)],
        Dialect::Sqlite => vec![utc(-1, 12, 31, 0, 0, 0, 0), utc(10_000, 1, 1, 0, 0, 0, 0)],
        Dialect::Postgres => vec![utc(-4713, 11, 23, 23, 59, 59, 0)],
    }
}

/// An instant finer than a microsecond, as `Utc::now()` gives on Linux.
fn nanos() -> DateTime<Utc> {
    Utc.from_utc_datetime(&NaiveDate::from_ymd_opt(2024, 5, 6).unwrap().and_hms_nano_opt(7, 8, 9, 123_456_789).unwrap())
}

/// Instants only some backends hold, which must round-trip there.
fn extra_in_range(d: Dialect) -> Vec<DateTime<Utc>> {
    match d {
        Dialect::MySql => vec![],
        Dialect::Sqlite => vec![utc(0, 1, 1, 0, 0, 0, 0), utc(999, 12, 31, 23, 59, 59, 999_999)],
        Dialect::Postgres => {
            vec![utc(-4713, 11, 24, 0, 0, 0, 0), utc(1, 1, 1, 0, 0, 0, 0), utc(10_000, 1, 1, 0, 0, 0, 0), utc(200_000, 7, 1, 1, 2, 3, 4)]
        }
    }
}

/// A junction with a float column of its own: its rows are bound by the association code.
#[derive(Model, Debug, Clone, PartialEq)]
struct Sensor {
    id: i64,
    #[belongs_to_many(through = Calibration)]
    rooms: BelongsToMany<Room>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Room {
    id: i64,
    #[belongs_to_many(through = Calibration)]
    sensors: BelongsToMany<Sensor>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(junction)]
struct Calibration {
    #[belongs_to]
    sensor: BelongsTo<Sensor>,
    #[belongs_to]
    room: BelongsTo<Room>,
    offset: f64,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Doc {
    id: i64,
    body: serde_json::Value,
}

backends! {
    async fn json_with_nul_round_trips_or_is_refused(pool) {
        Schema::new().model::<Doc>().sync(&pool).await?;
        let mut doc = Doc { id: 0, body: serde_json::json!({ "list": ["ok", "nul\u{0}inside"] }) };
        let result = doc.insert(&pool).await;
        if dialect(&pool) == Dialect::Postgres {
            assert_unsupported(result, "Doc", "body", SqlType::Json);
            assert_eq!(Doc::query().count(&pool).await?, 0);
        } else {
            result?;
            assert_eq!(Doc::find(&pool, doc.id).await?, Some(doc));
        }
        Ok(())
    }


    async fn junction_floats_are_checked_too(pool) {
        let d = dialect(&pool);
        Schema::new().model::<Sensor>().model::<Room>().model::<Calibration>().sync(&pool).await?;
        let mut s = Sensor { id: 0, rooms: Default::default() };
        s.insert(&pool).await?;
        let mut r = Room { id: 0, sensors: Default::default() };
        r.insert(&pool).await?;
        let row = |offset| Calibration { sensor: BelongsTo::new(0), room: BelongsTo::new(0), offset };
        let result = s.add_room_with(&pool, &r, row(f64::NAN)).await;
        if holds_float(d, f64::NAN) {
            result?;
            assert!(Calibration::query().all(&pool).await?[0].offset.is_nan());
        } else {
            assert!(matches!(result, Err(Error::UnsupportedValue { kind: SqlType::Double, .. })), "{result:?}");
            assert_eq!(Calibration::query().count(&pool).await?, 0);
        }
        Ok(())
    }


    async fn times_are_stored_to_the_microsecond_everywhere(pool) {
        Schema::new().model::<Event>().sync(&pool).await?;
        let fine = nanos();
        let micros = utc(2024, 5, 6, 7, 8, 9, 123_456);
        // insert: accepted on every backend, stored and held to the microsecond.
        let mut e = event(fine);
        e.insert(&pool).await?;
        assert_eq!((e.at, e.local, e.clock, e.maybe_at), (micros, micros.naive_utc(), micros.time(), Some(micros)));
        assert_eq!(Event::find(&pool, e.id).await?.unwrap(), e, "read back as held");
        // insert_all and update too (update holds `&self`: the row gets the microseconds).
        let mut rows = vec![event(fine), event(utc(2030, 1, 2, 3, 4, 5, 6))];
        Event::insert_all(&pool, &mut rows).await?;
        assert_eq!(rows[0].at, micros);
        assert_eq!(Event::find(&pool, rows[0].id).await?.unwrap(), rows[0]);
        let mut changed = rows[1].clone();
        changed.local = fine.naive_utc();
        changed.update(&pool).await?;
        assert_eq!(Event::find(&pool, rows[1].id).await?.unwrap().local, micros.naive_utc());
        // Filters: the microsecond value finds the rows; a finer one, which no stored value
        // can equal, is refused the same way everywhere.
        assert_eq!(Event::query().filter(Event::AT.eq(micros)).count(&pool).await?, 2);
        assert_unsupported(Event::query().filter(Event::AT.eq(fine)).count(&pool).await, "Event", "at", SqlType::DateTimeUtc);
        assert_unsupported(Event::query().filter(Event::CLOCK.lt(fine.time())).all(&pool).await, "Event", "clock", SqlType::Time);
        Ok(())
    }

    async fn negative_zero_keeps_its_sign_or_is_refused(pool) {
        let d = dialect(&pool);
        Schema::new().model::<Reading>().sync(&pool).await?;
        let mut r = reading(-0.0, -0.0);
        let result = r.insert(&pool).await;
        if d == Dialect::Postgres {
            result?;
            let back = Reading::find(&pool, r.id).await?.unwrap();
            assert!(back.double == 0.0 && back.double.is_sign_negative(), "-0.0 read back as {}", back.double);
            assert!(back.single.is_sign_negative());
        } else {
            // SQLite and MariaDB read it back as +0.0.
            assert_unsupported(result, "Reading", "single", SqlType::Real);
            let mut r = reading(1.0, -0.0);
            assert_unsupported(r.insert(&pool).await, "Reading", "double", SqlType::Double);
            assert_eq!(Reading::query().count(&pool).await?, 0);
        }
        // +0.0 is stored everywhere.
        let mut zero = reading(0.0, 0.0);
        zero.insert(&pool).await?;
        assert!(Reading::find(&pool, zero.id).await?.unwrap().double.is_sign_positive());
        Ok(())
    }

    async fn floats_round_trip_or_are_refused(pool) {
        let d = dialect(&pool);
        Schema::new().model::<Reading>().sync(&pool).await?;
        let mut plain = reading(1.5, 2.5);
        plain.insert(&pool).await?;
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let v32 = v as f32;
            let before = Reading::query().count(&pool).await?;

            // f64 column: insert, find, filter.
            let mut r = reading(0.25, v);
            r.maybe = Some(0.5);
            let result = r.insert(&pool).await;
            if holds_float(d, v) {
                result?;
                let back = Reading::find(&pool, r.id).await?.expect("the row just inserted");
                assert!(same(back.double, v), "{v} read back as {}", back.double);
                let found = Reading::query().filter(Reading::DOUBLE.eq(v)).all(&pool).await?;
                assert_eq!(found.iter().map(|f| f.id).collect::<Vec<_>>(), vec![r.id], "filter on {v}");
                r.delete(&pool).await?;
            } else {
                assert_unsupported(result, "Reading", "double", SqlType::Double);
                assert_eq!(r.id, 0, "no key was written back");
                assert_unsupported(Reading::query().filter(Reading::DOUBLE.eq(v)).all(&pool).await, "Reading", "double", SqlType::Double);
                assert_unsupported(Reading::query().filter(Reading::DOUBLE.in_([1.0, v])).count(&pool).await, "Reading", "double", SqlType::Double);
                assert_unsupported(Reading::query().filter(Reading::MAYBE.eq(v)).delete(&pool).await, "Reading", "maybe", SqlType::Double);
            }
            assert_eq!(Reading::query().count(&pool).await?, before);

            // f32 column.
            let mut r = reading(v32, 0.75);
            let result = r.insert(&pool).await;
            if holds_float(d, v) {
                result?;
                let back = Reading::find(&pool, r.id).await?.unwrap();
                assert!(same(f64::from(back.single), v), "f32 {v} read back as {}", back.single);
                let found = Reading::query().filter(Reading::SINGLE.eq(v32)).all(&pool).await?;
                assert_eq!(found.iter().map(|f| f.id).collect::<Vec<_>>(), vec![r.id], "f32 filter on {v}");
                r.delete(&pool).await?;
            } else {
                assert_unsupported(result, "Reading", "single", SqlType::Real);
                assert_unsupported(Reading::query().filter(Reading::SINGLE.ge(v32)).first(&pool).await, "Reading", "single", SqlType::Real);
            }

            // A nullable column: NaN must not become NULL.
            let mut r = reading(1.0, 1.0);
            r.maybe = Some(v);
            let result = r.insert(&pool).await;
            if holds_float(d, v) {
                result?;
                let back = Reading::find(&pool, r.id).await?.unwrap();
                assert!(back.maybe.is_some_and(|m| same(m, v)), "nullable {v} read back as {:?}", back.maybe);
                r.delete(&pool).await?;
            } else {
                assert_unsupported(result, "Reading", "maybe", SqlType::Double);
            }

            // update: the stored row is untouched when refused.
            let mut changed = plain.clone();
            changed.double = v;
            changed.single = v32;
            let result = changed.update(&pool).await;
            let stored = Reading::find(&pool, plain.id).await?.unwrap();
            if holds_float(d, v) {
                result?;
                assert!(same(stored.double, v) && same(f64::from(stored.single), v));
                plain.update(&pool).await?;
            } else {
                assert_unsupported(result, "Reading", "single", SqlType::Real);
                assert_eq!(stored, plain);
            }

            // insert_all: all rows or none.
            let mut rows = vec![reading(3.0, 3.0), reading(4.0, v), reading(5.0, 5.0)];
            let result = Reading::insert_all(&pool, &mut rows).await;
            if holds_float(d, v) {
                result?;
                assert!(same(Reading::find(&pool, rows[1].id).await?.unwrap().double, v));
                for r in &rows {
                    r.delete(&pool).await?;
                }
            } else {
                assert_unsupported(result, "Reading", "double", SqlType::Double);
                assert!(rows.iter().all(|r| r.id == 0));
            }
            assert_eq!(Reading::query().count(&pool).await?, before);
        }
        Ok(())
    }

    async fn dates_round_trip_or_are_refused(pool) {
        let d = dialect(&pool);
        Schema::new().model::<Event>().sync(&pool).await?;
        let mut values = in_range();
        values.extend(extra_in_range(d));
        let mut stored = Vec::new();
        for at in &values {
            let mut e = event(*at);
            e.insert(&pool).await?;
            let back = Event::find(&pool, e.id).await?.expect("the event just inserted");
            assert_eq!(back, e, "{at} changed on the way through insert/find");
            stored.push(e);
        }
        // Filters find exactly the row with each value, on every date/time column.
        for e in &stored {
            let ids = |found: Vec<Event>| found.into_iter().map(|f| f.id).collect::<Vec<_>>();
            assert_eq!(ids(Event::query().filter(Event::AT.eq(e.at)).all(&pool).await?), vec![e.id], "at = {}", e.at);
            assert_eq!(ids(Event::query().filter(Event::LOCAL.eq(e.local)).all(&pool).await?), vec![e.id], "local = {}", e.local);
            assert_eq!(ids(Event::query().filter(Event::MAYBE_AT.eq(e.at)).all(&pool).await?), vec![e.id], "maybe_at = {}", e.at);
            let same_day = stored.iter().filter(|o| o.day == e.day).count();
            assert_eq!(Event::query().filter(Event::DAY.eq(e.day)).count(&pool).await?, same_day as i64);
            let earlier = stored.iter().filter(|o| o.at < e.at).count();
            assert_eq!(Event::query().filter(Event::AT.lt(e.at)).count(&pool).await?, earlier as i64, "at < {}", e.at);
        }
        // Order follows time, across 1970 and 2038.
        let ordered: Vec<_> = Event::query().order_by(Event::AT.asc()).all(&pool).await?.into_iter().map(|e| e.at).collect();
        let mut expected = values.clone();
        expected.sort();
        assert_eq!(ordered, expected);

        // Out of range: refused everywhere a value is bound, nothing stored or changed.
        let count = Event::query().count(&pool).await?;
        for at in out_of_range(d) {
            let mut e = event(at);
            let result = e.insert(&pool).await;
            assert_unsupported(result, "Event", "at", SqlType::DateTimeUtc);
            // NaiveDateTime and NaiveDate alone (the UTC column holds a value that fits).
            let mut e = event(stored[0].at);
            e.local = at.naive_utc();
            assert_unsupported(e.insert(&pool).await, "Event", "local", SqlType::DateTime);
            let mut e = event(stored[0].at);
            e.day = at.date_naive();
            assert_unsupported(e.insert(&pool).await, "Event", "day", SqlType::Date);
            let mut changed = stored[0].clone();
            changed.maybe_at = Some(at);
            assert_unsupported(changed.update(&pool).await, "Event", "maybe_at", SqlType::DateTimeUtc);
            assert_eq!(Event::find(&pool, stored[0].id).await?.unwrap(), stored[0]);
            let mut rows = vec![event(stored[0].at), event(at)];
            assert_unsupported(Event::insert_all(&pool, &mut rows).await, "Event", "at", SqlType::DateTimeUtc);
            assert!(rows.iter().all(|r| r.id == 0));
            assert_unsupported(Event::query().filter(Event::AT.lt(at)).all(&pool).await, "Event", "at", SqlType::DateTimeUtc);
            assert_unsupported(Event::query().filter(Event::LOCAL.ge(at.naive_utc())).count(&pool).await, "Event", "local", SqlType::DateTime);
            assert_eq!(Event::query().count(&pool).await?, count, "{at} stored something");
        }
        // A leap second is a time no backend column holds as given.
        let leap = NaiveTime::from_hms_milli_opt(23, 59, 59, 1_500).unwrap();
        let mut e = event(stored[0].at);
        e.clock = leap;
        assert_unsupported(e.insert(&pool).await, "Event", "clock", SqlType::Time);
        assert_eq!(Event::query().count(&pool).await?, count);
        Ok(())
    }
}
