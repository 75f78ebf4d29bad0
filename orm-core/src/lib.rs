//! A typed association ORM on sqlx: Sequelize's `hasOne` / `belongsTo` / `hasMany` /
//! `belongsToMany`, checked by the compiler.
//!
//! ```
//! use orm_core::{BelongsTo, HasMany, Model, Schema};
//!
//! #[derive(Model, Debug)]
//! struct User {
//!     id: i64,
//!     name: String,
//!     #[has_many]
//!     comments: HasMany<Comment>,
//! }
//!
//! #[derive(Model, Debug)]
//! struct Comment {
//!     id: i64,
//!     body: String,
//!     #[belongs_to]
//!     user: BelongsTo<User>,
//! }
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let pool = orm_core::sqlite::memory().await?;
//! Schema::new().model::<User>().model::<Comment>().sync(&pool).await?;
//! let mut ada = User { id: 0, name: "ada".into(), comments: Default::default() };
//! ada.insert(&pool).await?;
//! ada.create_comment(&pool, Comment { id: 0, body: "hi".into(), user: Default::default() }).await?;
//! assert_eq!(ada.count_comments(&pool).await?, 1);
//! # Ok::<(), orm_core::Error>(()) }).unwrap();
//! ```
#![deny(missing_docs)]

extern crate self as orm_core;

pub mod association;
pub mod backend;
pub mod dialect;
mod error;
pub mod include;
pub mod model;
pub mod query;
pub mod schema;
pub mod sql;
mod transaction;
pub mod value;

pub use association::{BelongsTo, BelongsToMany, HasMany, HasOne};
pub use backend::{Backend, Field, Key, PrimaryKey};
pub use dialect::Dialect;
pub use error::{Dependent, Error, Result, SchemaDifference};
pub use include::{Association, Include, WithIncludes};
pub use model::{Keyed, Model};
pub use orm_derive::Model;
pub use query::{Column, Expr, Order, Query};
pub use schema::Schema;
pub use sqlx;
pub use sqlx::{AssertSqlSafe, SqlSafeStr};
pub use value::{SqlType, Value};

/// Embedded SQLite connections with foreign-key enforcement on.
#[cfg(feature = "sqlite")]
pub mod sqlite {
    use std::str::FromStr;
    use std::sync::{Arc, Mutex};

    use sqlx::ConnectOptions;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

    /// A pool over one private in-memory database. The data lives as long as the pool: a
    /// connection of its own, outside the pool, keeps the database open, so a connection the
    /// pool closes (e.g. after a call was cancelled halfway) takes nothing with it.
    pub async fn memory() -> crate::Result<SqlitePool> {
        // sqlx names each `:memory:` database (`file:sqlx-in-memory-N`, shared cache), so every
        // connection made from these options opens the same one.
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        let keeper = Arc::new(Mutex::new(options.connect().await?));
        Ok(SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            // The pool keeps its options, and so this closure, until it is dropped: the keeper
            // lives exactly as long as the pool.
            .after_connect(move |_, _| {
                let _keeper = &keeper;
                Box::pin(async { Ok(()) })
            })
            .connect_with(options)
            .await?)
    }

    /// A pool over the database at `url` (e.g. `sqlite://app.db?mode=rwc`), with foreign keys on.
    pub async fn connect(url: &str) -> crate::Result<SqlitePool> {
        let options = SqliteConnectOptions::from_str(url)?.foreign_keys(true);
        Ok(SqlitePoolOptions::new().connect_with(options).await?)
    }
}

/// MariaDB/MySQL pools that survive cancelled calls.
#[cfg(feature = "mysql")]
pub mod mysql {
    use std::str::FromStr;
    use std::time::Duration;

    use sqlx::Connection;
    use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};

    /// How long a connection coming back to the pool may take to answer a ping.
    const RELEASE_CHECK: Duration = Duration::from_secs(2);

    /// Pool options that discard a connection left halfway through a statement. A call dropped
    /// mid-statement (by `tokio::time::timeout` or `select!`) can leave sqlx-mysql 0.9's
    /// connection waiting for a reply the server never sends; the pool's own check on release
    /// then waits forever and holds a slot, so the next calls hang. Here that check is bounded
    /// and such a connection is closed instead (its transaction, never committed, is rolled
    /// back by the server).
    ///
    /// ```no_run
    /// # async fn f() -> orm_core::Result<()> {
    /// let pool = orm_core::mysql::pool_options().max_connections(8).connect("mysql://root@localhost/app").await?;
    /// # Ok(()) }
    /// ```
    pub fn pool_options() -> MySqlPoolOptions {
        MySqlPoolOptions::new().after_release(|conn, _| {
            Box::pin(async move {
                // `false` closes the connection; a healthy one answers at once.
                Ok(matches!(tokio::time::timeout(RELEASE_CHECK, conn.ping()).await, Ok(Ok(()))))
            })
        })
    }

    /// A pool over the database at `url` built with [`pool_options`].
    pub async fn connect(url: &str) -> crate::Result<MySqlPool> {
        let options = MySqlConnectOptions::from_str(url)?;
        Ok(pool_options().connect_with(options).await?)
    }
}

/// What the derive's generated code calls. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::association::accessors::{belongs_to_many, has_many, has_one};
    pub use crate::association::belongs_to::{self, ForeignKeyField};
    pub use crate::association::pairing::*;
    pub use crate::association::{AsModel, KeyNullable, LoadInto, Loading, OptionalKey, Select, Targets, TargetsMut, key_of, stored_value};
    pub use crate::backend::BoxFuture;
    pub use crate::include::Link;
    pub use crate::model::{
        Action, AssociationDef, BelongsToDef, BelongsToManyDef, ColumnDef, ColumnType, ForeignKey, GeneratedJunction, HasDef, Identity,
        Junction,
    };
}
