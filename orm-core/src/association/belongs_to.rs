//! `#[belongs_to] user: BelongsTo<User>`: the foreign key is a column of this model.

use super::loaded::{LoadInto, Loaded, Loading};
use crate::backend::{Connection, Field, Key};
use crate::error::{Error, Result};
use crate::model::hooks;
use crate::model::stamps::{self, Now};
use crate::model::{Keyed, Model};
use crate::query::{Node, Op, Query};
use crate::sql::{TableRef, Update};
use crate::value::{SqlType, Value};

/// The key of a `#[belongs_to]` target, plus the target itself once eager-loaded.
///
/// `K` is the target's primary-key type unless `target_key` names another column. Declare the
/// field as `Option<BelongsTo<T>>` for an optional (nullable) key.
pub struct BelongsTo<T: Model, K = <T as Keyed>::Key> {
    key: K,
    loaded: Loaded<T>,
}

impl<T: Model, K: Key> BelongsTo<T, K> {
    /// A reference to the target with key `key`.
    pub fn new(key: K) -> Self {
        BelongsTo { key, loaded: Loaded::default() }
    }

    /// The foreign-key value.
    pub fn key(&self) -> &K {
        &self.key
    }

    /// The target, if it was loaded with the row.
    pub fn loaded(&self) -> Option<&T> {
        self.loaded.get()
    }
}

impl<T: Model<Key = K>, K: Key> From<&T> for BelongsTo<T, K> {
    fn from(target: &T) -> Self {
        BelongsTo::new(target.key())
    }
}

impl<T: Model, K: Key + Default> Default for BelongsTo<T, K> {
    fn default() -> Self {
        BelongsTo::new(K::default())
    }
}

impl<T: Model, K: Clone> Clone for BelongsTo<T, K> {
    fn clone(&self) -> Self {
        BelongsTo { key: self.key.clone(), loaded: self.loaded.clone() }
    }
}

impl<T: Model + std::fmt::Debug, K: std::fmt::Debug> std::fmt::Debug for BelongsTo<T, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("BelongsTo");
        d.field("key", &self.key);
        if let Some(t) = self.loaded.get() {
            d.field("loaded", t);
        }
        d.finish()
    }
}

/// Two references are equal when they point at the same key (loaded or not).
impl<T: Model, K: PartialEq> PartialEq for BelongsTo<T, K> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<T: Model, K> LoadInto<T, ()> for BelongsTo<T, K> {
    fn load_into(&mut self, rows: Loading<T, ()>) {
        if let Some((target, ())) = rows.rows.into_iter().next() {
            self.loaded.set(target, rows.copy.target, |target: &T, copy| copy(target));
        }
    }
}

impl<T: Model, K> LoadInto<T, ()> for Option<BelongsTo<T, K>> {
    fn load_into(&mut self, rows: Loading<T, ()>) {
        if let Some(b) = self {
            b.load_into(rows);
        }
    }
}

/// The key type `K` of a `#[belongs_to]` of model `O` (the owner) to model `T`: one key column.
/// Implemented for each single key type only (not through [`Key`]), so that a target keyed by a
/// pair of `#[belongs_to]` fails here, where the message can name both models.
#[diagnostic::on_unimplemented(
    message = "a `#[belongs_to]` of `{O}` cannot reference `{T}`: `{T}` is keyed by `{Self}`, not by one column",
    label = "`{T}` has no single key to reference",
    note = "a model keyed by a pair of `#[belongs_to]` cannot be referenced: give `{T}` an `id` of its own, or reference one of its columns with `#[belongs_to(target_key = \"...\")]`; a key is one i16, i32, i64, String or Uuid column (unsigned integers are not SQL types)"
)]
#[doc(hidden)]
pub trait KeyOf<T, O>: Key {}

