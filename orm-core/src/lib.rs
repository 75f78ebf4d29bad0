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
pub use dialect::{Backend, Dialect};
pub use error::{Dependent, Error, Result, SchemaDifference};
pub use include::{Association, Include, WithIncludes};
pub use model::Model;
pub use orm_derive::Model;
pub use query::{Column, Expr, Order, Query};
pub use schema::Schema;
pub use sqlx;
pub use sqlx::{AssertSqlSafe, SqlSafeStr};
pub use value::{Field, Key, PrimaryKey, SqlType, Value};

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
    pub use crate::association::belongs_to::{self, ForeignKeyField};
    pub use crate::association::{
        Action, AssociationDef, BelongsToDef, BelongsToManyDef, BelongsToOf, ForeignKey, GeneratedJunction, HasDef, Junction, JunctionOf,
        KeyType, LoadInto, Loading, Targets, TargetsMut, belongs_to_many, has_many, has_one, stored_value,
    };
    pub use crate::include::Link;
    pub use crate::model::ColumnDef;

    use crate::association::AssociationDef as Def;
    use crate::model::Model;

    /// Byte equality of two strings, in const context.
    pub const fn str_eq(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    /// The result of choosing one `#[belongs_to]` among a target's keys.
    pub enum Pick {
        /// Exactly this one.
        One(usize),
        /// None matches.
        None,
        /// Several match and nothing says which.
        Many,
    }

    /// The key named `column`, or the only one when no name is given.
    pub const fn pick<M>(keys: &[ForeignKey<M>], column: Option<&str>) -> Pick {
        match column {
            Some(name) => {
                let mut i = 0;
                while i < keys.len() {
                    if str_eq(keys[i].column, name) || str_eq(keys[i].field, name) {
                        return Pick::One(i);
                    }
                    i += 1;
                }
                Pick::None
            }
            None if keys.len() == 1 => Pick::One(0),
            None if keys.is_empty() => Pick::None,
            None => Pick::Many,
        }
    }

    /// [`pick`]'s index, `0` when it failed (the check beside it reports that).
    pub const fn pick_index<M>(keys: &[ForeignKey<M>], column: Option<&str>) -> usize {
        match pick(keys, column) {
            Pick::One(i) => i,
            _ => 0,
        }
    }

    /// The index of column `name` in `columns` (`0` when absent: a check reports that).
    pub const fn column_index(columns: &[ColumnDef], name: &str) -> usize {
        let mut i = 0;
        while i < columns.len() {
            if str_eq(columns[i].name, name) {
                return i;
            }
            i += 1;
        }
        0
    }

    /// How a many-to-many's inverse on the target looks.
    pub enum Inverse {
        /// A `#[belongs_to_many]` back through the same junction, keys swapped.
        Found,
        /// One back to the source, but through another junction (or other keys).
        Mismatch,
        /// None back to the source.
        Missing,
    }

    /// Looks in the target's associations for the inverse of a many-to-many from `source_table`.
    pub const fn inverse(target: &[Def], source_table: &str, junction: &Junction) -> Inverse {
        let mut found_other = false;
        let mut i = 0;
        while i < target.len() {
            if let Def::BelongsToMany(m) = &target[i]
                && str_eq(m.target_table, source_table)
            {
                let j = &m.junction;
                if str_eq(j.table, junction.table) && str_eq(j.foreign_key, junction.other_key) && str_eq(j.other_key, junction.foreign_key)
                {
                    return Inverse::Found;
                }
                found_other = true;
            }
            i += 1;
        }
        if found_other { Inverse::Mismatch } else { Inverse::Missing }
    }

    /// Whether `J`'s primary key is its own: none of its columns is `foreign_key` or `other_key`.
    pub const fn has_own_key<J: Model>(foreign_key: &str, other_key: &str) -> bool {
        let mut i = 0;
        while i < J::PRIMARY_KEY.len() {
            let c = J::COLUMNS[J::PRIMARY_KEY[i]].name;
            if str_eq(c, foreign_key) || str_eq(c, other_key) {
                return false;
            }
            i += 1;
        }
        !J::PRIMARY_KEY.is_empty()
    }

    /// Whether the inverse of a many-to-many (found as [`inverse`] finds it) says the same
    /// `unique`; `true` when there is none (that is reported on its own).
    pub const fn inverse_agrees_on_unique(target: &[Def], source_table: &str, junction: &Junction) -> bool {
        let mut i = 0;
        while i < target.len() {
            if let Def::BelongsToMany(m) = &target[i]
                && str_eq(m.target_table, source_table)
            {
                let j = &m.junction;
                if str_eq(j.table, junction.table) && str_eq(j.foreign_key, junction.other_key) && str_eq(j.other_key, junction.foreign_key)
                {
                    return j.unique == junction.unique;
                }
            }
            i += 1;
        }
        true
    }

    /// The primary-key column of a single-key model.
    pub const fn key_column<M: Model>() -> &'static str {
        M::COLUMNS[M::PRIMARY_KEY[0]].name
    }

    /// Compiles only if `T` is a model.
    pub const fn require_model<T: Model>() {}
    /// Compiles only if `T` has a `#[belongs_to]` to `S`.
    pub const fn require_belongs_to<T: BelongsToOf<S>, S: Model>() {}
    /// Compiles only if `J` can be a junction for `S`.
    pub const fn require_junction<J: JunctionOf<S>, S: Model>() {}
    /// Compiles only if `T`'s primary key is `K`.
    pub const fn require_key_type<T: KeyType<K>, K>() {}
    /// Compiles only if column `c` has type `K`.
    pub const fn require_column_type<M, K>(c: crate::Column<M, K>) -> &'static str {
        c.name()
    }
}
