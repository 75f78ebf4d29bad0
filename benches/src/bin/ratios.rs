//! Prints the ORM/sqlx ratio table of the latest `cargo bench -p orm-bench` run.

fn main() {
    let Some(dir) = orm_bench::criterion_dir() else {
        eprintln!("no criterion results found: run `cargo bench -p orm-bench` first");
        std::process::exit(1);
    };
    print!("{}", orm_bench::ratio_table(&orm_bench::read_results(&dir)));
}
