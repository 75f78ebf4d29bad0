//! Issue 18, class 9: a page sequence sees every row once. With `limit`/`offset`, a query is
//! ordered by the primary key after the caller's terms, so rows tied on those terms keep one
//! order from page to page (PostgreSQL returned 3,000 rows in 3 groups, paged by 97, with 561
//! seen twice and 860 never).

use std::collections::HashSet;

use orm_core::{Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Ticket {
    id: i64,
    queue: i32,
    title: String,
}

const ROWS: i64 = 3_000;
const PAGE: u64 = 97;

backends! {
    async fn pages_over_tied_rows_see_each_row_once(pool) {
        Schema::new().model::<Ticket>().sync(&pool).await?;
        // Inserted in an order unrelated to the key's, so no backend returns key order by luck.
        let mut tickets: Vec<Ticket> =
            (0..ROWS).map(|i| Ticket { id: (i * 7919) % ROWS + 1, queue: (i % 3) as i32, title: format!("t{i}") }).collect();
        Ticket::insert_all(&pool, &mut tickets).await?;
        // Updates move rows around in the heap (PostgreSQL), which is what reordered ties.
        Ticket::query().filter(Ticket::QUEUE.eq(1)).delete(&pool).await?;
        let mut moved: Vec<Ticket> = (0..ROWS / 3).map(|i| Ticket { id: ROWS + 1 + i, queue: 1, title: format!("m{i}") }).collect();
        Ticket::insert_all(&pool, &mut moved).await?;

        for descending in [false, true] {
            let mut seen = HashSet::new();
            let mut pages = 0;
            loop {
                let order = if descending { Ticket::QUEUE.desc() } else { Ticket::QUEUE.asc() };
                let page = Ticket::query().order_by(order).limit(PAGE).offset(pages * PAGE).all(&pool).await?;
                if page.is_empty() {
                    break;
                }
                // Each page is in the caller's order, ties by key.
                assert!(page.windows(2).all(|w| if descending { (w[0].queue, -w[0].id) > (w[1].queue, -w[1].id) } else { (w[0].queue, w[0].id) < (w[1].queue, w[1].id) }));
                for t in page {
                    assert!(seen.insert(t.id), "ticket {} seen twice (descending: {descending})", t.id);
                }
                pages += 1;
            }
            assert_eq!(seen.len() as i64, ROWS, "rows never seen (descending: {descending})");
        }
        // `first` takes the lowest key among ties; an explicit key order is kept as written.
        let first = Ticket::query().order_by(Ticket::QUEUE.asc()).first(&pool).await?.unwrap();
        let lowest = Ticket::query().filter(Ticket::QUEUE.eq(0)).all(&pool).await?.into_iter().map(|t| t.id).min().unwrap();
        assert_eq!(first.id, lowest);
        let last = Ticket::query().order_by(Ticket::ID.desc()).limit(1).all(&pool).await?;
        assert_eq!(last[0].id, ROWS + ROWS / 3);
        Ok(())
    }
}
