//! `#[has_many] comments: HasMany<Comment>`: the foreign key is on the target
//! (`Comment`'s `#[belongs_to] user`). `#[has_one]` reuses these calls with at most one target.

use super::loaded::{LoadInto, Loaded, Loading};
use crate::backend::{Connection, PrimaryKey, fetch_map};
use crate::error::{Error, Result};
use crate::model::ForeignKey;
use crate::model::Model;
use crate::model::hooks;
use crate::model::stamps::{self, Now};
use crate::query::{Node, Op, Query, keys_node};
use crate::sql::{Select, TableRef, Update, col};
use crate::transaction::{atomic, lock_owner};
use crate::value::Value;

/// The targets of a `#[has_many]` association, once eager-loaded.
pub struct HasMany<T> {
    loaded: Loaded<Vec<T>>,
}

impl<T: 'static> HasMany<T> {
    /// The loaded targets; `None` when the association was not loaded (as opposed to loaded and
    /// empty).
    pub fn loaded(&self) -> Option<&[T]> {
        self.loaded.get().map(Vec::as_slice)
    }
}

impl<T> HasMany<T> {
    /// Whether an include loaded this association.
    pub fn is_loaded(&self) -> bool {
        self.loaded.is_loaded()
    }
}

impl<T: Send + Sync + 'static> LoadInto<T, ()> for HasMany<T> {
    fn load_into(&mut self, rows: Loading<T, ()>) {
        let targets = rows.rows.into_iter().map(|(target, ())| target).collect();
        self.loaded.set(targets, rows.copy.target, |targets: &Vec<T>, copy| targets.iter().map(copy).collect());
    }
}

impl<T> Default for HasMany<T> {
    fn default() -> Self {
        HasMany { loaded: Loaded::default() }
    }
}
impl<T> Clone for HasMany<T> {
    fn clone(&self) -> Self {
        HasMany { loaded: self.loaded.clone() }
    }
}
impl<T: std::fmt::Debug + 'static> std::fmt::Debug for HasMany<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.loaded() {
            Some(v) => f.debug_list().entries(v).finish(),
            None => f.write_str("HasMany(not loaded)"),
        }
    }
}
impl<T: PartialEq + 'static> PartialEq for HasMany<T> {
    fn eq(&self, other: &Self) -> bool {
        self.loaded == other.loaded
    }
}

fn target_keys<T: Model>(targets: &[&mut T]) -> Result<Vec<T::Key>> {
    targets
        .iter()
        .map(|t| {
            let k = t.key();
            if <T::Key as PrimaryKey>::AUTO_INCREMENT && k.is_unset() { Err(Error::Unsaved { model: T::MODEL }) } else { Ok(k) }
        })
        .collect()
}

/// The targets whose foreign key holds `key`.
#[doc(hidden)]
pub fn query<T: Model>(fk: &ForeignKey<T>, key: Value) -> Query<T> {
    Query::new().filter_node(Node::Cmp(fk.column, Op::Eq, key))
}

/// The targets linked to `owner` (its `column` holds the key).
#[doc(hidden)]
pub async fn get<S: Model, T: Model>(mut db: impl Connection, fk: &ForeignKey<T>, owner: &S, column: usize) -> Result<Vec<T>> {
    query(fk, super::stored_value(owner, column)?).all(&mut db).await
}

/// How many targets are linked to `owner`.
#[doc(hidden)]
pub async fn count<S: Model, T: Model>(mut db: impl Connection, fk: &ForeignKey<T>, owner: &S, column: usize) -> Result<i64> {
    query::<T>(fk, super::stored_value(owner, column)?).count(&mut db).await
}

/// Whether every one of `targets` is linked to `key`.
#[doc(hidden)]
pub async fn has<S: Model, T: Model>(
    mut db: impl Connection,
    fk: &ForeignKey<T>,
    owner: &S,
    column: usize,
    targets: Vec<&T>,
) -> Result<bool> {
    let key = super::stored_value(owner, column)?;
    let keys: Vec<T::Key> = targets.iter().map(|t| t.key()).collect::<std::collections::HashSet<_>>().into_iter().collect();
    if keys.is_empty() {
        return Ok(true);
    }
    let n = query(fk, key).filter_node(keys_node::<T>(&keys)).count(&mut db).await?;
    Ok(n == keys.len() as i64)
}

/// Links `targets` to `key` (sets their key to it, rows listed by primary key), and in memory. Locks
/// the owner first, like every call that changes its links (see `transaction`).
#[doc(hidden)]
pub async fn add<S: Model, T: Model>(
    mut db: impl Connection,
    fk: &ForeignKey<T>,
    owner: &S,
    column: usize,
    mut targets: Vec<&mut T>,
) -> Result<()> {
    let key = super::stored_value(owner, column)?;
    let keys = target_keys(&targets)?;
    if keys.is_empty() {
        return Ok(());
    }
    let now = Now::new();
    let stamp = stamps::updated(T::COLUMNS, now);
    atomic!(&mut db, |tx| {
        lock_owner(tx, fk.target_table, fk.target_column, &key).await?;
        lock_targets::<T>(tx, fk, &key, &keys, false).await?;
        hooks::before_update_all(&mut targets, tx).await?;
        link::<T>(tx, fk, &key, &keys, now).await?;
        if hooks::hooked::<T>() {
            hold_links(fk, &mut targets, &key, &stamp);
            hooks::after_update_all(&mut targets, tx).await?;
        }
    })?;
    hold_links(fk, &mut targets, &key, &stamp);
    for t in &mut targets {
        (fk.set)(t, &key);
    }
    Ok(())
}

