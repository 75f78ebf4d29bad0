//! Rendering the filter tree ([`Node`]): the same on every backend but for the steps of the
//! builder it calls (long lists).

use super::super::Sql;
use super::super::tree::{Exists, ListOf, Node, Op};
use super::QueryBuilder;

/// What [`Op::LikeEscaped`] appends: the escape character of `query::LIKE_ESCAPE`.
const LIKE_ESCAPE_CLAUSE: &str = " ESCAPE '!'";

/// The escape character of a plain [`Op::Like`]: a backslash, PostgreSQL's and MySQL's default,
/// sent as a bound value so that SQLite (no default escape) reads the pattern the same way and
/// no string literal depends on MySQL's `NO_BACKSLASH_ESCAPES`.
const LIKE_BACKSLASH: &str = "\\";

/// A condition, its bare columns qualified by `table`.
pub(crate) fn prepare_condition<B: QueryBuilder + ?Sized>(qb: &B, node: &Node, table: &str, sql: &mut Sql) {
    match node {
        Node::Cmp(c, op, v) => {
            sql.qualified(table, c).push(op.sql()).bind_column(c, v.clone());
            match op {
                Op::LikeEscaped => {
                    sql.push(LIKE_ESCAPE_CLAUSE);
                }
                Op::Like => {
                    sql.push(" ESCAPE ").bind(crate::value::Value::Text(LIKE_BACKSLASH.to_owned()));
                }
                _ => {}
            }
            if matches!(op, Op::Like | Op::LikeEscaped)
                && sql.dialect.like_stops_at_nul()
                && matches!(v, crate::value::Value::Text(t) if t.contains('\0'))
            {
                sql.refuse(c, v, "SQLite reads a LIKE pattern only up to its first NUL character, so it would match other rows");
            }
        }
        Node::In(_, vs) | Node::InValues(_, vs) if vs.is_empty() => {
            sql.push("1 = 0");
        }
        Node::In(c, vs) => {
            sql.qualified(table, c);
            qb.prepare_in_list(c, vs, ListOf::Keys, sql);
        }
        Node::InValues(c, vs) => {
            sql.qualified(table, c);
            qb.prepare_in_list(c, vs, ListOf::Values, sql);
        }
        Node::InRows(_, columns) if columns.first().is_none_or(Vec::is_empty) => {
            sql.push("1 = 0");
        }
        Node::InRows(names, columns) => qb.prepare_in_rows(table, names, columns, sql),
        Node::IsNull(c, null) => {
            sql.qualified(table, c).push(if *null { " IS NULL" } else { " IS NOT NULL" });
        }
        Node::InJunction { column, table: junction, select, filter, value, live } => {
            sql.qualified(table, column);
            sql.push(" IN (SELECT ").qualified(junction, select).push(" FROM ").ident(junction);
            sql.push(" WHERE ").qualified(junction, filter).push(" = ").bind(value.clone());
            if let Some(deleted_at) = live {
                sql.push(" AND ").qualified(junction, deleted_at).push(" IS NULL");
            }
            sql.push(")");
        }
        Node::Exists(e) => prepare_exists(qb, e, sql),
        Node::And(a, b) | Node::Or(a, b) => {
            sql.push("(");
            prepare_condition(qb, a, table, sql);
            sql.push(if matches!(node, Node::And(..)) { " AND " } else { " OR " });
            prepare_condition(qb, b, table, sql);
            sql.push(")");
        }
        Node::Not(a) => {
            sql.push("NOT (");
            prepare_condition(qb, a, table, sql);
            sql.push(")");
        }
        Node::All(all) => {
            for (i, n) in all.iter().enumerate() {
                sql.push(if i == 0 { "" } else { " AND " });
                prepare_condition(qb, n, table, sql);
            }
        }
        Node::ColumnEq(a, b) => {
            qb.prepare_column(a, sql);
            sql.push(" = ");
            qb.prepare_column(b, sql);
        }
        Node::Qualified(other, n) => prepare_condition(qb, n, other, sql),
    }
}

/// `EXISTS (SELECT 1 FROM table AS alias [JOIN junction] WHERE alias.inner = outer.column
/// AND filter)`; the filter's values are labelled with the table's model.
fn prepare_exists<B: QueryBuilder + ?Sized>(qb: &B, e: &Exists, sql: &mut Sql) {
    sql.about_as(e.alias.clone().into(), e.model);
    sql.push("EXISTS (SELECT 1 FROM ").ident(e.table).push(" AS ").ident(&e.alias);
    let inner_table = match e.junction {
        Some((junction, other_key, target_column)) => {
            let j_alias = format!("{}_j", e.alias);
            sql.push(" INNER JOIN ").ident(junction).push(" AS ").ident(&j_alias).push(" ON ");
            sql.qualified(&e.alias, target_column).push(" = ").qualified(&j_alias, other_key);
            if let Some(deleted_at) = e.junction_live {
                sql.push(" AND ").qualified(&j_alias, deleted_at).push(" IS NULL");
            }
            j_alias
        }
        None => e.alias.clone(),
    };
    sql.push(" WHERE ").qualified(&inner_table, e.inner).push(" = ").qualified(&e.outer.0, e.outer.1);
    if let Some(f) = &e.filter {
        let outer_model = sql.model;
        sql.push(" AND ").for_model(e.model);
        prepare_condition(qb, f, &e.alias, sql);
        sql.for_model(outer_model);
    }
    sql.push(")");
}
