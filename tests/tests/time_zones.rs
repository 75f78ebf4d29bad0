//! A `DateTime<Utc>` is an instant: written under one session time zone and read or filtered
//! under another, it comes back unchanged, and what is stored is its UTC time.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use orm_core::sql::Sql;
use orm_core::{Backend, Dialect, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Meeting {
    id: i64,
    title: String,
    at: DateTime<Utc>,
    moved_to: Option<DateTime<Utc>>,
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_micro_opt(h, mi, 7, 250_000).unwrap())
}

/// The statement that sets a session's zone to the given offset (`+05:00`); SQLite has none.
fn set_zone(d: Dialect, zone: &str) -> Option<&'static str> {
    match (d, zone) {
        (Dialect::MySql, "+05:00") => Some("SET time_zone = '+05:00'"),
        (Dialect::MySql, "+00:00") => Some("SET time_zone = '+00:00'"),
        (Dialect::MySql, "-07:00") => Some("SET time_zone = '-07:00'"),
        // INTERVAL keeps the ISO sign; a bare '+05:00' would be read as a POSIX zone, west of UTC.
        (Dialect::Postgres, "+05:00") => Some("SET TIME ZONE INTERVAL '+05:00' HOUR TO MINUTE"),
        (Dialect::Postgres, "+00:00") => Some("SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE"),
        (Dialect::Postgres, "-07:00") => Some("SET TIME ZONE INTERVAL '-07:00' HOUR TO MINUTE"),
        _ => None,
    }
}

/// What the session says its zone is, to prove the SET took.
fn show_zone(d: Dialect) -> Option<&'static str> {
    match d {
        Dialect::MySql => Some("SELECT @@session.time_zone"),
        Dialect::Postgres => Some("SELECT current_setting('TimeZone')"),
        Dialect::Sqlite => None,
    }
}

/// The stored value as the server prints it, independent of the session zone.
fn stored_text(d: Dialect) -> &'static str {
    match d {
        Dialect::MySql => "SELECT CAST(at AS CHAR) FROM meetings WHERE id = ",
        Dialect::Postgres => "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM meetings WHERE id = ",
        Dialect::Sqlite => "SELECT at FROM meetings WHERE id = ",
    }
}

type Conn<DB> = orm_core::sqlx::pool::PoolConnection<DB>;

/// The first column of the first row of `sql`, as text.
async fn text<DB: Backend>(conn: &mut Conn<DB>, sql: Sql) -> orm_core::Result<String> {
    Ok(sql.fetch_map(conn, |row| row.get::<String>(0)).await?.remove(0))
}

fn statement(d: Dialect, text: &'static str) -> Sql {
    let mut sql = Sql::new(d);
    sql.push(orm_core::AssertSqlSafe(text.to_string()));
    sql
}

async fn zone<DB: Backend>(conn: &mut Conn<DB>, zone: &str) -> orm_core::Result<()> {
    if let Some(set) = set_zone(DB::DIALECT, zone) {
        statement(DB::DIALECT, set).execute(&mut *conn).await?;
        let shown = text(&mut *conn, statement(DB::DIALECT, show_zone(DB::DIALECT).unwrap())).await?;
        // PostgreSQL shows the zone in POSIX form (`<+05>-05`).
        let expected = if DB::DIALECT == Dialect::Postgres { &zone[..3] } else { zone };
        assert!(shown.contains(expected), "session zone is {shown}, expected {zone}");
    }
    Ok(())
}

/// A connection of `pool` with its session zone set to `zone`. Earlier ones stay in `held`
/// on the servers, so each call gets a connection of its own; SQLite (one connection, no
/// session zone) gets its only connection back.
async fn connection<DB: Backend>(pool: &orm_core::sqlx::Pool<DB>, held: &mut Vec<Conn<DB>>, zone_name: &str) -> orm_core::Result<Conn<DB>> {
    if DB::DIALECT == Dialect::Sqlite {
        held.clear();
    }
    let mut conn = pool.acquire().await?;
    zone(&mut conn, zone_name).await?;
    Ok(conn)
}

