// Two variants stored as one text could not be told apart when read.

#[derive(orm_core::Enum)]
enum Status {
    Open,
    #[orm(rename = "open")]
    Reopened,
}

fn main() {}
