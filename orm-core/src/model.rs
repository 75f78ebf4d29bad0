//! The [`Model`] trait that `#[derive(Model)]` implements, and the CRUD every model gets.

mod column_type;
pub(crate) mod hooks;
pub(crate) mod query;
mod relations;
pub(crate) mod stamps;
mod write;

use std::borrow::Cow;
use std::future::Future;

pub use column_type::{ColumnType, DefaultFor};
pub use hooks::{Hooks, Invalid};
pub use relations::{Action, AssociationDef, BelongsToDef, BelongsToManyDef, ForeignKey, GeneratedJunction, HasDef, Identity, Junction};
pub use stamps::{ColumnRole, DeletedStamp, Timestamp};
pub(crate) use write::{check_key_value, insert_row, key_node};
use write::{delete_row, insert_all_on, table, update_row};

use crate::backend::{Connection, PrimaryKey, Row, fetch_map};
use crate::error::{Error, Result};
use crate::sql::tree::Node;
use crate::sql::{Select, Sql, Statement, Update};
use crate::value::{SqlType, Value};

/// One stored column of a model, in declaration order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnDef {
    /// The column name in the database.
    pub name: &'static str,
    /// The Rust field the column comes from.
    pub field: &'static str,
    /// Its SQL type.
    pub ty: SqlType,
    /// Whether it may hold `NULL`.
    pub nullable: bool,
    /// `#[model(default = ...)]`: the value the column's DDL `DEFAULT` holds.
    pub default: Option<ColumnDefault>,
    /// `#[model(renamed_from = "...")]`: the column's earlier name, which a migration renames.
    pub renamed_from: Option<&'static str>,
    /// `#[model(created_at)]`, `updated_at`, `deleted_at`: a timestamp the ORM keeps.
    pub role: ColumnRole,
    /// The only values the column may hold (an [`Enum`](crate::Enum) field's), a `CHECK` of the
    /// schema.
    pub values: Option<&'static [&'static str]>,
}

/// A column's declared default: a function, so that the derive can write any constant
/// expression of the field's type (`0`, `"active"`, `Status::Open`) in a `const`.
#[derive(Clone, Copy)]
pub struct ColumnDefault(pub fn() -> Value);

impl ColumnDefault {
    /// The default's value.
    pub fn value(&self) -> Value {
        (self.0)()
    }
}

impl std::fmt::Debug for ColumnDefault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ColumnDefault({:?})", self.value())
    }
}

impl PartialEq for ColumnDefault {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value()
    }
}

/// `#[model(index)]`, `#[model(unique)]` on a field, or `#[model(index(a, b), unique(a, b))]`
/// on the struct: an index the model declares, over column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexDef {
    /// Its columns, in order.
    pub columns: &'static [&'static str],
    /// Whether the columns' values must be unique together.
    pub unique: bool,
}

/// The primary-key type of a model, `M::Key` ([`Model`] requires it; derived with it).
///
/// A trait of its own, with no supertraits, for compile time: naming `<M as Model>::Key` asks
/// rustc to prove everything `Model` requires of `M`, `Send`, `Sync` and `Unpin` field by
/// field, again in every generated body that names a key type; `<M as Keyed>::Key` asks only
/// this impl.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model",
    label = "not a `#[derive(Model)]` struct",
    note = "add `#[derive(orm_core::Model)]` to `{Self}`; associations, junctions (`through = ...`) and queries need models"
)]
pub trait Keyed {
    /// The primary key: a single column, or a pair for a junction model without its own id.
    type Key: PrimaryKey;
}

