//! Prints a generated schema for `tests/scale/compile-times.sh`:
//! `gen-schema orm|seaorm chain|star N`.

#[path = "../../scale/gen.rs"]
mod generate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = args.get(2).and_then(|n| n.parse::<usize>().ok());
    let text = match (args.first().map(String::as_str), args.get(1).map(String::as_str), n) {
        (Some("orm"), Some("chain"), Some(n)) => generate::orm_chain(n),
        (Some("orm"), Some("star"), Some(n)) => generate::orm_star(n),
        (Some("seaorm"), Some("chain"), Some(n)) => generate::seaorm_chain(n),
        _ => {
            eprintln!("usage: gen-schema orm|seaorm chain|star N   (seaorm: chain only)");
            std::process::exit(2);
        }
    };
    print!("{text}");
}
