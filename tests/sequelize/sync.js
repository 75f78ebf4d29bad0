#!/usr/bin/env node
'use strict';
// Runs real Sequelize 6 `sync()` against a fresh, uniquely named schema
// (PostgreSQL), database (MariaDB/MySQL) or database file (SQLite), reads the
// resulting tables back from the catalog and writes two fixtures per backend:
//
//   fixtures/<backend>.json  normalised, deterministic description of the tables
//   fixtures/<backend>.sql   the DDL statements Sequelize itself logged
//
// Usage: node sync.js postgres mysql [sqlite]
//
// Connection settings: the Rust tests' ORM_TEST_POSTGRES_URL / ORM_TEST_MYSQL_URL
// when set, each field overridable with the variables below; defaults match the
// local test servers:
//   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD= PGDATABASE=test
//   MYSQL_HOST=127.0.0.1 MYSQL_PORT=3306 MYSQL_USER=root MYSQL_PASSWORD= MYSQL_DATABASE=test
//
// The scratch schema/database is dropped at the end, also when anything fails.

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { Sequelize, DataTypes } = require('sequelize');

const SEQUELIZE_VERSION = require('sequelize/package.json').version;
const FIXTURE_DIR = path.join(__dirname, 'fixtures');
const BACKENDS = ['postgres', 'mysql', 'sqlite'];

