//! The ORM against hand-written sqlx running the same SQL, on Diesel's benchmark workload, on
//! SQLite (in memory) and PostgreSQL (a fresh schema, when `ORM_TEST_POSTGRES_URL` is set).
//! `cargo bench -p orm-bench` prints the ORM/sqlx ratio table at the end.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::{BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, measurement::WallTime};
use orm_bench::{Book, Post, User, UserBook};
use orm_bench::{
    RawBook, RawComment, RawPost, RawUser, RawUserBook, big, book, comment, group_by, placeholders, post, reading_links, schema, user,
};
use orm_core::sqlx::{self, AssertSqlSafe, Row};
use orm_core::{Backend, BelongsTo, Dialect, Model};
use tokio::runtime::Runtime;

/// PostgreSQL schemas to drop at the end.
static SCHEMAS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn postgres_url() -> Option<String> {
    std::env::var("ORM_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty())
}

async fn fresh_sqlite(_: &str) -> sqlx::SqlitePool {
    orm_core::sqlite::memory().await.expect("open in-memory SQLite")
}

async fn fresh_postgres(name: &str) -> sqlx::PgPool {
    let url = postgres_url().expect("ORM_TEST_POSTGRES_URL");
    let (pool, schema) = orm_bench::postgres(&url, name).await.expect("create a PostgreSQL schema");
    SCHEMAS.lock().unwrap().push(schema);
    pool
}

fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    g
}

