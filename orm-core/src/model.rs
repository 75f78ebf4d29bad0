//! The [`Model`] trait that `#[derive(Model)]` implements, and the CRUD every model gets.

mod column_type;
pub(crate) mod hooks;
pub(crate) mod query;
mod relations;
pub(crate) mod stamps;

use std::borrow::Cow;
use std::future::Future;

pub use column_type::{ColumnType, DefaultFor};
pub use hooks::{Hooks, Invalid};
pub use relations::{Action, AssociationDef, BelongsToDef, BelongsToManyDef, ForeignKey, GeneratedJunction, HasDef, Identity, Junction};
pub use stamps::{ColumnRole, DeletedStamp, Timestamp};

use crate::backend::{Connection, PrimaryKey, Row, fetch_map};
use crate::error::{Error, Result};
use crate::sql::tree::Node;
use crate::sql::{Delete, Insert, Select, Sql, Statement, TableRef, Update};
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

/// [`Model::update`]'s write, validated and hooked by the caller.
async fn update_row<M: Model>(m: &mut M, db: &mut dyn Connection) -> Result<()> {
    let key = m.key();
    if generates_key(&key) {
        return Err(Error::Unsaved { model: M::MODEL });
    }
    let mut values = m.values();
    let now = stamps::Now::new();
    let stamped: Vec<(usize, Value)> = stamps::with_role(M::COLUMNS, ColumnRole::UpdatedAt).map(|(i, c)| (i, now.value(c.ty))).collect();
    for (i, v) in &stamped {
        values[*i] = v.clone();
    }
    check_key_text::<M>(db.dialect(), &values)?;
    let mut update = Update::table(table::<M>()).single_table();
    for (i, (c, v)) in M::COLUMNS.iter().zip(values).enumerate() {
        if !M::PRIMARY_KEY.contains(&i) {
            update = update.set(c.name, v);
        }
    }
    if update.set.is_empty() {
        // Only key columns: nothing to write, but a row that is gone is still NotFound.
        update = update.set_itself(M::COLUMNS[M::PRIMARY_KEY[0]].name);
    }
    let mut update = update.filter(key_node::<M>(&key));
    // A soft-deleting model's row is written only in the state the instance holds: a
    // stale live instance of a deleted row must not bring it back (`restore` does).
    if let Some((i, c)) = stamps::with_role(M::COLUMNS, ColumnRole::DeletedAt).next() {
        update = update.filter(Node::IsNull(c.name, matches!(m.value_at(i), Value::Null(_))));
    }
    let done = db.execute(update.into()).await?;
    // The driver connects to MySQL with CLIENT_FOUND_ROWS, so an unchanged row counts as matched
    // there too: 0 means the row is gone on every backend.
    if done.rows_affected == 0 {
        return Err(Error::NotFound { model: M::MODEL });
    }
    stamps::hold(m, &stamped);
    Ok(())
}

/// [`Model::delete`]'s write (`force`: [`Model::force_delete`]'s), hooked by the caller: a
/// soft delete for a model with `deleted_at`, unless forced.
async fn delete_row<M: Model>(m: &M, db: &mut dyn Connection, force: bool) -> Result<()> {
    let key = m.key();
    let soft = if force { None } else { stamps::soft_delete(M::COLUMNS, Update::table(table::<M>()).single_table(), stamps::Now::new()) };
    let done = match soft {
        Some(update) => db.execute(update.filter(key_node::<M>(&key)).into()).await?,
        None => db.execute(Delete::from(table::<M>()).single_table().filter(key_node::<M>(&key)).into()).await?,
    };
    if done.rows_affected == 0 {
        return Err(Error::NotFound { model: M::MODEL });
    }
    Ok(())
}

