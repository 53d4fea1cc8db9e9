//! What the module needs from JavaScript itself: its own address, to find
//! the files served beside it (stylesheet, worker, other modules), and a
//! dynamic `import()`, to load a module only when it is needed. Declared
//! once for every binary: each keeps only what it calls.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "export function snippet_url() { return import.meta.url; }
export function import_module(url) { return import(url); }")]
extern "C" {
    fn snippet_url() -> String;
    /// `import(url)`: the module's namespace once it has loaded.
    pub fn import_module(url: &str) -> Promise;
}

/// The absolute address of `path` in the folder of the running module's
/// JavaScript. wasm-bindgen puts inline snippets two folders below it
/// (`snippets/<crate>-<hash>/`), so that folder is `../../` from this
/// snippet's own address, wherever a host serves the module.
pub fn beside_module(path: &str) -> Result<String, JsValue> {
    Ok(web_sys::Url::new_with_base(&format!("../../{path}"), &snippet_url())?.href())
}
