//! The standalone page in two steps, so its first screen stays small.
//!
//! Rust has no code splitting inside one wasm, so the page loads two
//! binaries of this crate. The first (`src/main.rs`, built by trunk from
//! `index.html`) runs [`start`]: the login form, the session, the language
//! switch and nothing else, as link-time optimisation keeps only what it
//! reaches. The second is the full app, the same module host pages embed
//! (`embed/v1/billing-sync.js`, `src/bin/billing-sync-app.rs`). [`start`]
//! hands over to it with a dynamic `import()` as soon as the user has a
//! session (kept in `sessionStorage`, so the app finds it) or the address
//! is one the first wasm does not show (the Free Families offer, a page
//! not found); the app then renders with [`run_app`] into the same element
//! and routes by the address bar, exactly as when it was one wasm. Once
//! loaded, the app keeps the user: its own login screen takes over when
//! the session ends.

use crate::app::{App, AppRoot, Route};
use crate::components::{Callout, CalloutKind};
use crate::embed::Theme;
use crate::i18n::{use_i18n, Key, Locale, LocaleProvider};
use crate::screens::families::rules::accept_hash_target;
use crate::screens::login::LoginForm;
use crate::session::{use_session, SessionProvider};
use crate::snippet;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::prelude::*;
use yew_router::prelude::*;

/// The full app's module, from the first wasm's snippet folder
/// (`snippets/<crate>-<hash>/`, two below the page's files): xtask's web
/// build puts it there (`xtask/src/embed.rs`). Imported directly, not
/// through the embed's entry (`embed/v1/billing-sync.js`), which would only
/// add a round trip.
const APP_MODULE: &str = "embed/v1/app/app.js";

/// Marks the element the first screen renders into, inside the page's root.
const FIRST_SCREEN_ATTR: &str = "data-billing-sync-first-screen";

thread_local! {
    /// The running first screen and its element, until the app takes over.
    static FIRST_SCREEN: RefCell<Option<(yew::AppHandle<FirstScreenApp>, Element)>> =
        const { RefCell::new(None) };
}

/// The first wasm's entry: renders the first screen into `root`, which
/// loads the full app when the user needs it.
pub fn start(root: Element) {
    let document = web_sys::window().and_then(|w| w.document());
    let Some(container) = document.and_then(|d| d.create_element("div").ok()) else {
        return;
    };
    let _ = container.set_attribute(FIRST_SCREEN_ATTR, "");
    if root.append_child(&container).is_err() {
        return;
    }
    let handle = yew::Renderer::<FirstScreenApp>::with_root(container.clone()).render();
    FIRST_SCREEN.with(|cell| *cell.borrow_mut() = Some((handle, container)));
}

/// The full app's standalone entry (`runStandalone(element)` of its
/// module): the app with the page's defaults in `root`.
pub fn run_app(root: Element) {
    // The app lives as long as the page.
    std::mem::forget(yew::Renderer::<App>::with_root(root).render());
}

/// True when the address is one the first screen does not show: anything
/// but the login and the screens that send a logged-out user to it.
fn app_address() -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return true;
    };
    let hash = location.hash().unwrap_or_default();
    if accept_hash_target(&hash).is_some() {
        return true;
    }
    let path = location.pathname().unwrap_or_default();
    !Route::recognize(&path).is_some_and(|route| route == Route::Login || route.needs_session())
}

/// The first screen's root: the providers the login form needs.
#[component]
fn FirstScreenApp() -> Html {
    html! {
        <LocaleProvider initial={Locale::preferred()}>
            <SessionProvider api_base="/api" identity_base="/identity">
                <BrowserRouter>
                    <AppRoot theme={Theme::Light}><FirstScreen /></AppRoot>
                </BrowserRouter>
            </SessionProvider>
        </LocaleProvider>
    }
}

/// The login form, or the hand-over to the app.
#[component]
fn FirstScreen() -> Html {
    let session = use_session();
    let route = use_route::<Route>();
    // Decided once, on the address the page was opened with: the redirect
    // to the login below changes the address.
    let app_address = use_memo((), |()| app_address());
    if session.is_logged_in() || *app_address {
        html! { <HandOver /> }
    } else if route != Some(Route::Login) {
        html! { <Redirect<Route> to={Route::Login} /> }
    } else {
        html! { <LoginForm /> }
    }
}

/// Loads the full app and gives it the page; says so if it cannot.
#[component]
fn HandOver() -> Html {
    let i18n = use_i18n();
    let failed = use_state(|| false);
    {
        let failed = failed.clone();
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = hand_over().await {
                    web_sys::console::error_2(
                        &"billing-sync: loading the app failed".into(),
                        &error,
                    );
                    failed.set(true);
                }
            });
        });
    }
    html! {
        <main class="app-main centered">
            if *failed {
                <Callout kind={CalloutKind::Danger} id="app-load-error">
                    { i18n.t(Key::NetworkError) }
                </Callout>
            } else {
                <p role="status">{ i18n.t(Key::Loading) }</p>
            }
        </main>
    }
}

/// Imports the app's module, starts its wasm, ends the first screen and
/// runs the app in the page's root.
async fn hand_over() -> Result<(), JsValue> {
    let url = snippet::beside_module(APP_MODULE)?;
    let module = snippet::import_and_start(&url).await?;
    let run = snippet::export(&module, "runStandalone")?;
    let Some((first_screen, container)) = FIRST_SCREEN.with(|cell| cell.borrow_mut().take()) else {
        return Err(JsValue::from_str("the first screen is gone"));
    };
    let root = container.parent_element();
    // The first screen's own session ends with it (its token refresh
    // timer too), so only the app renews the tokens from now on.
    first_screen.destroy();
    container.remove();
    let root = root.ok_or_else(|| JsValue::from_str("the page's root is gone"))?;
    run.call1(&JsValue::UNDEFINED, &root)?;
    Ok(())
}
