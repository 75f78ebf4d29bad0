//! The transactions the ORM runs for its own multi-statement calls (`set_*`, `add_*`, …).
//!
//! Every such call follows one lock order, so two of them never wait on each other in a cycle:
//! first the owner's row (the model whose association changes), then the rows the call writes.
//! Calls on the same owner therefore run one after another, as if serial. What the database
//! may still abort (a deadlock with other work, a serialization failure, a lock wait timeout)
//! is [`crate::Error::Retryable`]; a transaction the ORM started itself is then run again, a bounded
//! number of times, while inside a caller's transaction the error is returned for the caller
//! to retry the whole of it.

use crate::backend::{Connection, Transaction};
use crate::error::Result;
use crate::sql::Select;
use crate::sql::tree::Node;
use crate::value::Value;

/// How many times the ORM runs one of its own transactions before returning
/// [`crate::Error::Retryable`].
pub(crate) const ATTEMPTS: u32 = 12;

/// Rolls the ORM's own transaction back and starts it again on the same connection, after a
/// pause, for another attempt.
pub(crate) async fn restart(tx: &mut Transaction<'_>, attempt: u32) -> Result<()> {
    tx.restart(back_off(attempt)).await
}

/// Before a savepoint inside the caller's transaction is dropped after `error`: a deadlock on
/// MySQL has rolled back the caller's whole transaction, savepoints included, so the rollback the
/// driver queues for the savepoint (and the caller's own rollback after it) would fail with
/// "SAVEPOINT does not exist"; the savepoints are opened again in a new transaction so that both
/// succeed. The caller gets `error` ([`crate::Error::Retryable`]) and is to run its transaction
/// again from the start.
pub(crate) async fn after_failure_in_callers(tx: &mut Transaction<'_>, error: &crate::error::Error) {
    let deadlock = matches!(error, crate::error::Error::Retryable { source } if source.code() == Some("40001"));
    if deadlock && tx.dialect() == crate::Dialect::MySql {
        // If this fails too, the connection is past repair here; the caller sees `error`.
        let _ = tx.reopen_after_server_rollback().await;
    }
}

/// Waits a little before attempt `attempt + 1`, longer each time and spread out so that the
/// transactions that collided do not collide again.
pub(crate) async fn back_off(attempt: u32) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let base = 2u64 << attempt.min(6);
    let jitter = u64::from(nanos) % base;
    tokio::time::sleep(std::time::Duration::from_millis(base + jitter)).await;
}

/// Locks the owner's row (`column = key` of `table`) until the transaction ends: the first lock
/// of every multi-statement call, so calls on one owner queue here, never halfway through.
/// Nothing on SQLite, which has no row locks: its writers take the one database lock in turn,
/// and a transaction that read before another wrote fails with `SQLITE_BUSY`
/// ([`crate::Error::Retryable`]).
pub(crate) async fn lock_owner(db: &mut dyn Connection, table: &'static str, column: &'static str, key: &Value) -> Result<()> {
    if !db.dialect().locks_rows() {
        return Ok(());
    }
    let select = Select::from(table).one().filter(Node::eq(column, key.clone())).lock();
    db.fetch(select.into(), &mut |_| Ok(())).await
}

/// Runs `$body` (an expression that may `.await` and `?`, seeing the transaction as `$tx`, a
/// `&mut dyn Connection`) in a transaction begun on `$db`, and commits. A
/// [`crate::Error::Retryable`] failure of a transaction the ORM started (not a savepoint inside
/// the caller's) is retried up to [`ATTEMPTS`] times; the body must therefore change nothing
/// outside the database before it succeeds.
///
/// A cancelled call drops the transaction before its commit: the driver queues the rollback and runs
/// it before the connection is used again, so nothing of it is kept. (The outer `?`s return
/// errors of `begin`, `commit` and `restart` as they are.)
macro_rules! atomic {
    ($db:expr, |$tx:ident| $body:expr) => {{
        let mut tx = $crate::backend::Connection::begin($db).await?;
        let own = tx.is_outermost();
        let mut attempt = 1u32;
        loop {
            let outcome: $crate::error::Result<_> = async {
                let $tx: &mut dyn $crate::backend::Connection = &mut tx;
                Ok($body)
            }
            .await;
            match outcome {
                Ok(value) => {
                    tx.commit().await?;
                    break Ok(value);
                }
                Err($crate::error::Error::Retryable { .. }) if own && attempt < $crate::transaction::ATTEMPTS => {
                    $crate::transaction::restart(&mut tx, attempt).await?;
                    attempt += 1;
                }
                Err(e) => {
                    if !own {
                        $crate::transaction::after_failure_in_callers(&mut tx, &e).await;
                    }
                    break Err(e);
                }
            }
        }
    }};
}
pub(crate) use atomic;
