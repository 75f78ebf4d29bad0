//! The one seam between the ORM and a database: [`Connection`], through which every statement
//! runs. Its methods are not generic over the backend: they take a [`Statement`] and hand back
//! neutral [`Row`]s, so the model, association, include and schema code above (and the accessors
//! the derive generates) never name a driver, and a router, a tracing wrapper or a row stream is
//! one more implementation of this trait.

use sqlx_core::transaction::TransactionManager;

use super::row::{Inner, Row};
use super::{Backend, BoxFuture, attribute, decode_each};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::sql::Statement;

/// What running a statement that returns no rows did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Done {
    /// How many rows it changed (matched, on MySQL, which connects with `CLIENT_FOUND_ROWS`).
    pub rows_affected: u64,
    /// The key the last `INSERT` generated, on backends that report one (SQLite, MySQL).
    pub last_insert_id: Option<i64>,
}

/// Something statements run on: a pool (`&pool`), a connection (`&mut conn`), a transaction
/// (`&mut tx` or `&mut *tx`), the run-time handle [`Db`](super::Db) (`&db`), or a wrapper of any
/// of them. Every ORM call takes one.
///
/// ```
/// use orm_core::{Connection, Model, Schema};
///
/// #[derive(Model, Debug)]
/// struct User { id: i64, name: String }
///
/// // Generic over the backend with one bound, no sqlx traits.
/// async fn names(db: impl Connection) -> orm_core::Result<Vec<String>> {
///     Ok(User::query().all(db).await?.into_iter().map(|u| u.name).collect())
/// }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let db = orm_core::connect("sqlite::memory:").await?;
/// Schema::new().model::<User>().sync(&db).await?;
/// User { id: 0, name: "ada".into() }.insert(&db).await?;
/// assert_eq!(names(&db).await?, ["ada"]);
/// # Ok::<(), orm_core::Error>(()) }).unwrap();
/// ```
pub trait Connection: Send {
    /// The SQL dialect of the database behind it.
    fn dialect(&self) -> Dialect;
    /// Runs a statement that returns no rows.
    fn execute<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Done>>;
    /// Runs a statement and hands each row to `each` as it arrives (a large result is never held
    /// whole in driver rows).
    fn fetch<'a>(&'a mut self, stmt: Statement, each: &'a mut (dyn FnMut(&Row) -> Result<()> + Send)) -> BoxFuture<'a, Result<()>>;
    /// Runs a statement and returns its first row, if any.
    fn fetch_optional<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Option<Row>>>;
    /// Starts a transaction (a savepoint when this is a transaction already).
    fn begin<'a>(&'a mut self) -> BoxFuture<'a, Result<Transaction<'a>>>;
    /// Whether statements sent here run inside an open transaction (`Schema::sync` asks: on
    /// MySQL a schema change would commit it).
    fn in_transaction(&self) -> bool {
        false
    }
}

impl<C: Connection + ?Sized> Connection for &mut C {
    fn dialect(&self) -> Dialect {
        (**self).dialect()
    }
    fn execute<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Done>> {
        (**self).execute(stmt)
    }
    fn fetch<'a>(&'a mut self, stmt: Statement, each: &'a mut (dyn FnMut(&Row) -> Result<()> + Send)) -> BoxFuture<'a, Result<()>> {
        (**self).fetch(stmt, each)
    }
    fn fetch_optional<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Option<Row>>> {
        (**self).fetch_optional(stmt)
    }
    fn begin<'a>(&'a mut self) -> BoxFuture<'a, Result<Transaction<'a>>> {
        (**self).begin()
    }
    fn in_transaction(&self) -> bool {
        (**self).in_transaction()
    }
}

/// The statement work, written once over a backend's connection; every implementation of
/// [`Connection`] in this layer ends here.
pub(super) mod on {
    use super::*;

    pub(crate) async fn execute<DB: Backend>(conn: &mut DB::Connection, stmt: Statement) -> Result<Done> {
        let mut sql = stmt.into_sql(DB::DIALECT);
        let models = std::mem::take(&mut sql.models);
        let result = async {
            let done = sqlx::Executor::execute(DB::executor(&mut *conn), sql.query::<DB>()?).await?;
            Ok(Done { rows_affected: DB::rows_affected(&done), last_insert_id: DB::last_insert_id(&done) })
        }
        .await;
        let result = after_stale_plan::<DB, _>(conn, result).await;
        attribute(&models, result)
    }

