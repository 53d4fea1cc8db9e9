//! The page frame: the blue header with the product name, the language
//! switch and (when logged in) the user's e-mail and "Log out". Embedded in
//! a host page there is no header: the host has its own, and it sets the
//! language and the session (`setLocale`, `setAccessToken`).

use crate::app::Route;
use crate::embed::use_host;
use crate::i18n::{use_i18n, Key, Locale};
use crate::session::{use_session, SessionAction};
use yew::prelude::*;
use yew_router::prelude::*;

/// Props of [`Shell`].
#[derive(Properties, PartialEq)]
pub struct ShellProps {
    /// Extra class on `<main>` (e.g. a two-column layout).
    #[prop_or_default]
    pub main_class: Classes,
    /// Shown after the product name when logged in (the product switcher).
    #[prop_or_default]
    pub header_start: Html,
    #[prop_or_default]
    pub children: Html,
}

/// Header plus the page content.
#[component]
pub fn Shell(props: &ShellProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    if use_host().is_embedded() {
        return html! {
            <main class={classes!("app-main", "embedded", props.main_class.clone())}>
                { props.children.clone() }
            </main>
        };
    }
    let on_logout = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| session.dispatch(SessionAction::LoggedOut))
    };
    html! {
        <>
            <header class="app-header">
                <Link<Route> to={Route::Vault} classes="brand">{ i18n.t(Key::AppName) }</Link<Route>>
                if session.is_logged_in() {
                    { props.header_start.clone() }
                }
                <div class="header-actions">
                    <LanguageSwitch />
                    if session.is_logged_in() {
                        if let Some(email) = &session.email {
                            <span id="user-email" class="user-email">{ email.clone() }</span>
                        }
                        <button id="logout" type="button" class="btn btn-header" onclick={on_logout}>
                            { i18n.t(Key::LogOut) }
                        </button>
                    }
                </div>
            </header>
            <main class={classes!("app-main", props.main_class.clone())}>
                { props.children.clone() }
            </main>
        </>
    }
}

/// EN | NL toggle; the active language is marked `aria-pressed`.
#[component]
fn LanguageSwitch() -> Html {
    let i18n = use_i18n();
    html! {
        <div class="lang-switch" role="group" aria-label={i18n.t(Key::Language)}>
            for locale in Locale::ALL {
                <button
                    type="button"
                    id={format!("lang-{}", locale.tag())}
                    class={classes!("lang-option", (locale == i18n.locale).then_some("active"))}
                    aria-pressed={(locale == i18n.locale).to_string()}
                    lang={locale.tag()}
                    onclick={i18n.on_change.reform(move |_: MouseEvent| locale)}
                >
                    { locale.short_label() }
                </button>
            }
        </div>
    }
}
