//! The embed's entry, `dist/embed/v1/billing-sync.js`: the module host
//! pages import (the README's *Embedding* section). It checks a mount's
//! options and loads the screen's group (`billing_sync_web::embed::entry`);
//! it links no yew and no screen, so a host downloads only what it mounts.
//!
//! The `#[wasm_bindgen]` exports live here rather than in the library:
//! every export of the library would be linked into every binary.

use billing_sync_web::embed::entry;
use wasm_bindgen::prelude::*;

/// Importing the module starts nothing: host pages call `mount()`.
fn main() {}

/// Mounts a screen into `element`: throws for bad options, returns the
/// handle at once; the screen's module loads meanwhile.
#[wasm_bindgen(js_name = mount)]
pub fn mount(element: JsValue, options: JsValue) -> Result<BillingSyncMount, JsError> {
    entry::mount(element, options).map(BillingSyncMount)
}

/// What `mount()` returns: the handle a host keeps to change or end a mount.
#[wasm_bindgen]
pub struct BillingSyncMount(entry::EntryMount);

#[wasm_bindgen]
impl BillingSyncMount {
    /// Removes everything the mount added; calling it again does nothing.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }

    /// Switches the language (`"en"` or `"nl"`); throws for anything else.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&mut self, locale: JsValue) -> Result<(), JsValue> {
        self.0.set_locale(locale)
    }

    /// Hands over a new access token; the screen reloads with it.
    #[wasm_bindgen(js_name = setAccessToken)]
    pub fn set_access_token(&mut self, token: JsValue) -> Result<(), JsValue> {
        self.0.set_access_token(token)
    }
}

/// The standalone page's full app in `element` (`app/app.js`, loaded here).
#[wasm_bindgen(js_name = runStandalone)]
pub async fn run_standalone(element: web_sys::Element) -> Result<(), JsValue> {
    entry::run_standalone(element).await
}

/// `deriveMasterPasswordHash(email, password, prelogin)` for host pages:
/// resolves to the base64 hash; the KDF's module loads on the first call.
#[wasm_bindgen(js_name = deriveMasterPasswordHash)]
pub async fn derive_master_password_hash(
    email: String,
    password: String,
    kdf: JsValue,
) -> Result<JsValue, JsValue> {
    entry::derive_master_password_hash(email, password, kdf).await
}
