//! The one trait the derive asks of a column's Rust type.

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
    /// [`Field::VALUES`](crate::Field::VALUES).
    const VALUES: Option<&'static [&'static str]>;
    /// [`Field::to_value`](crate::Field::to_value), as the column stores it ([`Value::stored`](crate::Value::stored)).
    fn to_value(&self) -> crate::Value;
    /// [`Row::get`](crate::Row::get), without its NULL check: a model's row was checked once, for
    /// all its required columns, before its fields are decoded (`model::decode_at`).
    fn get(row: &crate::Row, index: usize) -> crate::Result<Self>;
    /// Takes `value` ([`Field::from_value`](crate::Field::from_value)); `false` if it does not fit.
    fn set(&mut self, value: &crate::Value) -> bool;
}
#[diagnostic::do_not_recommend]
impl<T: crate::Field> ColumnType for T {
    const SQL_TYPE: crate::SqlType = T::SQL_TYPE;
    const NULLABLE: bool = T::NULLABLE;
    const VALUES: Option<&'static [&'static str]> = T::VALUES;
    #[inline]
    fn to_value(&self) -> crate::Value {
        crate::Field::to_value(self).stored()
    }
    #[inline]
    fn get(row: &crate::Row, index: usize) -> crate::Result<Self> {
        row.decode::<T>(index)
    }
    #[inline]
    fn set(&mut self, value: &crate::Value) -> bool {
        match T::from_value(value) {
            Some(v) => {
                *self = v;
                true
            }
            None => false,
        }
    }
}

/// What `#[model(default = ...)]` accepts for a column of type `T`: a `T`, a `&str` for a
/// `String`, and the inner value of an `Option`. A trait of its own (not `Into`), so that a value
/// of another type is one short error naming both types.
#[diagnostic::on_unimplemented(
    message = "`#[model(default = ...)]`: `{Self}` is not a value of the column's type `{T}`",
    label = "not a `{T}`",
    note = "write a value of the field's type: `default = 0` for an integer, `default = \"text\"` for a `String`"
)]
pub trait DefaultFor<T> {
    /// The value as the field holds it.
    fn into_column(self) -> T;
}

impl<T> DefaultFor<T> for T {
    fn into_column(self) -> T {
        self
    }
}

impl<T> DefaultFor<Option<T>> for T {
    fn into_column(self) -> Option<T> {
        Some(self)
    }
}

#[diagnostic::do_not_recommend]
impl DefaultFor<String> for &str {
    fn into_column(self) -> String {
        self.to_owned()
    }
}

#[diagnostic::do_not_recommend]
impl DefaultFor<Option<String>> for &str {
    fn into_column(self) -> Option<String> {
        Some(self.to_owned())
    }
}