    pub(crate) async fn fetch<DB: Backend>(
        conn: &mut DB::Connection,
        stmt: Statement,
        each: &mut (dyn FnMut(&Row) -> Result<()> + Send),
    ) -> Result<()> {
        let mut sql = stmt.into_sql(DB::DIALECT);
        let models = std::mem::take(&mut sql.models);
        let result = async {
            let rows = sqlx::Executor::fetch(DB::executor(&mut *conn), sql.query::<DB>()?);
            decode_each::<DB>(rows, each).await
        }
        .await;
        let result = after_stale_plan::<DB, _>(conn, result).await;
        attribute(&models, result)
    }

    pub(crate) async fn fetch_optional<DB: Backend>(conn: &mut DB::Connection, stmt: Statement) -> Result<Option<Row>> {
        let mut sql = stmt.into_sql(DB::DIALECT);
        let models = std::mem::take(&mut sql.models);
        let result = async { Ok(sqlx::Executor::fetch_optional(DB::executor(&mut *conn), sql.query::<DB>()?).await?.map(DB::row)) }.await;
        let result = after_stale_plan::<DB, _>(conn, result).await;
        attribute(&models, result)
    }

    /// After a stale plan ([`stale_plan`]): the connection forgets its prepared statements, so
    /// the next attempt prepares them again. Inside a transaction, which PostgreSQL has aborted,
    /// the error becomes [`Error::Retryable`](crate::Error::Retryable): the ORM's own
    /// transactions start again, a caller's learns to. Outside one it stands, for the pool to
    /// send the statement again.
    async fn after_stale_plan<DB: Backend, T>(conn: &mut DB::Connection, result: Result<T>) -> Result<T> {
        match result {
            Err(e) if stale_plan(&e) => {
                DB::forget_statements(conn).await?;
                let in_transaction = <<DB as sqlx::Database>::TransactionManager as TransactionManager>::get_transaction_depth(conn) > 0;
                match e {
                    crate::error::Error::Database(source) if in_transaction => Err(crate::error::Error::Retryable { source }),
                    e => Err(e),
                }
            }
            other => other,
        }
    }

    pub(crate) async fn begin<DB: Backend>(conn: &mut DB::Connection) -> Result<Transaction<'_>> {
        Ok(DB::transaction(sqlx::Connection::begin(conn).await?))
    }
}

/// Whether PostgreSQL refused a statement because the connection's prepared plan of it returns
/// other column types than the table has now: the schema changed (a migration) since the pooled
/// connection prepared it. Sent again after the connection forgets its prepared statements, it
/// runs as it should.
fn stale_plan(e: &crate::error::Error) -> bool {
    matches!(e, crate::error::Error::Database(d) if d.code() == Some("0A000") && d.message().contains("cached plan"))
}

/// After a stale plan the pooled connection has forgotten its statements (`on`), and the
/// statement is sent once more: outside a transaction nothing else was done, so that is safe.
impl<DB: Backend> Connection for &sqlx::Pool<DB> {
    fn dialect(&self) -> Dialect {
        DB::DIALECT
    }
    fn execute<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Done>> {
        let pool = *self;
        Box::pin(async move {
            let mut conn = pool.acquire().await?;
            match on::execute::<DB>(&mut conn, stmt.clone()).await {
                Err(e) if stale_plan(&e) => on::execute::<DB>(&mut conn, stmt).await,
                done => done,
            }
        })
    }
    fn fetch<'a>(&'a mut self, stmt: Statement, each: &'a mut (dyn FnMut(&Row) -> Result<()> + Send)) -> BoxFuture<'a, Result<()>> {
        let pool = *self;
        Box::pin(async move {
            let mut conn = pool.acquire().await?;
            let mut seen = 0usize;
            let first = {
                let mut counted = |row: &Row| {
                    seen += 1;
                    each(row)
                };
                on::fetch::<DB>(&mut conn, stmt.clone(), &mut counted).await
            };
            match first {
                // Only before any row was handed on: the plan is checked before the first row.
                Err(e) if stale_plan(&e) && seen == 0 => on::fetch::<DB>(&mut conn, stmt, each).await,
                done => done,
            }
        })
    }
    fn fetch_optional<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Option<Row>>> {
        let pool = *self;
        Box::pin(async move {
            let mut conn = pool.acquire().await?;
            match on::fetch_optional::<DB>(&mut conn, stmt.clone()).await {
                Err(e) if stale_plan(&e) => on::fetch_optional::<DB>(&mut conn, stmt).await,
                row => row,
            }
        })
    }
    fn begin<'a>(&'a mut self) -> BoxFuture<'a, Result<Transaction<'a>>> {
        begin_on_pool(*self)
    }
}

