//! `#[model(hooks)]` with `impl Hooks`: `validate` and the `before_*`/`after_*` hooks run on
//! every write path (insert, insert_all, update, delete, force_delete, `create_*`, the has_many
//! and belongs_to setters), inside the write's transaction: a hook's error undoes the write, and
//! a hook's own writes commit or roll back with it. A validation failure is
//! `Error::Validation` naming the model and field, and nothing is written.

use orm_core::model::{Hooks, Invalid};
use orm_core::{BelongsTo, BoxFuture, Connection, Error, HasMany, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(hooks)]
struct Account {
    id: i64,
    email: String,
    #[has_many]
    notes: HasMany<Note>,
}

/// Every hook call, written by the hooks into the same database (so it commits or rolls back
/// with the write).
#[derive(Model, Debug, Clone, PartialEq)]
struct Audit {
    id: i64,
    event: String,
}

async fn audit(db: &mut dyn Connection, event: String) -> orm_core::Result<()> {
    Audit { id: 0, event }.insert(db).await
}

impl Hooks for Account {
    fn validate(&self) -> Result<(), Invalid> {
        if self.email.contains('@') { Ok(()) } else { Err(Invalid::new("email", "is not an address")) }
    }
    fn before_insert<'a>(&'a mut self, db: &'a mut dyn Connection) -> BoxFuture<'a, orm_core::Result<()>> {
        Box::pin(async move {
            self.email = self.email.to_lowercase();
            audit(db, format!("before insert {}", self.email)).await
        })
    }
    fn after_insert<'a>(&'a mut self, db: &'a mut dyn Connection) -> BoxFuture<'a, orm_core::Result<()>> {
        Box::pin(async move {
            assert_ne!(self.id, 0, "the key is there after the insert");
            if self.email.starts_with("reject") {
                return Err(Error::Association("rejected by after_insert".into()));
            }
            audit(db, format!("after insert {}", self.id)).await
        })
    }
    fn before_update<'a>(&'a mut self, db: &'a mut dyn Connection) -> BoxFuture<'a, orm_core::Result<()>> {
        Box::pin(async move { audit(db, format!("before update {}", self.email)).await })
    }
    fn after_update<'a>(&'a mut self, db: &'a mut dyn Connection) -> BoxFuture<'a, orm_core::Result<()>> {
        Box::pin(async move { audit(db, format!("after update {}", self.email)).await })
    }
    fn before_delete<'a>(&'a self, db: &'a mut dyn Connection) -> BoxFuture<'a, orm_core::Result<()>> {
        Box::pin(async move { audit(db, format!("before delete {}", self.id)).await })
    }
    fn after_delete<'a>(&'a self, db: &'a mut dyn Connection) -> BoxFuture<'a, orm_core::Result<()>> {
        Box::pin(async move { audit(db, format!("after delete {}", self.id)).await })
    }
}

#[derive(Model, Debug, Clone, PartialEq, Default)]
#[model(hooks)]
struct Note {
    id: i64,
    body: String,
    #[belongs_to]
    account: Option<BelongsTo<Account>>,
}

impl Hooks for Note {
    fn validate(&self) -> Result<(), Invalid> {
        if self.body.is_empty() { Err(Invalid::new("body", "is empty")) } else { Ok(()) }
    }
    fn before_update<'a>(&'a mut self, db: &'a mut dyn Connection) -> BoxFuture<'a, orm_core::Result<()>> {
        Box::pin(async move { audit(db, format!("note before update {}", self.body)).await })
    }
    fn after_update<'a>(&'a mut self, db: &'a mut dyn Connection) -> BoxFuture<'a, orm_core::Result<()>> {
        Box::pin(async move {
            let linked = self.account.as_ref().map(|a| *a.key());
            audit(db, format!("note after update {} {linked:?}", self.body)).await
        })
    }
}

fn schema() -> Schema {
    Schema::new().model::<Account>().model::<Note>().model::<Audit>()
}

async fn events(db: impl Connection) -> orm_core::Result<Vec<String>> {
    Ok(Audit::query().order_by(Audit::ID.asc()).all(db).await?.into_iter().map(|a| a.event).collect())
}

