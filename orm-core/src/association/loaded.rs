//! Where an association field keeps what an include loaded.
//!
//! The value is stored type-erased, with the function that copies it, for two reasons of scale:
//! - the auto traits of a model (`Send`, `Sync`, `Unpin`, which [`Model`](crate::Model)
//!   requires) do not depend on its relatives'. Stored inline, proving `M: Send` walked the
//!   whole association graph: a chain of 21 models overflowed rustc's recursion limit (E0275);
//! - cloning a model does not statically call its relatives' `clone`, which calls theirs…: in
//!   a chain of 300 models that nesting overflowed the instantiation limit. The copy function
//!   is taken where the include already requires `Clone` (see [`Loading`]) and called through a
//!   pointer.
//!
//! Only a value of the declared type `V` is ever stored, so reading it back cannot fail.

use std::any::Any;
use std::marker::PhantomData;

/// An eager-loaded `V`, or nothing (not loaded).
pub(crate) struct Loaded<V> {
    value: Option<Box<dyn Stored>>,
    // `fn() -> V` keeps `V` covariant and is `Send + Sync + Unpin` whatever `V` is.
    _type: PhantomData<fn() -> V>,
}

/// A stored value that can copy itself.
trait Stored: Send + Sync {
    fn value(&self) -> &dyn Any;
    fn copy(&self) -> Box<dyn Stored>;
}

/// A value, the copy function of its items (`C`), and how to copy the whole with it.
struct Entry<V, C> {
    value: V,
    items: C,
    copy: fn(&V, C) -> V,
}

impl<V: Send + Sync + 'static, C: Copy + Send + Sync + 'static> Stored for Entry<V, C> {
    fn value(&self) -> &dyn Any {
        &self.value
    }
    fn copy(&self) -> Box<dyn Stored> {
        Box::new(Entry { value: (self.copy)(&self.value, self.items), items: self.items, copy: self.copy })
    }
}

impl<V> Loaded<V> {
    pub(crate) fn is_loaded(&self) -> bool {
        self.value.is_some()
    }
}

impl<V: Send + Sync + 'static> Loaded<V> {
    /// Keeps `value`; `copy(value, items)` copies it when the field is cloned.
    pub(crate) fn set<C: Copy + Send + Sync + 'static>(&mut self, value: V, items: C, copy: fn(&V, C) -> V) {
        self.value = Some(Box::new(Entry { value, items, copy }));
    }
}

impl<V: 'static> Loaded<V> {
    pub(crate) fn get(&self) -> Option<&V> {
        self.value.as_ref().map(|value| match value.value().downcast_ref::<V>() {
            Some(v) => v,
            None => unreachable!("`Loaded<V>` stores only a `V`"),
        })
    }
}

impl<V> Default for Loaded<V> {
    fn default() -> Self {
        Loaded { value: None, _type: PhantomData }
    }
}

impl<V> Clone for Loaded<V> {
    fn clone(&self) -> Self {
        Loaded { value: self.value.as_ref().map(|v| v.copy()), _type: PhantomData }
    }
}

impl<V: PartialEq + 'static> PartialEq for Loaded<V> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

/// The rows an include loaded for one parent (each target with its junction row, `()` when
/// none), with their copy functions, as the association field receives them.
#[doc(hidden)]
pub struct Loading<T, J> {
    pub(crate) rows: Vec<(T, J)>,
    /// For each row, the index of the first row with the same target (a target linked twice
    /// through a junction without a unique pair comes once per link).
    pub(crate) first: Vec<usize>,
    pub(crate) copy: Copy2<T, J>,
}

impl<T: Clone, J: Clone> Loading<T, J> {
    /// `rows`, each of another target.
    pub(crate) fn new(rows: Vec<(T, J)>) -> Self {
        let first = (0..rows.len()).collect();
        Loading { rows, first, copy: Copy2 { target: T::clone, junction: J::clone } }
    }

    /// `rows`, whose targets are the same where `key` is.
    pub(crate) fn keyed<K: std::hash::Hash + Eq>(rows: Vec<(T, J)>, key: impl Fn(&T) -> K) -> Self {
        let mut seen = std::collections::HashMap::new();
        let first = rows.iter().enumerate().map(|(i, (t, _))| *seen.entry(key(t)).or_insert(i)).collect();
        Loading { rows, first, copy: Copy2 { target: T::clone, junction: J::clone } }
    }
}

/// The copy functions of a target and of its junction row.
pub(crate) struct Copy2<T, J> {
    pub(crate) target: fn(&T) -> T,
    pub(crate) junction: fn(&J) -> J,
}

impl<T, J> Clone for Copy2<T, J> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, J> Copy for Copy2<T, J> {}

/// An association field that keeps the rows an include loaded for its parent. Implemented by
/// `HasOne`, `HasMany`, `BelongsTo` (and `Option<BelongsTo>`) and `BelongsToMany`; the derive's
/// association constants call it.
#[doc(hidden)]
pub trait LoadInto<T, J> {
    /// Keeps `rows`.
    fn load_into(&mut self, rows: Loading<T, J>);
}
