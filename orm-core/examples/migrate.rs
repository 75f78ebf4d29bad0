//! Migrations generated from models. Without arguments, a walk-through on a temporary SQLite
//! file: version 1 of `Book` is created by a generated migration, version 2 adds columns, an
//! index and a rename, and the second file is printed before it is applied:
//!
//! ```text
//! cargo run -p orm-core --example migrate
//! ```
//!
//! With arguments it is the migration command of an app whose models are version 2 (the one
//! line an app's `src/bin/migrate.rs` needs is `orm_core::migrate::cli(schema).await`):
//!
//! ```text
//! DATABASE_URL=sqlite:app.db?mode=rwc cargo run -p orm-core --example migrate -- generate add_isbn
//! DATABASE_URL=sqlite:app.db?mode=rwc cargo run -p orm-core --example migrate -- apply
//! DATABASE_URL=sqlite:app.db?mode=rwc cargo run -p orm-core --example migrate -- status
//! ```

use orm_core::{Model, Schema, migrate};

mod v1 {
    #[derive(orm_core::Model, Debug)]
    #[model(table = "books")]
    pub struct Book {
        pub id: i64,
        pub title: String,
        pub subtitle: Option<String>,
    }
}

mod v2 {
    #[derive(orm_core::Model, Debug)]
    #[model(table = "books", index(title, edition))]
    pub struct Book {
        pub id: i64,
        pub title: String,
        #[model(renamed_from = "subtitle")]
        pub tagline: Option<String>,
        #[model(default = 1)]
        pub edition: i32,
        #[model(unique)]
        pub isbn: Option<String>,
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    if std::env::args().len() > 1 {
        return migrate::cli(Schema::new().model::<v2::Book>()).await;
    }
    match walk_through().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn walk_through() -> orm_core::Result<()> {
    let work = std::env::temp_dir().join(format!("orm-migrate-example-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("a temporary directory");
    let url = format!("sqlite:{}?mode=rwc", work.join("app.db").display());
    let dir = work.join("migrations");
    let db = orm_core::connect(&url).await?;

    // Version 1: the first migration creates the table.
    migrate::generate(&Schema::new().model::<v1::Book>(), &db, &dir, "create books", false).await?;
    migrate::apply(&db, &dir).await?;
    v1::Book { id: 0, title: "Dune".into(), subtitle: Some("Desert planet".into()) }.insert(&db).await?;

    // Version 2: the model changed; the diff is typed, the migration a file to review.
    let v2 = Schema::new().model::<v2::Book>();
    for difference in v2.diff(&db).await? {
        println!("{:?}: {difference}", difference.kind);
    }
    let file = migrate::generate(&v2, &db, &dir, "tagline edition isbn", false).await?.expect("changes");
    println!("\n{}:\n{}", file.display(), std::fs::read_to_string(&file).expect("the file"));
    migrate::apply(&db, &dir).await?;
    v2.verify(&db).await?;
    let book = v2::Book::find(&db, 1).await?.expect("the row survived");
    println!("after the migration: {book:?}");
    assert_eq!((book.tagline.as_deref(), book.edition), (Some("Desert planet"), 1));

    db.close().await;
    std::fs::remove_dir_all(&work).ok();
    Ok(())
}