/// The targets of `T` as a table of its model.
fn table<T: Model>() -> TableRef {
    TableRef::of(T::TABLE, T::MODEL)
}

/// Points the rows keyed `keys` at `key`, their `updated_at` set to `now`.
fn link_update<T: Model>(fk: &ForeignKey<T>, key: &Value, keys: &[T::Key], now: Now) -> Update {
    stamps::touch::<T>(Update::table(table::<T>()).set(fk.column, key.clone()), now).0.filter(keys_node::<T>(keys))
}

/// Holds in `targets` what linking them to `key` stored: the key, and the `updated_at` stamp.
/// A hooked model's `after_update` sees it inside the transaction; every caller holds it once
/// the write has committed.
fn hold_links<T: Model>(fk: &ForeignKey<T>, targets: &mut [&mut T], key: &Value, stamp: &[(usize, Value)]) {
    for t in targets.iter_mut() {
        (fk.set)(t, key);
        stamps::hold(&mut **t, stamp);
    }
}

/// Locks, in primary-key order, every target row the call will write: those linked to `key`
/// (when `linked`) and those in `keys`. The second lock of a call, after the owner's: two calls
/// on different owners that move the same targets then take them in one order, never crosswise.
async fn lock_targets<T: Model>(tx: &mut dyn Connection, fk: &ForeignKey<T>, key: &Value, keys: &[T::Key], linked: bool) -> Result<()> {
    // SQLite has no row locks (its writers queue on the database), so nothing is sent.
    if !tx.dialect().locks_rows() || (keys.is_empty() && !linked) {
        return Ok(());
    }
    let filter = match (linked, keys.is_empty()) {
        (true, true) => Node::eq(fk.column, key.clone()),
        (true, false) => Node::Or(Box::new(Node::eq(fk.column, key.clone())), Box::new(keys_node::<T>(keys))),
        (false, _) => keys_node::<T>(keys),
    };
    let select = T::PRIMARY_KEY
        .iter()
        .fold(Select::from(table::<T>()).one().filter(filter), |s, &i| s.order_by(col(T::TABLE, T::COLUMNS[i].name), None))
        .lock();
    fetch_map(tx, select, |_| Ok(())).await?;
    Ok(())
}

fn require_nullable<T: Model>(fk: &ForeignKey<T>, what: &str) -> Result<()> {
    if fk.nullable {
        return Ok(());
    }
    Err(Error::Association(format!(
        "cannot {what} `{}` rows: their `#[belongs_to] {}` is required (not `Option<BelongsTo<..>>`); delete them instead, or make the key optional",
        T::MODEL,
        fk.field
    )))
}

/// Unlinks `targets` from `key` (sets their key to `NULL`; the key must be optional).
#[doc(hidden)]
pub async fn remove<S: Model, T: Model>(
    mut db: impl Connection,
    fk: &ForeignKey<T>,
    owner: &S,
    column: usize,
    mut targets: Vec<&mut T>,
) -> Result<()> {
    let key = super::stored_value(owner, column)?;
    require_nullable(fk, "remove")?;
    let keys = target_keys(&targets)?;
    if keys.is_empty() {
        return Ok(());
    }
    let now = Now::new();
    let null = Value::Null(key.sql_type());
    let stamp = stamps::updated(T::COLUMNS, now);
    atomic!(&mut db, |tx| {
        lock_owner(tx, fk.target_table, fk.target_column, &key).await?;
        let mut linked: Vec<&mut T> = targets.iter_mut().filter(|t| (fk.get)(t) == key).map(|t| &mut **t).collect();
        hooks::before_update_all(&mut linked, tx).await?;
        let unlink = stamps::touch::<T>(Update::table(table::<T>()).set_null(fk.column), now).0;
        let unlink = unlink.filter(Node::eq(fk.column, key.clone())).filter(keys_node::<T>(&keys));
        tx.execute(unlink.into()).await?;
        if hooks::hooked::<T>() {
            for t in &mut linked {
                (fk.set)(t, &null);
                stamps::hold(&mut **t, &stamp);
            }
            hooks::after_update_all(&mut linked, tx).await?;
        }
    })?;
    for t in &mut targets {
        if (fk.get)(t) == key {
            (fk.set)(t, &null);
            stamps::hold(&mut **t, &stamp);
        }
    }
    Ok(())
}

/// [`remove`] as the boxed future of `remove_*`, whose signature carries the optional-key bound
/// (so it cannot be an `async fn`). Boxed here so that its `Send` is proven once, in this crate,
/// rather than for every association in the user's.
#[doc(hidden)]
pub fn remove_boxed<'f, 't: 'f, S: Model, T: Model>(
    db: impl Connection + 'f,
    fk: &'f ForeignKey<T>,
    owner: &'f S,
    column: usize,
    targets: Vec<&'t mut T>,
) -> super::BoxedCall<'f> {
    Box::pin(async move { remove(db, fk, owner, column, targets).await })
}

