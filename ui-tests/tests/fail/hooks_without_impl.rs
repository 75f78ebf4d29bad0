// `#[model(hooks)]` says the struct implements `Hooks` itself.

use orm_core::Model;

#[derive(Model)]
#[model(hooks)]
struct Account {
    id: i64,
}

fn main() {}
