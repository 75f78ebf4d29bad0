//! Checks of a schema that need no database: names that collide, junctions declared twice.

use crate::{BelongsTo, Dialect, Error, HasOne, Model, Schema};

// Only the schema of these models is used.
#[allow(dead_code)]
#[derive(Model)]
#[model(table = "holders")]
struct Holder {
    id: i64,
    #[has_one]
    card: HasOne<Card>,
}

#[derive(Model)]
#[model(table = "cards")]
struct Card {
    id: i64,
    #[belongs_to]
    holder: Option<BelongsTo<Holder>>,
}

/// A table named like the unique index of `cards`.`holder_id`.
#[derive(Model)]
#[model(table = "cards_holder_id_key_bc98e3dc")]
struct Squatter {
    id: i64,
}

macro_rules! pair {
    ($a:ident $as_a:literal, $b:ident $as_b:literal) => {
        #[allow(dead_code)]
        #[derive(Model)]
        struct $a {
            id: i64,
            #[belongs_to_many(through = "links", as = $as_b)]
            others: crate::BelongsToMany<$b>,
        }
        #[allow(dead_code)]
        #[derive(Model)]
        struct $b {
            id: i64,
            #[belongs_to_many(through = "links", as = $as_a)]
            others: crate::BelongsToMany<$a>,
        }
    };
}
pair!(Tag "tags", Post "posts");
pair!(Red "reds", Blue "blues");

#[test]
fn two_junctions_of_one_name_between_other_tables_are_refused() {
    Schema::new().model::<Tag>().model::<Post>().check(Dialect::Sqlite).unwrap();
    let err = Schema::new().model::<Tag>().model::<Post>().model::<Red>().model::<Blue>().check(Dialect::Sqlite).unwrap_err();
    assert!(matches!(err, Error::SchemaNameCollision { first: "Tag", second: "Red", .. }), "{err:?}");
}

#[test]
fn a_table_named_like_a_generated_index_is_refused_naming_both_models() {
    let err = Schema::new().model::<Holder>().model::<Card>().model::<Squatter>().check(Dialect::Sqlite).unwrap_err();
    match err {
        Error::SchemaNameCollision { name, first, second } => {
            assert_eq!((name.as_str(), first, second), ("cards_holder_id_key_bc98e3dc", "Card", "Squatter"))
        }
        other => panic!("{other:?}"),
    }
    // Declared the other way round, the same two are named.
    let err = Schema::new().model::<Squatter>().model::<Holder>().model::<Card>().check(Dialect::Sqlite).unwrap_err();
    assert!(matches!(err, Error::SchemaNameCollision { first: "Squatter", second: "Card", .. }), "{err:?}");
}
