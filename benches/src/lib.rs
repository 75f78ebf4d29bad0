//! The models, data and hand-written counterparts of the `orm_vs_sqlx` benchmark, on the workload
//! of Diesel's benchmark suite (users, posts, comments), plus a many-to-many through a junction
//! with a column of its own, and the ratio table read back from criterion's results.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use orm_core::sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use orm_core::sqlx::{self, Executor};
use orm_core::{BelongsTo, BelongsToMany, HasMany, Model, Schema};

/// `users(id, name, hair_color NULL)`.
#[derive(Model, Debug, Clone)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub hair_color: Option<String>,
    #[has_many]
    pub posts: HasMany<Post>,
    #[belongs_to_many(through = UserBook, as = "books")]
    pub books: BelongsToMany<Book, UserBook>,
}

/// `posts(id, user_id, title, body NULL)`.
#[derive(Model, Debug, Clone)]
pub struct Post {
    pub id: i64,
    #[belongs_to]
    pub user: BelongsTo<User>,
    pub title: String,
    pub body: Option<String>,
    #[has_many]
    pub comments: HasMany<Comment>,
}

/// `comments(id, post_id, text)`.
#[derive(Model, Debug, Clone)]
pub struct Comment {
    pub id: i64,
    #[belongs_to]
    pub post: BelongsTo<Post>,
    pub text: String,
}

/// `books(id, title)`, read by users through [`UserBook`].
#[derive(Model, Debug, Clone)]
pub struct Book {
    pub id: i64,
    pub title: String,
    #[belongs_to_many(through = UserBook, as = "readers")]
    pub readers: BelongsToMany<User>,
}

/// The junction `user_books(user_id, book_id, rating)`.
#[derive(Model, Debug, Clone, Default)]
#[model(junction)]
pub struct UserBook {
    #[belongs_to]
    pub user: BelongsTo<User>,
    #[belongs_to]
    pub book: BelongsTo<Book>,
    pub rating: i32,
}

/// The schema of every case but the big load.
pub fn schema() -> Schema {
    Schema::new().model::<User>().model::<Post>().model::<Comment>().model::<Book>().model::<UserBook>()
}

/// The `i`th user of Diesel's data: every other one without a hair colour.
pub fn user(i: usize) -> User {
    User {
        id: 0,
        name: format!("User {i}"),
        hair_color: i.is_multiple_of(2).then(|| "black".to_owned()),
        posts: HasMany::default(),
        books: BelongsToMany::default(),
    }
}

/// Post `i` of `user_id`: every other one without a body.
pub fn post(user_id: i64, i: usize) -> Post {
    Post {
        id: 0,
        user: BelongsTo::new(user_id),
        title: format!("Post {i} by user {user_id}"),
        body: i.is_multiple_of(2).then(|| format!("Body of post {i}")),
        comments: HasMany::default(),
    }
}

/// Comment `i` on `post_id`.
pub fn comment(post_id: i64, i: usize) -> Comment {
    Comment { id: 0, post: BelongsTo::new(post_id), text: format!("Comment {i} on post {post_id}") }
}

/// Rows grouped by their parent's key, each turned into what the parent keeps: the in-memory half
/// of a hand-written batched load.
pub fn group_by<R, C>(rows: impl IntoIterator<Item = R>, key: impl Fn(&R) -> i64, child: impl FnMut(R) -> C) -> HashMap<i64, Vec<C>> {
    let mut child = child;
    let mut groups: HashMap<i64, Vec<C>> = HashMap::new();
    for row in rows {
        let k = key(&row);
        groups.entry(k).or_default().push(child(row));
    }
    groups
}

/// Ten books per user, spread over the shelf, each with a rating.
pub fn reading_links(users: &[User], books: &[Book]) -> Vec<UserBook> {
    users
        .iter()
        .enumerate()
        .flat_map(|(n, u)| {
            (0..10).map(move |k| UserBook {
                user: BelongsTo::new(u.id),
                book: BelongsTo::new(books[(n + k * 3) % books.len()].id),
                rating: (n + k) as i32 % 5,
            })
        })
        .collect()
}

/// A book.
pub fn book(i: usize) -> Book {
    Book { id: 0, title: format!("Book {i}"), readers: BelongsToMany::default() }
}

/// A user as a hand-written sqlx program would hold it.
#[derive(Debug, Clone)]
pub struct RawUser {
    pub id: i64,
    pub name: String,
    pub hair_color: Option<String>,
}

/// A post, hand-written.
#[derive(Debug, Clone)]
pub struct RawPost {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub body: Option<String>,
}

/// A comment, hand-written.
#[derive(Debug, Clone)]
pub struct RawComment {
    pub id: i64,
    pub post_id: i64,
    pub text: String,
}

/// A book, hand-written.
#[derive(Debug, Clone)]
pub struct RawBook {
    pub id: i64,
    pub title: String,
}

/// A junction row read by hand.
#[derive(Debug, Clone)]
pub struct RawUserBook {
    pub user_id: i64,
    pub book_id: i64,
    pub rating: i32,
}

/// `(?, ?, …)` or `($from, $from+1, …)`: `n` placeholders, as a hand-written program spells them.
pub fn placeholders(postgres: bool, from: usize, n: usize) -> String {
    let mut s = String::with_capacity(n * 4 + 2);
    s.push('(');
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        if postgres {
            s.push('$');
            s.push_str(&(from + i).to_string());
        } else {
            s.push('?');
        }
    }
    s.push(')');
    s
}

/// The 1,000 users x 10 comments x 5 favorite books load, in a database of its own.
pub mod big {
    use orm_core::{BelongsTo, BelongsToMany, HasMany, Model, Schema};

