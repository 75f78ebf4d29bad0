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
pub mod migrate;
pub mod model;
pub mod query;
pub mod schema;
pub mod sql;
mod transaction;
pub mod value;

pub use association::{BelongsTo, BelongsToMany, HasMany, HasOne};
#[cfg(feature = "mysql")]
pub use backend::mysql;
#[cfg(feature = "sqlite")]
pub use backend::sqlite;
pub use backend::{Backend, BoxFuture, Connection, Db, Done, Enum, Field, Key, PrimaryKey, Row, Transaction, connect};
pub use dialect::Dialect;
pub use error::{ChangeKind, Dependent, DriverError, Error, Result, SchemaDifference};
pub use include::{Association, Include, WithIncludes};
pub use model::{Keyed, Model};
pub use orm_derive::{Enum, Model};
pub use query::{Column, Expr, Order, Query};
pub use schema::{Migration, MigrationStep, Schema};
pub use sql::{AssertSqlSafe, SqlSafeStr};
pub use sqlx;
pub use value::{SqlType, Value};

/// What the derive's generated code calls. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::association::accessors::{belongs_to_many, has_many, has_one};
    pub use crate::association::belongs_to::{self, ForeignKeyField};
    pub use crate::association::pairing::*;
    pub use crate::association::{AsModel, KeyNullable, LoadInto, Loading, OptionalKey, Select, Targets, TargetsMut, key_of, stored_value};
    pub use crate::backend::BoxFuture;
    pub use crate::include::Link;
    pub use crate::model::hooks::{NoHooks, OwnHooks};
    pub use crate::model::{
        Action, AssociationDef, BelongsToDef, BelongsToManyDef, ColumnDef, ColumnDefault, ColumnRole, ColumnType, DefaultFor, DeletedStamp,
        ForeignKey, GeneratedJunction, HasDef, Identity, IndexDef, Junction, Timestamp,
    };
}
