//! A property test of the SQL builder: random filters (eq, ne, lt, gt, le, ge, in_, like, is_null
//! combined with and, or, not) over random rows, NULLs included, are statements every backend
//! accepts, and return exactly the rows a Rust-side evaluation (SQL's three-valued logic) picks.

use orm_core::{Expr, Model};
use orm_tests::backends;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

#[derive(Model, Debug, Clone, PartialEq)]
struct Item {
    id: i64,
    a: i64,
    b: Option<i64>,
    s: String,
    t: Option<String>,
}

/// Rows per round, rounds per backend, filters per round.
const ROWS: usize = 30;
const ROUNDS: usize = 4;
const FILTERS_PER_ROUND: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum IntCol {
    A,
    B,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum StrCol {
    S,
    T,
}

#[derive(Clone, Debug)]
enum Filter {
    Int(IntCol, Op, i64),
    Str(StrCol, Op, String),
    IntIn(IntCol, Vec<i64>),
    StrIn(StrCol, Vec<String>),
    Like(StrCol, String),
    IsNull(bool, bool),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

// Lower-case letters only: every backend's default collation orders and compares them alike
// (MariaDB's ignores case and trailing spaces, PostgreSQL's may follow the locale).
fn text() -> impl Strategy<Value = String> {
    "[ab]{0,3}"
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![Just(Op::Eq), Just(Op::Ne), Just(Op::Lt), Just(Op::Gt), Just(Op::Le), Just(Op::Ge)]
}

fn int_col() -> impl Strategy<Value = IntCol> {
    prop_oneof![Just(IntCol::A), Just(IntCol::B)]
}

fn str_col() -> impl Strategy<Value = StrCol> {
    prop_oneof![Just(StrCol::S), Just(StrCol::T)]
}

fn filter() -> impl Strategy<Value = Filter> {
    let leaf = prop_oneof![
        (int_col(), op(), -3..=3i64).prop_map(|(c, o, v)| Filter::Int(c, o, v)),
        (str_col(), op(), text()).prop_map(|(c, o, v)| Filter::Str(c, o, v)),
        (int_col(), prop::collection::vec(-3..=3i64, 0..4)).prop_map(|(c, v)| Filter::IntIn(c, v)),
        (str_col(), prop::collection::vec(text(), 0..4)).prop_map(|(c, v)| Filter::StrIn(c, v)),
        (str_col(), "[ab%_]{0,4}").prop_map(|(c, p)| Filter::Like(c, p)),
        (any::<bool>(), any::<bool>()).prop_map(|(on_b, null)| Filter::IsNull(on_b, null)),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Filter::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Filter::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|a| Filter::Not(Box::new(a))),
        ]
    })
}

fn rows() -> impl Strategy<Value = Vec<Item>> {
    let row = (-3..=3i64, prop::option::of(-3..=3i64), text(), prop::option::of(text()));
    prop::collection::vec(row.prop_map(|(a, b, s, t)| Item { id: 0, a, b, s, t }), ROWS)
}

/// `$col <op> $v` for the comparison `$o` (the columns differ in type, so a macro, not a fn).
macro_rules! cmp {
    ($col:expr, $o:expr, $v:expr) => {
        match $o {
            Op::Eq => $col.eq($v),
            Op::Ne => $col.ne($v),
            Op::Lt => $col.lt($v),
            Op::Gt => $col.gt($v),
            Op::Le => $col.le($v),
            Op::Ge => $col.ge($v),
        }
    };
}

fn int_expr(c: IntCol, o: Op, v: i64) -> Expr<Item> {
    match c {
        IntCol::A => cmp!(Item::A, o, v),
        IntCol::B => cmp!(Item::B, o, v),
    }
}

fn str_expr(c: StrCol, o: Op, v: &str) -> Expr<Item> {
    match c {
        StrCol::S => cmp!(Item::S, o, v),
        StrCol::T => cmp!(Item::T, o, v),
    }
}

/// The filter as the query builder's expression.
fn expr(f: &Filter) -> Expr<Item> {
    match f {
        Filter::Int(c, o, v) => int_expr(*c, *o, *v),
        Filter::Str(c, o, v) => str_expr(*c, *o, v),
        Filter::IntIn(IntCol::A, vs) => Item::A.in_(vs.iter().copied()),
        Filter::IntIn(IntCol::B, vs) => Item::B.in_(vs.iter().copied()),
        Filter::StrIn(StrCol::S, vs) => Item::S.in_(vs.iter().map(String::as_str)),
        Filter::StrIn(StrCol::T, vs) => Item::T.in_(vs.iter().map(String::as_str)),
        Filter::Like(StrCol::S, p) => Item::S.like(p),
        Filter::Like(StrCol::T, p) => Item::T.like(p),
        Filter::IsNull(true, true) => Item::B.is_null(),
        Filter::IsNull(true, false) => Item::B.is_not_null(),
        Filter::IsNull(false, true) => Item::T.is_null(),
        Filter::IsNull(false, false) => Item::T.is_not_null(),
        Filter::And(a, b) => expr(a).and(expr(b)),
        Filter::Or(a, b) => expr(a) | expr(b),
        Filter::Not(a) => !expr(a),
    }
}

