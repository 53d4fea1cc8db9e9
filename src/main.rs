//! The standalone page's first wasm (trunk builds it from `index.html`):
//! the login screen, the session and the language switch, which load the
//! full app when the user needs it (see `billing_sync_web::standalone`).
//! Only what this file reaches is linked, so it names no screen but the
//! login; the full app is `bin/billing-sync-app.rs`.

use wasm_bindgen::prelude::*;

/// The element of `index.html` the page renders into.
const STANDALONE_ROOT: &str = "billing-sync-app";

fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(STANDALONE_ROOT));
    if let Some(root) = root {
        billing_sync_web::standalone::start(root);
    }
}

/// `deriveMasterPasswordHash(email, password, prelogin)` for the page's
/// scripts and the benchmarks (trunk exposes it as
/// `window.wasmBindings`); the login needs the same code anyway.
#[wasm_bindgen(js_name = deriveMasterPasswordHash)]
pub async fn derive_master_password_hash(
    email: String,
    password: String,
    kdf: JsValue,
) -> Result<String, JsError> {
    billing_sync_web::kdf::derive_master_password_hash(email, password, kdf).await
}
