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
    pub use crate::association::{
        Action, AsModel, AssociationDef, BelongsToDef, BelongsToManyDef, ForeignKey, GeneratedJunction, HasDef, Identity, Junction,
        KeyNullable, LoadInto, Loading, OptionalKey, Select, Targets, TargetsMut, key_of, stored_value,
    };
    pub use crate::backend::BoxFuture;
    pub use crate::include::Link;
    pub use crate::model::ColumnDef;

    use crate::association::AssociationDef as Def;

    /// What the derive uses of a column's type: every use goes through this one trait, so an
    /// unsupported type is one error, not one per use.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be a column type",
        label = "unsupported column type",
        note = "columns are i16, i32, i64, f32, f64, bool, String, Vec<u8>, Option of those, and with crate features \
                chrono, uuid and serde_json types; an association field needs its `#[belongs_to]`/`#[has_many]`/... attribute"
    )]
    pub trait ColumnType: Sized {
        /// [`Field::SQL_TYPE`](crate::Field::SQL_TYPE).
        const SQL_TYPE: crate::SqlType;
        /// [`Field::NULLABLE`](crate::Field::NULLABLE).
        const NULLABLE: bool;
        /// [`Field::to_value`](crate::Field::to_value).
        fn to_value(&self) -> crate::Value;
        /// [`Backend::get`](crate::Backend::get).
        fn get<DB: crate::Backend>(row: &DB::Row, index: usize) -> std::result::Result<Self, sqlx::Error>;
    }
    #[diagnostic::do_not_recommend]
    impl<T: crate::Field> ColumnType for T {
        const SQL_TYPE: crate::SqlType = T::SQL_TYPE;
        const NULLABLE: bool = T::NULLABLE;
        #[inline]
        fn to_value(&self) -> crate::Value {
            crate::Field::to_value(self)
        }
        #[inline]
        fn get<DB: crate::Backend>(row: &DB::Row, index: usize) -> std::result::Result<Self, sqlx::Error> {
            DB::get::<T>(row, index)
        }
    }

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

    /// Among the keys to the model `target` (an [`Identity::ID`]), the one named `column` (its
    /// column or field), or the only one when no name is given.
    pub const fn pick<M>(keys: &[ForeignKey<M>], target: &str, column: Option<&str>) -> Pick {
        let mut found = Pick::None;
        let mut i = 0;
        while i < keys.len() {
            let k = &keys[i];
            if str_eq(k.target, target) {
                match column {
                    Some(name) => {
                        if str_eq(k.column, name) || str_eq(k.field, name) {
                            return Pick::One(i);
                        }
                    }
                    None => {
                        found = match found {
                            Pick::None => Pick::One(i),
                            _ => Pick::Many,
                        }
                    }
                }
            }
            i += 1;
        }
        found
    }

    /// The key [`pick`] picks, or `fallback` when it fails (the check beside it reports that).
    pub const fn picked<'a, M>(
        keys: &'a [ForeignKey<M>],
        target: &str,
        column: Option<&str>,
        fallback: &'a ForeignKey<M>,
    ) -> &'a ForeignKey<M> {
        match pick(keys, target, column) {
            Pick::One(i) => &keys[i],
            _ => fallback,
        }
    }

    /// A key that pairs with nothing, for [`picked`]'s fallback (never used at run time: the
    /// check that failed stops the build).
    pub const fn no_key<M>() -> ForeignKey<M> {
        ForeignKey {
            field: "",
            target: "",
            column: "",
            target_column: "",
            target_table: "",
            nullable: true,
            get: |_| crate::Value::Null(crate::SqlType::Text),
            set: |_, _| false,
        }
    }

    /// The index of the column named `name` (its column or field name), if any.
    pub const fn find_column(columns: &[ColumnDef], name: &str) -> Option<usize> {
        let mut i = 0;
        while i < columns.len() {
            if str_eq(columns[i].name, name) || str_eq(columns[i].field, name) {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// The index of column `name` in `columns` (`0` when absent: a check reports that).
    pub const fn column_index(columns: &[ColumnDef], name: &str) -> usize {
        match find_column(columns, name) {
            Some(i) => i,
            None => 0,
        }
    }

    /// The stored name of the column `name` names, `""` when absent (a check reports that).
    pub const fn column_name(columns: &[ColumnDef], name: &str) -> &'static str {
        match find_column(columns, name) {
            Some(i) => columns[i].name,
            None => "",
        }
    }

    /// Whether two column types are the same SQL type.
    pub const fn same_type(a: crate::SqlType, b: crate::SqlType) -> bool {
        a as u8 == b as u8
    }

    /// How a many-to-many's inverse on the target looks.
    pub enum Inverse {
        /// A `#[belongs_to_many]` back through the same junction, keys swapped.
        Found,
        /// One back to the source through the same junction, but with the keys not swapped.
        KeysNotSwapped,
        /// As [`Inverse::KeysNotSwapped`], reported by the other side.
        Reported,
        /// One back to the source through another junction model or table of the same name.
        SameTable,
        /// One back to the source, but through another junction.
        Mismatch,
        /// None back to the source.
        Missing,
    }

    /// Whether `a` sorts before `b`, bytewise.
    pub const fn str_lt(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let mut i = 0;
        while i < a.len() && i < b.len() {
            if a[i] != b[i] {
                return a[i] < b[i];
            }
            i += 1;
        }
        a.len() < b.len()
    }

    /// Whether the side `(source, name)` of a many-to-many reports a mistake both sides see
    /// (`target`, `other` being the other side), so that it gives one error, not two: the
    /// model whose [`Identity::ID`] sorts first, or in a self many-to-many the name that does.
    pub const fn reports(source: &str, target: &str, name: &str, other: &str) -> bool {
        str_lt(source, target) || (str_eq(source, target) && str_lt(name, other))
    }

    /// The junction of the target's many-to-many back to `source_table` through the junction
    /// model `through`, if it declares one (its keys are `""` where they did not resolve).
    pub const fn inverse_junction<'a>(target: &'a [Def], source_table: &str, through: &str) -> Option<&'a Junction> {
        let mut i = 0;
        while i < target.len() {
            if let Def::BelongsToMany(m) = &target[i]
                && str_eq(m.target_table, source_table)
                && str_eq(m.junction.through, through)
            {
                return Some(&m.junction);
            }
            i += 1;
        }
        None
    }

    /// Looks in the target's associations for the inverse of the many-to-many `name` from
    /// `source_table` (`source` and `target` are the two models' [`Identity::ID`]s). A mistake
    /// that both sides see is reported by one of them ([`reports`]); the other gets
    /// [`Inverse::Reported`].
    pub const fn inverse(target: &[Def], source_table: &str, junction: &Junction, name: &str, ids: (&str, &str)) -> Inverse {
        // Two equal keys, or keys that did not resolve (`""`), are reported by the junction's
        // check; an inverse cannot be told apart.
        if str_eq(junction.foreign_key, junction.other_key) || junction.foreign_key.is_empty() || junction.other_key.is_empty() {
            return Inverse::Found;
        }
        let mut best = Inverse::Missing;
        let mut other_reports = false;
        let mut i = 0;
        while i < target.len() {
            if let Def::BelongsToMany(m) = &target[i]
                && str_eq(m.target_table, source_table)
            {
                let j = &m.junction;
                let itself = str_eq(m.name, name) && str_eq(j.table, junction.table) && str_eq(j.foreign_key, junction.foreign_key);
                if itself {
                    // A self many-to-many sees its own declaration among the target's.
                } else if str_eq(j.table, junction.table)
                    && str_eq(j.through, junction.through)
                    && (j.foreign_key.is_empty() || j.other_key.is_empty())
                {
                    // The other side's keys did not resolve: its own check reports that.
                    return Inverse::Found;
                } else if str_eq(j.table, junction.table) {
                    if !str_eq(j.through, junction.through) {
                        best = Inverse::SameTable;
                    } else if str_eq(j.foreign_key, junction.other_key) && str_eq(j.other_key, junction.foreign_key) {
                        return Inverse::Found;
                    } else if !matches!(best, Inverse::SameTable) {
                        best = Inverse::KeysNotSwapped;
                    }
                } else if matches!(best, Inverse::Missing) {
                    best = Inverse::Mismatch;
                }
                if !itself && !matches!(best, Inverse::Missing) && !reports(ids.0, ids.1, name, m.name) {
                    other_reports = true;
                }
            }
            i += 1;
        }
        if other_reports { Inverse::Reported } else { best }
    }

    /// Whether `J`'s primary key is its own: none of its columns is `foreign_key` or `other_key`.
    pub const fn has_own_key<J: crate::model::Model>(foreign_key: &str, other_key: &str) -> bool {
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

    /// The name of a `#[has_one]`/`#[has_many]` among `defs` (a target's associations) whose
    /// target is the table `table`, if any: the target owns the pair too.
    pub const fn owned_back(defs: &[Def], table: &str) -> Option<&'static str> {
        let mut i = 0;
        while i < defs.len() {
            if let Def::HasOne(h) | Def::HasMany(h) = &defs[i]
                && str_eq(h.target_table, table)
            {
                return Some(h.name);
            }
            i += 1;
        }
        None
    }
}