fn compare<T: Ord>(o: Op, x: T, v: T) -> bool {
    match o {
        Op::Eq => x == v,
        Op::Ne => x != v,
        Op::Lt => x < v,
        Op::Gt => x > v,
        Op::Le => x <= v,
        Op::Ge => x >= v,
    }
}

/// SQL `LIKE` over characters: `%` any run, `_` one character.
fn like(s: &[char], p: &[char]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some(('%', rest)) => (0..=s.len()).any(|i| like(&s[i..], rest)),
        Some(('_', rest)) => !s.is_empty() && like(&s[1..], rest),
        Some((c, rest)) => s.first() == Some(c) && like(&s[1..], rest),
    }
}

/// The filter evaluated in Rust with SQL's three-valued logic (`None`: unknown).
fn eval(f: &Filter, r: &Item) -> Option<bool> {
    let int = |c: &IntCol| match c {
        IntCol::A => Some(r.a),
        IntCol::B => r.b,
    };
    let text = |c: &StrCol| match c {
        StrCol::S => Some(r.s.as_str()),
        StrCol::T => r.t.as_deref(),
    };
    match f {
        Filter::Int(c, o, v) => int(c).map(|x| compare(*o, x, *v)),
        Filter::Str(c, o, v) => text(c).map(|x| compare(*o, x, v.as_str())),
        // The builder writes an empty list as `1 = 0`: false, even on NULL.
        Filter::IntIn(_, vs) if vs.is_empty() => Some(false),
        Filter::StrIn(_, vs) if vs.is_empty() => Some(false),
        Filter::IntIn(c, vs) => int(c).map(|x| vs.contains(&x)),
        Filter::StrIn(c, vs) => text(c).map(|x| vs.iter().any(|v| v == x)),
        Filter::Like(c, p) => text(c).map(|x| like(&x.chars().collect::<Vec<_>>(), &p.chars().collect::<Vec<_>>())),
        Filter::IsNull(on_b, null) => Some(if *on_b { r.b.is_none() } else { r.t.is_none() } == *null),
        Filter::And(a, b) => match (eval(a, r), eval(b, r)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        Filter::Or(a, b) => match (eval(a, r), eval(b, r)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        Filter::Not(a) => eval(a, r).map(|x| !x),
    }
}

/// Runs `filter` through the builder and compares with [`eval`]; `Err` says how they differ.
macro_rules! check {
    ($pool:expr, $rows:expr, $filter:expr) => {{
        let (rows, f): (&[Item], &Filter) = ($rows, $filter);
        let mut expected: Vec<&Item> = rows.iter().filter(|r| eval(f, r) == Some(true)).collect();
        expected.sort_by_key(|r| r.id);
        match Item::query().filter(expr(f)).order_by(Item::ID.asc()).all($pool).await {
            Err(e) => Err(format!("the database rejected the statement: {e}")),
            Ok(found) => {
                let found: Vec<&Item> = found.iter().collect();
                if found == expected {
                    match Item::query().filter(expr(f)).count($pool).await {
                        Ok(n) if n == expected.len() as i64 => Ok(()),
                        Ok(n) => Err(format!("count says {n}, expected {}", expected.len())),
                        Err(e) => Err(format!("the database rejected the count: {e}")),
                    }
                } else {
                    let ids = |v: &[&Item]| v.iter().map(|r| r.id).collect::<Vec<_>>();
                    Err(format!("expected rows {:?}, got {:?}", ids(&expected), ids(&found)))
                }
            }
        }
    }};
}

backends! {
    async fn random_filters_match_a_rust_side_filter(pool) {
        let pool = &pool;
        orm_core::Schema::new().model::<Item>().sync(pool).await?;
        let tried = std::sync::atomic::AtomicUsize::new(0);
        for _ in 0..ROUNDS {
            // A runner counts its cases over its lifetime: one per round.
            let mut runner = TestRunner::new(Config { cases: FILTERS_PER_ROUND as u32, failure_persistence: None, ..Config::default() });
            Item::query().delete(pool).await?;
            let mut data = rows().new_tree(&mut runner).expect("rows").current();
            Item::insert_all(pool, &mut data).await?;
            // proptest drives the cases (and shrinks a failure) synchronously; each case waits
            // for its queries on this runtime.
            let outcome = tokio::task::block_in_place(|| {
                let runtime = tokio::runtime::Handle::current();
                runner.run(&filter(), |f| {
                    tried.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    runtime.block_on(async { check!(pool, &data, &f) }).map_err(TestCaseError::fail)
                })
            });
            if let Err(e) = outcome {
                panic!("{e} (rows: {data:?})");
            }
        }
        let tried = tried.into_inner();
        assert!(tried >= ROUNDS * FILTERS_PER_ROUND, "only {tried} cases ran");
        println!("{tried} random filters over {} random rows agreed with the Rust-side filter", ROUNDS * ROWS);
        Ok(())
    }
}
