// Entry of the Argon2id Web Worker (started by src/kdf/argon2id.rs). The
// folder of the worker files comes in the worker's name, not from this
// script's own URL, which a wrapper (the wasm-bindgen test runner) may have
// replaced with a blob: URL where relative URLs do not resolve.
//
// The wasm is requested before the glue script, whose `importScripts` blocks
// this thread: the two downloads overlap instead of following each other
// (about 5 ms of a cold start, measured in docs/BENCHMARKS.md).
const wasm = fetch(new URL("kdf-worker_bg.wasm", self.name).href);
importScripts(new URL("kdf-worker.js", self.name).href);
wasm_bindgen({ module_or_path: wasm }).catch((error) => {
  // A rejected promise does not reach the page; an uncaught exception
  // reaches it as the worker's `error` event, which ends the derivation
  // with a message instead of leaving the login waiting for "ready".
  setTimeout(() => {
    throw error;
  });
});
