// A `#[model(...)]` key must be one the derive knows; a misspelling is reported at the key, with
// the closest known key.

use orm_core::Model;

#[derive(Model)]
struct User {
    #[model(primery_key)]
    email: String,
    name: String,
}

fn main() {}
