//! `#[belongs_to_many(through = UserBooks, as = "read")] read: BelongsToMany<Book>`: the links
//! are rows of a junction table holding both keys.

use sqlx::{Acquire, Executor};

use super::{ForeignKey, Junction};
use crate::dialect::Backend;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::query::{Node, Query, keys_node};
use crate::sql::Sql;
use crate::value::{PrimaryKey, Value};

/// The targets of a `#[belongs_to_many]` association, once eager-loaded.
///
/// Declare the field as `BelongsToMany<Book, UserBooks>` (naming the `through` model) to have an
/// include load each link's junction row too.
pub struct BelongsToMany<T, J = ()> {
    loaded: Option<Vec<T>>,
    through: Vec<J>,
}

impl<T, J> BelongsToMany<T, J> {
    /// The loaded targets; `None` when the association was not loaded.
    pub fn loaded(&self) -> Option<&[T]> {
        self.loaded.as_deref()
    }

    /// The loaded targets with their junction rows; `None` when not loaded.
    pub fn loaded_through(&self) -> Option<impl Iterator<Item = (&T, &J)>> {
        self.loaded.as_ref().map(|targets| targets.iter().zip(&self.through))
    }

    /// Whether an include loaded this association.
    pub fn is_loaded(&self) -> bool {
        self.loaded.is_some()
    }

    #[doc(hidden)]
    pub fn set_loaded(&mut self, rows: Vec<(T, J)>) {
        let (targets, through) = rows.into_iter().unzip();
        self.loaded = Some(targets);
        self.through = through;
    }
}