macro_rules! key_of {
    ($($(#[$m:meta])* $ty:ty),*) => {
        $($(#[$m])* impl<T, O> KeyOf<T, O> for $ty {})*
    };
}
key_of!(
    i16,
    i32,
    i64,
    String,
    #[cfg(feature = "uuid")]
    uuid::Uuid
);

/// A `#[belongs_to]` field of model `O`: `BelongsTo<T, K>` (a required key) or
/// `Option<BelongsTo<T, K>>` (an optional, nullable one).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a `#[belongs_to]` key of `{O}`",
    label = "expected `BelongsTo<Target>` or `Option<BelongsTo<Target>>`"
)]
#[doc(hidden)]
pub trait ForeignKeyField<O>: Sized {
    /// The model the key points at.
    type Target: Model;
    /// The key type.
    type Key: Key;
    /// The stored column: `Key`, or `Option<Key>` for an optional key.
    type Column: Field;
    /// Whether the column is nullable.
    const NULLABLE: bool;
    /// The column's SQL type (the derive describes the column through this trait alone).
    const SQL_TYPE: SqlType = <Self::Column as Field>::SQL_TYPE;
    /// From the stored column.
    fn from_column(column: Self::Column) -> Self;
    /// The stored column as a bound parameter.
    fn to_value(&self) -> Value;
    /// Points at the key in `value` (`NULL` clears an optional key); `false` if it does not fit.
    fn set_value(&mut self, value: &Value) -> bool;
}

impl<O, T: Model, K: KeyOf<T, O>> ForeignKeyField<O> for BelongsTo<T, K> {
    type Target = T;
    type Key = K;
    type Column = K;
    const NULLABLE: bool = false;
    fn from_column(column: K) -> Self {
        BelongsTo::new(column)
    }
    fn to_value(&self) -> Value {
        self.key.to_value()
    }
    fn set_value(&mut self, value: &Value) -> bool {
        match K::from_value(value) {
            Some(key) => {
                if key != self.key {
                    *self = BelongsTo::new(key);
                }
                true
            }
            None => false,
        }
    }
}

impl<O, T: Model, K: KeyOf<T, O>> ForeignKeyField<O> for Option<BelongsTo<T, K>>
where
    Option<K>: Field,
{
    type Target = T;
    type Key = K;
    type Column = Option<K>;
    const NULLABLE: bool = true;
    fn from_column(column: Option<K>) -> Self {
        column.map(BelongsTo::new)
    }
    fn to_value(&self) -> Value {
        match self {
            Some(b) => b.key.to_value(),
            None => Value::Null(K::SQL_TYPE),
        }
    }
    fn set_value(&mut self, value: &Value) -> bool {
        if matches!(value, Value::Null(_)) {
            *self = None;
            return true;
        }
        match self {
            Some(b) => <BelongsTo<T, K> as ForeignKeyField<O>>::set_value(b, value),
            None => match K::from_value(value) {
                Some(key) => {
                    *self = Some(BelongsTo::new(key));
                    true
                }
                None => false,
            },
        }
    }
}

/// The target row whose `target_column` equals `key`.
#[doc(hidden)]
pub async fn get<T: Model>(mut db: impl Connection, target_column: &'static str, key: Value) -> Result<Option<T>> {
    if matches!(key, Value::Null(_)) {
        return Ok(None);
    }
    Query::<T>::new().filter_node(Node::Cmp(target_column, Op::Eq, key)).first(&mut db).await
}

/// `pk = ?` (`a = ? AND b = ?` over a composite key) for the row of `M` keyed `key`.
fn key_filter<M: Model>(key: &M::Key) -> Option<Node> {
    let mut values = Vec::with_capacity(M::PRIMARY_KEY.len());
    crate::backend::PrimaryKey::push_values(key, &mut values);
    M::PRIMARY_KEY.iter().zip(values).fold(None, |all, (&i, v)| Some(Node::and_then(all, Node::eq(M::COLUMNS[i].name, v))))
}

/// Writes one column of the stored row of `M` keyed `key` (a single-table update by key), and
/// its `updated_at` (`now`).
async fn update_column<M: Model>(key: M::Key, db: &mut dyn Connection, column: &'static str, value: Value, now: Now) -> Result<()> {
    if crate::backend::PrimaryKey::is_unset(&key) && <M::Key as crate::backend::PrimaryKey>::AUTO_INCREMENT {
        return Err(Error::Unsaved { model: M::MODEL });
    }
    if let Some(i) = M::COLUMNS.iter().position(|c| c.name == column) {
        crate::model::check_key_value::<M>(db.dialect(), i, &value)?;
    }
    let mut update = stamps::touch::<M>(Update::table(TableRef::of(M::TABLE, M::MODEL)).set(column, value), now).0.single_table();
    if let Some(filter) = key_filter::<M>(&key) {
        update = update.filter(filter);
    }
    let done = db.execute(update.into()).await?;
    // MySQL too counts matched rows (the driver sets CLIENT_FOUND_ROWS): 0 means the row is gone.
    if done.rows_affected == 0 {
        return Err(Error::NotFound { model: M::MODEL });
    }
    Ok(())
}

/// `source.set_user(&mut db, target)`: points the `#[belongs_to]` field (`field` of `source`)
/// at `target` (`None` clears an optional key), saves its `column` and `updated_at`, then sets
/// both in memory. `target_column` is the index of the target's column the key references.
#[doc(hidden)]
pub async fn set<M: Model, F: ForeignKeyField<M>>(
    mut db: impl Connection,
    source: &mut M,
    field: fn(&mut M) -> &mut F,
    column: &'static str,
    target: Option<&F::Target>,
    target_column: usize,
) -> Result<()> {
    let key = source.key();
    let value = match target {
        Some(t) => super::stored_value(t, target_column)?,
        None => Value::Null(<F::Column as Field>::SQL_TYPE),
    };
    // The new owner's row is locked before this row is written, as every call that changes an
    // owner's links locks the owner first (`has_many::set` locks it, then its targets): taken
    // the other way round (this row, then the owner by the foreign-key check) the two
    // deadlocked on MariaDB. What still conflicts is retried.
    let owner = (target_column, <F::Target as Model>::TABLE);
    let now = Now::new();
    crate::transaction::atomic!(&mut db, |tx| {
        if !matches!(value, Value::Null(_)) {
            let referenced = <F::Target as Model>::COLUMNS[owner.0].name;
            crate::transaction::lock_owner(tx, owner.1, referenced, &value).await?;
        }
        hooks::before_update_all(&mut [&mut *source], tx).await?;
        update_column::<M>(key.clone(), tx, column, value.clone(), now).await?;
        field(source).set_value(&value);
        stamps::hold(source, &stamps::updated(M::COLUMNS, now));
        hooks::after_update_all(&mut [&mut *source], tx).await?;
    })?;
    field(source).set_value(&value);
    stamps::hold(source, &stamps::updated(M::COLUMNS, now));
    Ok(())
}

/// `source.create_user(&mut db, target)`: inserts `target` and points the `#[belongs_to]` field
/// (`field` of `source`) at it, in one transaction, then in memory. Returns the stored target.
#[doc(hidden)]
pub async fn create<M: Model, F: ForeignKeyField<M>>(
    mut db: impl Connection,
    source: &mut M,
    field: fn(&mut M) -> &mut F,
    column: &'static str,
    mut target: F::Target,
    target_column: usize,
) -> Result<F::Target> {
    let key = source.key();
    let now = Now::new();
    // An attempt that is retried may have written a generated key into `target`.
    let given = target.key();
    let value = crate::transaction::atomic!(&mut db, |tx| {
        target.set_key(given.clone());
        crate::model::insert_row(&mut target, tx).await?;
        let value = super::stored_value(&target, target_column)?;
        hooks::before_update_all(&mut [&mut *source], tx).await?;
        update_column::<M>(key.clone(), tx, column, value.clone(), now).await?;
        field(source).set_value(&value);
        stamps::hold(source, &stamps::updated(M::COLUMNS, now));
        hooks::after_update_all(&mut [&mut *source], tx).await?;
        value
    })?;
    field(source).set_value(&value);
    stamps::hold(source, &stamps::updated(M::COLUMNS, now));
    Ok(target)
}
