//! PBKDF2-HMAC-SHA256 through the browser's WebCrypto, which is native code and
//! far faster than a wasm implementation at 600,000 iterations.

use super::KdfError;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, Pbkdf2Params};

/// 32 bytes of PBKDF2-HMAC-SHA256(`password`, `salt`, `iterations`).
pub(super) async fn derive(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Result<[u8; 32], KdfError> {
    let subtle = web_sys::window()
        .ok_or_else(|| KdfError::Crypto("no window".into()))?
        .crypto()
        .map_err(crypto_error)?
        .subtle();
    let usages = Array::of1(&JsValue::from_str("deriveBits"));
    let key_promise = subtle
        .import_key_with_str("raw", &Uint8Array::from(password), "PBKDF2", false, &usages)
        .map_err(crypto_error)?;
    let key: CryptoKey = JsFuture::from(key_promise)
        .await
        .map_err(crypto_error)?
        .dyn_into()
        .map_err(crypto_error)?;
    let params =
        Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
    let bits = JsFuture::from(
        subtle
            .derive_bits_with_object(&params, &key, 256)
            .map_err(crypto_error)?,
    )
    .await
    .map_err(crypto_error)?;
    let bytes = Uint8Array::new(&bits).to_vec();
    bytes
        .try_into()
        .map_err(|_| KdfError::Crypto("deriveBits did not return 32 bytes".into()))
}

fn crypto_error(value: JsValue) -> KdfError {
    KdfError::Crypto(
        value
            .as_string()
            .or_else(|| js_sys::Error::from(value).message().as_string())
            .unwrap_or_else(|| "unknown WebCrypto error".into()),
    )
}
