//! The full app as one ES module (`dist/embed/v1/app/app.js`): every
//! screen with address-bar routing, the standalone page's second step
//! (`runStandalone`, see `billing_sync_web::standalone`). Host pages load
//! the embed's entry and one screen group instead
//! (`billing_sync_web::embed::entry`).
//!
//! The `#[wasm_bindgen]` exports live here rather than in the library:
//! every export of the library would be linked into every binary, also the
//! page's small first one.

use wasm_bindgen::prelude::*;

/// Importing the module starts nothing: the standalone page calls
/// `runStandalone()`.
fn main() {}

/// The standalone page's full app in `element` (its first wasm calls this
/// after the login): address-bar routing, the session from `sessionStorage`.
#[wasm_bindgen(js_name = runStandalone)]
pub fn run_standalone(element: web_sys::Element) {
    billing_sync_web::standalone::run_app(element);
}
