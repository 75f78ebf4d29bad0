//! The models of the reliability suite: an author with notes (`#[has_many]`, optional key) and
//! tags (`#[belongs_to_many]` through a generated junction), and counting helpers.

// Each reliability file uses a different part of this module.
#![allow(dead_code)]

use orm_core::sql::Sql;
use orm_core::{BelongsTo, BelongsToMany, HasMany, Model, Schema};

#[derive(Model, Debug, Clone, PartialEq)]
pub struct Author {
    pub id: i64,
    pub name: String,
    pub bio: Option<String>,
    #[has_many]
    pub notes: HasMany<Note>,
    #[belongs_to_many(through = "author_tags", as = "tags")]
    pub tags: BelongsToMany<Tag>,
}

#[derive(Model, Debug, Clone, PartialEq)]
pub struct Note {
    pub id: i64,
    pub text: String,
    #[belongs_to]
    pub author: Option<BelongsTo<Author>>,
}

#[derive(Model, Debug, Clone, PartialEq)]
pub struct Tag {
    pub id: i64,
    pub label: String,
    #[belongs_to_many(through = "author_tags", as = "authors")]
    pub authors: BelongsToMany<Author>,
}

pub fn schema() -> Schema {
    Schema::new().model::<Author>().model::<Note>().model::<Tag>()
}

pub fn author(name: &str) -> Author {
    Author { id: 0, name: name.into(), bio: None, notes: Default::default(), tags: Default::default() }
}

pub fn note(text: &str) -> Note {
    Note { id: 0, text: text.into(), author: None }
}

pub fn tag(label: &str) -> Tag {
    Tag { id: 0, label: label.into(), authors: Default::default() }
}

/// The single integer a hand-written query returns (e.g. a `COUNT(*)`).
pub async fn count(db: impl orm_core::Connection, statement: &str) -> orm_core::Result<i64> {
    let mut sql = Sql::new(db.dialect());
    sql.push(orm_core::AssertSqlSafe(statement));
    sql.fetch_scalar::<i64>(db).await
}
