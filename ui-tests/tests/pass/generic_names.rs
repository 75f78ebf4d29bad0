// The expansion's own generics and helpers have names no user type can take: models named like
// common generic parameters (`A`, `T`, `E`, `DB`, `S`, `J`, `K`, `M`) and like std/sqlx names
// (`Result`, `Option`, `Row`, `Error`, `Pool`) derive and link; constants named like the
// expansion's former locals (`s`, `t`, `m`, `v`, `i`, `j`, `rows`, `value`, `keys`...) do not
// capture them.

#![allow(non_camel_case_types, non_upper_case_globals, dead_code)]

const s: i32 = 0;
const t: i32 = 0;
const m: i32 = 0;
const v: i32 = 0;
const rows: i32 = 0;
const value: i32 = 0;
const keys: i32 = 0;
const i: i32 = 0;
const j: i32 = 0;
const other: i32 = 0;
const second: i32 = 0;
const inverse: i32 = 0;

use orm_core::{BelongsTo, BelongsToMany, HasMany, HasOne, Model};

#[derive(Model)]
struct A {
    id: i64,
    #[has_many]
    ts: HasMany<T>,
    #[has_one]
    e: HasOne<E>,
    #[belongs_to_many(through = J)]
    dbs: BelongsToMany<DB, J>,
    #[belongs_to_many(through = "a_s")]
    ss: BelongsToMany<S>,
}

#[derive(Model)]
struct T {
    id: i64,
    #[belongs_to]
    a: BelongsTo<A>,
}

#[derive(Model)]
struct E {
    id: i64,
    #[belongs_to]
    a: ::core::option::Option<BelongsTo<A>>,
}

#[derive(Model)]
struct DB {
    id: i64,
    #[belongs_to_many(through = J)]
    a_list: BelongsToMany<A, J>,
}

#[derive(Model)]
#[model(junction)]
struct J {
    #[belongs_to]
    a: BelongsTo<A>,
    #[belongs_to]
    db: BelongsTo<DB>,
}

#[derive(Model)]
struct S {
    id: i64,
    #[belongs_to_many(through = "a_s")]
    a_list: BelongsToMany<A>,
}

#[derive(Model)]
struct K {
    id: i64,
    #[belongs_to]
    m: BelongsTo<M>,
}

#[derive(Model)]
struct M {
    id: i64,
    #[has_many]
    ks: HasMany<K>,
}

#[derive(Model)]
struct Result {
    id: i64,
    #[belongs_to]
    option: ::core::option::Option<BelongsTo<Option>>,
}

#[derive(Model)]
struct Option {
    id: i64,
    #[has_many]
    results: HasMany<Result>,
}

#[derive(Model)]
struct Row {
    id: i64,
    #[belongs_to]
    error: BelongsTo<Error>,
    #[belongs_to]
    pool: BelongsTo<Pool>,
}

#[derive(Model)]
struct Error {
    id: i64,
    #[has_many]
    rows: HasMany<Row>,
}

#[derive(Model)]
struct Pool {
    id: i64,
    #[has_many]
    rows: HasMany<Row>,
}

fn main() {
    let _ = (A::TS, A::E, A::DBS, A::SS, DB::A_LIST, S::A_LIST, M::KS, Option::RESULTS, Error::ROWS, Pool::ROWS);
}