/// A struct stored as one table row. Implement it with `#[derive(Model)]`, never by hand.
///
/// The provided methods are the CRUD calls; each takes a [`Connection`]: a `&pool`, a
/// `&mut conn`, a transaction (`&mut tx` or `&mut *tx`), or the run-time handle `&db`.
///
/// ```
/// use orm_core::{Model, Schema};
///
/// #[derive(Model, Debug)]
/// struct User {
///     id: i64,
///     name: String,
/// }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let pool = orm_core::sqlite::memory().await?;
/// Schema::new().model::<User>().sync(&pool).await?;
/// let mut ada = User { id: 0, name: "ada".into() };
/// ada.insert(&pool).await?;
/// assert_eq!(User::find(&pool, ada.id).await?.unwrap().name, "ada");
/// # Ok::<(), orm_core::Error>(()) }).unwrap();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model",
    label = "not a `#[derive(Model)]` struct",
    note = "add `#[derive(orm_core::Model)]` to `{Self}`; associations, junctions (`through = ...`) and queries need models"
)]
pub trait Model: Keyed + Sized + Send + Sync + Unpin + 'static {
    /// The struct's name, for messages.
    const MODEL: &'static str;
    /// The table name.
    const TABLE: &'static str;
    /// The stored columns, including generated foreign-key columns, in declaration order.
    const COLUMNS: &'static [ColumnDef];
    /// Indexes into [`Model::COLUMNS`] of the primary-key columns.
    const PRIMARY_KEY: &'static [usize];
    /// The associations declared on the struct.
    const ASSOCIATIONS: &'static [AssociationDef];
    /// The indexes declared with `#[model(index)]` / `#[model(unique)]` (foreign-key indexes
    /// are the schema's own).
    const INDEXES: &'static [IndexDef] = &[];
    /// `#[model(renamed_from = "...")]` on the struct: the table's earlier name.
    const RENAMED_FROM: Option<&'static str> = None;
    /// How the writes reach the model's [`Hooks`]: none, or (`#[model(hooks)]`) its own.
    #[doc(hidden)]
    type Lifecycle: hooks::HookSet<Self>;

    /// This instance's primary key.
    fn key(&self) -> Self::Key;
    /// Stores a key the database generated.
    fn set_key(&mut self, key: Self::Key);
    /// The column values, in [`Model::COLUMNS`] order.
    fn values(&self) -> Vec<Value>;
    /// The value of column `index` of [`Model::COLUMNS`] (`NULL` past the end).
    fn value_at(&self, index: usize) -> Value;
    /// Sets the field of column `index` of [`Model::COLUMNS`] to `value`; `false` if the value
    /// does not fit the field (or there is no such column).
    #[doc(hidden)]
    fn set_value_at(&mut self, index: usize, value: &Value) -> bool;
    /// Decodes column `i` of [`Model::COLUMNS`] from the row's column `at(i)`.
    fn from_row_at(row: &Row, at: impl Fn(usize) -> usize) -> Result<Self>;
    /// Decodes the columns starting at `offset`, in [`Model::COLUMNS`] order.
    fn from_row(row: &Row, offset: usize) -> Result<Self> {
        decode_at(row, |i| offset + i)
    }

    /// A query over all rows of this model; narrow it with `filter`, `order_by`, `limit`.
    fn query() -> query::Query<Self> {
        query::Query::new()
    }

    /// The row with this primary key, if any.
    fn find(mut db: impl Connection, key: Self::Key) -> impl Future<Output = Result<Option<Self>>> + Send {
        async move {
            let select =
                Select::from(table::<Self>()).columns(Self::TABLE, Self::COLUMNS.iter().map(|c| c.name)).filter(key_node::<Self>(&key));
            // A soft-deleted row is not found (`query().with_deleted()` finds it).
            let select = match stamps::live(Self::COLUMNS) {
                Some(live) => select.filter(live),
                None => select,
            };
            fetch_model(&mut db, select).await
        }
    }

    /// Inserts this instance. An auto-increment key left at `0` is generated by the database and
    /// written back into the struct.
    fn insert(&mut self, mut db: impl Connection) -> impl Future<Output = Result<()>> + Send {
        async move { insert_row(self, &mut db).await }
    }

    /// Inserts many instances in one statement (several only past the backend's bound-parameter
    /// limit, then inside one transaction), writing generated keys back.
    fn insert_all(mut db: impl Connection, items: &mut [Self]) -> impl Future<Output = Result<()>> + Send {
        async move {
            if items.is_empty() {
                return Ok(());
            }
            items.iter().try_for_each(hooks::validate)?;
            if !hooks::hooked::<Self>() {
                return insert_all_on(&mut db, items).await;
            }
            let mut tx = db.begin().await?;
            for item in items.iter_mut() {
                hooks::before_insert(item, &mut tx).await?;
            }
            insert_all_on(&mut tx, items).await?;
            for item in items.iter_mut() {
                hooks::after_insert(item, &mut tx).await?;
            }
            tx.commit().await
        }
    }

    /// Writes every column of this instance to its row, its `#[model(updated_at)]` column set to
    /// now (here too). [`Error::NotFound`] if the row is gone.
    fn update(&mut self, mut db: impl Connection) -> impl Future<Output = Result<()>> + Send {
        async move {
            hooks::validate(self)?;
            if !hooks::hooked::<Self>() {
                return update_row(self, &mut db).await;
            }
            let mut tx = db.begin().await?;
            hooks::before_update(self, &mut tx).await?;
            update_row(self, &mut tx).await?;
            hooks::after_update(self, &mut tx).await?;
            tx.commit().await
        }
    }

    /// Deletes this instance's row. [`Error::NotFound`] if there was none. For a model with
    /// `#[model(deleted_at)]` it is a soft delete: the row stays, its `deleted_at` (and
    /// `updated_at`) set to now, and every query, accessor and include leaves it out;
    /// [`Model::restore`] brings it back, [`Model::force_delete`] removes it. A row deleted
    /// already is [`Error::NotFound`]. The instance is left as it is (an `update` of it is then
    /// [`Error::NotFound`]: it would bring the row back behind the caller's back).
    fn delete(&self, mut db: impl Connection) -> impl Future<Output = Result<()>> + Send {
        async move {
            if hooks::hooked::<Self>() {
                let mut tx = db.begin().await?;
                hooks::before_delete(self, &mut tx).await?;
                delete_row(self, &mut tx, false).await?;
                hooks::after_delete(self, &mut tx).await?;
                return tx.commit().await;
            }
            delete_row(self, &mut db, false).await
        }
    }

    /// Removes this instance's row, soft-deleted or not. [`Error::NotFound`] if there was none.
    fn force_delete(&self, mut db: impl Connection) -> impl Future<Output = Result<()>> + Send {
        async move {
            if hooks::hooked::<Self>() {
                let mut tx = db.begin().await?;
                hooks::before_delete(self, &mut tx).await?;
                delete_row(self, &mut tx, true).await?;
                hooks::after_delete(self, &mut tx).await?;
                return tx.commit().await;
            }
            delete_row(self, &mut db, true).await
        }
    }

    /// Brings back a soft-deleted row (`deleted_at` to `NULL`, here too). [`Error::NotFound`] if
    /// there is no soft-deleted row with this key; [`Error::Association`] for a model without
    /// `#[model(deleted_at)]`.
    fn restore(&mut self, mut db: impl Connection) -> impl Future<Output = Result<()>> + Send {
        async move {
            let Some((i, c)) = stamps::with_role(Self::COLUMNS, ColumnRole::DeletedAt).next() else {
                return Err(Error::Association(format!(
                    "`{}` has no `#[model(deleted_at)]` column: its rows cannot be restored",
                    Self::MODEL
                )));
            };
            let key = self.key();
            let now = stamps::Now::new();
            let null = Value::Null(c.ty);
            let (update, stamp) = stamps::touch::<Self>(Update::table(table::<Self>()).single_table().set(c.name, null.clone()), now);
            let update = update.filter(key_node::<Self>(&key)).filter(Node::IsNull(c.name, false));
            if db.execute(update.into()).await?.rows_affected == 0 {
                return Err(Error::NotFound { model: Self::MODEL });
            }
            self.set_value_at(i, &null);
            stamps::hold(self, stamp.as_slice());
            Ok(())
        }
    }
}

