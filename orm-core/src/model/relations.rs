//! The associations of a model as plain data: what the derive writes into
//! [`Model::ASSOCIATIONS`](super::Model::ASSOCIATIONS) and [`Identity`], read by the accessors,
//! includes and schema sync above (SeaORM's `RelationDef`).

use crate::model::ColumnDef;
use crate::value::{SqlType, Value};

/// What the database does to a child row when its parent's key is deleted or updated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[doc(hidden)]
pub enum Action {
    /// Delete or update the child too.
    Cascade,
    /// Set the child's foreign key to `NULL`.
    SetNull,
    /// Refuse the parent's change.
    Restrict,
    /// Refuse at the end of the statement (the SQL default).
    NoAction,
}

impl Action {
    /// Sequelize's default `ON DELETE`: `SET NULL` for a nullable key, else `CASCADE`.
    pub const fn default_on_delete(nullable: bool) -> Action {
        if nullable { Action::SetNull } else { Action::Cascade }
    }
}

impl From<Action> for crate::sql::FkAction {
    fn from(a: Action) -> Self {
        match a {
            Action::Cascade => crate::sql::FkAction::Cascade,
            Action::SetNull => crate::sql::FkAction::SetNull,
            Action::Restrict => crate::sql::FkAction::Restrict,
            Action::NoAction => crate::sql::FkAction::NoAction,
        }
    }
}

/// One association declared on a model, as recorded by the derive.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub enum AssociationDef {
    /// `#[belongs_to]`: the foreign key is a column of this model.
    BelongsTo(BelongsToDef),
    /// `#[has_one]`: the foreign key is on the target; at most one target row.
    HasOne(HasDef),
    /// `#[has_many]`: the foreign key is on the target.
    HasMany(HasDef),
    /// `#[belongs_to_many]`: the keys are in a junction table.
    BelongsToMany(BelongsToManyDef),
}

impl AssociationDef {
    /// The association's name (the field name, or its `as` alias).
    pub const fn name(&self) -> &'static str {
        match self {
            AssociationDef::BelongsTo(d) => d.name,
            AssociationDef::HasOne(d) | AssociationDef::HasMany(d) => d.name,
            AssociationDef::BelongsToMany(d) => d.name,
        }
    }
}

/// A `#[belongs_to]` association.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct BelongsToDef {
    /// The association's name.
    pub name: &'static str,
    /// The foreign-key column on this model.
    pub column: &'static str,
    /// The target model's table.
    pub target_table: &'static str,
    /// The target column the key references (its primary key unless `target_key`).
    pub target_column: &'static str,
    /// Whether the key is optional (`Option<BelongsTo<T>>`).
    pub nullable: bool,
    /// `ON DELETE` action.
    pub on_delete: Action,
    /// `ON UPDATE` action.
    pub on_update: Action,
}

/// A `#[has_one]` or `#[has_many]` association.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct HasDef {
    /// The association's name.
    pub name: &'static str,
    /// The target model's table.
    pub target_table: &'static str,
    /// The foreign-key column on the target.
    pub foreign_key: &'static str,
}

/// A `#[belongs_to_many]` association.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct BelongsToManyDef {
    /// The association's name.
    pub name: &'static str,
    /// The target model's table.
    pub target_table: &'static str,
    /// The junction.
    pub junction: Junction,
}