/// One body per backend: the hand-written side needs the concrete row and placeholder types.
macro_rules! suite {
    ($module:ident, $db:ty, $label:literal, $fresh:path) => {
        mod $module {
            use super::*;

            type Db = $db;
            type Pool = sqlx::Pool<Db>;
            type DbRow = <Db as sqlx::Database>::Row;
            const PG: bool = matches!(<Db as Backend>::DIALECT, Dialect::Postgres);

            fn raw_user(r: &DbRow) -> sqlx::Result<RawUser> {
                Ok(RawUser { id: r.try_get(0)?, name: r.try_get(1)?, hair_color: r.try_get(2)? })
            }
            fn raw_post(r: &DbRow) -> sqlx::Result<RawPost> {
                Ok(RawPost { id: r.try_get(0)?, user_id: r.try_get(1)?, title: r.try_get(2)?, body: r.try_get(3)? })
            }
            fn raw_comment(r: &DbRow) -> sqlx::Result<RawComment> {
                Ok(RawComment { id: r.try_get(0)?, post_id: r.try_get(1)?, text: r.try_get(2)? })
            }

            async fn fresh(name: &str) -> Pool {
                let pool = $fresh(name).await;
                schema().sync(&pool).await.expect("create the tables");
                pool
            }

            /// After seeding: gather statistics now, so that PostgreSQL's autovacuum does not wake
            /// up during whichever case happens to be measured first.
            async fn settle(pool: &Pool) {
                let sql = if PG { "VACUUM ANALYZE" } else { "ANALYZE" };
                sqlx::query(sql).execute(pool).await.expect("analyze");
            }

            /// 100 users x 10 posts x 10 comments.
            async fn seed_posts(pool: &Pool) {
                let mut users: Vec<User> = (0..100).map(user).collect();
                User::insert_all(pool, &mut users).await.unwrap();
                let mut posts: Vec<Post> = users.iter().flat_map(|u| (0..10).map(|i| post(u.id, i))).collect();
                Post::insert_all(pool, &mut posts).await.unwrap();
                let mut comments: Vec<orm_bench::Comment> = posts.iter().flat_map(|p| (0..10).map(|i| comment(p.id, i))).collect();
                orm_bench::Comment::insert_all(pool, &mut comments).await.unwrap();
            }

            pub fn run(c: &mut Criterion, rt: &Runtime) {
                trivial_query(c, rt);
                insert(c, rt);
                associations(c, rt);
                belongs_to_join(c, rt);
                many_to_many(c, rt);
                load_big(c, rt);
            }

            fn trivial_query(c: &mut Criterion, rt: &Runtime) {
                let pool = rt.block_on(async {
                    let pool = fresh("trivial").await;
                    let mut users: Vec<User> = (0..10_000).map(user).collect();
                    User::insert_all(&pool, &mut users).await.unwrap();
                    settle(&pool).await;
                    pool
                });
                let mut g = group(c, concat!($label, "/trivial_query"));
                for n in [1usize, 100, 10_000] {
                    g.bench_with_input(BenchmarkId::new("orm", n), &n, |b, &n| {
                        b.to_async(rt).iter(|| async {
                            let users = User::query().limit(n as u64).all(&pool).await.unwrap();
                            assert_eq!(users.len(), n);
                            users
                        })
                    });
                    g.bench_with_input(BenchmarkId::new("sqlx", n), &n, |b, &n| {
                        b.to_async(rt).iter(|| async {
                            let sql = if PG {
                                r#"SELECT "id", "name", "hair_color" FROM "users" LIMIT $1"#
                            } else {
                                r#"SELECT "id", "name", "hair_color" FROM "users" LIMIT ?"#
                            };
                            let users = sqlx::query(sql).bind(n as i64).try_map(|r: DbRow| raw_user(&r)).fetch_all(&pool).await.unwrap();
                            assert_eq!(users.len(), n);
                            users
                        })
                    });
                }
                g.finish();
                rt.block_on(pool.close());
            }

            fn insert(c: &mut Criterion, rt: &Runtime) {
                let pool = rt.block_on(fresh("insert"));
                let pool = &pool;
                let mut g = group(c, concat!($label, "/insert"));
                // Each sample starts from an empty table; the DELETE is not timed.
                let clear = || async move {
                    sqlx::query(r#"DELETE FROM "users""#).execute(pool).await.unwrap();
                };
                for n in [1usize, 25, 100] {
                    g.bench_with_input(BenchmarkId::new("orm", n), &n, |b, &n| {
                        b.to_async(rt).iter_custom(|iters| async move {
                            let mut total = Duration::ZERO;
                            for _ in 0..iters {
                                let mut users: Vec<User> = (0..n).map(user).collect();
                                let start = Instant::now();
                                User::insert_all(pool, &mut users).await.unwrap();
                                total += start.elapsed();
                                assert!(users.iter().all(|u| u.id > 0));
                            }
                            clear().await;
                            total
                        })
                    });
                    g.bench_with_input(BenchmarkId::new("sqlx", n), &n, |b, &n| {
                        b.to_async(rt).iter_custom(|iters| async move {
                            let mut total = Duration::ZERO;
                            for _ in 0..iters {
                                let mut users: Vec<RawUser> =
                                    (0..n).map(user).map(|u| RawUser { id: 0, name: u.name, hair_color: u.hair_color }).collect();
                                let start = Instant::now();
                                let mut sql = String::from(r#"INSERT INTO "users" ("name", "hair_color") VALUES "#);
                                for i in 0..n {
                                    if i > 0 {
                                        sql.push_str(", ");
                                    }
                                    sql.push_str(&placeholders(PG, 2 * i + 1, 2));
                                }
                                sql.push_str(r#" RETURNING "id""#);
                                let mut query = sqlx::query(AssertSqlSafe(sql));
                                for u in &users {
                                    query = query.bind(&u.name).bind(&u.hair_color);
                                }
                                let ids: Vec<i64> = query.try_map(|r: DbRow| r.try_get(0)).fetch_all(pool).await.unwrap();
                                for (u, id) in users.iter_mut().zip(ids) {
                                    u.id = id;
                                }
                                total += start.elapsed();
                                assert!(users.iter().all(|u| u.id > 0));
                            }
                            clear().await;
                            total
                        })
                    });
                }
                g.finish();
                rt.block_on(pool.close());
            }

            fn associations(c: &mut Criterion, rt: &Runtime) {
                let pool = rt.block_on(async {
                    let pool = fresh("associations").await;
                    seed_posts(&pool).await;
                    settle(&pool).await;
                    pool
                });
                let mut g = group(c, concat!($label, "/associations"));
                g.bench_function(BenchmarkId::new("orm", "100x10x10"), |b| {
                    b.to_async(rt).iter(|| async {
                        let users = User::query().include(User::POSTS.include(Post::COMMENTS)).all(&pool).await.unwrap();
                        assert_eq!(users.len(), 100);
                        assert!(users.iter().all(|u| u.posts.loaded().unwrap().iter().all(|p| p.comments.loaded().unwrap().len() == 10)));
                        users
                    })
                });
                g.bench_function(BenchmarkId::new("sqlx", "100x10x10"), |b| {
                    b.to_async(rt).iter(|| async {
                        let users = hand_written_nested(&pool).await.unwrap();
                        assert_eq!(users.len(), 100);
                        assert!(users.iter().all(|(_, posts)| posts.iter().all(|(_, comments)| comments.len() == 10)));
                        users
                    })
                });
                g.finish();

                // The N+1 cost: a lazy accessor per parent against one include.
                let mut g = group(c, concat!($label, "/lazy_vs_include"));
                g.bench_function(BenchmarkId::new("lazy", 100), |b| {
                    b.to_async(rt).iter(|| async {
                        let users = User::query().all(&pool).await.unwrap();
                        let mut posts = Vec::with_capacity(users.len());
                        for u in &users {
                            posts.push(u.posts(&pool).await.unwrap());
                        }
                        assert_eq!(posts.len(), 100);
                        (users, posts)
                    })
                });
                g.bench_function(BenchmarkId::new("include", 100), |b| {
                    b.to_async(rt).iter(|| async {
                        let users = User::query().include(User::POSTS).all(&pool).await.unwrap();
                        assert_eq!(users.len(), 100);
                        users
                    })
                });
                g.finish();
                rt.block_on(pool.close());
            }

            /// Users, their posts and the posts' comments: three queries with IN lists, in one
            /// transaction (as the ORM reads them, for one consistent state), grouped in maps.
            async fn hand_written_nested(pool: &Pool) -> sqlx::Result<Vec<(RawUser, Vec<(RawPost, Vec<RawComment>)>)>> {
                let mut tx = pool.begin().await?;
                let users: Vec<RawUser> = sqlx::query(r#"SELECT "id", "name", "hair_color" FROM "users""#)
                    .try_map(|r: DbRow| raw_user(&r))
                    .fetch_all(&mut *tx)
                    .await?;
                let sql = format!(
                    r#"SELECT "id", "user_id", "title", "body" FROM "posts" WHERE "user_id" IN {} ORDER BY "id""#,
                    placeholders(PG, 1, users.len())
                );
                let mut query = sqlx::query(AssertSqlSafe(sql));
                for u in &users {
                    query = query.bind(u.id);
                }
                let posts: Vec<RawPost> = query.try_map(|r: DbRow| raw_post(&r)).fetch_all(&mut *tx).await?;
                let sql = format!(
                    r#"SELECT "id", "post_id", "text" FROM "comments" WHERE "post_id" IN {} ORDER BY "id""#,
                    placeholders(PG, 1, posts.len())
                );
                let mut query = sqlx::query(AssertSqlSafe(sql));
                for p in &posts {
                    query = query.bind(p.id);
                }
                let comments: Vec<RawComment> = query.try_map(|r: DbRow| raw_comment(&r)).fetch_all(&mut *tx).await?;
                tx.commit().await?;
                let mut comments_of = group_by(comments, |c| c.post_id, |c| c);
                let mut posts_of = group_by(posts, |p| p.user_id, |p| {
                    let comments = comments_of.remove(&p.id).unwrap_or_default();
                    (p, comments)
                });
                Ok(users
                    .into_iter()
                    .map(|u| {
                        let posts = posts_of.remove(&u.id).unwrap_or_default();
                        (u, posts)
                    })
                    .collect())
            }

            /// An include of a belongs_to reads the targets in a second query; one JOIN reads both in
            /// one. The "sqlx" side here is that join, to measure which is cheaper.
            fn belongs_to_join(c: &mut Criterion, rt: &Runtime) {
                let pool = rt.block_on(async {
                    let pool = fresh("belongs_to_join").await;
                    seed_posts(&pool).await;
                    settle(&pool).await;
                    pool
                });
                let mut g = group(c, concat!($label, "/belongs_to_include_vs_join"));
                g.bench_function(BenchmarkId::new("orm", "1000 posts"), |b| {
                    b.to_async(rt).iter(|| async {
                        let posts = Post::query().include(Post::USER).all(&pool).await.unwrap();
                        assert!(posts.len() == 1000 && posts.iter().all(|p| p.user.loaded().is_some()));
                        posts
                    })
                });
                g.bench_function(BenchmarkId::new("sqlx", "1000 posts"), |b| {
                    b.to_async(rt).iter(|| async {
                        let sql = r#"SELECT p."id", p."user_id", p."title", p."body", u."id", u."name", u."hair_color" FROM "posts" p INNER JOIN "users" u ON u."id" = p."user_id""#;
                        let posts = sqlx::query(sql)
                            .try_map(|r: DbRow| {
                                let user = RawUser { id: r.try_get(4)?, name: r.try_get(5)?, hair_color: r.try_get(6)? };
                                Ok((raw_post(&r)?, user))
                            })
                            .fetch_all(&pool)
                            .await
                            .unwrap();
                        assert_eq!(posts.len(), 1000);
                        posts
                    })
                });
                g.finish();
                rt.block_on(pool.close());
            }

            fn many_to_many(c: &mut Criterion, rt: &Runtime) {
                let pool = rt.block_on(async {
                    let pool = fresh("many_to_many").await;
                    let mut users: Vec<User> = (0..500).map(user).collect();
                    User::insert_all(&pool, &mut users).await.unwrap();
                    let mut books: Vec<Book> = (0..50).map(book).collect();
                    Book::insert_all(&pool, &mut books).await.unwrap();
                    let mut links = reading_links(&users, &books);
                    UserBook::insert_all(&pool, &mut links).await.unwrap();
                    settle(&pool).await;
                    pool
                });
                let mut g = group(c, concat!($label, "/many_to_many"));
                g.bench_function(BenchmarkId::new("orm", "500x10"), |b| {
                    b.to_async(rt).iter(|| async {
                        let users = User::query().include(User::BOOKS).all(&pool).await.unwrap();
                        assert_eq!(users.len(), 500);
                        assert!(users.iter().all(|u| u.books.loaded_through().unwrap().count() == 10));
                        users
                    })
                });
                g.bench_function(BenchmarkId::new("sqlx", "500x10"), |b| {
                    b.to_async(rt).iter(|| async {
                        let users = hand_written_books(&pool).await.unwrap();
                        assert_eq!(users.len(), 500);
                        assert!(users.iter().all(|(_, books)| books.len() == 10));
                        users
                    })
                });
                g.finish();
                rt.block_on(pool.close());
            }

            /// Users, then their books joined with their junction rows in one IN query.
            async fn hand_written_books(pool: &Pool) -> sqlx::Result<Vec<(RawUser, Vec<(RawBook, RawUserBook)>)>> {
                let mut tx = pool.begin().await?;
                let users: Vec<RawUser> = sqlx::query(r#"SELECT "id", "name", "hair_color" FROM "users""#)
                    .try_map(|r: DbRow| raw_user(&r))
                    .fetch_all(&mut *tx)
                    .await?;
                let sql = format!(
                    r#"SELECT b."id", b."title", ub."user_id", ub."book_id", ub."rating" FROM "books" b INNER JOIN "user_books" ub ON b."id" = ub."book_id" WHERE ub."user_id" IN {} ORDER BY b."id""#,
                    placeholders(PG, 1, users.len())
                );
                let mut query = sqlx::query(AssertSqlSafe(sql));
                for u in &users {
                    query = query.bind(u.id);
                }
                let rows = query
                    .try_map(|r: DbRow| {
                        // The whole junction row, as the ORM's include returns it.
                        let link = RawUserBook { user_id: r.try_get(2)?, book_id: r.try_get(3)?, rating: r.try_get(4)? };
                        Ok((RawBook { id: r.try_get(0)?, title: r.try_get(1)? }, link))
                    })
                    .fetch_all(&mut *tx)
                    .await?;
                tx.commit().await?;
                let mut books_of = group_by(rows, |(_, link)| link.user_id, |row| row);
                Ok(users
                    .into_iter()
                    .map(|u| {
                        let books = books_of.remove(&u.id).unwrap_or_default();
                        (u, books)
                    })
                    .collect())
            }

            fn load_big(c: &mut Criterion, rt: &Runtime) {
                let pool = rt.block_on(async {
                    let pool = $fresh("big").await;
                    big::schema().sync(&pool).await.unwrap();
                    let mut users: Vec<big::User> = (0..1000)
                        .map(|i| big::User { id: 0, name: format!("User {i}"), comments: Default::default(), favorites: Default::default() })
                        .collect();
                    big::User::insert_all(&pool, &mut users).await.unwrap();
                    let mut books: Vec<big::Book> =
                        (0..200).map(|i| big::Book { id: 0, title: format!("Book {i}"), fans: Default::default() }).collect();
                    big::Book::insert_all(&pool, &mut books).await.unwrap();
                    let mut comments: Vec<big::Comment> = users
                        .iter()
                        .flat_map(|u| (0..10).map(move |i| big::Comment { id: 0, user: BelongsTo::new(u.id), text: format!("Comment {i}") }))
                        .collect();
                    big::Comment::insert_all(&pool, &mut comments).await.unwrap();
                    let mut tx = pool.begin().await.unwrap();
                    for (n, u) in users.iter().enumerate() {
                        let picks: Vec<&big::Book> = (0..5).map(|k| &books[(n + k * 37) % 200]).collect();
                        u.add_favorites(&mut *tx, picks).await.unwrap();
                    }
                    tx.commit().await.unwrap();
                    settle(&pool).await;
                    pool
                });
                let mut g = group(c, concat!($label, "/load_1000x10x5"));
                g.sampling_mode(SamplingMode::Flat);
                g.bench_function(BenchmarkId::new("orm", 1000), |b| {
                    b.to_async(rt).iter(|| async {
                        let users = big::User::query().include(big::User::COMMENTS).include(big::User::FAVORITES).all(&pool).await.unwrap();
                        assert_eq!(users.len(), 1000);
                        assert!(users.iter().all(|u| u.comments.loaded().unwrap().len() == 10 && u.favorites.loaded().unwrap().len() == 5));
                        users
                    })
                });
                g.bench_function(BenchmarkId::new("sqlx", 1000), |b| {
                    b.to_async(rt).iter(|| async {
                        let users = hand_written_big(&pool).await.unwrap();
                        assert_eq!(users.len(), 1000);
                        assert!(users.iter().all(|(_, comments, books)| comments.len() == 10 && books.len() == 5));
                        users
                    })
                });
                g.finish();
                rt.block_on(pool.close());
            }

            type BigUser = (RawUser, Vec<(i64, String)>, Vec<RawBook>);

            async fn hand_written_big(pool: &Pool) -> sqlx::Result<Vec<BigUser>> {
                let mut tx = pool.begin().await?;
                let users: Vec<RawUser> = sqlx::query(r#"SELECT "id", "name" FROM "users""#)
                    .try_map(|r: DbRow| Ok(RawUser { id: r.try_get(0)?, name: r.try_get(1)?, hair_color: None }))
                    .fetch_all(&mut *tx)
                    .await?;
                let list = placeholders(PG, 1, users.len());
                let sql = format!(r#"SELECT "id", "user_id", "text" FROM "comments" WHERE "user_id" IN {list} ORDER BY "id""#);
                let mut query = sqlx::query(AssertSqlSafe(sql));
                for u in &users {
                    query = query.bind(u.id);
                }
                let comments = query
                    .try_map(|r: DbRow| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?, r.try_get::<String, _>(2)?)))
                    .fetch_all(&mut *tx)
                    .await?;
                let sql = format!(
                    r#"SELECT b."id", b."title", f."user_id" FROM "books" b INNER JOIN "favorites" f ON b."id" = f."book_id" WHERE f."user_id" IN {list} ORDER BY b."id""#
                );
                let mut query = sqlx::query(AssertSqlSafe(sql));
                for u in &users {
                    query = query.bind(u.id);
                }
                let books = query
                    .try_map(|r: DbRow| Ok((RawBook { id: r.try_get(0)?, title: r.try_get(1)? }, r.try_get::<i64, _>(2)?)))
                    .fetch_all(&mut *tx)
                    .await?;
                tx.commit().await?;
                let mut comments_of = group_by(comments, |(_, user_id, _)| *user_id, |(id, _, text)| (id, text));
                let mut books_of = group_by(books, |(_, user_id)| *user_id, |(b, _)| b);
                Ok(users
                    .into_iter()
                    .map(|u| {
                        let comments = comments_of.remove(&u.id).unwrap_or_default();
                        let books = books_of.remove(&u.id).unwrap_or_default();
                        (u, comments, books)
                    })
                    .collect())
            }
        }
    };
}

suite!(on_sqlite, sqlx::Sqlite, "sqlite", fresh_sqlite);
suite!(on_postgres, sqlx::Postgres, "postgres", fresh_postgres);

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    on_sqlite::run(&mut c, &rt);
    match postgres_url() {
        Some(url) => {
            on_postgres::run(&mut c, &rt);
            for schema in SCHEMAS.lock().unwrap().drain(..) {
                rt.block_on(orm_bench::drop_postgres(&url, &schema)).expect("drop the benchmark schema");
            }
        }
        None => println!("skipped: the PostgreSQL group (set ORM_TEST_POSTGRES_URL to run it)"),
    }
    c.final_summary();
    if let Some(dir) = orm_bench::criterion_dir() {
        println!("\nORM / hand-written sqlx, medians ({}):\n", dir.display());
        print!("{}", orm_bench::ratio_table(&orm_bench::read_results(&dir)));
    }
}