/// The stored value as the server prints it, whatever the session zone.
async fn stored<DB: Backend>(conn: &mut Conn<DB>, id: i64) -> orm_core::Result<String> {
    let mut sql = statement(DB::DIALECT, stored_text(DB::DIALECT));
    sql.bind(orm_core::Value::BigInt(id));
    Ok(text(conn, sql).await?.replace('T', " "))
}

/// Writes under `write_zone` (insert, insert_all, update), then reads and filters under each of
/// `read_zones` on other connections.
/// (A macro: the ORM's calls on a connection want its concrete type.)
macro_rules! scenario {
    ($pool:expr, $write_zone:expr, $read_zones:expr) => {{
        let (pool, write_zone, read_zones): (_, &str, [&str; 2]) = (&$pool, $write_zone, $read_zones);
        let mut held = Vec::new();
        let mut writer = connection(pool, &mut held, write_zone).await?;
        let noon = utc(2024, 1, 15, 12, 0);
        let mut m = Meeting { id: 0, title: format!("{write_zone} single"), at: noon, moved_to: Some(utc(1999, 12, 31, 23, 30)) };
        m.insert(&mut *writer).await?;
        let mut rows = vec![
            Meeting { id: 0, title: format!("{write_zone} 1"), at: utc(1960, 3, 1, 1, 0), moved_to: None },
            Meeting { id: 0, title: format!("{write_zone} 2"), at: utc(2040, 7, 4, 23, 45), moved_to: Some(utc(2040, 7, 5, 0, 15)) },
        ];
        Meeting::insert_all(&mut *writer, &mut rows).await?;
        m.moved_to = Some(utc(2024, 6, 30, 22, 0));
        m.update(&mut *writer).await?;
        // What is stored is the UTC time.
        for (r, expected) in [(&m, "2024-01-15 12:00:07.25"), (&rows[0], "1960-03-01 01:00:07.25"), (&rows[1], "2040-07-04 23:45:07.25")] {
            let shown = stored(&mut writer, r.id).await?;
            assert!(shown.starts_with(expected), "{} is stored as {shown}, expected the UTC time {expected}", r.title);
        }
        held.push(writer);

        for read_zone in read_zones {
            let mut conn = connection(pool, &mut held, read_zone).await?;
            for r in rows.iter().chain([&m]) {
                assert_eq!(Meeting::find(&mut *conn, r.id).await?.as_ref(), Some(r), "read under {read_zone}");
                let found =
                    Meeting::query().filter(Meeting::AT.eq(r.at) & Meeting::TITLE.like(&format!("{write_zone}%"))).all(&mut *conn).await?;
                assert_eq!(found, vec![r.clone()], "filter under {read_zone}");
            }
            let mine = || Meeting::TITLE.like(&format!("{write_zone}%"));
            assert_eq!(Meeting::query().filter(Meeting::MOVED_TO.eq(utc(2024, 6, 30, 22, 0)) & mine()).count(&mut *conn).await?, 1);
            assert_eq!(Meeting::query().filter(Meeting::MOVED_TO.eq(utc(2040, 7, 5, 0, 15)) & mine()).count(&mut *conn).await?, 1);
            assert_eq!(
                Meeting::query()
                    .filter(Meeting::AT.gt(utc(2024, 1, 15, 11, 59)) & Meeting::AT.lt(utc(2024, 1, 15, 12, 1)) & mine())
                    .count(&mut *conn)
                    .await?,
                1
            );
            assert_eq!(Meeting::query().filter(Meeting::AT.lt(utc(1970, 1, 1, 0, 0)) & mine()).count(&mut *conn).await?, 1);
            held.push(conn);
        }
    }};
}

backends! {
    async fn instants_ignore_the_session_time_zone(pool) {
        Schema::new().model::<Meeting>().sync(&pool).await?;
        scenario!(pool, "+05:00", ["+00:00", "-07:00"]);
        scenario!(pool, "-07:00", ["+05:00", "+00:00"]);
        Ok(())
    }
}