/// A transaction on a connection of `pool`, which it keeps until the transaction ends.
pub(super) fn begin_on_pool<DB: Backend>(pool: &sqlx::Pool<DB>) -> BoxFuture<'_, Result<Transaction<'_>>> {
    Box::pin(async move { Ok(DB::transaction(pool.begin().await?)) })
}

/// A connection-like sqlx type that derefs to the backend's connection.
macro_rules! via_connection {
    ($(#[$m:meta])* impl[$($g:tt)*] $ty:ty => $db:ty) => {
        $(#[$m])*
        impl<$($g)*> Connection for $ty {
            fn dialect(&self) -> Dialect {
                <$db as Backend>::DIALECT
            }
            fn execute<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Done>> {
                Box::pin(on::execute::<$db>(&mut *self, stmt))
            }
            fn fetch<'a>(&'a mut self, stmt: Statement, each: &'a mut (dyn FnMut(&Row) -> Result<()> + Send)) -> BoxFuture<'a, Result<()>> {
                Box::pin(on::fetch::<$db>(&mut *self, stmt, each))
            }
            fn fetch_optional<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Option<Row>>> {
                Box::pin(on::fetch_optional::<$db>(&mut *self, stmt))
            }
            fn begin<'a>(&'a mut self) -> BoxFuture<'a, Result<Transaction<'a>>> {
                Box::pin(on::begin::<$db>(&mut *self))
            }
            fn in_transaction(&self) -> bool {
                // The driver counts the transactions open on the connection itself, so a
                // `&mut *tx` (the bare connection of a transaction) says so too.
                let conn: &<$db as sqlx::Database>::Connection = self;
                <<$db as sqlx::Database>::TransactionManager as TransactionManager>::get_transaction_depth(conn) > 0
            }
        }
    };
}

via_connection!(impl[DB: Backend] sqlx::pool::PoolConnection<DB> => DB);
via_connection!(impl['t, DB: Backend] sqlx::Transaction<'t, DB> => DB);
via_connection!(#[cfg(feature = "sqlite")] impl[] sqlx::SqliteConnection => sqlx::Sqlite);
via_connection!(#[cfg(feature = "postgres")] impl[] sqlx::PgConnection => sqlx::Postgres);
via_connection!(#[cfg(feature = "mysql")] impl[] sqlx::MySqlConnection => sqlx::MySql);

/// A transaction on any backend, begun with [`Connection::begin`]. Dropped without
/// [`Transaction::commit`], it is rolled back.
#[derive(Debug)]
pub struct Transaction<'a>(pub(super) Tx<'a>);

#[derive(Debug)]
pub(super) enum Tx<'a> {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::Transaction<'a, sqlx::Sqlite>),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::Transaction<'a, sqlx::Postgres>),
    #[cfg(feature = "mysql")]
    MySql(sqlx::Transaction<'a, sqlx::MySql>),
}

macro_rules! on_tx {
    ($tx:expr, |$t:ident, $DB:ident| $body:expr) => {
        match $tx {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite($t) => {
                type $DB = sqlx::Sqlite;
                $body
            }
            #[cfg(feature = "postgres")]
            Tx::Postgres($t) => {
                type $DB = sqlx::Postgres;
                $body
            }
            #[cfg(feature = "mysql")]
            Tx::MySql($t) => {
                type $DB = sqlx::MySql;
                $body
            }
        }
    };
}

impl Transaction<'_> {
    /// Commits the transaction (releases the savepoint of a nested one).
    pub async fn commit(self) -> Result<()> {
        on_tx!(self.0, |tx, DB| {
            let _: Option<DB> = None;
            tx.commit().await?
        });
        Ok(())
    }

    /// Rolls the transaction back.
    pub async fn rollback(self) -> Result<()> {
        on_tx!(self.0, |tx, DB| {
            let _: Option<DB> = None;
            tx.rollback().await?
        });
        Ok(())
    }

    /// Whether this is an outermost transaction rather than a savepoint inside another.
    pub fn is_outermost(&self) -> bool {
        on_tx!(&self.0, |tx, DB| <<DB as sqlx::Database>::TransactionManager as TransactionManager>::get_transaction_depth(tx) == 1)
    }

    /// After the server rolled this whole transaction back by itself (a MySQL deadlock), opens
    /// a new one with the savepoints of every nesting level, so that rolling each level back
    /// (this one when it is dropped, then the caller's) succeeds instead of failing on a
    /// savepoint that is gone. The caller still receives the error that ended its transaction.
    pub(crate) async fn reopen_after_server_rollback(&mut self) -> Result<()> {
        on_tx!(&mut self.0, |tx, DB| {
            let depth = <<DB as sqlx::Database>::TransactionManager as TransactionManager>::get_transaction_depth(tx);
            for stmt in Statement::savepoints_reopened(<DB as Backend>::DIALECT, depth) {
                on::execute::<DB>(&mut **tx, stmt).await?;
            }
        });
        Ok(())
    }

    /// Rolls back everything done so far, waits for `pause`, and starts the transaction again on
    /// the same connection (the ORM's retry of its own transactions).
    pub(crate) async fn restart(&mut self, pause: impl std::future::Future<Output = ()>) -> Result<()> {
        on_tx!(&mut self.0, |tx, DB| {
            <<DB as sqlx::Database>::TransactionManager as TransactionManager>::rollback(tx).await?;
            pause.await;
            <<DB as sqlx::Database>::TransactionManager as TransactionManager>::begin(tx, None).await?;
        });
        Ok(())
    }
}

impl Connection for Transaction<'_> {
    fn dialect(&self) -> Dialect {
        on_tx!(&self.0, |_tx, DB| <DB as Backend>::DIALECT)
    }
    fn execute<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Done>> {
        on_tx!(&mut self.0, |tx, DB| Box::pin(on::execute::<DB>(&mut **tx, stmt)))
    }
    fn fetch<'a>(&'a mut self, stmt: Statement, each: &'a mut (dyn FnMut(&Row) -> Result<()> + Send)) -> BoxFuture<'a, Result<()>> {
        on_tx!(&mut self.0, |tx, DB| Box::pin(on::fetch::<DB>(&mut **tx, stmt, each)))
    }
    fn fetch_optional<'a>(&'a mut self, stmt: Statement) -> BoxFuture<'a, Result<Option<Row>>> {
        on_tx!(&mut self.0, |tx, DB| Box::pin(on::fetch_optional::<DB>(&mut **tx, stmt)))
    }
    fn begin<'a>(&'a mut self) -> BoxFuture<'a, Result<Transaction<'a>>> {
        on_tx!(&mut self.0, |tx, DB| Box::pin(on::begin::<DB>(&mut **tx)))
    }
    fn in_transaction(&self) -> bool {
        true
    }
}

