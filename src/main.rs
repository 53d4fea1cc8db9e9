//! SPA entry point: the app with default props (same-origin `/api` and
//! `/identity`, browser language, address-bar routing).

fn main() {
    yew::Renderer::<billing_sync_web::App>::new().render();
}