backends! {
    async fn hooks_run_around_every_write_in_its_transaction(pool) {
        schema().sync(&pool).await?;
        let mut ada = Account { email: "Ada@Example.com".into(), ..Default::default() };
        ada.insert(&pool).await?;
        assert_eq!(ada.email, "ada@example.com", "before_insert changed what was stored");
        assert_eq!(Account::find(&pool, ada.id).await?.map(|a| a.email).as_deref(), Some("ada@example.com"));
        assert_eq!(events(&pool).await?, ["before insert ada@example.com", &format!("after insert {}", ada.id)]);

        // A failing after_insert undoes the insert and the hooks' own writes.
        let mut rejected = Account { email: "reject@x.org".into(), ..Default::default() };
        assert!(rejected.insert(&pool).await.is_err());
        assert_eq!(Account::query().count(&pool).await?, 1);
        assert_eq!(events(&pool).await?.len(), 2);

        // Validation: a typed error, nothing written, no hook run.
        let err = Account { email: "nobody".into(), ..Default::default() }.insert(&pool).await.unwrap_err();
        assert!(matches!(&err, Error::Validation { model: "Account", field: "email", .. }), "{err}");
        let mut many = vec![
            Account { email: "b@x.org".into(), ..Default::default() },
            Account { email: "bad".into(), ..Default::default() },
        ];
        assert!(matches!(Account::insert_all(&pool, &mut many).await, Err(Error::Validation { .. })));
        assert_eq!(Account::query().count(&pool).await?, 1);
        many.remove(1);
        Account::insert_all(&pool, &mut many).await?;
        assert_eq!(events(&pool).await?.len(), 4);

        ada.email = "ada@example.org".into();
        ada.update(&pool).await?;
        let mut invalid = ada.clone();
        invalid.email = "x".into();
        assert!(matches!(invalid.update(&pool).await, Err(Error::Validation { field: "email", .. })));
        let bob = many.remove(0);
        bob.delete(&pool).await?;
        let tail: Vec<String> = events(&pool).await?.split_off(4);
        assert_eq!(
            tail,
            [
                "before update ada@example.org".to_owned(),
                "after update ada@example.org".to_owned(),
                format!("before delete {}", bob.id),
                format!("after delete {}", bob.id),
            ]
        );
        Ok(())
    }

    async fn accessor_writes_run_the_hooks_of_the_rows_they_change(pool) {
        schema().sync(&pool).await?;
        let mut ada = Account { email: "ada@x.org".into(), ..Default::default() };
        ada.insert(&pool).await?;
        let before = events(&pool).await?.len();

        // create_*: the insert hooks (the note has none of its own) and validation.
        let err = ada.create_note(&pool, Note { body: String::new(), ..Default::default() }).await.unwrap_err();
        assert!(matches!(&err, Error::Validation { model: "Note", field: "body", .. }), "{err}");
        let mut note = ada.create_note(&pool, Note { body: "hello".into(), ..Default::default() }).await?;
        assert_eq!(events(&pool).await?.len(), before);

        // has_many remove/add: each target's update hooks, seeing the new key.
        ada.remove_note(&pool, &mut note).await?;
        ada.add_note(&pool, &mut note).await?;
        let log = events(&pool).await?.split_off(before);
        assert_eq!(
            log,
            [
                "note before update hello".to_owned(),
                "note after update hello None".to_owned(),
                "note before update hello".to_owned(),
                format!("note after update hello Some({})", ada.id),
            ]
        );

        // belongs_to set: the source's update hooks; a validation failure changes nothing.
        let mut bob = Account { email: "bob@x.org".into(), ..Default::default() };
        bob.insert(&pool).await?;
        note.body = String::new();
        assert!(matches!(note.set_account(&pool, Some(&bob)).await, Err(Error::Validation { .. })));
        assert_eq!(Note::find(&pool, note.id).await?.and_then(|n| n.account).map(|a| *a.key()), Some(ada.id));
        note.body = "moved".into();
        note.set_account(&pool, Some(&bob)).await?;
        assert_eq!(events(&pool).await?.last().map(String::as_str), Some(format!("note after update moved Some({})", bob.id).as_str()));
        Ok(())
    }
}
