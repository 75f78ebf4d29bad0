// `#[derive(Enum)]` maps a fieldless enum to a text column.

#[derive(orm_core::Enum)]
struct Status {
    open: bool,
}

fn main() {}
