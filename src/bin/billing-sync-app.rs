//! The full app as one ES module: every screen, the embedding API
//! (`mount`, see `billing_sync_web::embed`) and the standalone page's
//! second step (`runStandalone`, see `billing_sync_web::standalone`).
//! xtask's web build turns it into `dist/embed/v1/billing-sync.js`.
//!
//! The `#[wasm_bindgen]` exports live here rather than in the library:
//! every export of the library would be linked into every binary, also the
//! page's small first one.

use billing_sync_web::embed;
use wasm_bindgen::prelude::*;

/// Importing the module starts nothing: host pages call `mount()`, the
/// standalone page `runStandalone()`.
fn main() {}

/// Mounts a screen into `element` (the README's *Embedding* section).
#[wasm_bindgen(js_name = mount)]
pub fn mount(element: JsValue, options: JsValue) -> Result<BillingSyncMount, JsError> {
    embed::mount(element, options).map(BillingSyncMount)
}

/// What `mount()` returns: the handle a host keeps to change or end a mount.
#[wasm_bindgen]
pub struct BillingSyncMount(embed::BillingSyncMount);

#[wasm_bindgen]
impl BillingSyncMount {
    /// Removes everything the mount added; calling it again does nothing.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }

    /// Switches the language (`"en"` or `"nl"`); throws for anything else.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&mut self, locale: JsValue) -> Result<(), JsError> {
        self.0.set_locale(locale)
    }

    /// Hands over a new access token; the screen reloads with it.
    #[wasm_bindgen(js_name = setAccessToken)]
    pub fn set_access_token(&mut self, token: JsValue) -> Result<(), JsError> {
        self.0.set_access_token(token)
    }
}

/// The standalone page's full app in `element` (its first wasm calls this
/// after the login): address-bar routing, the session from `sessionStorage`.
#[wasm_bindgen(js_name = runStandalone)]
pub fn run_standalone(element: web_sys::Element) {
    billing_sync_web::standalone::run_app(element);
}

/// `deriveMasterPasswordHash(email, password, prelogin)` for host pages.
#[wasm_bindgen(js_name = deriveMasterPasswordHash)]
pub async fn derive_master_password_hash(
    email: String,
    password: String,
    kdf: JsValue,
) -> Result<String, JsError> {
    billing_sync_web::kdf::derive_master_password_hash(email, password, kdf).await
}
