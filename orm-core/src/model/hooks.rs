//! Hooks and validation a model may implement (Sequelize's `validate` and `before*`/`after*`
//! hooks), called by every write path of the ORM inside the transaction of the write.
//!
//! A model opts in with `#[model(hooks)]` and an `impl Hooks for …`; the others get
//! [`NoHooks`], which runs nothing. Where it writes rows of a hooked model, the ORM runs `validate`,
//! then the `before_*` hook, the write and the `after_*` hook in one transaction (a savepoint
//! inside the caller's): an error of any of them undoes the write, and the error is the call's.

use crate::backend::{BoxFuture, Connection};
use crate::error::Result;

/// Why a model instance is invalid: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The field that is invalid.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

impl Invalid {
    /// `field` is invalid because of `message`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Invalid { field, message: message.into() }
    }
}

fn done<'a>() -> BoxFuture<'a, Result<()>> {
    Box::pin(std::future::ready(Ok(())))
}

/// Validation and lifecycle hooks of a model: implement the ones needed (each defaults to doing
/// nothing) and mark the model `#[model(hooks)]`. The async hooks get the connection of the
/// write's transaction; `validate`, the `before_*` hook, the write and the `after_*` hook run in
/// one transaction (a savepoint inside the caller's), so an error of any undoes all.
///
/// | Sequelize | here |
/// |---|---|
/// | `validate` (model and attribute validators), `beforeValidate`/`afterValidate` | [`Hooks::validate`] (sync, before any `before_*` hook; its error is [`Error::Validation`](crate::Error::Validation) naming the model and field) |
/// | `beforeCreate`/`afterCreate`, `beforeBulkCreate`/`afterBulkCreate` | [`Hooks::before_insert`]/[`Hooks::after_insert`], per row, on `insert`, `insert_all`, `create_*`, `add_*_with` |
/// | `beforeUpdate`/`afterUpdate`, `beforeSave`/`afterSave` | [`Hooks::before_update`]/[`Hooks::after_update`] on `update` and on the rows an accessor changes in memory: `set_*`/`create_*` of a belongs_to (the source), `add_*`/`remove_*`/`set_*` of a has_many (the targets passed), `update_*_with` (the junction row) |
/// | `beforeDestroy`/`afterDestroy` | [`Hooks::before_delete`]/[`Hooks::after_delete`] on `delete` and `force_delete` |
/// | `beforeBulkUpdate`, `beforeBulkDestroy`, `beforeRestore`, `beforeFind`, `beforeSync`, connection hooks | not mapped: a `Query::delete` or a junction link without an instance has no row to hand a hook; reads are not writes |
///
/// ```
/// use orm_core::model::{Hooks, Invalid};
/// use orm_core::{BoxFuture, Connection, Error, Model, Schema};
///
/// #[derive(Model, Debug)]
/// #[model(hooks)]
/// struct User { id: i64, email: String }
///
/// impl Hooks for User {
///     fn validate(&self) -> Result<(), Invalid> {
///         if self.email.contains('@') { Ok(()) } else { Err(Invalid::new("email", "is not an address")) }
///     }
///     fn before_insert<'a>(&'a mut self, _db: &'a mut dyn Connection) -> BoxFuture<'a, orm_core::Result<()>> {
///         Box::pin(async move {
///             self.email = self.email.to_lowercase();
///             Ok(())
///         })
///     }
/// }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let pool = orm_core::sqlite::memory().await?;
/// Schema::new().model::<User>().sync(&pool).await?;
/// let mut ada = User { id: 0, email: "Ada@Example.com".into() };
/// ada.insert(&pool).await?;
/// assert_eq!(ada.email, "ada@example.com");
/// let err = User { id: 0, email: "nobody".into() }.insert(&pool).await.unwrap_err();
/// assert!(matches!(err, Error::Validation { model: "User", field: "email", .. }));
/// # Ok::<(), orm_core::Error>(()) }).unwrap();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` says `#[model(hooks)]` but has no `impl Hooks for {Self}`",
    label = "no `impl Hooks for {Self}`",
    note = "write `impl orm_core::model::Hooks for {Self} {{ … }}` with the hooks it needs, or remove `hooks` from `#[model(...)]`"
)]
pub trait Hooks: Sized + Send + Sync {
    /// Checks the instance before it is inserted or updated.
    fn validate(&self) -> std::result::Result<(), Invalid> {
        Ok(())
    }
    /// Before the row is inserted (after `validate`).
    fn before_insert<'a>(&'a mut self, _db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    /// After the row is inserted (its generated key and timestamps are in the instance).
    fn after_insert<'a>(&'a mut self, _db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    /// Before the row is updated (after `validate`).
    fn before_update<'a>(&'a mut self, _db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    /// After the row is updated.
    fn after_update<'a>(&'a mut self, _db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    /// Before the row is deleted (soft or not).
    fn before_delete<'a>(&'a self, _db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    /// After the row is deleted.
    fn after_delete<'a>(&'a self, _db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
}

