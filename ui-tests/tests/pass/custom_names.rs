// Custom table and column names, a non-`id` primary key, explicit foreign-key column names and
// `ON DELETE` / `ON UPDATE` actions.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model)]
#[model(table = "people")]
struct Person {
    #[model(primary_key)]
    person_no: i64,
    #[model(column = "full_name")]
    name: String,
    #[has_many(as = "pets")]
    animals: HasMany<Animal>,
}

#[derive(Model)]
#[model(table = "zoo_animals")]
struct Animal {
    id: i32,
    #[model(column = "kind")]
    species: String,
    #[belongs_to(foreign_key = "owner_no", on_delete = restrict, on_update = "no action")]
    owner: BelongsTo<Person>,
}

fn main() {
    assert_eq!(<Person as Model>::TABLE, "people");
    assert_eq!(<Animal as Model>::TABLE, "zoo_animals");
    let _ = Person::NAME;
    let _ = Animal::OWNER_NO;
}