/// What a statement does with models: note them for error messages, list their columns, decode
/// rows into them. Defined here, with the model, so the statement layer knows no model.
impl Sql {
    /// Notes that the statement reads or writes `M`'s table, so that a column the database does
    /// not know is reported with the model's name ([`Error::UnknownColumn`]).
    pub(crate) fn about<M: Model>(&mut self) -> &mut Self {
        self.about_as(Cow::Borrowed(M::TABLE), M::MODEL)
    }

    /// Appends the column names of `M`, each qualified by `table` (its table or an alias): SQLite
    /// reads an unqualified `"title"` that names no column as the string `'title'`, a qualified
    /// one is an error.
    pub fn columns<M: Model>(&mut self, table: &str) -> &mut Self {
        self.about::<M>();
        self.list(M::COLUMNS, |s, c| {
            s.qualified(table, c.name);
        })
    }

    /// Runs the statement and decodes every row as `M`.
    ///
    /// The model's columns are found in the result by name (once per statement, from its first
    /// row), so a hand-written `SELECT` may list them in any order, alongside others. A column
    /// the result lacks is [`Error::MissingColumn`], one it has twice [`Error::AmbiguousColumn`].
    ///
    /// ```
    /// use orm_core::{Model, Schema, sql::Sql};
    ///
    /// #[derive(Model, Debug)]
    /// struct User { id: i64, first: String, last: String }
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let pool = orm_core::sqlite::memory().await?;
    /// Schema::new().model::<User>().sync(&pool).await?;
    /// User { id: 0, first: "Ada".into(), last: "Lovelace".into() }.insert(&pool).await?;
    /// let mut sql = Sql::new(orm_core::Dialect::Sqlite);
    /// sql.push("SELECT last, first, id FROM users");
    /// let users: Vec<User> = sql.fetch_all(&pool).await?;
    /// assert_eq!((users[0].first.as_str(), users[0].last.as_str()), ("Ada", "Lovelace"));
    /// # Ok::<(), orm_core::Error>(()) }).unwrap();
    /// ```
    pub async fn fetch_all<M: Model>(self, mut db: impl Connection) -> Result<Vec<M>> {
        let mut by_name = ByName::<M>::new();
        fetch_map(&mut db, self, |row| by_name.decode(row)).await
    }

