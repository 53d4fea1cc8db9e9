//! Any URL the app does not know.

use crate::app::Route;
use crate::components::Shell;
use crate::i18n::{use_i18n, Key};
use yew::prelude::*;
use yew_router::prelude::*;

/// The not-found route.
#[component]
pub fn NotFound() -> Html {
    let i18n = use_i18n();
    html! {
        <Shell main_class="centered">
            <section class="card" id="not-found">
                <h1>{ i18n.t(Key::PageNotFound) }</h1>
                <p>{ i18n.t(Key::PageNotFoundDetails) }</p>
                <Link<Route> to={Route::Vault} classes="btn btn-secondary">
                    { i18n.t(Key::BackToVault) }
                </Link<Route>>
            </section>
        </Shell>
    }
}
