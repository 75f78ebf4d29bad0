//! Writes the schemas of the compile-scale test (`tests/compile_scale.rs`): a 300-model chain
//! and a star of 100 associations, which must compile without raising `recursion_limit`.

#[path = "scale/gen.rs"]
mod generate;

fn main() {
    println!("cargo::rerun-if-changed=scale/gen.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let chain = generate::orm_chain(300) + &generate::orm_chain_schema(300);
    std::fs::write(out.join("chain_300.rs"), chain).expect("write chain_300.rs");
    let star = generate::orm_star(100) + &generate::orm_star_schema(100);
    std::fs::write(out.join("star_100.rs"), star).expect("write star_100.rs");
}