impl<T, J> Default for BelongsToMany<T, J> {
    fn default() -> Self {
        BelongsToMany { loaded: None, through: Vec::new() }
    }
}
impl<T: Clone, J: Clone> Clone for BelongsToMany<T, J> {
    fn clone(&self) -> Self {
        BelongsToMany { loaded: self.loaded.clone(), through: self.through.clone() }
    }
}
impl<T: std::fmt::Debug, J> std::fmt::Debug for BelongsToMany<T, J> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.loaded {
            Some(v) => f.debug_list().entries(v).finish(),
            None => f.write_str("BelongsToMany(not loaded)"),
        }
    }
}
impl<T: PartialEq, J> PartialEq for BelongsToMany<T, J> {
    fn eq(&self, other: &Self) -> bool {
        self.loaded == other.loaded
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
pub fn query<T: Model>(j: &Junction, key: Value) -> Query<T> {
    Query::new().filter_node(Node::InJunction {
        column: j.target_column,
        table: j.table,
        select: j.other_key,
        filter: j.foreign_key,
        value: key,
    })
}

/// Whether every one of `targets` is linked to `key`.
pub async fn has<'c, T: Model, E, DB>(ex: E, j: &Junction, key: Value, targets: &[&T]) -> Result<bool>
where
    E: Executor<'c, Database = DB>,
    DB: Backend,
{
    let keys: Vec<T::Key> = targets.iter().map(|t| t.key()).collect::<std::collections::HashSet<_>>().into_iter().collect();
    if keys.is_empty() {
        return Ok(true);
    }
    let n = query::<T>(j, key).filter_node(keys_node::<T>(&keys)).count(ex).await?;
    Ok(n == keys.len() as i64)
}

/// Inserts the missing links from `key` to `values` (target keys), in statements under the
/// bound-parameter limit.
async fn link<DB: Backend>(conn: &mut DB::Connection, j: &Junction, key: &Value, values: Vec<Value>) -> Result<()> {
    for chunk in values.chunks(DB::DIALECT.max_params() / 2) {
        let mut sql = Sql::new(DB::DIALECT);
        sql.push("INSERT INTO ").ident(j.table).push(" (").ident(j.foreign_key).push(", ").ident(j.other_key).push(") VALUES ");
        sql.list(chunk, |s, v| {
            s.push("(").bind(key.clone()).push(", ").bind(v.clone()).push(")");
        });
        sql.dialect().push_on_conflict(&mut sql, [j.foreign_key, j.other_key], &[]);
        sql.execute_on::<DB>(conn).await?;
    }
    Ok(())
}

/// Links `targets` to `key` (existing links are kept as they are).
pub async fn add<'c, T: Model, A, DB>(acq: A, j: &Junction, key: Value, targets: &[&T]) -> Result<()>
where
    A: Acquire<'c, Database = DB>,
    DB: Backend,
{
    let values = target_values(j, targets)?;
    if values.is_empty() {
        return Ok(());
    }
    let mut tx = acq.begin().await?;
    link::<DB>(&mut *tx, j, &key, values).await?;
    tx.commit().await?;
    Ok(())
}

/// Links `target` to `key` through the junction row `row`, whose own columns (e.g. `rating`) are
/// stored too; an existing link gets them updated.
pub async fn add_through<'c, T: Model, J: Model, E, DB>(
    ex: E,
    j: &Junction,
    keys: [&ForeignKey<J>; 2],
    key: Value,
    target: &T,
    mut row: J,
) -> Result<J>
where
    E: Executor<'c, Database = DB>,
    DB: Backend,
{
    let other = target_values(j, &[target])?.remove(0);
    if !(keys[0].set)(&mut row, &key) || !(keys[1].set)(&mut row, &other) {
        return Err(Error::Association(format!("the keys of `{}` do not fit its junction `{}`", T::MODEL, J::MODEL)));
    }
    let generated = <J::Key as PrimaryKey>::AUTO_INCREMENT && row.key().is_unset();
    let columns: Vec<(usize, &str)> =
        J::COLUMNS.iter().enumerate().filter(|(i, _)| !(generated && J::PRIMARY_KEY.contains(i))).map(|(i, c)| (i, c.name)).collect();
    let update: Vec<&str> = columns
        .iter()
        .map(|c| c.1)
        .filter(|c| *c != j.foreign_key && *c != j.other_key && !J::PRIMARY_KEY.iter().any(|&i| J::COLUMNS[i].name == *c))
        .collect();
    let mut sql = Sql::new(DB::DIALECT);
    sql.about::<J>().push("INSERT INTO ").ident(J::TABLE).push(" (").list(&columns, |s, c| {
        s.ident(c.1);
    });
    let values = row.values();
    sql.push(") VALUES (").list(&columns, |s, c| {
        s.bind(values[c.0].clone());
    });
    sql.push(")");
    sql.dialect().push_on_conflict(&mut sql, [j.foreign_key, j.other_key], &update);
    sql.execute(ex).await?;
    Ok(row)
}

/// Unlinks `targets` from `key`.
pub async fn remove<'c, T: Model, E, DB>(ex: E, j: &Junction, key: Value, targets: &[&T]) -> Result<()>
where
    E: Executor<'c, Database = DB>,
    DB: Backend,
{
    let values = target_values(j, targets)?;
    if values.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new(DB::DIALECT);
    sql.dialect().push_delete_from(&mut sql, j.table);
    sql.push(" WHERE ").qualified(j.table, j.foreign_key).push(" = ").bind(key).push(" AND ");
    Node::In(j.other_key, values).render(&mut sql, j.table);
    sql.execute(ex).await?;
    Ok(())
}

/// Makes `targets` exactly the rows linked to `key`, in one transaction: on error the previous
/// links stay.
pub async fn set<'c, T: Model, A, DB>(acq: A, j: &Junction, key: Value, targets: &[&T]) -> Result<()>
where
    A: Acquire<'c, Database = DB>,
    DB: Backend,
{
    let values = target_values(j, targets)?;
    let mut tx = acq.begin().await?;
    let mut sql = Sql::new(DB::DIALECT);
    sql.dialect().push_delete_from(&mut sql, j.table);
    sql.push(" WHERE ").qualified(j.table, j.foreign_key).push(" = ").bind(key.clone());
    if !values.is_empty() {
        // `Node::Not` writes the `NOT` itself: what goes is every link outside the new list.
        sql.push(" AND ");
        Node::Not(Box::new(Node::In(j.other_key, values.clone()))).render(&mut sql, j.table);
    }
    sql.execute_on::<DB>(&mut tx).await?;
    link::<DB>(&mut *tx, j, &key, values).await?;
    tx.commit().await?;
    Ok(())
}

/// Inserts `target` and links it to `key`, in one transaction.
pub async fn create<'c, T: Model, A, DB>(acq: A, j: &Junction, key: Value, mut target: T) -> Result<T>
where
    A: Acquire<'c, Database = DB>,
    DB: Backend,
{
    let mut tx = acq.begin().await?;
    crate::model::insert_row(&mut target, DB::executor(&mut tx)).await?;
    let values = target_values(j, &[&target])?;
    link::<DB>(&mut *tx, j, &key, values).await?;
    tx.commit().await?;
    Ok(target)
}

/// The targets linked to `key`, each with its junction row.
pub async fn through<'c, T: Model, J: Model, E, DB>(ex: E, j: &Junction, key: Value) -> Result<Vec<(T, J)>>
where
    E: Executor<'c, Database = DB>,
    DB: Backend,
{
    let mut sql = Sql::new(DB::DIALECT);
    sql.push("SELECT ").columns::<T>(T::TABLE).push(", ").columns::<J>(J::TABLE);
    sql.push(" FROM ").ident(T::TABLE).push(" INNER JOIN ").ident(J::TABLE).push(" ON ");
    sql.qualified(T::TABLE, j.target_column).push(" = ").qualified(J::TABLE, j.other_key);
    sql.push(" WHERE ").qualified(J::TABLE, j.foreign_key).push(" = ").bind(key);
    sql.push(" ORDER BY ");
    sql.list(T::PRIMARY_KEY, |s, &i| {
        s.qualified(T::TABLE, T::COLUMNS[i].name);
    });
    let offset = T::COLUMNS.len();
    sql.fetch_map(ex, |row| Ok((T::from_row::<DB>(row, 0)?, J::from_row::<DB>(row, offset)?))).await
}
