//! `#[belongs_to_many(through = UserBooks, as = "read")] read: BelongsToMany<Book>`: the links
//! are rows of a junction table holding both keys.

use super::loaded::{LoadInto, Loaded, Loading};
use crate::backend::{Connection, PrimaryKey, fetch_map, fetch_scalar};
use crate::error::{Error, Result};
use crate::model::ColumnRole;
use crate::model::Model;
use crate::model::stamps::{self, Now};
use crate::model::{ForeignKey, Junction};
use crate::query::{Node, Query, keys_node};
use crate::sql::{Delete, Insert, Select, TableRef, Update, col};
use crate::transaction::{atomic, lock_owner};
use crate::value::{SqlType, Value};

/// The targets of a `#[belongs_to_many]` association, once eager-loaded.
///
/// Declare the field as `BelongsToMany<Book, UserBooks>` (naming the `through` model) to have an
/// include load each link's junction row too.
pub struct BelongsToMany<T, J = ()> {
    loaded: Loaded<Links<T, J>>,
}

/// The targets, each once, and the links: each junction row with the index of its target.
type Links<T, J> = (Vec<T>, Vec<(usize, J)>);

impl<T: 'static, J: 'static> BelongsToMany<T, J> {
    /// The loaded targets, each once (as the getter returns them and the count counts them, also
    /// through a junction with `unique = false` that links one target twice); `None` when the
    /// association was not loaded.
    pub fn loaded(&self) -> Option<&[T]> {
        self.loaded.get().map(|(targets, _)| targets.as_slice())
    }

    /// The loaded links: each junction row with its target (a target linked twice comes twice, as
    /// the `*_through` getter returns them); `None` when not loaded.
    pub fn loaded_through(&self) -> Option<impl Iterator<Item = (&T, &J)>> {
        self.loaded.get().map(|(targets, links)| links.iter().map(move |(i, j)| (&targets[*i], j)))
    }
}

impl<T, J> BelongsToMany<T, J> {
    /// Whether an include loaded this association.
    pub fn is_loaded(&self) -> bool {
        self.loaded.is_loaded()
    }
}

impl<T: Send + Sync + 'static, J: Send + Sync + 'static> LoadInto<T, J> for BelongsToMany<T, J> {
    fn load_into(&mut self, rows: Loading<T, J>) {
        let (mut targets, mut links) = (Vec::new(), Vec::with_capacity(rows.rows.len()));
        let mut at = Vec::with_capacity(rows.rows.len());
        for (i, ((t, j), first)) in rows.rows.into_iter().zip(rows.first).enumerate() {
            let index = if first == i {
                targets.push(t);
                targets.len() - 1
            } else {
                at[first]
            };
            at.push(index);
            links.push((index, j));
        }
        self.loaded.set((targets, links), rows.copy, |(targets, links), copy| {
            (targets.iter().map(copy.target).collect(), links.iter().map(|(i, j)| (*i, (copy.junction)(j))).collect())
        });
    }
}

impl<T, J> Default for BelongsToMany<T, J> {
    fn default() -> Self {
        BelongsToMany { loaded: Loaded::default() }
    }
}
impl<T, J> Clone for BelongsToMany<T, J> {
    fn clone(&self) -> Self {
        BelongsToMany { loaded: self.loaded.clone() }
    }
}
impl<T: std::fmt::Debug + 'static, J: 'static> std::fmt::Debug for BelongsToMany<T, J> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.loaded() {
            Some(v) => f.debug_list().entries(v).finish(),
            None => f.write_str("BelongsToMany(not loaded)"),
        }
    }
}
impl<T: PartialEq + 'static, J: 'static> PartialEq for BelongsToMany<T, J> {
    fn eq(&self, other: &Self) -> bool {
        self.loaded() == other.loaded()
    }
}

/// The value each target contributes to the junction's `other_key` column.
fn target_values<T: Model>(j: &Junction, targets: &[&T]) -> Result<Vec<Value>> {
    let column = T::COLUMNS.iter().position(|c| c.name == j.target_column).unwrap_or(0);
    let mut seen = std::collections::HashSet::new();
    targets
        .iter()
        .filter(|t| seen.insert(t.key()))
        .map(|t| {
            let k = t.key();
            if <T::Key as PrimaryKey>::AUTO_INCREMENT && k.is_unset() {
                Err(Error::Unsaved { model: T::MODEL })
            } else {
                Ok(t.value_at(column))
            }
        })
        .collect()
}

