//! Associations over keys other than an integer id: a `#[belongs_to]` that references another
//! column (`target_key` / `source_key`), and models keyed by a String or a Uuid.

use orm_core::{BelongsTo, BelongsToMany, Error, HasMany, HasOne, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct Account {
    id: i64,
    email: String,
    #[has_many(source_key = "email")]
    logins: HasMany<Login>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Login {
    id: i64,
    #[belongs_to(foreign_key = "account_email", target_key = "email")]
    account: BelongsTo<Account, String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Country {
    #[model(primary_key)]
    code: String,
    #[has_one]
    capital: HasOne<City>,
    #[belongs_to_many(through = "country_tags")]
    tags: BelongsToMany<Tag>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct City {
    #[model(primary_key)]
    uid: uuid::Uuid,
    name: String,
    #[belongs_to]
    country: Option<BelongsTo<Country>>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Tag {
    #[model(primary_key)]
    uid: uuid::Uuid,
    label: String,
    #[belongs_to_many(through = "country_tags")]
    countries: BelongsToMany<Country>,
}

backends! {
    async fn belongs_to_another_column(pool) {
        Schema::new().model::<Account>().model::<Login>().sync(&pool).await?;
        let mut ada = Account { id: 0, email: "ada@example.com".into(), logins: Default::default() };
        ada.insert(&pool).await?;
        let login = ada.create_login(&pool, Login { id: 0, account: BelongsTo::new(String::new()) }).await?;
        assert_eq!(login.account.key(), "ada@example.com");
        assert_eq!(login.account(&pool).await?, Some(ada.clone()));
        assert_eq!(ada.count_logins(&pool).await?, 1);
        let err = Login { id: 0, account: BelongsTo::new("nobody@example.com".into()) }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{err:?}");
        // A referenced column must be unique, so the schema makes it so.
        let err = Account { id: 0, email: "ada@example.com".into(), logins: Default::default() }.insert(&pool).await.unwrap_err();
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        // The key follows the column it references (ON UPDATE CASCADE).
        ada.email = "ada@lovelace.org".into();
        ada.update(&pool).await?;
        assert_eq!(Login::find(&pool, login.id).await?.map(|l| l.account.key().clone()), Some("ada@lovelace.org".to_string()));
        assert_eq!(ada.logins(&pool).await?.len(), 1);
        Ok(())
    }

    async fn string_and_uuid_keys_in_associations(pool) {
        Schema::new().model::<Country>().model::<City>().model::<Tag>().sync(&pool).await?;
        let mut fr = Country { code: "FR".into(), capital: Default::default(), tags: Default::default() };
        fr.insert(&pool).await?;
        let paris = fr.create_capital(&pool, City { uid: uuid::Uuid::new_v4(), name: "Paris".into(), country: None }).await?;
        assert_eq!(fr.capital(&pool).await?, Some(paris.clone()));
        assert_eq!(paris.country(&pool).await?.map(|c| c.code), Some("FR".to_string()));

        let mut tags = vec![
            Tag { uid: uuid::Uuid::new_v4(), label: "eu".into(), countries: Default::default() },
            Tag { uid: uuid::Uuid::new_v4(), label: "g7".into(), countries: Default::default() },
        ];
        Tag::insert_all(&pool, &mut tags).await?;
        fr.add_tags(&pool, &tags).await?;
        assert!(fr.has_tags(&pool, &tags).await?);
        assert_eq!(tags[1].countries(&pool).await?.len(), 1);
        fr.set_tags(&pool, &tags[1..]).await?;
        let mut labels: Vec<String> = fr.tags(&pool).await?.into_iter().map(|t| t.label).collect();
        labels.sort();
        assert_eq!(labels, ["g7"]);
        fr.delete(&pool).await?;
        assert_eq!(tags[1].count_countries(&pool).await?, 0);
        assert_eq!(City::find(&pool, paris.uid).await?.map(|c| c.country), Some(None));
        Ok(())
    }
}