/// [`Model::insert_all`]'s writes, validated and hooked by the caller.
async fn insert_all_on<M: Model>(db: &mut dyn Connection, items: &mut [M]) -> Result<()> {
    let dialect = db.dialect();
    // Rows that bring their own key and rows that want one generated take different
    // column lists, so they go in separate statements.
    let mut plan: Vec<(bool, Vec<usize>)> = Vec::new();
    for generate in [false, true] {
        let rows: Vec<usize> = (0..items.len()).filter(|&i| generates_key(&items[i].key()) == generate).collect();
        let columns = M::COLUMNS.len() - if generate { 1 } else { 0 };
        // Two parameters stay free for the sequence update of PostgreSQL explicit keys.
        let per_statement = ((dialect.max_params() - 2) / columns.max(1)).max(1);
        plan.extend(rows.chunks(per_statement).map(|chunk| (generate, chunk.to_vec())));
    }
    // Generated keys are written back only once everything is stored: a failure leaves
    // every instance as it was, ready to be inserted again.
    let mut generated: Vec<(usize, M::Key)> = Vec::new();
    let now = stamps::Now::new();
    let generates = plan.iter().any(|(generate, _)| *generate);
    let returning = !generates || returns_keys(db).await?;
    if !returning {
        // No RETURNING (MySQL): the ids of a multi-row insert need not be consecutive
        // (auto_increment_increment, Galera), so each row is its own statement and its
        // id is exactly the one the server reports.
        plan = plan
            .into_iter()
            .flat_map(|(generate, chunk)| match generate {
                true => chunk.into_iter().map(|i| (true, vec![i])).collect(),
                false => vec![(false, chunk)],
            })
            .collect();
    }
    if let [(generate, chunk)] = plan.as_slice() {
        // One statement is atomic by itself: no transaction, no extra round trips.
        generated = insert_chunk::<M>(db, items, chunk, *generate, returning, now).await?;
    } else {
        let mut tx = db.begin().await?;
        for (generate, chunk) in &plan {
            generated.extend(insert_chunk::<M>(&mut tx, items, chunk, *generate, returning, now).await?);
        }
        tx.commit().await?;
    }
    for (i, key) in generated {
        items[i].set_key(key);
    }
    let stamped = stamps::on_insert(M::COLUMNS, &mut vec![Value::Null(SqlType::Text); M::COLUMNS.len()], now);
    for item in items.iter_mut() {
        stamps::hold(item, &stamped);
        hold_as_stored(item);
    }
    Ok(())
}

/// Inserts `items[i]` for each `i` of `chunk` in one statement; returns the generated keys.
async fn insert_chunk<M: Model>(
    db: &mut dyn Connection,
    items: &[M],
    chunk: &[usize],
    generate: bool,
    returning: bool,
    now: stamps::Now,
) -> Result<Vec<(usize, M::Key)>> {
    let mut rows = Vec::with_capacity(chunk.len());
    for &i in chunk {
        let mut values = items[i].values();
        stamps::on_insert(M::COLUMNS, &mut values, now);
        check_key_text::<M>(db.dialect(), &values)?;
        rows.push(values);
    }
    let insert = insert_rows::<M>(db.dialect(), rows.into_iter(), generate, returning);
    if !generate {
        db.execute(insert.into()).await?;
        Ok(Vec::new())
    } else if returning {
        let keys = fetch_map(db, insert, generated_key::<M>).await?;
        if keys.len() != chunk.len() {
            return Err(Error::protocol(format!("inserting {} `{}` rows returned {} keys", chunk.len(), M::MODEL, keys.len())));
        }
        Ok(chunk.iter().copied().zip(keys).collect())
    } else {
        // insert_all gives one row per statement here: the last insert id of a one-row insert
        // is that row's id, whatever the increment.
        let [i] = chunk else { return Err(multi_row_without_returning::<M>()) };
        let done = db.execute(insert.into()).await?;
        Ok(vec![(*i, key_from_id::<M>(done.last_insert_id)?)])
    }
}

fn multi_row_without_returning<M: Model>() -> Error {
    Error::protocol(format!(
        "generated `{}` keys of several rows cannot be read from a backend that does not return inserted keys",
        M::MODEL
    ))
}

/// Whether an insert on `conn` can return its generated keys (asks MySQL-family servers which
/// they are: MariaDB 10.5+ can, MySQL cannot).
async fn returns_keys(db: &mut dyn Connection) -> Result<bool> {
    let dialect = db.dialect();
    if dialect.returns_keys() {
        return Ok(true);
    }
    let version: Vec<String> = fetch_map(db, Statement::server_version(dialect), |row| row.get(0)).await?;
    Ok(version.first().is_some_and(|v| dialect.returns_keys_on(v)))
}

/// Whether inserting `key` asks the database to generate it.
fn generates_key<K: PrimaryKey>(key: &K) -> bool {
    K::AUTO_INCREMENT && key.is_unset()
}

/// `pk = ?` (each key column, for a composite key), over `M`'s table.
pub(crate) fn key_node<M: Model>(key: &M::Key) -> Node {
    let mut values = Vec::with_capacity(M::PRIMARY_KEY.len());
    key.push_values(&mut values);
    let mut node = None;
    for (&i, v) in M::PRIMARY_KEY.iter().zip(values) {
        node = Some(Node::and_then(node, Node::eq(M::COLUMNS[i].name, v)));
    }
    node.unwrap_or(Node::All(Vec::new()))
}

/// `M`'s table, noting its model for error messages.
fn table<M: Model>() -> TableRef {
    TableRef::of(M::TABLE, M::MODEL)
}

