// An `Enum` column stores one text per variant: variants carry no data.

#[derive(orm_core::Enum)]
enum Status {
    Open,
    Closed { reason: String },
}

fn main() {}
