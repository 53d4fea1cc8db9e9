//! What the module needs from JavaScript itself: its own address, to find
//! the files served beside it (stylesheet, worker, other modules), and a
//! dynamic `import()`, to load a module only when it is needed. Declared
//! once for every binary: each keeps only what it calls.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = "export function snippet_url() { return import.meta.url; }
export function import_module(url) { return import(url); }")]
extern "C" {
    fn snippet_url() -> String;
    /// `import(url)`: the module's namespace once it has loaded.
    fn import_module(url: &str) -> Promise;
}

/// The absolute address of `path` in the folder of the running module's
/// JavaScript. wasm-bindgen puts inline snippets two folders below it
/// (`snippets/<crate>-<hash>/`), so that folder is `../../` from this
/// snippet's own address, wherever a host serves the module.
pub fn beside_module(path: &str) -> Result<String, JsValue> {
    Ok(web_sys::Url::new_with_base(&format!("../../{path}"), &snippet_url())?.href())
}

/// Imports the wasm-bindgen module at `url` and starts its wasm (its
/// default export); the module's namespace, for [`export`].
pub async fn import_and_start(url: &str) -> Result<JsValue, JsValue> {
    let module = JsFuture::from(import_module(url)).await?;
    let init = export(&module, "default")?;
    JsFuture::from(Promise::resolve(&init.call0(&JsValue::UNDEFINED)?)).await?;
    Ok(module)
}

/// The function a loaded module exports as `name`.
pub fn export(module: &JsValue, name: &str) -> Result<Function, JsValue> {
    Reflect::get(module, &JsValue::from_str(name))?
        .dyn_into::<Function>()
        .map_err(|_| JsValue::from_str(&format!("the loaded module has no {name}()")))
}
