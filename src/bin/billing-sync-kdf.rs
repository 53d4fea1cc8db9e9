//! The key derivation alone (`dist/embed/v1/kdf/kdf.js`): the embed's
//! entry loads it when a host page calls `deriveMasterPasswordHash`, so
//! the entry itself stays without the KDF and serde (see
//! `billing_sync_web::embed::entry::derive_master_password_hash`).

use wasm_bindgen::prelude::*;

/// Importing the module starts nothing.
fn main() {}

/// `deriveMasterPasswordHash(email, password, prelogin)`: the base64
/// master password hash for the token request.
#[wasm_bindgen(js_name = deriveMasterPasswordHash)]
pub async fn derive_master_password_hash(
    email: String,
    password: String,
    kdf: JsValue,
) -> Result<String, JsError> {
    billing_sync_web::kdf::derive_master_password_hash(email, password, kdf).await
}
