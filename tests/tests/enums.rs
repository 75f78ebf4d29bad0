//! `#[derive(Enum)]`: a fieldless enum is a text column on every backend, held to its values by a
//! `CHECK` the schema makes; filters take the enum; a stored text that is no variant is
//! `Error::UnknownEnumValue` naming the enum, model, column and value; adding a variant is a
//! migration (the check is replaced: on SQLite by a table rebuild).

use orm_core::sql::Sql;
use orm_core::{ChangeKind, Db, Enum, Error, Model, Schema, migrate};
use orm_tests::backends;

#[derive(Enum, Debug, Clone, Copy, PartialEq, Default)]
enum Status {
    #[default]
    Open,
    InProgress,
    #[orm(rename = "done")]
    Closed,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "tasks")]
struct Task {
    id: i64,
    title: String,
    status: Status,
    previous: Option<Status>,
}

mod more {
    /// `Status` with one more variant, and the same table.
    #[derive(orm_core::Enum, Debug, Clone, Copy, PartialEq)]
    pub enum Status {
        Open,
        InProgress,
        #[orm(rename = "done")]
        Closed,
        Archived,
    }

    #[derive(orm_core::Model, Debug, Clone, PartialEq)]
    #[model(table = "tasks")]
    pub struct Task {
        pub id: i64,
        pub title: String,
        pub status: Status,
        pub previous: Option<Status>,
    }
}

fn task(title: &str, status: Status) -> Task {
    Task { id: 0, title: title.into(), status, previous: None }
}

backends! {
    async fn enums_are_stored_filtered_and_checked(pool) {
        Schema::new().model::<Task>().sync(&pool).await?;
        let mut a = task("a", Status::InProgress);
        a.previous = Some(Status::Open);
        a.insert(&pool).await?;
        task("b", Status::Closed).insert(&pool).await?;
        assert_eq!(Task::find(&pool, a.id).await?.as_ref(), Some(&a));
        let done = Task::query().filter(Task::STATUS.eq(Status::Closed)).all(&pool).await?;
        assert_eq!(done.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(), ["b"]);
        assert_eq!(Task::query().filter(Task::STATUS.in_([Status::Open, Status::InProgress])).count(&pool).await?, 1);
        assert_eq!(Task::query().filter(Task::PREVIOUS.eq(None)).count(&pool).await?, 1);

        // The schema holds the column to the values: a raw insert of another is refused.
        let dialect = Db::from(pool.clone()).dialect();
        let mut raw = Sql::new(dialect);
        raw.push("INSERT INTO tasks (title, status) VALUES ('c', 'someday')");
        assert!(raw.execute(&pool).await.is_err(), "the CHECK refuses a text that is no variant");

        // The schema `sync` made, checks included, is what the models describe.
        let verified = Schema::new().model::<Task>().verify(&pool).await;
        assert!(verified.is_ok(), "{verified:?}");
        Ok(())
    }

    async fn an_unknown_stored_value_names_enum_model_column_and_value(pool) {
        // A table made without the check: what another app (or an older schema) wrote.
        let mut create = Sql::new(Db::from(pool.clone()).dialect());
        create.push("CREATE TABLE tasks (id BIGINT PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL, previous TEXT)");
        create.execute(&pool).await?;
        let mut raw = Sql::new(Db::from(pool.clone()).dialect());
        raw.push("INSERT INTO tasks (id, title, status) VALUES (1, 'x', 'someday')");
        raw.execute(&pool).await?;
        let err = Task::find(&pool, 1).await.unwrap_err();
        match &err {
            Error::UnknownEnumValue { name, model, column, value } => {
                assert_eq!((*name, *model, column.as_str(), value.as_str()), ("Status", "Task", "status", "someday"), "{err}")
            }
            other => panic!("expected UnknownEnumValue, got {other:?}"),
        }
        let diff = Schema::new().model::<Task>().diff(&pool).await?;
        assert!(diff.iter().any(|d| d.kind == ChangeKind::AddCheck), "{diff:?}");
        Ok(())
    }

    async fn a_new_variant_is_a_migration(pool) {
        let db = Db::from(pool.clone());
        let dir = std::env::temp_dir().join(orm_tests::unique_name("orm_enum_migrations"));
        let outcome = async {
            let v1 = Schema::new().model::<Task>();
            migrate::generate(&v1, &db, &dir, "tasks", false).await?.expect("a file");
            migrate::apply(&db, &dir).await?;
            task("kept", Status::Closed).insert(&db).await?;
            let v2 = Schema::new().model::<more::Task>();
            let kinds: Vec<(ChangeKind, Option<String>)> = v2.diff(&db).await?.into_iter().map(|d| (d.kind, d.column)).collect();
            // For each enum column, the check of the old values goes and the new one comes.
            assert_eq!(kinds.iter().filter(|(k, _)| *k == ChangeKind::DropCheck).count(), 2, "{kinds:?}");
            let added: Vec<Option<&str>> = kinds.iter().filter(|(k, _)| *k == ChangeKind::AddCheck).map(|(_, c)| c.as_deref()).collect();
            assert_eq!(added, [Some("status"), Some("previous")], "{kinds:?}");
            // Until migrated, the old check refuses the new variant.
            let mut early = more::Task { id: 0, title: "early".into(), status: more::Status::Archived, previous: None };
            assert!(early.insert(&db).await.is_err());
            migrate::generate(&v2, &db, &dir, "archived", false).await?.expect("a file");
            migrate::apply(&db, &dir).await?;
            v2.verify(&db).await?;
            early.insert(&db).await?;
            let kept = more::Task::query().filter(more::Task::TITLE.eq("kept")).first(&db).await?.expect("the row survived");
            assert_eq!(kept.status, more::Status::Closed);
            assert!(migrate::generate(&v2, &db, &dir, "again", false).await?.is_none());
            Ok(())
        }
        .await;
        std::fs::remove_dir_all(&dir).ok();
        outcome
    }
}

#[test]
fn variants_are_stored_in_snake_case_unless_renamed() {
    assert_eq!(<Status as Enum>::VALUES, ["open", "in_progress", "done"]);
    assert_eq!(Status::InProgress.as_str(), "in_progress");
    assert_eq!(Status::from_text("done"), Some(Status::Closed));
    assert_eq!(Status::from_text("Closed"), None);
}
