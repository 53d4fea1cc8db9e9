//! JSON text through the browser: `JSON.parse` / `JSON.stringify` do the text
//! and serde-wasm-bindgen maps the resulting JS values to and from `wire`
//! types, so no JSON parser or number formatter is compiled into the wasm.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Why a value could not be read from or written as JSON, as text.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonError(pub String);

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses JSON `text` into a `T`. Empty text is read as `null`, which is how
/// Bitwarden's empty `void` answers decode into `()`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    from_value(parse(text)?)
}

/// The JS value of JSON `text` (empty text is `null`).
pub fn parse(text: &str) -> Result<JsValue, JsonError> {
    if text.trim().is_empty() {
        return Ok(JsValue::NULL);
    }
    js_sys::JSON::parse(text).map_err(js_message)
}

/// Reads a `T` out of a JS value (e.g. a parsed body or a host's argument).
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, JsonError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsonError(e.to_string()))
}

/// `value` as JSON text, the way serde_json writes it: maps as objects,
/// `None` as `null`, fields in declaration order.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value
        .serialize(&serializer)
        .map_err(|e| JsonError(e.to_string()))?;
    let text = js_sys::JSON::stringify(&value).map_err(js_message)?;
    Ok(String::from(text))
}

fn js_message(value: JsValue) -> JsonError {
    JsonError(
        js_sys::Error::from(value)
            .message()
            .as_string()
            .unwrap_or_else(|| "invalid JSON".to_owned()),
    )
}