/// Where a many-to-many pair keeps its links, resolved at compile time.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct Junction {
    /// The junction table.
    pub table: &'static str,
    /// The source's table (the owner a multi-statement call locks first).
    pub source_table: &'static str,
    /// The junction column that holds the source's key.
    pub foreign_key: &'static str,
    /// The junction column that holds the target's key.
    pub other_key: &'static str,
    /// The source column `foreign_key` references.
    pub source_column: &'static str,
    /// The target column `other_key` references.
    pub target_column: &'static str,
    /// For a junction without a model (`through = "table"`): the table the ORM creates.
    pub generated: Option<GeneratedJunction>,
    /// Whether a pair is linked at most once (the default: a unique index on the pair).
    /// `#[belongs_to_many(through = Loans, unique = false)]` lets a junction model with its own
    /// key hold a pair several times.
    pub unique: bool,
    /// The junction model's [`Identity::ID`], or `""` for `through = "table"`.
    pub through: &'static str,
    /// The junction model's columns (for `through = "table"`, the timestamps the ORM's table
    /// keeps: none, or under Sequelize's naming `createdAt`/`updatedAt`): inserting a link fills
    /// its `created_at`/`updated_at`, and a soft-deleted link (`deleted_at`) is no link.
    pub columns: &'static [ColumnDef],
}

/// The table of a junction that has no model of its own.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct GeneratedJunction {
    /// The source's table.
    pub source_table: &'static str,
    /// Type of the `foreign_key` column.
    pub source_type: SqlType,
    /// The target's table.
    pub target_table: &'static str,
    /// Type of the `other_key` column.
    pub target_type: SqlType,
}

/// One `#[belongs_to]` of model `M`, with typed access to its key, as the inverse side of a
/// `has_one`/`has_many`/`belongs_to_many` sees it.
#[doc(hidden)]
pub struct ForeignKey<M> {
    /// The `#[belongs_to]` field.
    pub field: &'static str,
    /// The target model's [`Identity::ID`]: pairing follows the type, however it was spelled.
    pub target: &'static str,
    /// The foreign-key column.
    pub column: &'static str,
    /// The referenced column of the target.
    pub target_column: &'static str,
    /// The target's table (the owner a multi-statement call locks first).
    pub target_table: &'static str,
    /// Whether the key is optional.
    pub nullable: bool,
    /// The key's current value.
    pub get: fn(&M) -> Value,
    /// Sets the key in memory; `false` if the value does not fit (or is `NULL` for a required key).
    pub set: fn(&mut M, &Value) -> bool,
}

impl<M> Clone for ForeignKey<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for ForeignKey<M> {}

impl<M> std::fmt::Debug for ForeignKey<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForeignKey").field("field", &self.field).field("column", &self.column).finish()
    }
}

/// Implemented by the derive on every model: what the derives of other models read of this one.
/// All of it sits behind this one trait so that naming a type that is not a model gives one
/// error, not one per use.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model",
    label = "not a `#[derive(Model)]` struct",
    note = "add `#[derive(orm_core::Model)]` to `{Self}`; associations and junctions (`through = ...`) link models"
)]
#[doc(hidden)]
pub trait Identity: Sized + 'static {
    /// A name no other model type has (its module path, struct name and the place of its
    /// derive), so two spellings of one type (`User`, `crate::User`, `type Author = User`) pair
    /// as one, and two types never do.
    const ID: &'static str;
    /// Whether this is the stand-in emitted next to the model's own compile errors: its data
    /// is partial, so the checks of other models against it stay quiet (the model's own error
    /// is the one to read).
    const REJECTED: bool = false;
    /// The default name of the column a generated junction (`through = "table"`) keeps this
    /// model's key in (`user_id` for `User`): taken from the model, however it is spelled.
    const JUNCTION_KEY: &'static str;
    /// [`Model::TABLE`](super::Model::TABLE).
    const TABLE: &'static str;
    /// [`Model::COLUMNS`](super::Model::COLUMNS).
    const COLUMNS: &'static [ColumnDef];
    /// The primary-key column (a junction's first key column).
    const KEY_COLUMN: &'static str;
    /// [`Model::ASSOCIATIONS`](super::Model::ASSOCIATIONS).
    const ASSOCIATIONS: &'static [AssociationDef];
    /// Every `#[belongs_to]` key of the model, in declaration order; each names its target's
    /// [`Identity::ID`], so a `#[has_many]` or a `through` picks the keys to its model, however
    /// that model was spelled.
    const FOREIGN_KEYS: &'static [ForeignKey<Self>];
}
