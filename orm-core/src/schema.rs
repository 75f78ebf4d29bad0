//! Creating and dropping the tables of a set of models, in foreign-key order, with the
//! constraints and indexes their associations imply.

use std::future::Future;
use std::ops::DerefMut;
use std::pin::Pin;

use sqlx::Acquire;

use crate::association::{Action, AssociationDef};
use crate::dialect::{Backend, Dialect};
use crate::error::Result;
use crate::model::Model;
use crate::sql::Sql;
use crate::value::SqlType;

#[derive(Debug, Clone)]
struct Column {
    name: &'static str,
    ty: SqlType,
    nullable: bool,
}

#[derive(Debug, Clone)]
struct ForeignKey {
    column: &'static str,
    target_table: &'static str,
    target_column: &'static str,
    on_delete: Action,
    on_update: Action,
}

#[derive(Debug, Clone)]
struct Table {
    name: &'static str,
    columns: Vec<Column>,
    primary_key: Vec<&'static str>,
    auto_increment: bool,
    foreign_keys: Vec<ForeignKey>,
}

/// The tables of a set of models.
///
/// ```
/// use orm_core::{BelongsTo, HasMany, Model, Schema};
///
/// #[derive(Model)]
/// struct User { id: i64, #[has_many] posts: HasMany<Post> }
/// #[derive(Model)]
/// struct Post { id: i64, #[belongs_to] user: BelongsTo<User> }
///
/// let sql = Schema::new().model::<Post>().model::<User>().create_statements(orm_core::Dialect::Sqlite);
/// assert!(sql[0].starts_with("CREATE TABLE IF NOT EXISTS \"users\""));
/// assert!(sql[1].contains("REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Schema {
    tables: Vec<Table>,
    /// `(table, columns)` that must be unique: a has_one key, a junction's key pair.
    unique: Vec<(&'static str, Vec<&'static str>)>,
}

impl Schema {
    /// No tables yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `M`'s table, and the junction tables its `#[belongs_to_many(through = "table")]`
    /// associations create.
    pub fn model<M: Model>(mut self) -> Self {
        let foreign_keys = M::ASSOCIATIONS
            .iter()
            .filter_map(|a| match a {
                AssociationDef::BelongsTo(b) => Some(ForeignKey {
                    column: b.column,
                    target_table: b.target_table,
                    target_column: b.target_column,
                    on_delete: b.on_delete,
                    on_update: b.on_update,
                }),
                _ => None,
            })
            .collect();
        self.add(Table {
            name: M::TABLE,
            columns: M::COLUMNS.iter().map(|c| Column { name: c.name, ty: c.ty, nullable: c.nullable }).collect(),
            primary_key: M::PRIMARY_KEY.iter().map(|&i| M::COLUMNS[i].name).collect(),
            auto_increment: <M::Key as crate::value::PrimaryKey>::AUTO_INCREMENT,
            foreign_keys,
        });
        for a in M::ASSOCIATIONS {
            match a {
                // A key may only reference a unique column (`target_key`); a primary key already
                // is one, and `uniques_of` leaves it out.
                AssociationDef::BelongsTo(b) => self.unique.push((b.target_table, vec![b.target_column])),
                AssociationDef::HasOne(h) => self.unique.push((h.target_table, vec![h.foreign_key])),
                AssociationDef::BelongsToMany(m) => {
                    let j = m.junction;
                    if j.unique {
                        self.unique.push((j.table, vec![j.foreign_key, j.other_key]));
                    }
                    if let Some(g) = j.generated {
                        let fk = |column, target_table, target_column| ForeignKey {
                            column,
                            target_table,
                            target_column,
                            on_delete: Action::Cascade,
                            on_update: Action::Cascade,
                        };
                        self.add(Table {
                            name: j.table,
                            columns: vec![
                                Column { name: j.foreign_key, ty: g.source_type, nullable: false },
                                Column { name: j.other_key, ty: g.target_type, nullable: false },
                            ],
                            primary_key: vec![j.foreign_key, j.other_key],
                            auto_increment: false,
                            foreign_keys: vec![
                                fk(j.foreign_key, g.source_table, j.source_column),
                                fk(j.other_key, g.target_table, j.target_column),
                            ],
                        });
                    }
                }
                _ => {}
            }
        }
        self
    }

    fn add(&mut self, table: Table) {
        // A junction declared from both sides is created once.
        if !self.tables.iter().any(|t| t.name == table.name) {
            self.tables.push(table);
        }
    }

    /// Tables ordered so that every table comes after the tables it references.
    fn ordered(&self) -> Vec<&Table> {
        let mut done: Vec<&Table> = Vec::with_capacity(self.tables.len());
        let mut left: Vec<&Table> = self.tables.iter().collect();
        while !left.is_empty() {
            let ready = left.iter().position(|t| {
                t.foreign_keys.iter().all(|fk| {
                    fk.target_table == t.name
                        || done.iter().any(|d| d.name == fk.target_table)
                        || !left.iter().any(|l| l.name == fk.target_table)
                })
            });
            // A reference cycle has no ready table; take the next one as declared.
            done.push(left.remove(ready.unwrap_or(0)));
        }
        done
    }

