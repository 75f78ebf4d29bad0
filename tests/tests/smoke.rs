use orm_core::{BelongsTo, HasMany, Model, Schema};
use orm_tests::backends;

#[derive(Model, Debug, Clone, PartialEq)]
struct User {
    id: i64,
    name: String,
    #[has_many]
    comments: HasMany<Comment>,
}

#[derive(Model, Debug, Clone, PartialEq)]
struct Comment {
    id: i64,
    body: String,
    #[belongs_to]
    user: BelongsTo<User>,
}

backends! {
    async fn insert_and_find(pool) {
        Schema::new().model::<User>().model::<Comment>().sync(&pool).await?;
        let mut ada = User { id: 0, name: "ada".into(), comments: Default::default() };
        ada.insert(&pool).await?;
        assert_eq!(ada.id, 1);
        let c = ada.create_comment(&pool, Comment { id: 0, body: "hi".into(), user: Default::default() }).await?;
        assert_eq!(c.user.key(), &ada.id);
        assert_eq!(ada.comments(&pool).await?.len(), 1);
        assert_eq!(c.user(&pool).await?.unwrap().name, "ada");
        Ok(())
    }
}
