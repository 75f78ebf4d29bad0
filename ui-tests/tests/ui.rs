//! Every diagnostic of `#[derive(Model)]`, pinned by its `.stderr`; and the setups that must
//! compile. Regenerate the expected output with `TRYBUILD=overwrite cargo test -p orm-ui-tests`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/fail/*.rs");
    t.pass("tests/pass/*.rs");
}