/// How a model's writes reach its hooks: [`NoHooks`] for a model without `#[model(hooks)]`,
/// [`OwnHooks`] (its `impl Hooks`) for one with. The derive names one as `Model::Lifecycle`, so
/// a missing `impl Hooks` is one error there, not one per use of the model.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{M}` says `#[model(hooks)]` but has no `impl Hooks for {M}`",
    label = "`#[model(hooks)]` needs `impl orm_core::model::Hooks for {M}`",
    note = "write the impl with the hooks it needs, or remove `hooks` from `#[model(...)]`"
)]
pub trait HookSet<M>: 'static {
    /// Whether there is anything to run (the write then opens a transaction for it).
    const HOOKED: bool;
    fn validate(m: &M) -> std::result::Result<(), Invalid>;
    fn before_insert<'a>(m: &'a mut M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>>;
    fn after_insert<'a>(m: &'a mut M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>>;
    fn before_update<'a>(m: &'a mut M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>>;
    fn after_update<'a>(m: &'a mut M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>>;
    fn before_delete<'a>(m: &'a M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>>;
    fn after_delete<'a>(m: &'a M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>>;
}

/// The hooks of a model without `#[model(hooks)]`: none.
#[doc(hidden)]
pub struct NoHooks;

/// The hooks of a model with `#[model(hooks)]`: its `impl Hooks`.
#[doc(hidden)]
pub struct OwnHooks;

impl<M> HookSet<M> for NoHooks {
    const HOOKED: bool = false;
    fn validate(_: &M) -> std::result::Result<(), Invalid> {
        Ok(())
    }
    fn before_insert<'a>(_: &'a mut M, _: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    fn after_insert<'a>(_: &'a mut M, _: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    fn before_update<'a>(_: &'a mut M, _: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    fn after_update<'a>(_: &'a mut M, _: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    fn before_delete<'a>(_: &'a M, _: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
    fn after_delete<'a>(_: &'a M, _: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        done()
    }
}

#[diagnostic::do_not_recommend]
impl<M: Hooks> HookSet<M> for OwnHooks {
    const HOOKED: bool = true;
    fn validate(m: &M) -> std::result::Result<(), Invalid> {
        m.validate()
    }
    fn before_insert<'a>(m: &'a mut M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        m.before_insert(db)
    }
    fn after_insert<'a>(m: &'a mut M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        m.after_insert(db)
    }
    fn before_update<'a>(m: &'a mut M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        m.before_update(db)
    }
    fn after_update<'a>(m: &'a mut M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        m.after_update(db)
    }
    fn before_delete<'a>(m: &'a M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        m.before_delete(db)
    }
    fn after_delete<'a>(m: &'a M, db: &'a mut dyn Connection) -> BoxFuture<'a, Result<()>> {
        m.after_delete(db)
    }
}

/// Whether `M`'s writes run hooks.
pub(crate) fn hooked<M: super::Model>() -> bool {
    <M::Lifecycle as HookSet<M>>::HOOKED
}

/// `validate`, as the call's error.
pub(crate) fn validate<M: super::Model>(m: &M) -> Result<()> {
    <M::Lifecycle as HookSet<M>>::validate(m).map_err(|i| crate::error::Error::Validation {
        model: M::MODEL,
        field: i.field,
        message: i.message,
    })
}

pub(crate) async fn before_insert<M: super::Model>(m: &mut M, db: &mut dyn Connection) -> Result<()> {
    <M::Lifecycle as HookSet<M>>::before_insert(m, db).await
}

pub(crate) async fn after_insert<M: super::Model>(m: &mut M, db: &mut dyn Connection) -> Result<()> {
    <M::Lifecycle as HookSet<M>>::after_insert(m, db).await
}

pub(crate) async fn before_update<M: super::Model>(m: &mut M, db: &mut dyn Connection) -> Result<()> {
    <M::Lifecycle as HookSet<M>>::before_update(m, db).await
}

pub(crate) async fn after_update<M: super::Model>(m: &mut M, db: &mut dyn Connection) -> Result<()> {
    <M::Lifecycle as HookSet<M>>::after_update(m, db).await
}

pub(crate) async fn before_delete<M: super::Model>(m: &M, db: &mut dyn Connection) -> Result<()> {
    <M::Lifecycle as HookSet<M>>::before_delete(m, db).await
}

pub(crate) async fn after_delete<M: super::Model>(m: &M, db: &mut dyn Connection) -> Result<()> {
    <M::Lifecycle as HookSet<M>>::after_delete(m, db).await
}

/// `validate` and `before_update` of each of `rows` of a hooked model, in the write's
/// transaction (nothing for a model without hooks).
pub(crate) async fn before_update_all<T: super::Model>(rows: &mut [&mut T], db: &mut dyn Connection) -> Result<()> {
    if hooked::<T>() {
        for row in rows.iter_mut() {
            validate(&**row)?;
            before_update(&mut **row, db).await?;
        }
    }
    Ok(())
}

/// `after_update` of each of `rows` (already holding what was written), in the transaction.
pub(crate) async fn after_update_all<T: super::Model>(rows: &mut [&mut T], db: &mut dyn Connection) -> Result<()> {
    if hooked::<T>() {
        for row in rows.iter_mut() {
            after_update(&mut **row, db).await?;
        }
    }
    Ok(())
}
