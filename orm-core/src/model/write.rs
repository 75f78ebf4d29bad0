//! The writes of a model's rows: insert (one, many in chunks under the parameter limit, with
//! generated keys read back), update, delete, each with its timestamps; [`Model`]'s provided
//! methods validate, run the hooks and call these.

use super::stamps::{self, ColumnRole};
use super::{AssociationDef, Model, hooks};
use crate::backend::{Connection, PrimaryKey, Row, fetch_map};
use crate::error::{Error, Result};
use crate::sql::tree::Node;
use crate::sql::{Delete, Insert, Statement, TableRef, Update};
use crate::value::{SqlType, Value};

/// [`Model::update`]'s write, validated and hooked by the caller.
pub(super) async fn update_row<M: Model>(m: &mut M, db: &mut dyn Connection) -> Result<()> {
    let key = m.key();
    if generates_key(&key) {
        return Err(Error::Unsaved { model: M::MODEL });
    }
    let mut values = m.values();
    let now = stamps::Now::new();
    let stamped = stamps::updated(M::COLUMNS, now);
    stamps::stamp(&mut values, &stamped);
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
pub(super) async fn delete_row<M: Model>(m: &M, db: &mut dyn Connection, force: bool) -> Result<()> {
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
pub(super) async fn insert_all_on<M: Model>(db: &mut dyn Connection, items: &mut [M]) -> Result<()> {
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
    let stamped = stamps::inserted(M::COLUMNS, now);
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
        stamps::stamp(&mut values, &stamps::inserted(M::COLUMNS, now));
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
pub(super) fn generates_key<K: PrimaryKey>(key: &K) -> bool {
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
pub(super) fn table<M: Model>() -> TableRef {
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
    let stamped = stamps::inserted(M::COLUMNS, stamps::Now::new());
    stamps::stamp(&mut values, &stamped);
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
