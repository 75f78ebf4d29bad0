//! Creating, checking and dropping the tables of a set of models.
//!
//! [`Schema`] collects the models; `desc` turns them into the schema they need in one backend's
//! terms (typed columns and actions, constraint and index names from `names`); `introspect`
//! reads the schema a database has; `diff` compares the two (a pure function) into a list of
//! typed `change`s, which `sync` reports as [`Error::SchemaDrift`] (`Change::difference`) and
//! migrations will render: `diff::diff(dialect, &schema.describe(dialect)?, &found)` with `found`
//! from `introspect::read`; `ddl` builds the DDL as `sql::SchemaChange` nodes. No SQL is
//! written here: `sql` renders the nodes, holds the catalog queries (`sql::Catalog`) and spells
//! the definitions the drift report quotes (`sql::spelling`).

mod change;
mod ddl;
mod desc;
mod diff;
mod introspect;
mod migration;
mod names;

pub use self::migration::{Migration, MigrationStep};

use self::change::Change;
use self::desc::{CheckDesc, ColumnDesc, ColumnTypeDesc, DefaultDesc, ForeignKeyDesc, IndexDesc, TableDesc};
use self::names::Kind;
use crate::backend::Connection;
use crate::dialect::Dialect;
use crate::error::{Error, Result, SchemaDifference};
use crate::model::Model;
use crate::model::{Action, AssociationDef};
use crate::sql::{SchemaChange, Statement};
use crate::value::{SqlType, Value};

#[derive(Debug, Clone, PartialEq)]
struct Column {
    name: &'static str,
    ty: SqlType,
    nullable: bool,
    default: Option<Value>,
    renamed_from: Option<&'static str>,
    /// An enum column's values.
    values: Option<&'static [&'static str]>,
}