/// The targets linked to `key`.
#[doc(hidden)]
pub fn query<T: Model>(j: &Junction, key: Value) -> Query<T> {
    Query::new().filter_node(Node::InJunction {
        column: j.target_column,
        table: j.table,
        select: j.other_key,
        filter: j.foreign_key,
        value: key,
        live: stamps::deleted_at(j.columns).map(|c| c.name),
    })
}

/// The targets linked to `owner` (its `column` holds the key).
#[doc(hidden)]
pub async fn get<S: Model, T: Model>(mut db: impl Connection, j: &Junction, owner: &S, column: usize) -> Result<Vec<T>> {
    query(j, super::stored_value(owner, column)?).all(&mut db).await
}

/// How many targets are linked to `owner`.
#[doc(hidden)]
pub async fn count<S: Model, T: Model>(mut db: impl Connection, j: &Junction, owner: &S, column: usize) -> Result<i64> {
    query::<T>(j, super::stored_value(owner, column)?).count(&mut db).await
}

/// Whether every one of `targets` is linked to `key`.
#[doc(hidden)]
pub async fn has<S: Model, T: Model>(mut db: impl Connection, j: &Junction, owner: &S, column: usize, targets: Vec<&T>) -> Result<bool> {
    let key = super::stored_value(owner, column)?;
    let keys: Vec<T::Key> = targets.iter().map(|t| t.key()).collect::<std::collections::HashSet<_>>().into_iter().collect();
    if keys.is_empty() {
        return Ok(true);
    }
    let n = query::<T>(j, key).filter_node(keys_node::<T>(&keys)).count(&mut db).await?;
    Ok(n == keys.len() as i64)
}