// ---------------------------------------------------------------------------
// Models: the article's models ("Sequelize Associations - Creating
// Associations"; the project's reference copy is
// shared/reference/sequelize-v6-seed-scenario.js), all with Sequelize's
// defaults (timestamps on, default primary keys, default foreign key names).
// ---------------------------------------------------------------------------
function defineModels(sequelize) {
  const User = sequelize.define('User', { name: { type: DataTypes.STRING } });
  const Profile = sequelize.define('Profile', { bio: DataTypes.STRING });
  // The one paranoid model, so that a `deletedAt` column exists.
  const Comment = sequelize.define('Comment', { body: DataTypes.STRING }, { paranoid: true });
  const Book = sequelize.define('Book', { title: DataTypes.STRING });
  // Junction *model* with an extra column of its own. The article also declares
  // `userId`/`bookId` attributes here, but Sequelize does not use them as the
  // junction keys (it adds `UserId`/`BookId`): on PostgreSQL that gives four key
  // columns, on MariaDB and SQLite `CREATE TABLE` fails with "duplicate column
  // name UserId" (identifiers are case-insensitive there). So only `rating` is
  // declared and the keys are Sequelize's defaults. See README.md.
  const UserBooks = sequelize.define('UserBooks', { rating: { type: DataTypes.INTEGER } });

  // One-to-one: Profile gets the foreign key UserId.
  User.hasOne(Profile);
  Profile.belongsTo(User);
  // One-to-many: Comment gets the foreign key UserId.
  User.hasMany(Comment);
  Comment.belongsTo(User);
  // Many-to-many through a junction model.
  User.belongsToMany(Book, { through: UserBooks, as: 'read' });
  Book.belongsToMany(User, { through: UserBooks, as: 'readers' });
  // Many-to-many through a string table name (Sequelize makes the model).
  User.belongsToMany(Book, { through: 'FavBooks', as: 'favorites' });
  Book.belongsToMany(User, { through: 'FavBooks', as: 'fans' });

  return { User, Profile, Comment, Book, UserBooks };
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------
// Connection fields from env: `url` (e.g. postgres://user:pw@host:port/db)
// first, then the per-field variables, then the defaults.
function connFromEnv(urlVar, vars, defaults) {
  const out = { ...defaults };
  const raw = process.env[urlVar];
  if (raw) {
    const u = new URL(raw);
    if (u.hostname) out.host = u.hostname.replace(/^\[|\]$/g, '');
    if (u.port) out.port = Number(u.port);
    if (u.username) out.user = decodeURIComponent(u.username);
    if (u.password) out.password = decodeURIComponent(u.password);
    const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (db) out.database = db;
  }
  for (const [field, name] of Object.entries(vars)) {
    if (process.env[name] !== undefined && process.env[name] !== '') out[field] = process.env[name];
  }
  out.port = Number(out.port);
  return out;
}

function scratchName() {
  return `seqfx_${process.pid}_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
}

// Plain code-point order, independent of the locale.
function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bool(v) {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) !== 0;
  if (typeof v === 'string') return ['yes', 'true', 't', '1'].includes(v.toLowerCase());
  throw new Error(`not a boolean: ${JSON.stringify(v)}`);
}

function groupBy(rows, key) {
  const m = new Map();
  for (const r of rows) {
    const k = r[key];
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(r);
  }
  return m;
}

// Makes a Sequelize instance whose logging collects every statement.
function makeSequelize(options) {
  const log = [];
  const sequelize = new Sequelize({
    ...options,
    logging: (msg) => {
      log.push(String(msg).replace(/^Executing \([^)]*\): /, ''));
    },
  });
  return { sequelize, log };
}

async function runSync(sequelize) {
  defineModels(sequelize);
  await sequelize.authenticate();
  await sequelize.sync();
}

function ddlFrom(log) {
  return log.filter((s) => /^\s*(CREATE|ALTER)\b/i.test(s)).map((s) => s.trim());
}

// Builds the normalised table list from flat catalog rows.
function assemble({ tables, columns, pkeys, fkeys, indexes }) {
  const colsBy = groupBy(columns, 'table');
  const pkBy = groupBy(pkeys, 'table');
  const fkBy = groupBy(fkeys, 'table');
  const ixBy = groupBy(indexes, 'table');
  return [...tables].sort(cmp).map((t) => {
    const cols = (colsBy.get(t) || [])
      .slice()
      .sort((a, b) => a.position - b.position)
      .map((c) => {
        const out = {
          name: c.name,
          data_type: c.data_type,
          column_type: c.column_type,
          nullable: c.nullable,
          default: c.default === undefined ? null : c.default,
        };
        if (c.extra !== undefined) out.extra = c.extra;
        return out;
      });

    const pkRows = (pkBy.get(t) || []).slice().sort((a, b) => a.position - b.position);
    const primary_key = pkRows.length
      ? { name: pkRows[0].name, columns: pkRows.map((r) => r.column) }
      : null;

    const foreign_keys = [...groupBy(fkBy.get(t) || [], 'group').values()]
      .map((rows) => {
        rows = rows.slice().sort((a, b) => a.position - b.position);
        return {
          name: rows[0].name,
          columns: rows.map((r) => r.column),
          referenced_table: rows[0].referenced_table,
          referenced_columns: rows.map((r) => r.referenced_column),
          on_delete: rows[0].on_delete,
          on_update: rows[0].on_update,
        };
      })
      .sort((a, b) => cmp(a.columns.join(','), b.columns.join(',')) || cmp(String(a.name), String(b.name)));

    const idx = [...groupBy(ixBy.get(t) || [], 'name').values()]
      .map((rows) => {
        rows = rows.slice().sort((a, b) => a.position - b.position);
        return {
          name: rows[0].name,
          columns: rows.map((r) => r.column),
          unique: rows[0].unique,
          primary: rows[0].primary,
        };
      })
      .sort((a, b) => cmp(a.name, b.name));

    return { name: t, columns: cols, primary_key, foreign_keys, indexes: idx };
  });
}

// ---------------------------------------------------------------------------
// PostgreSQL: a scratch schema; Sequelize connects with search_path set to it,
// so its DDL is unqualified, exactly as it would be in `public`.
// ---------------------------------------------------------------------------
async function postgres() {
  const pg = require('pg');
  const conn = connFromEnv(
    'ORM_TEST_POSTGRES_URL',
    { host: 'PGHOST', port: 'PGPORT', user: 'PGUSER', password: 'PGPASSWORD', database: 'PGDATABASE' },
    { host: '127.0.0.1', port: 5432, user: 'postgres', password: '', database: 'test' }
  );
  const schema = scratchName();
  const searchPath = `-c search_path=${schema}`;
  const admin = new pg.Client(conn);
  await admin.connect();
  let created = false;
  try {
    const serverVersion = (await admin.query('SHOW server_version')).rows[0].server_version;
    await admin.query(`CREATE SCHEMA "${schema}"`);
    created = true;

    const { sequelize, log } = makeSequelize({
      dialect: 'postgres',
      host: conn.host,
      port: conn.port,
      username: conn.user,
      password: conn.password,
      database: conn.database,
      dialectOptions: { options: searchPath },
    });
    try {
      await runSync(sequelize);
    } finally {
      await sequelize.close();
    }

    // Read the catalog with a plain client on the same search_path (so that
    // defaults such as nextval('"Users_id_seq"'::regclass) print unqualified).
    const cat = new pg.Client({ ...conn, options: searchPath });
    await cat.connect();
    let catalog;
    try {
      const q = async (sql) => (await cat.query(sql, [schema])).rows;
      const tables = (
        await q(`SELECT table_name FROM information_schema.tables
                 WHERE table_schema = $1 AND table_type = 'BASE TABLE'`)
      ).map((r) => r.table_name);
      const columns = (
        await q(`SELECT c.table_name, c.column_name, c.ordinal_position, c.data_type,
                        format_type(a.atttypid, a.atttypmod) AS column_type,
                        c.is_nullable, c.column_default
                 FROM information_schema.columns c
                 JOIN pg_catalog.pg_namespace n ON n.nspname = c.table_schema
                 JOIN pg_catalog.pg_class k ON k.relnamespace = n.oid AND k.relname = c.table_name
                 JOIN pg_catalog.pg_attribute a ON a.attrelid = k.oid AND a.attname = c.column_name
                 WHERE c.table_schema = $1`)
      ).map((r) => ({
        table: r.table_name,
        name: r.column_name,
        position: Number(r.ordinal_position),
        data_type: r.data_type,
        column_type: r.column_type,
        nullable: bool(r.is_nullable),
        default: r.column_default,
      }));
      const pkeys = (
        await q(`SELECT tc.table_name, tc.constraint_name, kcu.column_name, kcu.ordinal_position
                 FROM information_schema.table_constraints tc
                 JOIN information_schema.key_column_usage kcu
                   ON kcu.constraint_schema = tc.constraint_schema
                  AND kcu.constraint_name = tc.constraint_name
                  AND kcu.table_name = tc.table_name
                 WHERE tc.table_schema = $1 AND tc.constraint_type = 'PRIMARY KEY'`)
      ).map((r) => ({
        table: r.table_name,
        name: r.constraint_name,
        column: r.column_name,
        position: Number(r.ordinal_position),
      }));
      const fkeys = (
        await q(`SELECT tc.table_name, tc.constraint_name, kcu.column_name, kcu.ordinal_position,
                        ref.table_name AS referenced_table, ref.column_name AS referenced_column,
                        rc.delete_rule, rc.update_rule
                 FROM information_schema.table_constraints tc
                 JOIN information_schema.referential_constraints rc
                   ON rc.constraint_schema = tc.constraint_schema
                  AND rc.constraint_name = tc.constraint_name
                 JOIN information_schema.key_column_usage kcu
                   ON kcu.constraint_schema = tc.constraint_schema
                  AND kcu.constraint_name = tc.constraint_name
                  AND kcu.table_name = tc.table_name
                 JOIN information_schema.key_column_usage ref
                   ON ref.constraint_schema = rc.unique_constraint_schema
                  AND ref.constraint_name = rc.unique_constraint_name
                  AND ref.ordinal_position = kcu.position_in_unique_constraint
                 WHERE tc.table_schema = $1 AND tc.constraint_type = 'FOREIGN KEY'`)
      ).map((r) => ({
        table: r.table_name,
        group: r.constraint_name,
        name: r.constraint_name,
        column: r.column_name,
        position: Number(r.ordinal_position),
        referenced_table: r.referenced_table,
        referenced_column: r.referenced_column,
        on_delete: r.delete_rule,
        on_update: r.update_rule,
      }));
      const indexes = (
        await q(`SELECT i.tablename, i.indexname, ix.indisunique, ix.indisprimary,
                        k.ord, a.attname::text AS column_name
                 FROM pg_catalog.pg_indexes i
                 JOIN pg_catalog.pg_namespace n ON n.nspname = i.schemaname
                 JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = i.indexname
                 JOIN pg_catalog.pg_index ix ON ix.indexrelid = c.oid
                 CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                 LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                 WHERE i.schemaname = $1`)
      ).map((r) => ({
        table: r.tablename,
        name: r.indexname,
        position: Number(r.ord),
        column: r.column_name, // null for an expression column (none expected)
        unique: r.indisunique,
        primary: r.indisprimary,
      }));
      catalog = { tables, columns, pkeys, fkeys, indexes };
    } finally {
      await cat.end();
    }
    return { serverVersion, log, tables: assemble(catalog) };
  } finally {
    try {
      if (created) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await admin.end();
    }
  }
}

// ---------------------------------------------------------------------------
// MariaDB / MySQL (Sequelize's `mysql` dialect over mysql2): a scratch database.
// ---------------------------------------------------------------------------
async function mysql() {
  const mysql2 = require('mysql2/promise');
  const conn = connFromEnv(
    'ORM_TEST_MYSQL_URL',
    { host: 'MYSQL_HOST', port: 'MYSQL_PORT', user: 'MYSQL_USER', password: 'MYSQL_PASSWORD', database: 'MYSQL_DATABASE' },
    { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' }
  );
  const db = scratchName();
  const admin = await mysql2.createConnection(conn);
  let created = false;
  try {
    const [[{ v: serverVersion }]] = await admin.query('SELECT VERSION() AS v');
    await admin.query(`CREATE DATABASE \`${db}\``);
    created = true;

    const { sequelize, log } = makeSequelize({
      dialect: 'mysql',
      host: conn.host,
      port: conn.port,
      username: conn.user,
      password: conn.password,
      database: db,
    });
    try {
      await runSync(sequelize);
    } finally {
      await sequelize.close();
    }

    const q = async (sql) => (await admin.query(sql, [db]))[0];
    const tables = (
      await q(`SELECT TABLE_NAME AS table_name FROM information_schema.TABLES
               WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'`)
    ).map((r) => r.table_name);
    const columns = (
      await q(`SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name,
                      ORDINAL_POSITION AS ordinal_position, DATA_TYPE AS data_type,
                      COLUMN_TYPE AS column_type, IS_NULLABLE AS is_nullable,
                      COLUMN_DEFAULT AS column_default, EXTRA AS extra
               FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`)
    ).map((r) => ({
      table: r.table_name,
      name: r.column_name,
      position: Number(r.ordinal_position),
      data_type: r.data_type,
      column_type: r.column_type,
      nullable: bool(r.is_nullable),
      default: r.column_default,
      extra: r.extra,
    }));
    const pkeys = (
      await q(`SELECT tc.TABLE_NAME AS table_name, tc.CONSTRAINT_NAME AS constraint_name,
                      kcu.COLUMN_NAME AS column_name, kcu.ORDINAL_POSITION AS ordinal_position
               FROM information_schema.TABLE_CONSTRAINTS tc
               JOIN information_schema.KEY_COLUMN_USAGE kcu
                 ON kcu.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
                AND kcu.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                AND kcu.TABLE_NAME = tc.TABLE_NAME
               WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'PRIMARY KEY'`)
    ).map((r) => ({
      table: r.table_name,
      name: r.constraint_name,
      column: r.column_name,
      position: Number(r.ordinal_position),
    }));
    const fkeys = (
      await q(`SELECT kcu.TABLE_NAME AS table_name, kcu.CONSTRAINT_NAME AS constraint_name,
                      kcu.COLUMN_NAME AS column_name, kcu.ORDINAL_POSITION AS ordinal_position,
                      kcu.REFERENCED_TABLE_NAME AS referenced_table,
                      kcu.REFERENCED_COLUMN_NAME AS referenced_column,
                      rc.DELETE_RULE AS delete_rule, rc.UPDATE_RULE AS update_rule
               FROM information_schema.REFERENTIAL_CONSTRAINTS rc
               JOIN information_schema.KEY_COLUMN_USAGE kcu
                 ON kcu.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA
                AND kcu.CONSTRAINT_NAME = rc.CONSTRAINT_NAME
                AND kcu.TABLE_NAME = rc.TABLE_NAME
               WHERE rc.CONSTRAINT_SCHEMA = ?`)
    ).map((r) => ({
      table: r.table_name,
      group: r.constraint_name,
      name: r.constraint_name,
      column: r.column_name,
      position: Number(r.ordinal_position),
      referenced_table: r.referenced_table,
      referenced_column: r.referenced_column,
      on_delete: r.delete_rule,
      on_update: r.update_rule,
    }));
    const indexes = (
      await q(`SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name,
                      SEQ_IN_INDEX AS seq_in_index, COLUMN_NAME AS column_name,
                      NON_UNIQUE AS non_unique
               FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`)
    ).map((r) => ({
      table: r.table_name,
      name: r.index_name,
      position: Number(r.seq_in_index),
      column: r.column_name,
      unique: !bool(r.non_unique),
      primary: r.index_name === 'PRIMARY',
    }));
    return { serverVersion, log, tables: assemble({ tables, columns, pkeys, fkeys, indexes }) };
  } finally {
    try {
      if (created) await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    } finally {
      await admin.end();
    }
  }
}

