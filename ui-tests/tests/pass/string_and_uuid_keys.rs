// Primary keys need not be integers: `String` and `uuid::Uuid` keys, referenced by
// `#[belongs_to]` and linked many-to-many.

use orm_core::{BelongsTo, BelongsToMany, HasMany, Model};

#[derive(Model)]
struct Country {
    #[model(primary_key)]
    code: String,
    #[has_many]
    cities: HasMany<City>,
}

#[derive(Model)]
struct City {
    id: uuid::Uuid,
    #[belongs_to]
    country: BelongsTo<Country>,
    #[belongs_to_many(through = "city_tags")]
    tags: BelongsToMany<Tag>,
}

#[derive(Model)]
struct Tag {
    #[model(primary_key)]
    label: String,
    #[belongs_to_many(through = "city_tags")]
    cities: BelongsToMany<City>,
}

fn main() {}
