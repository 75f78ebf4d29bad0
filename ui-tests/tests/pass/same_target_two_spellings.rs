// Pairing follows the type, not its spelling: `User`, `crate::User`, a type alias and a path
// through another module all name one target, side by side on one model.

use orm_core::{BelongsTo, HasMany, Model};

type Author = User;

mod people {
    pub use super::User as Person;
}

#[derive(Model)]
pub struct User {
    id: i64,
    #[has_many(foreign_key = "writer")]
    written: HasMany<Post>,
    #[has_many(foreign_key = "editor")]
    edited: HasMany<crate::Post>,
    #[has_many(foreign_key = "reviewer")]
    reviewed: HasMany<Post>,
    #[has_many(foreign_key = "approver")]
    approved: HasMany<Post>,
}

#[derive(Model)]
pub struct Post {
    id: i64,
    #[belongs_to]
    writer: BelongsTo<User>,
    #[belongs_to]
    editor: Option<BelongsTo<crate::User>>,
    #[belongs_to]
    reviewer: Option<BelongsTo<Author>>,
    #[belongs_to]
    approver: Option<BelongsTo<people::Person>>,
}

fn main() {
    let _ = (User::WRITTEN, User::EDITED, User::REVIEWED, User::APPROVED);
    let _ = (Post::WRITER, Post::EDITOR, Post::REVIEWER, Post::APPROVER);
}
