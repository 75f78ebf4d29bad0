//! Every constraint and index the ORM names is unique in the schema and fits the backend's
//! identifier limit, so none is silently skipped or cut short; names that cannot be made are a
//! typed error before any statement runs.

// The has_one fields only shape the schema here.
#![allow(dead_code)]

use orm_core::sqlx::Pool;
use orm_core::{Backend, BelongsTo, Error, HasOne, Model, Schema};
use orm_tests::backends;

// `cards`.`owner_user_id` and `cards_owner`.`user_id` both used to name their unique index
// `cards_owner_user_id_key`: PostgreSQL and SQLite keep index names schema-wide, so the second
// `CREATE UNIQUE INDEX IF NOT EXISTS` did nothing and a holder could get two passes.
#[derive(Model, Debug)]
#[model(table = "holders")]
struct Holder {
    id: i64,
    name: String,
    #[has_one(foreign_key = "owner_user_id")]
    card: HasOne<Card>,
    #[has_one(foreign_key = "user_id")]
    pass: HasOne<Pass>,
}

#[derive(Model, Debug)]
#[model(table = "cards")]
struct Card {
    id: i64,
    #[belongs_to(foreign_key = "owner_user_id")]
    holder: Option<BelongsTo<Holder>>,
}

#[derive(Model, Debug)]
#[model(table = "cards_owner")]
struct Pass {
    id: i64,
    #[belongs_to(foreign_key = "user_id")]
    holder: Option<BelongsTo<Holder>>,
}

// Two has_one keys of one table whose index names share their first 63 bytes: PostgreSQL cut
// both to the same name (and skipped the second index); MySQL refused the names as too long.
#[derive(Model, Debug)]
struct First {
    id: i64,
    name: String,
    #[has_one(foreign_key = "holder_number_one_id")]
    tag: HasOne<LongTag>,
}

#[derive(Model, Debug)]
struct Second {
    id: i64,
    name: String,
    #[has_one(foreign_key = "holder_number_two_id")]
    tag: HasOne<LongTag>,
}

#[derive(Model, Debug)]
#[model(table = "tags_with_a_deliberately_long_table_name_for_the_limit")]
struct LongTag {
    id: i64,
    #[belongs_to(foreign_key = "holder_number_one_id")]
    first: Option<BelongsTo<First>>,
    #[belongs_to(foreign_key = "holder_number_two_id")]
    second: Option<BelongsTo<Second>>,
}

/// A table name no backend with a limit can hold.
#[derive(Model, Debug)]
#[model(table = "a_table_name_that_is_longer_than_sixty_four_bytes_which_no_server_takes")]
struct TooLong {
    id: i64,
}

/// Two models on one table.
#[derive(Model, Debug)]
#[model(table = "holders")]
struct Impostor {
    id: i64,
    name: String,
}

fn dialect<DB: Backend>(_: &Pool<DB>) -> orm_core::Dialect {
    DB::DIALECT
}

fn unique_violation(result: orm_core::Result<()>) {
    let err = result.unwrap_err();
    assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
}

async fn tables<DB: Backend>(pool: &Pool<DB>) -> orm_core::Result<i64> {
    let sql = match DB::DIALECT {
        orm_core::Dialect::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'",
        orm_core::Dialect::Postgres => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
        orm_core::Dialect::MySql => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()",
    };
    let mut s = orm_core::sql::Sql::new(DB::DIALECT);
    s.push(sql);
    s.fetch_scalar::<i64>(pool).await
}

backends! {
    async fn names_that_joined_alike_keep_both_unique_indexes(pool) {
        let s = Schema::new().model::<Holder>().model::<Card>().model::<Pass>();
        s.sync(&pool).await?;
        s.sync(&pool).await?;
        let mut h = Holder { id: 0, name: "h".into(), card: Default::default(), pass: Default::default() };
        h.insert(&pool).await?;
        Card { id: 0, holder: Some(BelongsTo::new(h.id)) }.insert(&pool).await?;
        unique_violation(Card { id: 0, holder: Some(BelongsTo::new(h.id)) }.insert(&pool).await);
        Pass { id: 0, holder: Some(BelongsTo::new(h.id)) }.insert(&pool).await?;
        unique_violation(Pass { id: 0, holder: Some(BelongsTo::new(h.id)) }.insert(&pool).await);
        Ok(())
    }

    async fn long_names_are_shortened_and_stay_apart(pool) {
        let s = Schema::new().model::<First>().model::<Second>().model::<LongTag>();
        s.sync(&pool).await?;
        s.sync(&pool).await?;
        for statement in s.create_statements(orm_core::Dialect::Postgres)? {
            for name in statement.split('"').skip(1).step_by(2) {
                assert!(name.len() <= 63, "{name}");
            }
        }
        let mut a = First { id: 0, name: "a".into(), tag: Default::default() };
        a.insert(&pool).await?;
        let mut b = Second { id: 0, name: "b".into(), tag: Default::default() };
        b.insert(&pool).await?;
        LongTag { id: 0, first: Some(BelongsTo::new(a.id)), second: None }.insert(&pool).await?;
        unique_violation(LongTag { id: 0, first: Some(BelongsTo::new(a.id)), second: None }.insert(&pool).await);
        LongTag { id: 0, first: None, second: Some(BelongsTo::new(b.id)) }.insert(&pool).await?;
        unique_violation(LongTag { id: 0, first: None, second: Some(BelongsTo::new(b.id)) }.insert(&pool).await);
        s.sync_force(&pool).await?;
        s.drop_all(&pool).await?;
        Ok(())
    }

    async fn a_name_too_long_for_the_backend_is_refused_before_any_statement(pool) {
        let result = Schema::new().model::<Holder>().model::<Card>().model::<Pass>().model::<TooLong>().sync(&pool).await;
        match dialect(&pool) {
            d if d.max_identifier_len().is_none() => result?,
            d => {
                let err = result.unwrap_err();
                let Error::IdentifierTooLong { model, name, len, limit } = &err else { panic!("{err:?}") };
                assert_eq!((*model, name.as_str(), *len, Some(*limit)), ("TooLong", "a_table_name_that_is_longer_than_sixty_four_bytes_which_no_server_takes", 71, d.max_identifier_len()));
                assert_eq!(tables(&pool).await?, 0, "nothing was created");
            }
        }
        Ok(())
    }

    async fn two_models_on_one_table_are_refused_naming_both(pool) {
        let err = Schema::new().model::<Holder>().model::<Card>().model::<Pass>().model::<Impostor>().sync(&pool).await.unwrap_err();
        let Error::SchemaNameCollision { name, first, second } = &err else { panic!("{err:?}") };
        assert_eq!((name.as_str(), *first, *second), ("holders", "Holder", "Impostor"), "{err}");
        assert_eq!(tables(&pool).await?, 0, "nothing was created");
        Ok(())
    }
}
