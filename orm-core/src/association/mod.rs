//! Associations: the field types users declare (`BelongsTo<T>`, `HasOne<T>`, `HasMany<T>`,
//! `BelongsToMany<T>`), the metadata the derive records for them, and the runtime behind the
//! generated accessors, one file per kind.

#[doc(hidden)]
pub mod accessors;
pub mod belongs_to;
pub mod belongs_to_many;
pub mod has_many;
pub mod has_one;
mod loaded;
#[doc(hidden)]
pub mod pairing;
#[cfg(feature = "serde")]
mod serialize;

pub use belongs_to::BelongsTo;
pub use belongs_to_many::BelongsToMany;
pub use has_many::HasMany;
pub use has_one::HasOne;
pub use loaded::{LoadInto, Loading};

use crate::backend::PrimaryKey;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::value::Value;

/// A type the generated accessors name as their target or junction: every model, as itself.
///
/// An accessor block is bounded by `for<'a> Target: AsModel<Model = Target>` and calls the
/// functions of [`accessors`], which take `T: AsModel`, rather than by `for<'a> Target: Model`:
/// - when `Target` is not a model the bound is false, but the bodies ask only for what it states,
///   so they check against it and report nothing: the user sees the association's one "is not a
///   model" error, not one per accessor;
/// - checking a `T: Model` bound proves what `Model` requires (`Send`, `Sync`, `Unpin`) field by
///   field, again for every accessor: over a quarter of the check time of a 200-model schema.
///   This trait requires nothing; that proof stays with the model's own `impl Model`.
#[doc(hidden)]
pub trait AsModel {
    /// `Self`.
    type Model: Model;
}
impl<T: Model> AsModel for T {
    type Model = T;
}

/// The key of `m`, for generated code: calling [`Model::key`] there would ask rustc to prove all
/// of `Model`'s requirements of `M` again (see [`AsModel`]); this asks only `M: Model`.
#[doc(hidden)]
pub fn key_of<M: Model>(m: &M) -> M::Key {
    m.key()
}

/// Column `column` of a stored instance, or [`Error::Unsaved`] if it was never inserted.
#[doc(hidden)]
pub fn stored_value<M: Model>(m: &M, column: usize) -> Result<Value> {
    let key = m.key();
    if <M::Key as PrimaryKey>::AUTO_INCREMENT && key.is_unset() {
        return Err(Error::Unsaved { model: M::MODEL });
    }
    Ok(m.value_at(column))
}

/// One or many target instances: `&book`, `&[book1, book2]`, `[&book1, &book2]`, `vec![&book]`.
pub trait Targets<'a, T> {
    /// The targets as references.
    fn into_targets(self) -> Vec<&'a T>;
}
impl<'a, T: Model> Targets<'a, T> for &'a T {
    fn into_targets(self) -> Vec<&'a T> {
        vec![self]
    }
}
impl<'a, T: Model> Targets<'a, T> for &'a [T] {
    fn into_targets(self) -> Vec<&'a T> {
        self.iter().collect()
    }
}
impl<'a, T: Model> Targets<'a, T> for &'a Vec<T> {
    fn into_targets(self) -> Vec<&'a T> {
        self.iter().collect()
    }
}
impl<'a, T: Model, const N: usize> Targets<'a, T> for &'a [T; N] {
    fn into_targets(self) -> Vec<&'a T> {
        self.iter().collect()
    }
}
impl<'a, T: Model, const N: usize> Targets<'a, T> for [&'a T; N] {
    fn into_targets(self) -> Vec<&'a T> {
        self.into_iter().collect()
    }
}
impl<'a, T: Model> Targets<'a, T> for Vec<&'a T> {
    fn into_targets(self) -> Vec<&'a T> {
        self
    }
}

/// One or many target instances that the call updates in memory too: `&mut comment`,
/// `&mut comments[..]`, `[&mut a, &mut b]`.
pub trait TargetsMut<'a, T> {
    /// The targets as mutable references.
    fn into_targets(self) -> Vec<&'a mut T>;
}
impl<'a, T: Model> TargetsMut<'a, T> for &'a mut T {
    fn into_targets(self) -> Vec<&'a mut T> {
        vec![self]
    }
}
impl<'a, T: Model> TargetsMut<'a, T> for &'a mut [T] {
    fn into_targets(self) -> Vec<&'a mut T> {
        self.iter_mut().collect()
    }
}
impl<'a, T: Model> TargetsMut<'a, T> for &'a mut Vec<T> {
    fn into_targets(self) -> Vec<&'a mut T> {
        self.iter_mut().collect()
    }
}
impl<'a, T: Model, const N: usize> TargetsMut<'a, T> for &'a mut [T; N] {
    fn into_targets(self) -> Vec<&'a mut T> {
        self.iter_mut().collect()
    }
}
impl<'a, T: Model, const N: usize> TargetsMut<'a, T> for [&'a mut T; N] {
    fn into_targets(self) -> Vec<&'a mut T> {
        self.into_iter().collect()
    }
}
impl<'a, T: Model> TargetsMut<'a, T> for Vec<&'a mut T> {
    fn into_targets(self) -> Vec<&'a mut T> {
        self
    }
}

/// A has_many's `remove_*` or a has_one's `set_*` unlinks rows by nulling their key; only
/// `KeyNullable<true, ..>` implements this, so on a required key the accessor cannot be called.
#[diagnostic::on_unimplemented(
    message = "this accessor of `{S}` unlinks `{T}` rows by setting their key to NULL, but `{T}`'s `#[belongs_to]` key to `{S}` is required",
    label = "delete the `{T}` rows instead, or make the key `Option<BelongsTo<{S}>>`"
)]
#[doc(hidden)]
pub trait OptionalKey<S, T> {}

/// Whether a has_one/has_many's key is nullable, as a type: its [`Select::Key`] is
/// [`Optional`] or [`Required`], and only [`Optional`] implements [`OptionalKey`].
#[doc(hidden)]
pub struct KeyNullable<const NULLABLE: bool>;
/// Maps [`KeyNullable`] to [`Optional`] or [`Required`].
#[doc(hidden)]
pub trait Select {
    /// [`Optional`] or [`Required`].
    type Key;
}
impl Select for KeyNullable<true> {
    type Key = Optional;
}
impl Select for KeyNullable<false> {
    type Key = Required;
}
/// An optional (nullable) key.
#[doc(hidden)]
pub struct Optional;
/// A required (`NOT NULL`) key.
#[doc(hidden)]
pub struct Required;
#[diagnostic::do_not_recommend]
impl<S, T> OptionalKey<S, T> for Optional {}

/// The future of an accessor boxed in this crate (`set_*`, `remove_*`), so that its `Send` is
/// proven once here rather than for every association in the user's crate.
#[doc(hidden)]
pub type BoxedCall<'f> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<()>> + Send + 'f>>;

/// `values` as a set, for finding which of a long list are in another in linear time: keys
/// are never NaN, so a value's printed form (variant and content) identifies it.
pub(crate) fn value_set(values: &[Value]) -> std::collections::HashSet<String> {
    values.iter().map(set_member).collect()
}

/// What [`value_set`] holds for `value`.
pub(crate) fn set_member(value: &Value) -> String {
    format!("{value:?}")
}