/// `INSERT INTO t (cols) VALUES (...), (...) [RETURNING pk]`, leaving out a generated key.
fn insert_rows<M: Model>(dialect: crate::Dialect, rows: impl Iterator<Item = Vec<Value>>, generate: bool, returning: bool) -> Insert {
    let skip = |i: usize| generate && M::PRIMARY_KEY.contains(&i);
    let key = M::COLUMNS[M::PRIMARY_KEY[0]].name;
    let columns = M::COLUMNS.iter().enumerate().filter(|(i, _)| !skip(*i)).map(|(_, c)| c.name);
    let rows = rows.map(|values| values.into_iter().enumerate().filter(|(i, _)| !skip(*i)).map(|(_, v)| v).collect());
    let mut insert = Insert::into(table::<M>(), columns).rows(rows);
    if generate {
        insert = insert.generated_key(key);
        if returning {
            insert = insert.returning(key);
        }
    } else if <M::Key as PrimaryKey>::AUTO_INCREMENT && dialect.generator_ignores_explicit_keys() {
        insert = insert.bump_sequence(key);
    }
    insert
}

fn generated_key<M: Model>(row: &Row) -> Result<M::Key> {
    <M::Key as PrimaryKey>::decode(row, 0)
}

fn key_from_id<M: Model>(id: Option<i64>) -> Result<M::Key> {
    let key = id.and_then(|id| <M::Key as PrimaryKey>::from_generated(&Value::BigInt(id)));
    key.ok_or_else(|| Error::protocol(format!("the generated key {id:?} does not fit the key of `{}`", M::MODEL)))
}

/// Refuses, before anything is sent, a text value longer than its key column holds: on MySQL a
/// text primary or foreign key is `VARCHAR(255)` (see [`crate::Dialect::key_text_limit`]), and a
/// longer value would be cut short by a non-strict session (then `find` misses it) or refused by
/// the server. `values` are `M`'s columns in order.
pub(crate) fn check_key_text<M: Model>(dialect: crate::Dialect, values: &[Value]) -> Result<()> {
    values.iter().enumerate().try_for_each(|(i, v)| check_key_value::<M>(dialect, i, v))
}

/// [`check_key_text`] for the value of column `index` of `M` alone.
pub(crate) fn check_key_value<M: Model>(dialect: crate::Dialect, index: usize, value: &Value) -> Result<()> {
    let (Some(limit), Value::Text(text), Some(c)) = (dialect.key_text_limit(), value, M::COLUMNS.get(index)) else { return Ok(()) };
    let key =
        M::PRIMARY_KEY.contains(&index) || M::ASSOCIATIONS.iter().any(|a| matches!(a, AssociationDef::BelongsTo(b) if b.column == c.name));
    if key && text.chars().count() > limit {
        return Err(Error::UnsupportedValue {
            model: M::MODEL,
            column: c.name,
            kind: SqlType::Text,
            value: value.to_string(),
            backend: dialect,
            reason: "a text key column there is VARCHAR(255): a longer key would be cut short or refused",
        });
    }
    Ok(())
}

/// [`Model::insert`] on a connection: validated, and with the model's insert hooks around it in
/// one transaction when it has hooks.
pub(crate) async fn insert_row<M: Model>(m: &mut M, db: &mut dyn Connection) -> Result<()> {
    hooks::validate(m)?;
    if !hooks::hooked::<M>() {
        return insert_unhooked(m, db).await;
    }
    let mut tx = db.begin().await?;
    hooks::before_insert(m, &mut tx).await?;
    insert_unhooked(m, &mut tx).await?;
    hooks::after_insert(m, &mut tx).await?;
    tx.commit().await
}

async fn insert_unhooked<M: Model>(m: &mut M, db: &mut dyn Connection) -> Result<()> {
    let generate = generates_key(&m.key());
    let dialect = db.dialect();
    let mut values = m.values();
    let stamped = stamps::on_insert(M::COLUMNS, &mut values, stamps::Now::new());
    check_key_text::<M>(dialect, &values)?;
    let insert = insert_rows::<M>(dialect, std::iter::once(values), generate, dialect.returns_keys());
    if !generate {
        db.execute(insert.into()).await?;
    } else if dialect.returns_keys() {
        let key = fetch_map(db, insert, generated_key::<M>).await?;
        if let Some(key) = key.into_iter().next() {
            m.set_key(key);
        }
    } else {
        let done = db.execute(insert.into()).await?;
        m.set_key(key_from_id::<M>(done.last_insert_id)?);
    }
    stamps::hold(m, &stamped);
    hold_as_stored(m);
    Ok(())
}

/// Leaves `m` holding what was stored where that differs from what it held: times and
/// timestamps are sent to the microsecond (see `Value::stored`), so a field
/// that held nanoseconds (`Utc::now()`) now holds the value a read would return.
pub(crate) fn hold_as_stored<M: Model>(m: &mut M) {
    for (i, c) in M::COLUMNS.iter().enumerate() {
        if matches!(c.ty, SqlType::Time | SqlType::DateTime | SqlType::DateTimeUtc) {
            let sent = m.value_at(i);
            m.set_value_at(i, &sent);
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
