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
    i >= 2 && i.is_multiple_of(5)
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
                "#[derive(::orm_core::Model, Clone, Debug, Default)]\n#[model(junction)]\npub struct J{i} {{\n    #[belongs_to]\n    pub lower: ::orm_core::BelongsTo<M{}>,\n    #[belongs_to]\n    pub upper: ::orm_core::BelongsTo<M{i}>,\n    pub weight: Option<i32>,\n}}\n",
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

/// The same chain as [`orm_chain`] for SeaORM 2 (one module per entity), in SeaORM's
/// `Relation` enum format: its 2.0 dense format (`#[sea_orm::model]`) keeps loaded relatives
/// inline in `ModelEx` and, measured here, stops compiling at 50 models (E0275, as this ORM did
/// before its loaded relatives were type-erased).
pub fn seaorm_chain(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = writeln!(
            s,
            "pub mod m{i} {{\n    use sea_orm::entity::prelude::*;\n\n    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]\n    #[sea_orm(table_name = \"m{i}\")]\n    pub struct Model {{\n        #[sea_orm(primary_key)]\n        pub id: i64,\n        pub name: String,\n        pub rank: i32,\n        pub score: f64,\n        pub note: Option<String>,"
        );
        if i > 0 {
            s.push_str("        pub prev_id: Option<i64>,\n");
        }
        s.push_str("    }\n\n    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]\n    pub enum Relation {\n");
        let mut related = String::new();
        if i > 0 {
            let p = i - 1;
            let _ = writeln!(
                s,
                "        #[sea_orm(belongs_to = \"super::m{p}::Entity\", from = \"Column::PrevId\", to = \"super::m{p}::Column::Id\")]\n        Prev,"
            );
            let _ = writeln!(
                related,
                "    impl Related<super::m{p}::Entity> for Entity {{\n        fn to() -> RelationDef {{\n            Relation::Prev.def()\n        }}\n    }}"
            );
        }
        if i + 1 < n {
            let q = i + 1;
            let _ = writeln!(s, "        #[sea_orm(has_many = \"super::m{q}::Entity\")]\n        Nexts,");
            let _ = writeln!(
                related,
                "    impl Related<super::m{q}::Entity> for Entity {{\n        fn to() -> RelationDef {{\n            Relation::Nexts.def()\n        }}\n    }}"
            );
        }
        // Many-to-many through j{i} (to m{i-2}) and through j{i+2} (to m{i+2}).
        for (other, j, near, far) in [(i.wrapping_sub(2), i, "Upper", "Lower"), (i + 2, i + 2, "Lower", "Upper")] {
            if linked(j) && j < n {
                let _ = writeln!(
                    related,
                    "    impl Related<super::m{other}::Entity> for Entity {{\n        fn to() -> RelationDef {{\n            super::j{j}::Relation::{far}.def()\n        }}\n        fn via() -> Option<RelationDef> {{\n            Some(super::j{j}::Relation::{near}.def().rev())\n        }}\n    }}"
                );
            }
        }
        let _ = writeln!(s, "    }}\n\n{related}\n    impl ActiveModelBehavior for ActiveModel {{}}\n}}\n");
        if linked(i) {
            let lo = i - 2;
            let _ = writeln!(
                s,
                "pub mod j{i} {{\n    use sea_orm::entity::prelude::*;\n\n    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]\n    #[sea_orm(table_name = \"j{i}\")]\n    pub struct Model {{\n        #[sea_orm(primary_key, auto_increment = false)]\n        pub lower_id: i64,\n        #[sea_orm(primary_key, auto_increment = false)]\n        pub upper_id: i64,\n        pub weight: Option<i32>,\n    }}\n\n    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]\n    pub enum Relation {{\n        #[sea_orm(belongs_to = \"super::m{lo}::Entity\", from = \"Column::LowerId\", to = \"super::m{lo}::Column::Id\")]\n        Lower,\n        #[sea_orm(belongs_to = \"super::m{i}::Entity\", from = \"Column::UpperId\", to = \"super::m{i}::Column::Id\")]\n        Upper,\n    }}\n\n    impl Related<super::m{lo}::Entity> for Entity {{\n        fn to() -> RelationDef {{\n            Relation::Lower.def()\n        }}\n    }}\n    impl Related<super::m{i}::Entity> for Entity {{\n        fn to() -> RelationDef {{\n            Relation::Upper.def()\n        }}\n    }}\n\n    impl ActiveModelBehavior for ActiveModel {{}}\n}}\n"
            );
        }
    }
    s
}
