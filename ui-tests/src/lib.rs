//! Compile-time diagnostics of `#[derive(Model)]`: see `tests/ui.rs`, the compile-fail cases in
//! `tests/fail/` (each with its expected `.stderr`) and the setups in `tests/pass/` that must
//! compile.
