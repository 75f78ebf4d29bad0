//! Timestamps the ORM keeps: `#[model(created_at)]` and `#[model(updated_at)]` columns take the
//! time of the write on every path that writes a row (insert, `insert_all`, update, the
//! accessors' updates and junction inserts), `#[model(deleted_at)]` the time of a soft delete.
//! A column's role is in its [`ColumnDef`], so a junction's columns are found from its
//! [`Junction`](crate::model::Junction) alone.
//!
//! One instant per call, to the microsecond every backend keeps (`Value::stored`): a row's
//! `created_at` equals its `updated_at` after an insert, and what the struct holds equals what
//! a read returns, on every backend.

use super::{ColumnDef, Model};
use crate::sql::Update;
use crate::value::{SqlType, Value};

/// What a column is to the ORM besides a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnRole {
    /// A column like any other.
    #[default]
    Plain,
    /// `#[model(created_at)]`: set on insert.
    CreatedAt,
    /// `#[model(updated_at)]`: set on insert and on every update.
    UpdatedAt,
    /// `#[model(deleted_at)]`: `NULL` while the row is live, the time of its soft delete after.
    DeletedAt,
}

/// One instant, as each timestamp column type holds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Now {
    #[cfg(feature = "chrono")]
    at: chrono::DateTime<chrono::Utc>,
}

impl Now {
    pub(crate) fn new() -> Self {
        Now {
            #[cfg(feature = "chrono")]
            at: chrono::Utc::now(),
        }
    }

    /// The instant as a value of a column of type `ty`, as the column stores it. Only
    /// `DateTime<Utc>` and `NaiveDateTime` fields can take a timestamp role (the derive checks),
    /// and they exist only with the `chrono` feature.
    pub(crate) fn value(self, ty: SqlType) -> Value {
        #[cfg(feature = "chrono")]
        {
            match ty {
                SqlType::DateTime => Value::DateTime(self.at.naive_utc()).stored(),
                _ => Value::DateTimeUtc(self.at).stored(),
            }
        }
        #[cfg(not(feature = "chrono"))]
        Value::Null(ty)
    }
}

/// The columns of `columns` with `role`, by index.
pub(crate) fn with_role(columns: &[ColumnDef], role: ColumnRole) -> impl Iterator<Item = (usize, &ColumnDef)> {
    columns.iter().enumerate().filter(move |(_, c)| c.role == role)
}

/// The `#[model(deleted_at)]` column of a table, if it has one: its rows are soft-deleted.
pub(crate) fn deleted_at(columns: &[ColumnDef]) -> Option<&ColumnDef> {
    columns.iter().find(|c| c.role == ColumnRole::DeletedAt)
}

/// `deleted_at IS NULL` over a table with a `deleted_at` column: its live rows.
pub(crate) fn live(columns: &[ColumnDef]) -> Option<crate::sql::tree::Node> {
    deleted_at(columns).map(|c| crate::sql::tree::Node::IsNull(c.name, true))
}

/// `update` marking rows soft-deleted at `now` (and touched); `None` when the table keeps no
/// `deleted_at`.
pub(crate) fn soft_delete(columns: &'static [ColumnDef], update: Update, now: Now) -> Option<Update> {
    let c = deleted_at(columns)?;
    let (update, _) = touch_columns(columns, update.set(c.name, now.value(c.ty)), now);
    Some(update.filter(crate::sql::tree::Node::IsNull(c.name, true)))
}

/// What an insert at `now` stores in the `created_at` and `updated_at` columns, by index.
pub(crate) fn inserted(columns: &[ColumnDef], now: Now) -> Vec<(usize, Value)> {
    let stamped = columns.iter().enumerate().filter(|(_, c)| matches!(c.role, ColumnRole::CreatedAt | ColumnRole::UpdatedAt));
    stamped.map(|(i, c)| (i, now.value(c.ty))).collect()
}

/// What a write of a row at `now` stores in its `updated_at` column (none or one), by index.
pub(crate) fn updated(columns: &[ColumnDef], now: Now) -> Vec<(usize, Value)> {
    with_role(columns, ColumnRole::UpdatedAt).map(|(i, c)| (i, now.value(c.ty))).collect()
}

/// Puts the `stamped` values in a row's `values` (in column order).
pub(crate) fn stamp(values: &mut [Value], stamped: &[(usize, Value)]) {
    for (i, v) in stamped {
        values[*i] = v.clone();
    }
}

/// `update` (of `M`'s table) with its `updated_at` column set to `now`, and what was set.
pub(crate) fn touch<M: Model>(update: Update, now: Now) -> (Update, Option<(usize, Value)>) {
    touch_columns(M::COLUMNS, update, now)
}

/// [`touch`] for a table described by `columns`.
pub(crate) fn touch_columns(columns: &'static [ColumnDef], mut update: Update, now: Now) -> (Update, Option<(usize, Value)>) {
    let mut set = None;
    if let Some((i, c)) = with_role(columns, ColumnRole::UpdatedAt).next() {
        let v = now.value(c.ty);
        update = update.set(c.name, v.clone());
        set = Some((i, v));
    }
    (update, set)
}

/// Writes what was stored into the struct.
pub(crate) fn hold<M: Model>(m: &mut M, set: &[(usize, Value)]) {
    for (i, v) in set {
        m.set_value_at(*i, v);
    }
}

/// The field types `#[model(created_at)]` and `#[model(updated_at)]` take.
#[diagnostic::on_unimplemented(
    message = "`#[model(created_at)]` / `#[model(updated_at)]` need a `chrono::DateTime<Utc>` or `chrono::NaiveDateTime` field, not `{Self}`",
    label = "not a timestamp type",
    note = "the ORM writes the time of the write into it (the `chrono` feature of orm-core is needed)"
)]
pub trait Timestamp {
    /// Named by the derive's check of a field's type.
    const IS: () = ();
}
#[cfg(feature = "chrono")]
#[diagnostic::do_not_recommend]
impl Timestamp for chrono::DateTime<chrono::Utc> {}
#[cfg(feature = "chrono")]
#[diagnostic::do_not_recommend]
impl Timestamp for chrono::NaiveDateTime {}

/// The field types `#[model(deleted_at)]` takes: an optional timestamp, `None` while the row is
/// live.
#[diagnostic::on_unimplemented(
    message = "`#[model(deleted_at)]` needs an `Option<chrono::DateTime<Utc>>` or `Option<chrono::NaiveDateTime>` field, not `{Self}`",
    label = "not an optional timestamp",
    note = "it is `None` while the row is live and the time of its soft delete after"
)]
pub trait DeletedStamp {
    /// Named by the derive's check of a field's type.
    const IS: () = ();
}
#[diagnostic::do_not_recommend]
impl<T: Timestamp> DeletedStamp for Option<T> {}
