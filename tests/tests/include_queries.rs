//! The number of statements an include sends is fixed by the include tree, not by the number of
//! parents. SELECTs are counted from sqlx's own log events (`sqlx::query`), so this file runs
//! its tests one at a time under a lock.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use orm_core::{BelongsTo, BelongsToMany, HasMany, Model, Schema};
use orm_tests::backends;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

struct CountStatements;

/// Whether a logged statement is a `SELECT` (transaction control is logged differently by each
/// driver, so only the reads are counted).
#[derive(Default)]
struct IsSelect(bool);

impl tracing::field::Visit for IsSelect {
    fn record_str(&mut self, _: &tracing::field::Field, value: &str) {
        self.0 |= value.trim_start().to_uppercase().starts_with("SELECT");
    }
    fn record_debug(&mut self, _: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0 |= format!("{value:?}").trim_start_matches('"').trim_start().to_uppercase().starts_with("SELECT");
    }
}

impl<S: tracing::Subscriber> Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            let mut select = IsSelect::default();
            event.record(&mut select);
            if select.0 {
                STATEMENTS.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

/// Serialises the tests of this file and counts what `f` sends.
static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn install() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(CountStatements)).expect("one subscriber");
    });
}

#[derive(Model, Debug, Clone)]
struct User {
    id: i64,
    name: String,
    #[has_many]
    comments: HasMany<Comment>,
    #[belongs_to_many(through = "favorite_books", as = "favorites")]
    favorites: BelongsToMany<Book>,
}

#[derive(Model, Debug, Clone)]
struct Comment {
    id: i64,
    body: String,
    #[belongs_to]
    user: BelongsTo<User>,
}

#[derive(Model, Debug, Clone)]
struct Book {
    id: i64,
    title: String,
    #[belongs_to_many(through = "favorite_books", as = "fans")]
    fans: BelongsToMany<User>,
}

/// The dialect of a pool's backend.
fn pool_dialect<DB: orm_core::Backend>(_: &orm_core::sqlx::Pool<DB>) -> orm_core::Dialect {
    DB::DIALECT
}

macro_rules! count_for {
    ($pool:expr, $parents:expr) => {{
        let pool = $pool;
        let n: usize = $parents;
        Schema::new().model::<User>().model::<Comment>().model::<Book>().sync_force(pool).await?;
        let mut users: Vec<User> =
            (0..n).map(|i| User { id: 0, name: format!("u{i}"), comments: Default::default(), favorites: Default::default() }).collect();
        User::insert_all(pool, &mut users).await?;
        let mut books: Vec<Book> = (0..5).map(|i| Book { id: 0, title: format!("b{i}"), fans: Default::default() }).collect();
        Book::insert_all(pool, &mut books).await?;
        let mut comments = Vec::new();
        for u in &users {
            comments.extend((0..3).map(|i| Comment { id: 0, body: format!("c{i}"), user: BelongsTo::from(u) }));
        }
        Comment::insert_all(pool, &mut comments).await?;
        for u in &users {
            u.add_favorites(pool, &books).await?;
        }

        install();
        let before = STATEMENTS.load(Ordering::SeqCst);
        let loaded =
            User::query().include(User::COMMENTS.include(Comment::USER)).include(User::FAVORITES.include(Book::FANS)).all(pool).await?;
        let sent = STATEMENTS.load(Ordering::SeqCst) - before;
        assert_eq!(loaded.len(), n);
        assert!(loaded.iter().all(|u| u.comments.loaded().map(<[Comment]>::len) == Some(3)));
        assert!(loaded.iter().all(|u| u.favorites.loaded().map(<[Book]>::len) == Some(5)));
        assert!(loaded[0].favorites.loaded().unwrap()[0].fans.loaded().map(<[User]>::len) == Some(n));
        sent
    }};
}

backends! {
    async fn a_belongs_to_include_is_one_join_on_postgres(pool) {
        let _one_at_a_time = LOCK.lock().await;
        let _ = count_for!(&pool, 10);
        let before = STATEMENTS.load(Ordering::SeqCst);
        let comments = Comment::query().include(Comment::USER).all(&pool).await?;
        let sent = STATEMENTS.load(Ordering::SeqCst) - before;
        assert_eq!(comments.len(), 30);
        assert!(comments.iter().all(|c| c.user.loaded().is_some_and(|u| u.id == *c.user.key())));
        // PostgreSQL joins the users into the comments' query; elsewhere they are a second query.
        let expected = if <orm_core::sqlx::Postgres as orm_core::Backend>::DIALECT == pool_dialect(&pool) { 1 } else { 2 };
        assert_eq!(sent, expected);
        Ok(())
    }

    async fn statements_do_not_grow_with_parents(pool) {
        let _one_at_a_time = LOCK.lock().await;
        let counts = [count_for!(&pool, 1), count_for!(&pool, 10), count_for!(&pool, 1000)];
        eprintln!("statements for 1, 10, 1000 parents: {counts:?}");
        // users, comments, comments' users, favorites, favorites' fans (the SELECTs; BEGIN/COMMIT are not counted).
        assert_eq!(counts, [5, 5, 5], "one statement per include level, whatever the number of parents");
        Ok(())
    }
}
