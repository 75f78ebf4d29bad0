//! `#[has_one] profile: HasOne<Profile>`: the foreign key is on the target (`Profile`'s
//! `#[belongs_to] user`), and at most one target row holds it (a unique index, see `schema`).

use super::has_many;
use super::loaded::{LoadInto, Loaded, Loading};
use crate::backend::Connection;
use crate::error::Result;
use crate::model::ForeignKey;
use crate::model::Model;

/// The target of a `#[has_one]` association, once eager-loaded.
pub struct HasOne<T> {
    loaded: Loaded<Option<T>>,
}

impl<T: 'static> HasOne<T> {
    /// The loaded target: `None` when not loaded, `Some(None)` when loaded and absent.
    pub fn loaded(&self) -> Option<Option<&T>> {
        self.loaded.get().map(Option::as_ref)
    }
}

impl<T> HasOne<T> {
    /// Whether an include loaded this association.
    pub fn is_loaded(&self) -> bool {
        self.loaded.is_loaded()
    }
}

impl<T: Send + Sync + 'static> LoadInto<T, ()> for HasOne<T> {
    fn load_into(&mut self, rows: Loading<T, ()>) {
        let target = rows.rows.into_iter().next().map(|(target, ())| target);
        self.loaded.set(target, rows.copy.target, |target: &Option<T>, copy| target.as_ref().map(copy));
    }
}

impl<T> Default for HasOne<T> {
    fn default() -> Self {
        HasOne { loaded: Loaded::default() }
    }
}
impl<T> Clone for HasOne<T> {
    fn clone(&self) -> Self {
        HasOne { loaded: self.loaded.clone() }
    }
}
impl<T: std::fmt::Debug + 'static> std::fmt::Debug for HasOne<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.loaded() {
            Some(v) => v.fmt(f),
            None => f.write_str("HasOne(not loaded)"),
        }
    }
}
impl<T: PartialEq + 'static> PartialEq for HasOne<T> {
    fn eq(&self, other: &Self) -> bool {
        self.loaded == other.loaded
    }
}

/// The target linked to `key`, if any.
#[doc(hidden)]
pub async fn get<S: Model, T: Model>(mut db: impl Connection, fk: &ForeignKey<T>, owner: &S, column: usize) -> Result<Option<T>> {
    let key = super::stored_value(owner, column)?;
    has_many::query(fk, key).first(&mut db).await
}

/// Makes `target` the one row linked to `key` (unlinking the previous one), or unlinks it with
/// `None`; in one transaction, so on error the previous link stays.
#[doc(hidden)]
pub async fn set<S: Model, T: Model>(
    mut db: impl Connection,
    fk: &ForeignKey<T>,
    owner: &S,
    column: usize,
    target: Option<&mut T>,
) -> Result<()> {
    has_many::set(&mut db, fk, owner, column, target.into_iter().collect()).await
}

/// [`set`] as the boxed future of `set_*`, whose signature carries the optional-key bound (so it
/// cannot be an `async fn`). Boxed here so that its `Send` is proven once, in this crate.
#[doc(hidden)]
pub fn set_boxed<'f, S: Model, T: Model>(
    db: impl Connection + 'f,
    fk: &'f ForeignKey<T>,
    owner: &'f S,
    column: usize,
    target: Option<&'f mut T>,
) -> super::BoxedCall<'f> {
    Box::pin(async move { set(db, fk, owner, column, target).await })
}

/// Inserts `target` linked to `key`.
#[doc(hidden)]
pub async fn create<S: Model, T: Model>(mut db: impl Connection, fk: &ForeignKey<T>, owner: &S, column: usize, target: T) -> Result<T> {
    has_many::create(&mut db, fk, owner, column, target).await
}
