//! Generates the schemas of the compile-time scaling measurements (issue: a 200-model schema
#![allow(dead_code)] // each user (build.rs, the gen-schema binary) takes only some of the generators
//! compiles with no `recursion_limit`): a chain of `n` models, each with five columns and a
//! belongs_to to the previous one (with the has_many back), and every fifth model also
//! many-to-many with the one two before it, through a junction with an extra column (not with
//! its neighbour: SeaORM cannot hold two relations between one pair of entities without extra
//! naming); and a star, one model with `n`
//! has_many. The same shape is written for this ORM and, for comparison, for SeaORM 2.
//!
//! Pure text generation: used by `tests/build.rs` (the 300-model chain and the 100-association
//! star that CI compiles) and by `tests/src/bin/gen_schema.rs` (the `compile-times.sh` script).

use std::fmt::Write;

/// Whether models `i - 2` and `i` are linked many-to-many (through junction `J{i}`).
fn linked(i: usize) -> bool {
    i >= 2 && i % 5 == 0
}

/// A chain of `n` models for this ORM (`use orm_core::*` style paths, no imports needed).
pub fn orm_chain(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = writeln!(s, "#[derive(::orm_core::Model, Clone, Debug, Default)]\npub struct M{i} {{");
        s.push_str("    pub id: i64,\n    pub name: String,\n    pub rank: i32,\n    pub score: f64,\n    pub note: Option<String>,\n");
        if i > 0 {
            let _ = writeln!(s, "    #[belongs_to]\n    pub prev: Option<::orm_core::BelongsTo<M{}>>,", i - 1);
        }
        if i + 1 < n {
            let _ = writeln!(s, "    #[has_many]\n    pub nexts: ::orm_core::HasMany<M{}>,", i + 1);
        }
        if linked(i) {
            let _ = writeln!(
                s,
                "    #[belongs_to_many(through = J{i}, as = \"lower\")]\n    pub lower: ::orm_core::BelongsToMany<M{}, J{i}>,",
                i - 2
            );
        }
        if i + 2 < n && linked(i + 2) {
            let _ = writeln!(
                s,
                "    #[belongs_to_many(through = J{}, as = \"upper\")]\n    pub upper: ::orm_core::BelongsToMany<M{}, J{}>,",
                i + 2,
                i + 2,
                i + 2
            );
        }
        s.push_str("}\n\n");
        if linked(i) {
            let _ = writeln!(
                s,
                "#[derive(::orm_core::Model, Clone, Debug, Default)]\npub struct J{i} {{\n    #[belongs_to]\n    pub lower: ::orm_core::BelongsTo<M{}>,\n    #[belongs_to]\n    pub upper: ::orm_core::BelongsTo<M{i}>,\n    pub weight: Option<i32>,\n}}\n",
                i - 2
            );
        }
    }
    s
}

/// `pub fn schema() -> Schema` over every model of an [`orm_chain`] of `n`.
pub fn orm_chain_schema(n: usize) -> String {
    let mut s = String::from("pub fn schema() -> ::orm_core::Schema {\n    ::orm_core::Schema::new()");
    for i in 0..n {
        let _ = write!(s, "\n        .model::<M{i}>()");
        if linked(i) {
            let _ = write!(s, "\n        .model::<J{i}>()");
        }
    }
    s.push_str("\n}\n");
    s
}

/// A star for this ORM: `Hub` with `n` has_many, one to each of `S0`…`S{n-1}`.
pub fn orm_star(n: usize) -> String {
    let mut s =
        String::from("#[derive(::orm_core::Model, Clone, Debug, Default)]\npub struct Hub {\n    pub id: i64,\n    pub name: String,\n");
    for k in 0..n {
        let _ = writeln!(s, "    #[has_many]\n    pub s{k}: ::orm_core::HasMany<S{k}>,");
    }
    s.push_str("}\n\n");
    for k in 0..n {
        let _ = writeln!(
            s,
            "#[derive(::orm_core::Model, Clone, Debug, Default)]\npub struct S{k} {{\n    pub id: i64,\n    pub label: String,\n    #[belongs_to]\n    pub hub: Option<::orm_core::BelongsTo<Hub>>,\n}}\n"
        );
    }
    s
}

/// `pub fn schema() -> Schema` over every model of an [`orm_star`] of `n`.
pub fn orm_star_schema(n: usize) -> String {
    let mut s = String::from("pub fn schema() -> ::orm_core::Schema {\n    ::orm_core::Schema::new()\n        .model::<Hub>()");
    for k in 0..n {
        let _ = write!(s, "\n        .model::<S{k}>()");
    }
    s.push_str("\n}\n");
    s
}

/// The same chain as [`orm_chain`] for SeaORM 2 (one module per entity).
pub fn seaorm_chain(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = writeln!(
            s,
            "pub mod m{i} {{\n    use sea_orm::entity::prelude::*;\n\n    #[sea_orm::model]\n    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]\n    #[sea_orm(table_name = \"m{i}\")]\n    pub struct Model {{"
        );
        s.push_str("        #[sea_orm(primary_key)]\n        pub id: i64,\n        pub name: String,\n        pub rank: i32,\n        pub score: f64,\n        pub note: Option<String>,\n");
        if i > 0 {
            let _ = writeln!(
                s,
                "        pub prev_id: Option<i64>,\n        #[sea_orm(belongs_to, from = \"prev_id\", to = \"id\")]\n        pub prev: HasOne<super::m{}::Entity>,",
                i - 1
            );
        }
        if i + 1 < n {
            let _ = writeln!(s, "        #[sea_orm(has_many)]\n        pub nexts: HasMany<super::m{}::Entity>,", i + 1);
        }
        if linked(i) {
            let _ = writeln!(s, "        #[sea_orm(has_many, via = \"j{i}\")]\n        pub lower: HasMany<super::m{}::Entity>,", i - 2);
        }
        if i + 2 < n && linked(i + 2) {
            let _ =
                writeln!(s, "        #[sea_orm(has_many, via = \"j{}\")]\n        pub upper: HasMany<super::m{}::Entity>,", i + 2, i + 2);
        }
        s.push_str("    }\n\n    impl ActiveModelBehavior for ActiveModel {}\n}\n\n");
        if linked(i) {
            let _ = writeln!(
                s,
                "pub mod j{i} {{\n    use sea_orm::entity::prelude::*;\n\n    #[sea_orm::model]\n    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]\n    #[sea_orm(table_name = \"j{i}\")]\n    pub struct Model {{\n        #[sea_orm(primary_key, auto_increment = false)]\n        pub lower_id: i64,\n        #[sea_orm(primary_key, auto_increment = false)]\n        pub upper_id: i64,\n        pub weight: Option<i32>,\n        #[sea_orm(belongs_to, from = \"lower_id\", to = \"id\")]\n        pub lower: HasOne<super::m{}::Entity>,\n        #[sea_orm(belongs_to, from = \"upper_id\", to = \"id\")]\n        pub upper: HasOne<super::m{i}::Entity>,\n    }}\n\n    impl ActiveModelBehavior for ActiveModel {{}}\n}}\n",
                i - 2
            );
        }
    }
    s
}
