// The expansion is hygienic and lint-clean: derived in a module that imports nothing from the
// crate and denies missing docs and unneeded qualifications.

#![deny(missing_docs, unused_qualifications)]
//! Models derived with no `use` of `orm_core`.

/// A user.
#[derive(orm_core::Model)]
pub struct User {
    /// Primary key.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// The user's comments.
    #[has_many]
    pub comments: orm_core::HasMany<Comment>,
    /// Books the user read.
    #[belongs_to_many(through = Reading, as = "read")]
    pub books: orm_core::BelongsToMany<Book>,
}

/// A comment.
#[derive(orm_core::Model)]
pub struct Comment {
    /// Primary key.
    pub id: i64,
    /// Text.
    pub body: String,
    /// Author.
    #[belongs_to]
    pub user: orm_core::BelongsTo<User>,
}

/// A book.
#[derive(orm_core::Model)]
pub struct Book {
    /// Primary key.
    pub id: i64,
    /// Readers.
    #[belongs_to_many(through = Reading)]
    pub readers: orm_core::BelongsToMany<User>,
}

/// A reading: the junction of users and books.
#[derive(orm_core::Model)]
#[model(junction)]
pub struct Reading {
    /// The reader.
    #[belongs_to]
    pub user: orm_core::BelongsTo<User>,
    /// The book.
    #[belongs_to]
    pub book: orm_core::BelongsTo<Book>,
}

/// Models derived inside a private module.
mod inner {
    #![deny(missing_docs, unused_qualifications)]

    /// A tag.
    #[derive(orm_core::Model)]
    pub struct Tag {
        /// Primary key.
        #[model(primary_key)]
        pub label: String,
    }
}

fn main() {
    let _ = inner::Tag::LABEL;
}