    fn uniques_of(&self, table: &Table) -> Vec<Vec<&'static str>> {
        let mut out: Vec<Vec<&'static str>> = Vec::new();
        for (t, cols) in &self.unique {
            let same_as_pk = cols.len() == table.primary_key.len() && cols.iter().all(|c| table.primary_key.contains(c));
            if *t == table.name && !same_as_pk && !out.contains(cols) {
                out.push(cols.clone());
            }
        }
        out
    }

    /// The `CREATE TABLE` and `CREATE INDEX` statements, in creation order.
    pub fn create_statements(&self, dialect: Dialect) -> Vec<String> {
        let mut out = Vec::new();
        for table in self.ordered() {
            let uniques = self.uniques_of(table);
            let indexed = |c: &str| {
                table.primary_key.contains(&c) || table.foreign_keys.iter().any(|f| f.column == c) || uniques.iter().any(|u| u.contains(&c))
            };
            let mut sql = Sql::new(dialect);
            sql.push("CREATE TABLE IF NOT EXISTS ").ident(table.name).push(" (");
            let single_auto = table.auto_increment && table.primary_key.len() == 1;
            sql.list(&table.columns, |s, c| {
                s.ident(c.name).push(" ");
                if single_auto && table.primary_key[0] == c.name {
                    s.push(dialect.auto_increment_key(c.ty));
                    return;
                }
                s.push(dialect.column_type(c.ty, indexed(c.name)));
                s.push(dialect.nullability(c.nullable));
            });
            if !single_auto && !table.primary_key.is_empty() {
                sql.push(", PRIMARY KEY (").list(&table.primary_key, |s, c| {
                    s.ident(c);
                });
                sql.push(")");
            }
            for fk in &table.foreign_keys {
                sql.push(", FOREIGN KEY (").ident(fk.column).push(") REFERENCES ").ident(fk.target_table);
                sql.push(" (").ident(fk.target_column).push(") ON DELETE ").push(fk.on_delete.sql());
                sql.push(" ON UPDATE ").push(fk.on_update.sql());
            }
            // MySQL has no CREATE INDEX IF NOT EXISTS; its indexes go inside the table.
            let mut indexes: Vec<(bool, Vec<&'static str>)> = uniques.iter().map(|u| (true, u.clone())).collect();
            for fk in &table.foreign_keys {
                if !uniques.iter().any(|u| u[0] == fk.column) && table.primary_key.first() != Some(&fk.column) {
                    indexes.push((false, vec![fk.column]));
                }
            }
            let name = |unique: bool, cols: &[&str]| format!("{}_{}_{}", table.name, cols.join("_"), if unique { "key" } else { "idx" });
            if dialect.indexes_inside_table() {
                for (unique, cols) in &indexes {
                    sql.push(if *unique { ", UNIQUE KEY " } else { ", KEY " }).ident(&name(*unique, cols)).push(" (");
                    sql.list(cols, |s, c| {
                        s.ident(c);
                    });
                    sql.push(")");
                }
            }
            sql.push(")");
            out.push(sql.text().to_owned());
            if !dialect.indexes_inside_table() {
                for (unique, cols) in &indexes {
                    let mut sql = Sql::new(dialect);
                    sql.push(if *unique { "CREATE UNIQUE INDEX IF NOT EXISTS " } else { "CREATE INDEX IF NOT EXISTS " });
                    sql.ident(&name(*unique, cols)).push(" ON ").ident(table.name).push(" (");
                    sql.list(cols, |s, c| {
                        s.ident(c);
                    });
                    sql.push(")");
                    out.push(sql.text().to_owned());
                }
            }
        }
        out
    }

    /// The `DROP TABLE` statements, dependents first.
    pub fn drop_statements(&self, dialect: Dialect) -> Vec<String> {
        self.ordered()
            .into_iter()
            .rev()
            .map(|t| {
                let mut sql = Sql::new(dialect);
                sql.push("DROP TABLE IF EXISTS ").ident(t.name);
                sql.push(dialect.drop_table_suffix());
                sql.text().to_owned()
            })
            .collect()
    }

    async fn run<'c, A, DB>(acq: A, statements: Vec<String>) -> Result<()>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        // One transaction: on PostgreSQL and SQLite a failed sync leaves nothing half-made.
        // MySQL commits each DDL statement by itself, which also ends the savepoint a
        // transaction inside a caller's transaction would be; there the statements run as they are.
        if !DB::DIALECT.transactional_ddl() {
            return Self::run_each::<DB, A::Connection>(acq.acquire(), statements).await;
        }
        let mut tx = acq.begin().await?;
        for statement in statements {
            Sql::raw(DB::DIALECT, statement).execute_on::<DB>(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Runs `statements` one by one on the connection `conn` resolves to. Boxed, so that callers'
    /// futures do not hold the generic connection type (rustc's higher-ranked `Send` check trips
    /// on it, rust-lang/rust#110338).
    fn run_each<'c, DB, C>(
        conn: Pin<Box<dyn Future<Output = sqlx::Result<C>> + Send + 'c>>,
        statements: Vec<String>,
    ) -> Pin<Box<dyn Future<Output = Result<()>> + Send + 'c>>
    where
        DB: Backend,
        C: DerefMut<Target = DB::Connection> + Send + 'c,
    {
        Box::pin(async move {
            let mut conn = conn.await?;
            for statement in statements {
                Sql::raw(DB::DIALECT, statement).execute_on::<DB>(&mut conn).await?;
            }
            Ok(())
        })
    }

    /// Creates the missing tables and indexes (`CREATE … IF NOT EXISTS`).
    pub async fn sync<'c, A, DB>(&self, acq: A) -> Result<()>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        Self::run(acq, self.create_statements(DB::DIALECT)).await
    }

    /// Drops the tables and creates them anew, like Sequelize's `sync({ force: true })`:
    /// every row is lost.
    pub async fn sync_force<'c, A, DB>(&self, acq: A) -> Result<()>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        let dialect = DB::DIALECT;
        let mut statements = self.drop_statements(dialect);
        statements.extend(self.create_statements(dialect));
        Self::run(acq, statements).await
    }

    /// Drops the tables, dependents first.
    pub async fn drop_all<'c, A, DB>(&self, acq: A) -> Result<()>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        Self::run(acq, self.drop_statements(DB::DIALECT)).await
    }
}
