//! The error collector every stage shares. It sits below them all, so `attr`, `ast` and `check`
//! each report into it without importing one another.

use std::cell::RefCell;

/// Collected errors (serde's `Ctxt`).
#[derive(Default)]
pub struct Errors(RefCell<Vec<syn::Error>>);

impl Errors {
    pub fn push(&self, e: syn::Error) {
        self.0.borrow_mut().push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    pub fn into_compile_errors(self) -> proc_macro2::TokenStream {
        self.0.into_inner().into_iter().map(|e| e.to_compile_error()).collect()
    }
}
