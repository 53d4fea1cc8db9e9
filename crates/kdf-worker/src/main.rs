//! Worker entry point: wasm-bindgen runs `main` once the module is loaded.

fn main() {
    kdf_worker::serve();
}
