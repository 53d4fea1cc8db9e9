//! SPA entry point: the app with default props (same-origin `/api` and
//! `/identity`, browser language, address-bar routing), rendered into
//! `#billing-sync-app` of the standalone `index.html`.
//!
//! The same wasm is the embeddable module, whose host pages call `init()`
//! and then `mount()`: on a page without that element `main` renders
//! nothing, so importing the module never takes over the host's page.

/// The element of `index.html` the standalone app renders into.
const STANDALONE_ROOT: &str = "billing-sync-app";

fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(STANDALONE_ROOT));
    if let Some(root) = root {
        yew::Renderer::<billing_sync_web::App>::with_root(root).render();
    }
}