// ---------------------------------------------------------------------------
// SQLite (needs the optional `sqlite3` package): a scratch database file.
// ---------------------------------------------------------------------------
async function sqlite() {
  let sqlite3;
  try {
    sqlite3 = require('sqlite3');
  } catch (e) {
    throw new Error(`the sqlite3 package is not installed or did not build (${e.message})`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqfx-'));
  const file = path.join(dir, `${scratchName()}.sqlite`);
  try {
    const { sequelize, log } = makeSequelize({ dialect: 'sqlite', storage: file });
    try {
      await runSync(sequelize);
    } finally {
      await sequelize.close();
    }

    const db = await new Promise((resolve, reject) => {
      const d = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(d)));
    });
    const all = (sql) => new Promise((resolve, reject) => db.all(sql, (err, rows) => (err ? reject(err) : resolve(rows))));
    const ident = (s) => `"${s.replace(/"/g, '""')}"`;
    try {
      const serverVersion = (await all('SELECT sqlite_version() AS v'))[0].v;
      const tables = (
        await all(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      ).map((r) => r.name);
      const columns = [];
      const pkeys = [];
      const fkeys = [];
      const indexes = [];
      for (const t of tables) {
        for (const c of await all(`PRAGMA table_info(${ident(t)})`)) {
          columns.push({
            table: t,
            name: c.name,
            position: c.cid,
            data_type: c.type,
            column_type: c.type,
            nullable: !bool(c.notnull),
            default: c.dflt_value,
          });
          if (c.pk > 0) pkeys.push({ table: t, name: null, column: c.name, position: c.pk });
        }
        for (const f of await all(`PRAGMA foreign_key_list(${ident(t)})`)) {
          fkeys.push({
            table: t,
            group: f.id,
            name: null, // SQLite keeps no names for unnamed constraints
            column: f.from,
            position: f.seq,
            referenced_table: f.table,
            referenced_column: f.to,
            on_delete: f.on_delete,
            on_update: f.on_update,
          });
        }
        for (const ix of await all(`PRAGMA index_list(${ident(t)})`)) {
          for (const col of await all(`PRAGMA index_info(${ident(ix.name)})`)) {
            indexes.push({
              table: t,
              name: ix.name,
              position: col.seqno,
              column: col.name,
              unique: bool(ix.unique),
              primary: ix.origin === 'pk',
            });
          }
        }
      }
      return { serverVersion, log, tables: assemble({ tables, columns, pkeys, fkeys, indexes }) };
    } finally {
      await new Promise((resolve) => db.close(() => resolve()));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------

const RUNNERS = { postgres, mysql, sqlite };

// JSON.stringify with two-space indentation, but arrays of scalars (column
// lists) kept on one line so that the fixtures read and diff well.
function toJson(value, indent = '') {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    }
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${toJson(value[k], inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function writeAtomically(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length === 0 || args.some((a) => !BACKENDS.includes(a))) {
    console.error(`usage: node sync.js <backend>...   (backends: ${BACKENDS.join(', ')})`);
    process.exit(2);
  }
  fs.mkdirSync(FIXTURE_DIR, { recursive: true });
  let failed = 0;
  for (const backend of args) {
    try {
      const { serverVersion, log, tables } = await RUNNERS[backend]();
      const ddl = ddlFrom(log);
      if (ddl.length === 0) throw new Error('Sequelize logged no CREATE statement');
      const fixture = {
        generator: 'tests/sequelize/sync.js',
        sequelize: SEQUELIZE_VERSION,
        dialect: backend,
        tables,
      };
      writeAtomically(path.join(FIXTURE_DIR, `${backend}.json`), `${toJson(fixture)}\n`);
      const header =
        `-- DDL logged by Sequelize ${SEQUELIZE_VERSION} sync() (dialect ${backend}).\n` +
        `-- Generated by tests/sequelize/sync.js; regenerate with: bash tests/sequelize/run.sh\n`;
      writeAtomically(path.join(FIXTURE_DIR, `${backend}.sql`), `${header}${ddl.join('\n')}\n`);
      console.log(
        `${backend}: ok (server ${serverVersion}); ${tables.length} tables, ${ddl.length} DDL statements -> fixtures/${backend}.{json,sql}`
      );
    } catch (e) {
      failed += 1;
      console.error(`${backend}: FAILED`);
      console.error(e && e.stack ? e.stack : e);
    }
  }
  if (failed) {
    console.error(`${failed} of ${args.length} backend(s) failed`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
