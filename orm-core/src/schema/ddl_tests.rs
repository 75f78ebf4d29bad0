//! The statements `create` and `drop` write, as exact text on every dialect: a schema with every
//! column type, keys of each kind, every action, unique and plain indexes, a junction table and a
//! reference cycle closed by nullable keys.

use crate::{BelongsTo, BelongsToMany, Dialect, HasOne, Model, Schema};

// Only the schema of these models is used.
#[allow(dead_code)]
mod models {
    use super::*;

    #[derive(Model)]
    #[model(table = "owners")]
    pub struct Owner {
        pub id: i32,
        pub small: i16,
        pub big: i64,
        pub real: f32,
        pub double: f64,
        pub flag: bool,
        pub text: String,
        pub bytes: Vec<u8>,
        pub note: Option<String>,
        #[has_one(foreign_key = "owner_id")]
        pub badge: HasOne<Badge>,
        #[belongs_to_many(through = "owner_tags", as = "owners")]
        pub tags: BelongsToMany<Tag>,
    }

    #[derive(Model)]
    #[model(table = "badges")]
    pub struct Badge {
        #[model(primary_key)]
        pub code: String,
        #[belongs_to]
        pub owner: Option<BelongsTo<Owner>>,
        #[belongs_to(foreign_key = "strict_id", on_delete = restrict, on_update = no_action)]
        pub strict: Option<BelongsTo<Owner>>,
        #[belongs_to(foreign_key = "tag_id")]
        pub tag: BelongsTo<Tag>,
    }

    #[derive(Model)]
    #[model(table = "tags")]
    pub struct Tag {
        pub id: i16,
        #[belongs_to_many(through = "owner_tags", as = "tags")]
        pub owners: BelongsToMany<Owner>,
        #[belongs_to]
        pub cycle: Option<BelongsTo<Cycle>>,
    }

    #[derive(Model)]
    #[model(table = "cycles")]
    pub struct Cycle {
        pub id: i64,
        #[belongs_to]
        pub tag: Option<BelongsTo<Tag>>,
    }
}

fn schema() -> Schema {
    use models::*;
    Schema::new().model::<Owner>().model::<Badge>().model::<Tag>().model::<Cycle>()
}

fn statements(dialect: Dialect) -> String {
    let s = schema();
    let mut out = s.create_statements(dialect).unwrap();
    out.extend(s.drop_statements(dialect).unwrap());
    out.join("\n")
}

/// The text `ddl_tests.sql` holds was written by the statement builder before the descriptions
/// were typed; the typed ones must give it unchanged.
#[test]
fn create_and_drop_statements_are_unchanged() {
    let all: Vec<String> = [Dialect::Sqlite, Dialect::Postgres, Dialect::MySql].into_iter().map(statements).collect();
    let expected = include_str!("ddl_tests.sql");
    for (got, want) in all.iter().zip(expected.split("\n\n")) {
        assert_eq!(got, want);
    }
    assert_eq!(all.join("\n\n"), expected);
}
