// `#[belongs_to(foreign_key = "owner")] owner` stores its key in a column named like the
// field: the association constant is `OWNER`, the column constant `OWNER_KEY`.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model, Clone)]
struct User {
    id: i64,
    #[has_many(foreign_key = "owner")]
    pets: HasMany<Pet>,
    #[has_many(foreign_key = "sitter")]
    sitting: HasMany<Pet>,
}

#[derive(Model, Clone)]
struct Pet {
    id: i64,
    #[belongs_to(foreign_key = "owner")]
    owner: BelongsTo<User>,
    #[belongs_to(foreign_key = "SITTER")]
    sitter: Option<BelongsTo<User>>,
}

fn main() {
    assert_eq!(Pet::OWNER_KEY.name(), "owner");
    assert_eq!(Pet::SITTER_KEY.name(), "SITTER");
    let _ = Pet::query().filter(Pet::OWNER_KEY.eq(1)).include(Pet::OWNER).include(Pet::SITTER);
}