    /// Runs the statement and decodes the first row as `M`, if any, matching columns by name
    /// (see [`Sql::fetch_all`]).
    pub async fn fetch_optional<M: Model>(self, mut db: impl Connection) -> Result<Option<M>> {
        let row = db.fetch_optional(self.into()).await?;
        row.map(|row| ByName::<M>::new().decode(&row)).transpose()
    }
}

/// Runs a statement the ORM built with `M`'s columns first, in [`Model::COLUMNS`] order, and
/// decodes its first row by position, if any.
pub(crate) async fn fetch_model<M: Model>(db: &mut dyn Connection, stmt: impl Into<Statement>) -> Result<Option<M>> {
    db.fetch_optional(stmt.into()).await?.map(|row| M::from_row(&row, 0)).transpose()
}

/// [`fetch_model`] for every row.
pub(crate) async fn fetch_models<M: Model>(db: &mut dyn Connection, stmt: impl Into<Statement>) -> Result<Vec<M>> {
    fetch_map(db, stmt, |row| M::from_row(row, 0)).await
}

/// Decodes rows of a hand-written statement as `M`, finding each model column in the result by
/// name. The names are looked up once, on the first row: every row of a statement has the same
/// columns.
struct ByName<M> {
    positions: Option<Vec<usize>>,
    _m: std::marker::PhantomData<fn() -> M>,
}

impl<M: Model> ByName<M> {
    fn new() -> Self {
        ByName { positions: None, _m: std::marker::PhantomData }
    }

    fn decode(&mut self, row: &Row) -> Result<M> {
        let positions = match &self.positions {
            Some(p) => p,
            None => self.positions.insert(positions::<M>(row)?),
        };
        decode_at(row, |i| positions[i])
    }
}

/// [`Model::from_row_at`], after checking that no required column of the row is NULL: that is
/// [`Error::UnexpectedNull`] naming the model and column, the same on every backend.
fn decode_at<M: Model>(row: &Row, at: impl Fn(usize) -> usize) -> Result<M> {
    for (i, c) in M::COLUMNS.iter().enumerate() {
        if !c.nullable && row.is_null(at(i))? {
            return Err(Error::UnexpectedNull { model: M::MODEL, column: c.name.to_owned() });
        }
    }
    M::from_row_at(row, at)
}

/// Where each column of `M` is in `row`: an exact name match, else one that differs only in
/// ASCII case (SQLite and MySQL hand back names as the query spelled them).
fn positions<M: Model>(row: &Row) -> Result<Vec<usize>> {
    let names = row.column_names();
    M::COLUMNS
        .iter()
        .map(|c| {
            let find = |eq: &dyn Fn(&str) -> bool| {
                let mut hits = names.iter().enumerate().filter(|(_, n)| eq(n)).map(|(i, _)| i);
                (hits.next(), hits.next())
            };
            let found = match find(&|n| n == c.name) {
                (None, _) => find(&|n| n.eq_ignore_ascii_case(c.name)),
                exact => exact,
            };
            match found {
                (Some(i), None) => Ok(i),
                (None, _) => Err(Error::MissingColumn { model: M::MODEL, column: c.name }),
                (Some(_), Some(_)) => Err(Error::AmbiguousColumn { model: M::MODEL, column: c.name }),
            }
        })
        .collect()
}

/// The row loaded beside each target of a many-to-many: a junction model, or `()` for none.
pub trait JunctionRow: Sized + Send + Sync + 'static {
    /// The columns to select from the junction table.
    fn columns() -> &'static [crate::model::ColumnDef];
    /// Decodes the row at `offset`.
    fn decode(row: &Row, offset: usize) -> Result<Self>;
    /// The junction model's name (`None` for `()`).
    fn name() -> Option<&'static str>;
    /// The value of column `index` of [`JunctionRow::columns`].
    fn value_at(&self, index: usize) -> Value;
}

impl JunctionRow for () {
    fn columns() -> &'static [crate::model::ColumnDef] {
        &[]
    }
    fn decode(_: &Row, _: usize) -> Result<Self> {
        Ok(())
    }
    fn name() -> Option<&'static str> {
        None
    }
    fn value_at(&self, _: usize) -> Value {
        Value::Null(SqlType::Text)
    }
}

impl<M: Model> JunctionRow for M {
    fn columns() -> &'static [crate::model::ColumnDef] {
        M::COLUMNS
    }
    fn decode(row: &Row, offset: usize) -> Result<Self> {
        M::from_row(row, offset)
    }
    fn name() -> Option<&'static str> {
        Some(M::MODEL)
    }
    fn value_at(&self, index: usize) -> Value {
        Model::value_at(self, index)
    }
}
