// A `target_key` column must be required, whatever the target's spelling (here an alias into
// another module).

use orm_core::{BelongsTo, Model};

mod people {
    #[derive(orm_core::Model)]
    pub struct User {
        id: i64,
        email: Option<String>,
    }
}

type Writer = people::User;

#[derive(Model)]
struct Note {
    id: i64,
    #[belongs_to(foreign_key = "writer_email", target_key = "email")]
    writer: Option<BelongsTo<Writer, String>>,
}

fn main() {}
