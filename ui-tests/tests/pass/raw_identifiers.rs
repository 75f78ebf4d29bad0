// Raw identifiers name columns and associations without their `r#`: `r#type` is the column
// `type`, `r#ref` a key `ref_id`, `r#loop` an association with accessors `r#loop`, `add_loop`...

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
struct Thing {
    id: i64,
    r#type: String,
    r#match: i64,
    #[belongs_to]
    r#ref: Option<BelongsTo<Thing>>,
    #[has_many(foreign_key = "ref")]
    r#loop: HasMany<Thing>,
}

fn main() {
    assert_eq!(Thing::TYPE.name(), "type");
    assert_eq!(Thing::MATCH.name(), "match");
    assert_eq!(Thing::REF_ID.name(), "ref_id");
    let columns: Vec<&str> = <Thing as Model>::COLUMNS.iter().map(|c| c.name).collect();
    assert_eq!(columns, ["id", "type", "match", "ref_id"]);
    let _ = (Thing::REF, Thing::LOOP);
    let _ = Thing::query().filter(Thing::TYPE.eq("a"));
}