/// Inserts the missing links from `key` to `values` (target keys), in statements under the
/// bound-parameter limit. The caller holds the owner's lock.
async fn link(conn: &mut dyn Connection, j: &Junction, key: &Value, mut values: Vec<Value>) -> Result<()> {
    if !j.unique && !values.is_empty() {
        // No unique pair index to conflict on (`unique = false`): leave out the pairs that are
        // linked already, so adding stays idempotent. The owner's lock keeps them so.
        let select = Select::from(j.table)
            .column(col(j.table, j.other_key))
            .filter(Node::eq(j.foreign_key, key.clone()))
            .filter(Node::In(j.other_key, values.clone()));
        let select = match stamps::live(j.columns) {
            Some(live) => select.filter(live),
            None => select,
        };
        let ty = values[0].sql_type();
        let linked = super::value_set(&fetch_map(conn, select, |row| row.get_value(0, ty)).await?);
        values.retain(|v| !linked.contains(&super::set_member(v)));
    }
    let dialect = conn.dialect();
    // A junction model's `created_at`/`updated_at` are filled as any insert of it fills them.
    let now = Now::new();
    let mut stamped: Vec<(&'static str, Value)> = j
        .columns
        .iter()
        .filter(|c| matches!(c.role, ColumnRole::CreatedAt | ColumnRole::UpdatedAt))
        .map(|c| (c.name, now.value(c.ty)))
        .collect();
    // A soft-deleted link of the pair comes back (its `deleted_at` set to the inserted NULL).
    let revive = stamps::deleted_at(j.columns);
    if let Some(c) = revive {
        stamped.push((c.name, Value::Null(c.ty)));
    }
    let columns = [j.foreign_key, j.other_key].into_iter().chain(stamped.iter().map(|(c, _)| *c));
    let columns: Vec<&'static str> = columns.collect();
    for chunk in values.chunks(dialect.max_params() / columns.len()) {
        let rows = chunk.iter().map(|v| [key.clone(), v.clone()].into_iter().chain(stamped.iter().map(|(_, s)| s.clone())).collect());
        let mut insert = Insert::into(j.table, columns.iter().copied()).rows(rows);
        if j.unique {
            insert = match revive {
                Some(c) => insert.on_conflict_update([j.foreign_key, j.other_key], [c.name]),
                None => insert.on_conflict_do_nothing([j.foreign_key, j.other_key]),
            };
        }
        conn.execute(insert.into()).await?;
    }
    Ok(())
}

/// The values of the other key in the junction rows of `key`.
async fn linked_values(conn: &mut dyn Connection, j: &Junction, key: &Value, ty: SqlType) -> Result<Vec<Value>> {
    let select = Select::from(j.table).column(col(j.table, j.other_key)).filter(Node::eq(j.foreign_key, key.clone()));
    let select = match stamps::live(j.columns) {
        Some(live) => select.filter(live),
        None => select,
    };
    fetch_map(conn, select, |row| row.get_value(0, ty)).await
}

/// Links `targets` to `key` (existing links are kept as they are).
#[doc(hidden)]
pub async fn add<S: Model, T: Model>(mut db: impl Connection, j: &Junction, owner: &S, column: usize, targets: Vec<&T>) -> Result<()> {
    let key = super::stored_value(owner, column)?;
    let values = target_values(j, &targets)?;
    if values.is_empty() {
        return Ok(());
    }
    atomic!(&mut db, |tx| {
        lock_owner(tx, j.source_table, j.source_column, &key).await?;
        link(tx, j, &key, values.clone()).await?
    })
}

/// The live junction row linking `key` to `other`, if any.
async fn find_link<J: Model>(conn: &mut dyn Connection, j: &Junction, key: &Value, other: &Value) -> Result<Option<J>> {
    let select = Select::from(junction::<J>()).columns(J::TABLE, J::COLUMNS.iter().map(|c| c.name)).filter(link_filter(j, key, other));
    let select = match stamps::live(J::COLUMNS) {
        Some(live) => select.filter(live),
        None => select,
    };
    conn.fetch_optional(select.into()).await?.map(|row| J::from_row(&row, 0)).transpose()
}

/// The junction table of the model `J`.
fn junction<J: Model>() -> TableRef {
    TableRef::of(J::TABLE, J::MODEL)
}

/// The junction rows linking `key` to `other`.
fn link_filter(j: &Junction, key: &Value, other: &Value) -> Node {
    Node::and_then(Some(Node::eq(j.foreign_key, key.clone())), Node::eq(j.other_key, other.clone()))
}

/// `row` with the two keys of the link from `key` to `target`.
fn keyed_row<T: Model, J: Model>(j: &Junction, keys: [&ForeignKey<J>; 2], key: &Value, target: &T, mut row: J) -> Result<(J, Value)> {
    let other = target_values(j, &[target])?.remove(0);
    if !(keys[0].set)(&mut row, key) || !(keys[1].set)(&mut row, &other) {
        return Err(Error::Association(format!("the keys of `{}` do not fit its junction `{}`", T::MODEL, J::MODEL)));
    }
    Ok((row, other))
}

/// Links `target` to `key` through the junction row `row`, whose own columns (e.g. `rating`) are
/// stored too. Adding a link that exists changes nothing (Sequelize's `add`): the stored row is
/// returned as it is; [`update_through`] changes a link's columns. With `unique = false` every
/// call stores a new row.
#[doc(hidden)]
pub async fn add_through<S: Model, T: Model, J: Model>(
    mut db: impl Connection,
    j: &Junction,
    keys: [&ForeignKey<J>; 2],
    owner: &S,
    column: usize,
    target: &T,
    row: J,
) -> Result<J> {
    let key = super::stored_value(owner, column)?;
    let (mut row, other) = keyed_row(j, keys, &key, target, row)?;
    // An attempt that is retried may have written a generated key into `row`: start each from
    // the key the caller gave.
    let given = row.key();
    let stored = atomic!(&mut db, |tx| {
        lock_owner(tx, j.source_table, j.source_column, &key).await?;
        // `unique = false`: each call adds one more row (e.g. one more loan of the same book).
        let existing = if j.unique { find_link::<J>(tx, j, &key, &other).await? } else { None };
        match existing {
            Some(stored) => Some(stored),
            // A soft-deleted link of a unique pair is the row to bring back, with the new columns.
            None if j.unique && stamps::deleted_at(J::COLUMNS).is_some() && linked_any(tx, j, &key, &other).await? => {
                row.set_key(given.clone());
                let revived = revive_link(tx, j, &key, &other, &row).await?;
                Some(revived)
            }
            None => {
                row.set_key(given.clone());
                crate::model::insert_row(&mut row, tx).await?;
                None
            }
        }
    })?;
    Ok(stored.unwrap_or(row))
}

/// Whether any junction row, soft-deleted or not, links `key` to `other`.
async fn linked_any(conn: &mut dyn Connection, j: &Junction, key: &Value, other: &Value) -> Result<bool> {
    let count = Select::from(j.table).count().filter(link_filter(j, key, other));
    Ok(fetch_scalar::<i64>(conn, count).await? > 0)
}

/// Brings back the soft-deleted link from `key` to `other` with the own columns of `row`; its
/// `deleted_at` cleared, `updated_at` now. Returns the stored row.
async fn revive_link<J: Model>(conn: &mut dyn Connection, j: &Junction, key: &Value, other: &Value, row: &J) -> Result<J> {
    let values = row.values();
    let now = Now::new();
    let mut update = Update::table(junction::<J>()).single_table();
    for (i, c) in J::COLUMNS.iter().enumerate() {
        match c.role {
            ColumnRole::DeletedAt => update = update.set(c.name, Value::Null(c.ty)),
            ColumnRole::Plain if c.name != j.foreign_key && c.name != j.other_key && !J::PRIMARY_KEY.contains(&i) => {
                update = update.set(c.name, values[i].clone())
            }
            _ => {}
        }
    }
    let update = stamps::touch::<J>(update, now).0.filter(link_filter(j, key, other));
    conn.execute(update.into()).await?;
    find_link::<J>(conn, j, key, other).await?.ok_or(Error::NotFound { model: J::MODEL })
}

/// Replaces the own columns of the existing link from `key` to `target` with those of `row`;
/// [`Error::NotFound`] (naming the junction model) when the two are not linked.
#[doc(hidden)]
pub async fn update_through<S: Model, T: Model, J: Model>(
    mut db: impl Connection,
    j: &Junction,
    keys: [&ForeignKey<J>; 2],
    owner: &S,
    column: usize,
    target: &T,
    row: J,
) -> Result<J> {
    let key = super::stored_value(owner, column)?;
    let (row, other) = keyed_row(j, keys, &key, target, row)?;
    let values = row.values();
    let columns: Vec<usize> = (0..J::COLUMNS.len())
        .filter(|&i| {
            let c = J::COLUMNS[i].name;
            c != j.foreign_key && c != j.other_key && !J::PRIMARY_KEY.contains(&i)
        })
        .collect();
    if columns.is_empty() {
        // Nothing of its own to update: the call only asks whether the link is there.
        let count = Select::from(junction::<J>()).count().filter(link_filter(j, &key, &other));
        return if fetch_scalar::<i64>(&mut db, count).await? > 0 { Ok(row) } else { Err(Error::NotFound { model: J::MODEL }) };
    }
    // The link's `created_at` is the stored one, not the given row's; `updated_at` is now.
    let now = Now::new();
    let columns = columns.iter().filter(|&&i| !matches!(J::COLUMNS[i].role, ColumnRole::CreatedAt | ColumnRole::UpdatedAt));
    let update = columns.fold(Update::table(junction::<J>()), |u, &i| u.set(J::COLUMNS[i].name, values[i].clone()));
    let (update, stamp) = stamps::touch::<J>(update, now);
    if update.set.is_empty() {
        let count = Select::from(junction::<J>()).count().filter(link_filter(j, &key, &other));
        return if fetch_scalar::<i64>(&mut db, count).await? > 0 { Ok(row) } else { Err(Error::NotFound { model: J::MODEL }) };
    }
    let mut update = update.filter(link_filter(j, &key, &other)).single_table();
    if let Some(live) = stamps::live(J::COLUMNS) {
        update = update.filter(live);
    }
    let done = db.execute(update.into()).await?;
    // MySQL too counts matched rows (the driver sets CLIENT_FOUND_ROWS): 0 means no such link.
    if done.rows_affected == 0 {
        return Err(Error::NotFound { model: J::MODEL });
    }
    // Read back: the stored `created_at` (and anything else the row keeps) is what the caller gets.
    let mut row = find_link::<J>(&mut db, j, &key, &other).await?.ok_or(Error::NotFound { model: J::MODEL })?;
    stamps::hold(&mut row, stamp.as_slice());
    Ok(row)
}

/// Unlinks `targets` from `key`.
#[doc(hidden)]
pub async fn remove<S: Model, T: Model>(mut db: impl Connection, j: &Junction, owner: &S, column: usize, targets: Vec<&T>) -> Result<()> {
    let key = super::stored_value(owner, column)?;
    let values = target_values(j, &targets)?;
    if values.is_empty() {
        return Ok(());
    }
    let now = Now::new();
    atomic!(&mut db, |tx| {
        lock_owner(tx, j.source_table, j.source_column, &key).await?;
        let links = Node::And(Box::new(Node::eq(j.foreign_key, key.clone())), Box::new(Node::In(j.other_key, values.clone())));
        tx.execute(unlink(j, links, now)).await?
    })?;
    Ok(())
}

/// Ends the links matching `links`: deletes the junction rows, or marks them soft-deleted when
/// the junction model keeps a `deleted_at` (Sequelize's paranoid `through`).
fn unlink(j: &Junction, links: Node, now: Now) -> crate::sql::Statement {
    match stamps::soft_delete(j.columns, Update::table(j.table), now) {
        Some(update) => update.filter(links).into(),
        None => Delete::from(j.table).filter(links).into(),
    }
}

/// Makes `targets` exactly the rows linked to `key`, in one transaction: on error the previous
/// links stay. The owner's row is locked first, so concurrent calls on one owner end with
/// exactly one caller's list.
#[doc(hidden)]
pub async fn set<S: Model, T: Model>(mut db: impl Connection, j: &Junction, owner: &S, column: usize, targets: Vec<&T>) -> Result<()> {
    let key = super::stored_value(owner, column)?;
    let values = target_values(j, &targets)?;
    let now = Now::new();
    atomic!(&mut db, |tx| {
        lock_owner(tx, j.source_table, j.source_column, &key).await?;
        // What goes is every link outside the new list, found here from the links read under
        // the owner's lock rather than by a `NOT IN (list)`, which a planner may run once per
        // row (see `has_many::set`).
        let all = Node::eq(j.foreign_key, key.clone());
        let links = match values.first() {
            None => Some(all),
            Some(first) => {
                let wanted = super::value_set(&values);
                let outside: Vec<Value> = linked_values(tx, j, &key, first.sql_type())
                    .await?
                    .into_iter()
                    .filter(|v| !wanted.contains(&super::set_member(v)))
                    .collect();
                (!outside.is_empty()).then(|| Node::And(Box::new(all), Box::new(Node::In(j.other_key, outside))))
            }
        };
        if let Some(links) = links {
            tx.execute(unlink(j, links, now)).await?;
        }
        link(tx, j, &key, values.clone()).await?
    })
}

/// Inserts `target` and links it to `key`, in one transaction.
#[doc(hidden)]
pub async fn create<S: Model, T: Model>(mut db: impl Connection, j: &Junction, owner: &S, column: usize, mut target: T) -> Result<T> {
    let key = super::stored_value(owner, column)?;
    // An attempt that is retried may have written a generated key into `target`.
    let given = target.key();
    atomic!(&mut db, |tx| {
        lock_owner(tx, j.source_table, j.source_column, &key).await?;
        target.set_key(given.clone());
        crate::model::insert_row(&mut target, tx).await?;
        let values = target_values(j, &[&target])?;
        link(tx, j, &key, values).await?
    })?;
    Ok(target)
}

/// The targets linked to `key`, each with its junction row.
#[doc(hidden)]
pub async fn through<S: Model, T: Model, J: Model>(mut db: impl Connection, j: &Junction, owner: &S, column: usize) -> Result<Vec<(T, J)>> {
    let key = super::stored_value(owner, column)?;
    let select = Select::from(TableRef::of(T::TABLE, T::MODEL))
        .columns(T::TABLE, T::COLUMNS.iter().map(|c| c.name))
        .columns(J::TABLE, J::COLUMNS.iter().map(|c| c.name))
        .inner_join(junction::<J>(), Node::ColumnEq(col(T::TABLE, j.target_column), col(J::TABLE, j.other_key)))
        .filter(Node::on(J::TABLE, Node::eq(j.foreign_key, key)));
    // Live links to live targets only.
    let select = match stamps::live(J::COLUMNS) {
        Some(live) => select.filter(Node::on(J::TABLE, live)),
        None => select,
    };
    let select = match stamps::live(T::COLUMNS) {
        Some(live) => select.filter(Node::on(T::TABLE, live)),
        None => select,
    };
    let select = T::PRIMARY_KEY.iter().fold(select, |s, &i| s.order_by(col(T::TABLE, T::COLUMNS[i].name), None));
    let offset = T::COLUMNS.len();
    fetch_map(&mut db, select, |row| Ok((T::from_row(row, 0)?, J::from_row(row, offset)?))).await
}