/// [`set`] as the boxed future of `set_*`, which exists only for an optional key (its signature
/// carries that bound, as `remove_*`'s does). Boxed here so that its `Send` is proven once, in
/// this crate, rather than for every association in the user's.
#[doc(hidden)]
pub fn set_boxed<'f, 't: 'f, S: Model, T: Model>(
    db: impl Connection + 'f,
    fk: &'f ForeignKey<T>,
    owner: &'f S,
    column: usize,
    targets: Vec<&'t mut T>,
) -> super::BoxedCall<'f> {
    Box::pin(async move { set(db, fk, owner, column, targets).await })
}

/// Makes `targets` exactly the rows linked to `key`, in one transaction: the others are unlinked
/// (their key must be optional), the new ones linked. On error nothing changes. The owner's row
/// is locked first, so concurrent calls on one owner end with exactly one caller's list.
#[doc(hidden)]
pub async fn set<S: Model, T: Model>(
    mut db: impl Connection,
    fk: &ForeignKey<T>,
    owner: &S,
    column: usize,
    mut targets: Vec<&mut T>,
) -> Result<()> {
    let key = super::stored_value(owner, column)?;
    let keys = target_keys(&targets)?;
    let now = Now::new();
    let stamp = stamps::updated(T::COLUMNS, now);
    atomic!(&mut db, |tx| {
        hooks::before_update_all(&mut targets, tx).await?;
        set_on::<T>(tx, fk, &key, &keys, now).await?;
        if hooks::hooked::<T>() {
            hold_links(fk, &mut targets, &key, &stamp);
            hooks::after_update_all(&mut targets, tx).await?;
        }
    })?;
    hold_links(fk, &mut targets, &key, &stamp);
    Ok(())
}

async fn set_on<T: Model>(tx: &mut dyn Connection, fk: &ForeignKey<T>, key: &Value, keys: &[T::Key], now: Now) -> Result<()> {
    lock_owner(tx, fk.target_table, fk.target_column, key).await?;
    lock_targets::<T>(tx, fk, key, keys, true).await?;
    // What goes is every link outside the new list, found here from the rows linked now (read
    // under the locks just taken) rather than by a `NOT IN (list)`: a planner may run that once
    // per row (MariaDB did, for minutes over 35,000 keys), while `IN (list)` is a lookup.
    let wanted: std::collections::HashSet<&T::Key> = keys.iter().collect();
    let outside: Vec<T::Key> = linked_keys::<T>(tx, fk, key).await?.into_iter().filter(|k| !wanted.contains(k)).collect();
    if !outside.is_empty() {
        // A required key is NOT NULL, so the database would reject the unlink with a bare
        // not-null violation; say why instead.
        require_nullable(fk, "unlink")?;
        let unlink = stamps::touch::<T>(Update::table(table::<T>()).set_null(fk.column), now).0;
        let unlink = unlink.filter(Node::eq(fk.column, key.clone())).filter(keys_node::<T>(&outside));
        tx.execute(unlink.into()).await?;
    }
    if !keys.is_empty() {
        link::<T>(tx, fk, key, keys, now).await?;
    }
    Ok(())
}

/// The primary keys of the rows linked to `key`.
async fn linked_keys<T: Model>(tx: &mut dyn Connection, fk: &ForeignKey<T>, key: &Value) -> Result<Vec<T::Key>> {
    let select = Select::from(table::<T>())
        .columns(T::TABLE, T::PRIMARY_KEY.iter().map(|&i| T::COLUMNS[i].name))
        .filter(Node::eq(fk.column, key.clone()));
    fetch_map(tx, select, |row| <T::Key as PrimaryKey>::decode(row, 0)).await
}

/// Points the rows keyed `keys` at `key`. A target deleted meanwhile matches no row: that is
/// [`Error::NotFound`] (rolling the caller's transaction back), never fewer rows linked than
/// asked for with `Ok`. MySQL too counts matched rows (the driver sets `CLIENT_FOUND_ROWS`).
async fn link<T: Model>(tx: &mut dyn Connection, fk: &ForeignKey<T>, key: &Value, keys: &[T::Key], now: Now) -> Result<()> {
    let linked = tx.execute(link_update::<T>(fk, key, keys, now).into()).await?;
    let distinct = keys.iter().collect::<std::collections::HashSet<_>>().len();
    if linked.rows_affected < distinct as u64 {
        return Err(Error::NotFound { model: T::MODEL });
    }
    Ok(())
}

/// Inserts `target` linked to `key`.
#[doc(hidden)]
pub async fn create<S: Model, T: Model>(mut db: impl Connection, fk: &ForeignKey<T>, owner: &S, column: usize, mut target: T) -> Result<T> {
    let key = super::stored_value(owner, column)?;
    (fk.set)(&mut target, &key);
    crate::model::insert_row(&mut target, &mut db).await?;
    Ok(target)
}