    /// A user with comments and favorite books.
    #[derive(Model, Debug, Clone)]
    pub struct User {
        pub id: i64,
        pub name: String,
        #[has_many]
        pub comments: HasMany<Comment>,
        #[belongs_to_many(through = "favorites", as = "favorites")]
        pub favorites: BelongsToMany<Book>,
    }

    /// A comment by a user.
    #[derive(Model, Debug, Clone)]
    pub struct Comment {
        pub id: i64,
        #[belongs_to]
        pub user: BelongsTo<User>,
        pub text: String,
    }

    /// A book, some users' favorite.
    #[derive(Model, Debug, Clone)]
    pub struct Book {
        pub id: i64,
        pub title: String,
        #[belongs_to_many(through = "favorites", as = "fans")]
        pub fans: BelongsToMany<User>,
    }

    /// The schema of the big load.
    pub fn schema() -> Schema {
        Schema::new().model::<User>().model::<Comment>().model::<Book>()
    }
}

/// A PostgreSQL pool on a fresh schema (dropped by [`drop_postgres`]).
pub async fn postgres(url: &str, name: &str) -> sqlx::Result<(PgPool, String)> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let schema = format!("orm_bench_{name}_{}_{nanos}", std::process::id());
    let admin = PgPool::connect(url).await?;
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\""))).await?;
    admin.close().await;
    let options = PgConnectOptions::from_str(url)?.options([("search_path", schema.as_str())]);
    let pool = PgPoolOptions::new().max_connections(2).connect_with(options).await?;
    Ok((pool, schema))
}

/// Drops a schema made by [`postgres`].
pub async fn drop_postgres(url: &str, schema: &str) -> sqlx::Result<()> {
    let admin = PgPool::connect(url).await?;
    admin.execute(sqlx::AssertSqlSafe(format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))).await?;
    admin.close().await;
    Ok(())
}

/// Where criterion writes its results: `$CRITERION_HOME`, else `criterion/` in the target
/// directory (`$CARGO_TARGET_DIR`, else found above the running executable).
pub fn criterion_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return Some(PathBuf::from(home));
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(Path::new(&target).join("criterion"));
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors().map(|a| a.join("criterion")).find(|p| p.is_dir())
}

/// One measured benchmark: its group, function, parameter and median in nanoseconds.
#[derive(Debug, Clone)]
pub struct Measured {
    pub group: String,
    pub function: String,
    pub value: String,
    pub median_ns: f64,
}

/// Every benchmark criterion has a `new/` result for under `dir`.
pub fn read_results(dir: &Path) -> Vec<Measured> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == "new") {
                    if let Some(m) = read_one(&p) {
                        out.push(m);
                    }
                } else if p.file_name().is_none_or(|n| n != "base" && n != "change" && n != "report") {
                    stack.push(p);
                }
            }
        }
    }
    out
}

fn read_one(new: &Path) -> Option<Measured> {
    let bench: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(new.join("benchmark.json")).ok()?).ok()?;
    let est: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(new.join("estimates.json")).ok()?).ok()?;
    Some(Measured {
        group: bench["group_id"].as_str()?.to_owned(),
        function: bench["function_id"].as_str().unwrap_or("").to_owned(),
        value: bench["value_str"].as_str().unwrap_or("").to_owned(),
        median_ns: est["median"]["point_estimate"].as_f64()?,
    })
}

fn human(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// The Markdown table of ORM/sqlx medians (and lazy/include for the N+1 case), one row per
/// group and parameter. Groups are named `backend/case`; in each, the pair compared is
/// `orm`/`sqlx` or `lazy`/`include`.
pub fn ratio_table(results: &[Measured]) -> String {
    let mut rows: BTreeMap<(String, String, u64, String), BTreeMap<String, f64>> = BTreeMap::new();
    for m in results {
        let (backend, case) = m.group.split_once('/').unwrap_or(("", &m.group));
        let order = case_order(case);
        let n = m.value.parse::<u64>().unwrap_or(0);
        rows.entry((backend.to_owned(), format!("{order}{case}"), n, m.value.clone())).or_default().insert(m.function.clone(), m.median_ns);
    }
    let mut s = String::from("| backend | case | n | ORM | hand-written sqlx | ratio |\n|---|---|---:|---:|---:|---:|\n");
    for ((backend, case, _, value), fns) in &rows {
        let case = &case[1..];
        let pair = if fns.contains_key("lazy") { ("lazy", "include") } else { ("orm", "sqlx") };
        let (Some(a), Some(b)) = (fns.get(pair.0), fns.get(pair.1)) else {
            let only = fns.iter().map(|(f, ns)| format!("{f} {}", human(*ns))).collect::<Vec<_>>().join(", ");
            s.push_str(&format!("| {backend} | {case} | {value} | {only} | | |\n"));
            continue;
        };
        let (label_a, label_b) = if pair.0 == "lazy" {
            (format!("{} (lazy, N+1)", human(*a)), format!("{} (ORM include)", human(*b)))
        } else {
            (human(*a), human(*b))
        };
        s.push_str(&format!("| {backend} | {case} | {value} | {label_a} | {label_b} | {:.2}x |\n", a / b));
    }
    s
}

/// Cases in the order of the issue; unknown ones last.
fn case_order(case: &str) -> char {
    match case {
        "trivial_query" => '1',
        "insert" => '2',
        "associations" => '3',
        "many_to_many" => '4',
        "lazy_vs_include" => '5',
        "load_1000x10x5" => '6',
        "belongs_to_include_vs_join" => '7',
        _ => '9',
    }
}
