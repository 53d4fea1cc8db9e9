//! Argon2id (WebCrypto has none), computed by the `kdf-worker` wasm in a Web
//! Worker: that code stays out of the first screen's module, is fetched only
//! when an account uses Argon2id, and its 64 MiB derivation runs off the main
//! thread. The protocol is documented in `crates/kdf-worker/src/lib.rs`.

use super::KdfError;
use js_sys::{Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Worker;
use wire::kdf::KdfSettings;

/// Upper bounds Bitwarden allows; checked so a hostile server cannot make the
/// tab allocate gigabytes.
const MAX_MEMORY_MIB: u32 = 1024;
const MAX_ITERATIONS: u32 = 10;
const MAX_PARALLELISM: u32 = 16;

/// The worker's entry script (`www/`), which trunk copies beside the main
/// module with the worker's own `kdf-worker.js` and `kdf-worker_bg.wasm`.
const WORKER_SCRIPT: &str = "kdf-worker-loader.js";

thread_local! {
    static WORKER_FOLDER: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Loads the worker files from `folder` (e.g. `/dist/`, resolved against
/// the page) instead of the main module's folder (tests serve them from
/// `dist/`; a host may serve them elsewhere).
pub fn set_worker_folder(folder: &str) {
    WORKER_FOLDER.with(|cell| *cell.borrow_mut() = Some(folder.to_owned()));
}

/// The absolute URL of the folder holding the worker files.
fn worker_folder() -> Result<String, KdfError> {
    // By default the worker is found next to the module, wherever a host
    // serves it, whatever the page's own URL.
    let folder = match WORKER_FOLDER.with(|cell| cell.borrow().clone()) {
        Some(folder) => {
            let page = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .ok_or_else(|| KdfError::Crypto("no page URL".into()))?;
            web_sys::Url::new_with_base(&folder, &page).map(|url| url.href())
        }
        None => crate::snippet::beside_module(""),
    };
    folder.map_err(|e| worker_error("has no URL", e))
}

/// A started worker, and the `blob:` URL it was started from (revoked when
/// the derivation is over).
struct Started {
    worker: Worker,
    blob_url: Option<String>,
}

/// Starts the worker; its name tells the entry script where its files are.
///
/// A worker script must have the page's origin. When the module is served
/// from another origin (embedded in a host page), the worker starts from a
/// `blob:` URL of the page's origin whose only line imports the real entry
/// script (`importScripts` may load classic scripts from any origin; the
/// wasm it fetches next is allowed by the server's CORS settings).
fn start_worker() -> Result<Started, KdfError> {
    let folder = worker_folder()?;
    let script = web_sys::Url::new_with_base(WORKER_SCRIPT, &folder)
        .map_err(|e| worker_error("has no URL", e))?;
    let options = web_sys::WorkerOptions::new();
    options.set_name(&folder);
    let page_origin = web_sys::window().and_then(|w| w.location().origin().ok());
    let blob_url = if page_origin.as_deref() == Some(script.origin().as_str()) {
        None
    } else {
        Some(import_blob(&script.href())?)
    };
    let url = blob_url.clone().unwrap_or_else(|| script.href());
    match Worker::new_with_options(&url, &options) {
        Ok(worker) => Ok(Started { worker, blob_url }),
        Err(e) => {
            if let Some(blob) = &blob_url {
                let _ = web_sys::Url::revoke_object_url(blob);
            }
            Err(worker_error("cannot start", e))
        }
    }
}

/// A `blob:` URL of a script that imports `script` (a quoted JS string).
fn import_blob(script: &str) -> Result<String, KdfError> {
    let quoted = js_sys::JSON::stringify(&JsValue::from_str(script))
        .map_err(|e| worker_error("has no URL", e))?;
    let source = format!("importScripts({});\n", String::from(quoted));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&JsValue::from_str(&source));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| worker_error("cannot start", e))?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| worker_error("cannot start", e))
}

/// 32 bytes of Argon2id(password, SHA-256(salt), t, m MiB, p), from a fresh
/// worker that is ended afterwards (which frees its memory at once).
pub(super) async fn derive(
    password: &[u8],
    salt: &[u8],
    kdf: KdfSettings,
) -> Result<[u8; 32], KdfError> {
    let (memory_mib, parallelism) = checked_cost(kdf)?;
    let Started { worker, blob_url } = start_worker()?;
    let result = run(
        &worker,
        password,
        salt,
        kdf.iterations,
        memory_mib,
        parallelism,
    )
    .await;
    worker.terminate();
    if let Some(blob) = blob_url {
        let _ = web_sys::Url::revoke_object_url(&blob);
    }
    result
}

fn checked_cost(kdf: KdfSettings) -> Result<(u32, u32), KdfError> {
    let memory_mib = kdf
        .memory
        .ok_or_else(|| KdfError::Unsupported("Argon2id without memory".into()))?;
    let parallelism = kdf
        .parallelism
        .ok_or_else(|| KdfError::Unsupported("Argon2id without parallelism".into()))?;
    if memory_mib > MAX_MEMORY_MIB
        || kdf.iterations > MAX_ITERATIONS
        || parallelism > MAX_PARALLELISM
    {
        return Err(KdfError::Unsupported(format!(
            "Argon2id t={} m={memory_mib} p={parallelism}",
            kdf.iterations
        )));
    }
    Ok((memory_mib, parallelism))
}

async fn run(
    worker: &Worker,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    memory_mib: u32,
    parallelism: u32,
) -> Result<[u8; 32], KdfError> {
    next_message(worker).await?;
    let request = Object::new();
    let fields: [(&str, JsValue); 5] = [
        ("password", Uint8Array::from(password).into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
        ("memoryMib", memory_mib.into()),
        ("parallelism", parallelism.into()),
    ];
    for (name, value) in fields {
        Reflect::set(&request, &name.into(), &value).map_err(|e| worker_error("request", e))?;
    }
    let answer = next_message(worker);
    worker
        .post_message(&request)
        .map_err(|e| worker_error("cannot post", e))?;
    let reply = answer.await?;
    if let Some(error) = get(&reply, "error").as_string() {
        return Err(KdfError::Unsupported(error));
    }
    let key = get(&reply, "key")
        .dyn_into::<Uint8Array>()
        .map_err(|_| KdfError::Crypto("the Argon2id worker sent no key".into()))?;
    key.to_vec()
        .try_into()
        .map_err(|_| KdfError::Crypto("the Argon2id worker did not send 32 bytes".into()))
}

/// The data of the worker's next message; an error event (the script or
/// wasm failed to load, or the worker crashed) is an error.
fn next_message(worker: &Worker) -> impl std::future::Future<Output = Result<JsValue, KdfError>> {
    let promise = Promise::new(&mut |resolve, reject| {
        worker.set_onmessage(Some(&resolve));
        worker.set_onerror(Some(&reject));
    });
    async move {
        let event = JsFuture::from(promise)
            .await
            .map_err(|e| worker_error("failed", e))?;
        Ok(get(&event, "data"))
    }
}

fn get(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn worker_error(what: &str, value: JsValue) -> KdfError {
    let detail = get(&value, "message")
        .as_string()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "the worker script or its wasm did not load".into());
    KdfError::Crypto(format!("Argon2id worker {what}: {detail}"))
}