impl Column {
    fn new(name: &'static str, ty: SqlType, nullable: bool) -> Self {
        Column { name, ty, nullable, default: None, renamed_from: None, values: None }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct ForeignKey {
    column: &'static str,
    target_table: &'static str,
    target_column: &'static str,
    nullable: bool,
    on_delete: Action,
    on_update: Action,
}

#[derive(Debug, Clone)]
struct Table {
    /// The model stored in the table (for a junction without a model: the model declaring it).
    model: &'static str,
    /// A junction table the ORM makes for `through = "table"`.
    generated: bool,
    name: &'static str,
    columns: Vec<Column>,
    primary_key: Vec<&'static str>,
    auto_increment: bool,
    foreign_keys: Vec<ForeignKey>,
    /// The indexes the model declares: `(columns, unique)`.
    indexes: Vec<(Vec<&'static str>, bool)>,
    renamed_from: Option<&'static str>,
}

/// The tables of a set of models.
///
/// `sync` creates the tables that are missing and checks the ones that exist against the
/// models, changing nothing if any differs ([`Error::SchemaDrift`]); `sync_force` drops and
/// recreates them; `drop_all` drops them. Every call first checks the schema itself: names
/// unique and within the backend's limit, no cycle of required foreign keys.
///
/// ```
/// use orm_core::{BelongsTo, HasMany, Model, Schema};
///
/// #[derive(Model)]
/// struct User { id: i64, #[has_many] posts: HasMany<Post> }
/// #[derive(Model)]
/// struct Post { id: i64, #[belongs_to] user: BelongsTo<User> }
///
/// let sql = Schema::new().model::<Post>().model::<User>().create_statements(orm_core::Dialect::Sqlite)?;
/// assert!(sql[0].starts_with("CREATE TABLE \"users\""));
/// assert!(sql[1].contains("REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE"));
/// # Ok::<(), orm_core::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Schema {
    tables: Vec<Table>,
    /// `(table, columns)` that must be unique: a has_one key, a junction's key pair.
    unique: Vec<(&'static str, Vec<&'static str>)>,
    /// Two models that asked for the same table: `(table, first, second)`.
    collisions: Vec<(&'static str, &'static str, &'static str)>,
}

/// What a call does once the schema is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Job {
    Sync,
    Force,
    Drop,
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
                    nullable: b.nullable,
                    on_delete: b.on_delete,
                    on_update: b.on_update,
                }),
                _ => None,
            })
            .collect();
        self.add(Table {
            model: M::MODEL,
            generated: false,
            name: M::TABLE,
            columns: M::COLUMNS
                .iter()
                .map(|c| Column {
                    name: c.name,
                    ty: c.ty,
                    nullable: c.nullable,
                    default: c.default.map(|d| d.value()),
                    renamed_from: c.renamed_from,
                    values: c.values,
                })
                .collect(),
            primary_key: M::PRIMARY_KEY.iter().map(|&i| M::COLUMNS[i].name).collect(),
            auto_increment: <M::Key as crate::backend::PrimaryKey>::AUTO_INCREMENT,
            foreign_keys,
            indexes: M::INDEXES.iter().map(|i| (i.columns.to_vec(), i.unique)).collect(),
            renamed_from: M::RENAMED_FROM,
        });
        for index in M::INDEXES.iter().filter(|i| i.unique) {
            self.unique.push((M::TABLE, index.columns.to_vec()));
        }
        for a in M::ASSOCIATIONS {
            match a {
                // A key may only reference a unique column (`target_key`); a primary key already
                // is one, and `uniques_of` leaves it out.
                AssociationDef::BelongsTo(b) => self.unique.push((b.target_table, vec![b.target_column])),
                AssociationDef::HasOne(h) => self.unique.push((h.target_table, vec![h.foreign_key])),
                AssociationDef::BelongsToMany(m) => {
                    let j = m.junction;
                    // `unique = false`: the junction has its own key and may repeat a pair.
                    if j.unique {
                        self.unique.push((j.table, vec![j.foreign_key, j.other_key]));
                    }
                    if let Some(g) = j.generated {
                        let fk = |column, target_table, target_column| ForeignKey {
                            column,
                            target_table,
                            target_column,
                            nullable: false,
                            on_delete: Action::Cascade,
                            on_update: Action::Cascade,
                        };
                        self.add(Table {
                            model: M::MODEL,
                            generated: true,
                            name: j.table,
                            // Beside the two keys, the timestamps it keeps (Sequelize's naming).
                            columns: [Column::new(j.foreign_key, g.source_type, false), Column::new(j.other_key, g.target_type, false)]
                                .into_iter()
                                .chain(j.columns.iter().map(|c| Column::new(c.name, c.ty, c.nullable)))
                                .collect(),
                            primary_key: vec![j.foreign_key, j.other_key],
                            auto_increment: false,
                            indexes: Vec::new(),
                            renamed_from: None,
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
        match self.tables.iter().find(|t| t.name.eq_ignore_ascii_case(table.name)) {
            None => self.tables.push(table),
            // The same model twice, or a junction declared from both sides: created once.
            Some(t) if t.model == table.model || (t.generated && table.generated && Self::same_links(t, &table)) => {}
            Some(t) => self.collisions.push((table.name, t.model, table.model)),
        }
    }

    /// Whether two junction tables hold the same keys to the same tables (in either order).
    fn same_links(a: &Table, b: &Table) -> bool {
        let links = |t: &Table| {
            let mut l: Vec<_> = t.foreign_keys.iter().map(|f| (f.column, f.target_table, f.target_column)).collect();
            l.sort();
            l
        };
        links(a) == links(b)
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

    /// The schema the models need on `dialect`, after checking that it can be made: every name
    /// unique and within the backend's limit, no cycle of required keys.
    fn describe(&self, dialect: Dialect) -> Result<Vec<TableDesc>> {
        if let Some(&(name, first, second)) = self.collisions.first() {
            return Err(Error::SchemaNameCollision { name: name.into(), first, second });
        }
        self.check_required_cycles()?;
        let too_long = |model: &'static str, name: &str| match dialect.max_identifier_len() {
            Some(limit) if dialect.identifier_len(name) > limit => {
                Err(Error::IdentifierTooLong { model, name: name.into(), len: dialect.identifier_len(name), limit })
            }
            _ => Ok(()),
        };
        let mut out = Vec::with_capacity(self.tables.len());
        for table in &self.tables {
            too_long(table.model, table.name)?;
            for column in &table.columns {
                too_long(table.model, column.name)?;
                if let Some(value) = &column.default
                    && let Err(reason) = crate::sql::literal::literal(dialect, value)
                {
                    let (model, column, value) = (table.model, column.name.to_owned(), value.to_string());
                    return Err(Error::UnsupportedDefault { model, column, value, reason });
                }
            }
            out.push(self.describe_table(dialect, table));
        }
        // Tables, indexes and constraints share one namespace: PostgreSQL and SQLite keep index
        // names schema-wide, MySQL foreign-key names database-wide.
        let mut seen: Vec<(String, &'static str)> = Vec::new();
        for table in &out {
            let names =
                std::iter::once(&table.name).chain(table.indexes.iter().map(|i| &i.name)).chain(table.foreign_keys.iter().map(|f| &f.name));
            for name in names {
                let folded = name.to_ascii_lowercase();
                if let Some((_, first)) = seen.iter().find(|(n, _)| *n == folded) {
                    return Err(Error::SchemaNameCollision { name: name.clone(), first, second: table.model });
                }
                seen.push((folded, table.model));
            }
        }
        Ok(out)
    }

    fn describe_table(&self, dialect: Dialect, table: &Table) -> TableDesc {
        let uniques = self.uniques_of(table);
        let indexed = |c: &str| {
            table.primary_key.contains(&c) || table.foreign_keys.iter().any(|f| f.column == c) || uniques.iter().any(|u| u.contains(&c))
        };
        let single_auto = table.auto_increment && table.primary_key.len() == 1;
        let columns = table
            .columns
            .iter()
            .map(|c| {
                let generated = single_auto && table.primary_key[0] == c.name;
                let ty = ColumnTypeDesc::Model { ty: c.ty, indexed: indexed(c.name) };
                ColumnDesc {
                    name: c.name.into(),
                    ty,
                    nullable: c.nullable,
                    has_default: generated || c.default.is_some(),
                    generated,
                    default: c.default.clone().map(DefaultDesc::Model),
                    renamed_from: c.renamed_from.map(str::to_owned),
                }
            })
            .collect();
        let foreign_keys = table
            .foreign_keys
            .iter()
            .map(|fk| ForeignKeyDesc {
                name: names::generated(dialect, table.name, &[fk.column], Kind::ForeignKey),
                columns: vec![fk.column.into()],
                target_table: fk.target_table.into(),
                target_columns: vec![fk.target_column.into()],
                on_delete: fk.on_delete.into(),
                on_update: fk.on_update.into(),
            })
            .collect();
        let index = |cols: &[&'static str], unique: bool| IndexDesc {
            name: names::generated(dialect, table.name, cols, if unique { Kind::Unique } else { Kind::Index }),
            columns: cols.iter().map(|&c| c.into()).collect(),
            unique,
            partial: false,
        };
        let mut indexes: Vec<IndexDesc> = uniques.iter().map(|u| index(u, true)).collect();
        // Declared plain indexes, then one per foreign key that no index starts with already.
        for (columns, _) in table.indexes.iter().filter(|(_, unique)| !unique) {
            if !indexes.iter().any(|i| i.columns.iter().map(String::as_str).eq(columns.iter().copied())) {
                indexes.push(index(columns, false));
            }
        }
        for fk in &table.foreign_keys {
            let starts = |cols: &[String]| cols.first().is_some_and(|c| c == fk.column);
            if !indexes.iter().any(|i| starts(&i.columns)) && table.primary_key.first() != Some(&fk.column) {
                indexes.push(index(&[fk.column], false));
            }
        }
        TableDesc {
            model: table.model,
            name: table.name.into(),
            columns,
            primary_key: table.primary_key.iter().map(|&c| c.into()).collect(),
            foreign_keys,
            indexes,
            renamed_from: table.renamed_from.map(str::to_owned),
            checks: table
                .columns
                .iter()
                .filter_map(|c| {
                    let values: Vec<String> = c.values?.iter().map(|v| (*v).to_owned()).collect();
                    Some(CheckDesc { name: names::check(dialect, table.name, c.name, &values), column: c.name.into(), values })
                })
                .collect(),
        }
    }

    /// A cycle of required foreign keys (two or more tables) could never get its first row: each
    /// row needs another to exist already. A table referencing itself can (a row naming its own
    /// key).
    fn check_required_cycles(&self) -> Result<()> {
        let required = |t: &Table| -> Vec<usize> {
            t.foreign_keys
                .iter()
                .filter(|fk| !fk.nullable && fk.target_table != t.name)
                .filter_map(|fk| self.tables.iter().position(|u| u.name == fk.target_table))
                .collect()
        };
        let edges: Vec<Vec<usize>> = self.tables.iter().map(required).collect();
        for start in 0..self.tables.len() {
            // Depth-first search for a path of required keys back to `start`.
            let mut path = vec![start];
            let mut next = vec![0usize];
            let mut seen = vec![false; self.tables.len()];
            while let Some(&at) = path.last() {
                let i = next.last_mut().expect("same length as path");
                match edges[at].get(*i) {
                    None => {
                        path.pop();
                        next.pop();
                    }
                    Some(&to) => {
                        *i += 1;
                        if to == start {
                            return Err(Error::RequiredKeyCycle { models: path.iter().map(|&t| self.tables[t].model).collect() });
                        }
                        if !seen[to] {
                            seen[to] = true;
                            path.push(to);
                            next.push(0);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks, without a database, that the schema can be made on `dialect`: every table,
    /// constraint and index name unique and within the backend's limit, no cycle of required
    /// foreign keys. `sync`, `sync_force`, `drop_all` and the statement builders check this
    /// first too.
    ///
    /// ```
    /// use orm_core::{Dialect, Error, Model, Schema};
    ///
    /// #[derive(Model)]
    /// #[model(table = "people")]
    /// struct User { id: i64, name: String }
    /// #[derive(Model)]
    /// #[model(table = "people")]
    /// struct Person { id: i64, age: i32 }
    ///
    /// let err = Schema::new().model::<User>().model::<Person>().check(Dialect::Postgres).unwrap_err();
    /// assert!(matches!(err, Error::SchemaNameCollision { first: "User", second: "Person", .. }));
    /// ```
    pub fn check(&self, dialect: Dialect) -> Result<()> {
        self.describe(dialect).map(drop)
    }

    /// The statements that create the tables and indexes in an empty database, in order.
    pub fn create_statements(&self, dialect: Dialect) -> Result<Vec<String>> {
        let tables = self.describe(dialect)?;
        Ok(render(dialect, ddl::create(dialect, &tables.iter().collect::<Vec<_>>(), &[])))
    }

    /// The statements that drop the tables of a database made by this schema, dependents first.
    pub fn drop_statements(&self, dialect: Dialect) -> Result<Vec<String>> {
        let tables = self.describe(dialect)?;
        Ok(render(dialect, ddl::drop(dialect, &tables.iter().collect::<Vec<_>>())))
    }

    /// What `job` runs, given the tables the database has. A pure function of the two schemas.
    fn plan(dialect: Dialect, wanted: &[TableDesc], found: &[TableDesc], job: Job) -> Result<Vec<SchemaChange>> {
        if job == Job::Sync {
            let changes = diff::diff(dialect, wanted, found);
            let differences: Vec<_> = changes.iter().filter(|c| c.harmful()).map(|c| c.difference(dialect)).collect();
            if !differences.is_empty() {
                return Err(Error::SchemaDrift { differences });
            }
            let missing: Vec<&TableDesc> =
                changes.iter().filter_map(|c| if let Change::AddTable(t) = c { Some(t) } else { None }).collect();
            let existing: Vec<&str> =
                wanted.iter().filter(|w| !missing.iter().any(|m| m.name == w.name)).map(|w| w.name.as_str()).collect();
            return Ok(ddl::create(dialect, &missing, &existing));
        }
        let found = &diff::align(dialect, wanted, found);
        let dependents = diff::dependents(wanted, found);
        if !dependents.is_empty() {
            return Err(Error::SchemaDependents { dependents });
        }
        let present: Vec<&TableDesc> = found.iter().filter(|f| wanted.iter().any(|w| w.name == f.name)).collect();
        let mut statements = ddl::drop(dialect, &present);
        if job == Job::Force {
            statements.extend(ddl::create(dialect, &wanted.iter().collect::<Vec<_>>(), &[]));
        }
        Ok(statements)
    }

    async fn run(&self, db: &mut dyn Connection, job: Job) -> Result<()> {
        let dialect = db.dialect();
        // Checked before any connection is taken: a schema that cannot be made changes nothing.
        let wanted = self.describe(dialect)?;
        // One transaction: on PostgreSQL and SQLite a failed sync leaves nothing half-made.
        // MySQL commits each DDL statement by itself, which also ends the savepoint a
        // transaction inside a caller's transaction would be; there the statements run as they are
        // (every check is made before the first one).
        if !dialect.transactional_ddl() {
            return Self::run_on(db, &wanted, job).await;
        }
        let mut tx = db.begin().await?;
        Self::run_on(&mut tx, &wanted, job).await?;
        tx.commit().await
    }

    /// Reads the catalog and runs `job` on `db`.
    async fn run_on(db: &mut dyn Connection, wanted: &[TableDesc], job: Job) -> Result<()> {
        let dialect = db.dialect();
        let found = introspect::read(db).await?;
        let plan = Self::plan(dialect, wanted, &found, job)?;
        // MySQL commits the open transaction before each schema change: the caller's earlier
        // writes would be committed behind its back, and its later ones run in autocommit.
        if !plan.is_empty() && !dialect.transactional_ddl() && db.in_transaction() {
            return Err(Error::SchemaChangeInTransaction { backend: dialect, changes: plan.len() });
        }
        for statement in plan {
            db.execute(statement.into()).await?;
        }
        Ok(())
    }

    /// Creates the missing tables, and checks that the existing ones match the models: their
    /// columns (type, nullability), primary key, foreign keys and unique indexes. If any differs,
    /// nothing is created or changed and [`Error::SchemaDrift`] lists every difference.
    pub async fn sync(&self, mut db: impl Connection) -> Result<()> {
        self.run(&mut db, Job::Sync).await
    }

    /// Every difference between the models and the database `db` is connected to (tables,
    /// columns, types, nullability, defaults, primary and foreign keys, indexes), as a typed
    /// list; nothing is changed. Empty when they match. Tables the models do not name are left
    /// out; a column, foreign key or unique index the models do not know is a difference.
    ///
    /// ```
    /// use orm_core::{ChangeKind, Model, Schema};
    ///
    /// #[derive(Model)]
    /// #[model(table = "books")]
    /// struct BookV1 { id: i64, title: String }
    /// #[derive(Model)]
    /// #[model(table = "books")]
    /// struct BookV2 { id: i64, title: String, #[model(index)] isbn: Option<String> }
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let pool = orm_core::sqlite::memory().await?;
    /// Schema::new().model::<BookV1>().sync(&pool).await?;
    /// let diff = Schema::new().model::<BookV2>().diff(&pool).await?;
    /// let kinds: Vec<ChangeKind> = diff.iter().map(|d| d.kind).collect();
    /// assert_eq!(kinds, [ChangeKind::AddColumn, ChangeKind::AddIndex]);
    /// # Ok::<(), orm_core::Error>(()) }).unwrap();
    /// ```
    pub async fn diff(&self, mut db: impl Connection) -> Result<Vec<SchemaDifference>> {
        let db: &mut dyn Connection = &mut db;
        let dialect = db.dialect();
        let wanted = self.describe(dialect)?;
        let found = introspect::read(db).await?;
        Ok(diff::diff(dialect, &wanted, &found).iter().map(|c| c.difference(dialect)).collect())
    }

    /// [`Schema::diff`] for application start-up: `Ok` when the database matches the models,
    /// else [`Error::SchemaDrift`] listing every difference (a missing table included).
    pub async fn verify(&self, db: impl Connection) -> Result<()> {
        let differences = self.diff(db).await?;
        if differences.is_empty() { Ok(()) } else { Err(Error::SchemaDrift { differences }) }
    }

    /// The DDL that brings the database `db` is connected to to the models, as ordered steps
    /// for its backend (see [`Migration`]); nothing is changed. Write it as a file with
    /// [`crate::migrate::generate`]. A change no generated step makes (another primary key, a
    /// `NOT NULL` column without a default on a table that has rows) is
    /// [`Error::MigrationUnsupported`]; data-losing steps are marked, and refused by
    /// [`Migration::allow_destructive`] unless allowed.
    pub async fn migration(&self, mut db: impl Connection) -> Result<Migration> {
        let db: &mut dyn Connection = &mut db;
        let dialect = db.dialect();
        let wanted = self.describe(dialect)?;
        let found = introspect::read(db).await?;
        let changes = diff::diff(dialect, &wanted, &found);
        migration::plan(dialect, &wanted, &diff::align(dialect, &wanted, &found), &changes)
    }

    /// Drops the tables and creates them anew, like Sequelize's `sync({ force: true })`:
    /// every row of these tables is lost. Refuses ([`Error::SchemaDependents`]) when a table
    /// outside the schema references one of them, rather than dropping or orphaning its rows.
    pub async fn sync_force(&self, mut db: impl Connection) -> Result<()> {
        self.run(&mut db, Job::Force).await
    }

    /// Drops the tables, dependents first; refuses like [`Schema::sync_force`] when a table
    /// outside the schema references one of them.
    pub async fn drop_all(&self, mut db: impl Connection) -> Result<()> {
        self.run(&mut db, Job::Drop).await
    }
}

/// The text of each change in `dialect`.
fn render(dialect: Dialect, changes: Vec<SchemaChange>) -> Vec<String> {
    changes.into_iter().map(|c| Statement::from(c).into_sql(dialect).text().to_owned()).collect()
}

#[cfg(test)]
mod tests;