/// Wraps a driver row (used by [`Backend::row`]).
pub(super) fn row(inner: Inner) -> Row {
    Row(inner)
}

/// Runs `stmt` on `db` and decodes each row with `f`.
pub(crate) async fn fetch_map<T: Send>(
    db: &mut dyn Connection,
    stmt: impl Into<Statement>,
    mut f: impl FnMut(&Row) -> Result<T> + Send,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    db.fetch(stmt.into(), &mut |row| {
        out.push(f(row)?);
        Ok(())
    })
    .await?;
    Ok(out)
}

/// Runs `stmt` on `db` and decodes the first column of its first row as `T` (a statement that
/// returns no row is an error: this is for `COUNT(*)` and the like).
pub(crate) async fn fetch_scalar<T: super::Field>(db: &mut dyn Connection, stmt: impl Into<Statement>) -> Result<T> {
    match db.fetch_optional(stmt.into()).await? {
        Some(row) => row.get(0),
        None => Err(crate::error::Error::protocol("a statement that returns one row returned none".into())),
    }
}

/// Running a hand-written statement. (Defined here, beside the seam, so the statement layer
/// knows no connection.)
impl crate::sql::Sql {
    /// Runs the statement, returning what it did (rows affected, last insert id).
    pub async fn execute(self, mut db: impl Connection) -> Result<Done> {
        db.execute(self.into()).await
    }

    /// Runs the statement and decodes each row with `f`.
    pub async fn fetch_map<T: Send>(self, mut db: impl Connection, f: impl FnMut(&Row) -> Result<T> + Send) -> Result<Vec<T>> {
        fetch_map(&mut db, self, f).await
    }

    /// Runs the statement and decodes the first column of the first row as `T`.
    pub async fn fetch_scalar<T: super::Field>(self, mut db: impl Connection) -> Result<T> {
        fetch_scalar(&mut db, self).await
    }
}
