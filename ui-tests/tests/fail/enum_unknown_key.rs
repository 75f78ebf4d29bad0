// A variant takes `#[orm(rename = "...")]` only.

#[derive(orm_core::Enum)]
enum Status {
    #[orm(name = "o")]
    Open,
}

fn main() {}
