// `Self` names the model's own type in every association: a tree (`belongs_to` + `has_many`),
// a `has_one`, and a many-to-many with itself through a junction; also inside a module.

use orm_core::{BelongsTo, BelongsToMany, HasMany, HasOne, Model};

#[derive(Model)]
struct Employee {
    id: i64,
    name: String,
    #[belongs_to]
    manager: Option<BelongsTo<Self>>,
    #[has_many(foreign_key = "manager")]
    reports: HasMany<Self>,
    #[belongs_to(foreign_key = "mentor_id")]
    mentor: Option<BelongsTo<Self>>,
    #[has_one(foreign_key = "mentor")]
    mentee: HasOne<Self>,
    #[belongs_to_many(through = Friendship, foreign_key = "person", other_key = "friend")]
    friends: BelongsToMany<Self>,
    #[belongs_to_many(through = Friendship, foreign_key = "friend", other_key = "person", as = "friend_of")]
    friend_of: BelongsToMany<Self>,
}

#[derive(Model)]
#[model(junction)]
struct Friendship {
    #[belongs_to]
    person: BelongsTo<Employee>,
    #[belongs_to]
    friend: BelongsTo<Employee>,
}

mod nested {
    use orm_core::{BelongsTo, HasMany, Model};

    #[derive(Model)]
    pub struct Category {
        pub id: i64,
        #[belongs_to]
        pub parent: Option<BelongsTo<Self>>,
        #[has_many]
        pub children: HasMany<Self>,
    }
}

fn main() {
    let _ = Employee::REPORTS;
    let _ = Employee::FRIEND_OF;
    let _ = nested::Category::CHILDREN;
    assert_eq!(Employee::MANAGER_ID.name(), "manager_id");
}
