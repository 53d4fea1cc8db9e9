//! The embeddable module: the same screens, mounted by a host page (a web
//! vault) into an element of its own, through a small JavaScript API:
//!
//! ```text
//! import init, { mount } from "https://vault.example.com/embed/v1/billing-sync.js";
//! await init();
//! const panel = mount(element, { apiUrl, identityUrl, accessToken, screen, organizationId });
//! panel.setLocale("nl"); panel.setAccessToken(newToken); panel.unmount();
//! ```
//!
//! Options are checked first ([`options`]): a bad one throws and leaves the
//! element untouched. A mount adds one container to the element (the module's
//! stylesheet link and the app); `unmount()` aborts every request in flight,
//! silences later events ([`events`]), destroys the app and removes the
//! container. Mounts share nothing: each has its own session in memory, its
//! own history and its own abort signal.
//!
//! What a host imports is the [`entry`], which links no screen: it checks
//! the options here (`prepare`) and loads the module of the screen's
//! [`groups`], whose binary renders the app with [`mount_in`]. Rust has no
//! code splitting inside one wasm, so this is how a host that mounts one
//! screen avoids downloading every other. [`mount`] does both steps at once
//! with every screen linked (the wasm tests use it).

pub mod deployment;
pub mod entry;
pub mod events;
pub mod groups;
pub mod options;

pub use events::{use_host, Host, HostEvent};
pub use options::{EmbedOptions, OptionError, Screen, Theme};

use crate::app::{AllScreens, AppProps, AppWith, Route, Screens};
use crate::i18n::Locale;
use crate::screens::families::rules::{accept_hash_target, RedeemLink};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::AttrValue;

/// Marks the container a mount adds (one per element).
const CONTAINER_ATTR: &str = "data-billing-sync-mount";

/// The stylesheet beside the module (`/embed/v1/billing-sync.css`).
const STYLESHEET: &str = "billing-sync.css";

/// The start route and its query for a screen.
fn start_of(options: &EmbedOptions) -> (Route, Vec<(String, String)>) {
    let org = options.organization_id;
    match (options.screen, org) {
        (Screen::CloudSubscription | Screen::SelfHostedSubscription, Some(org_id)) => {
            (Route::Subscription { org_id }, Vec::new())
        }
        (Screen::FamiliesAdmin, Some(org_id)) => (Route::FamiliesAdmin { org_id }, Vec::new()),
        (Screen::Redeem, _) => (Route::AcceptFamiliesForEnterprise, offer_query(options)),
        // `options::parse` requires an organization for the screens above.
        _ => (Route::SponsoredFamilies, Vec::new()),
    }
}

/// The offer to redeem: the options', else the page address's (the offer
/// e-mail links to `…/#/accept-families-for-enterprise?token=…&email=…`).
fn offer_query(options: &EmbedOptions) -> Vec<(String, String)> {
    let from_page = || {
        let location = web_sys::window()?.location();
        let hash = location.hash().ok().unwrap_or_default();
        let query = match accept_hash_target(&hash) {
            Some(target) => target.split_once('?').map(|(_, q)| q.to_owned())?,
            None => location.search().ok()?,
        };
        RedeemLink::parse(&query).map(|link| (link.token.expose().to_owned(), link.email))
    };
    match options.offer.clone().or_else(from_page) {
        Some((token, email)) => vec![("token".into(), token), ("email".into(), email)],
        None => Vec::new(),
    }
}

/// The locale when the options name none: the host page's `<html lang>`,
/// then the browser's.
fn host_locale() -> Locale {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("lang"))
        .filter(|lang| !lang.trim().is_empty())
        .map_or_else(Locale::from_browser, |lang| Locale::from_tag(&lang))
}

fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// A checked mount: the options, and the container added to the element
/// (the stylesheet link, then the element the app renders into).
pub(crate) struct Prepared {
    pub element: Element,
    pub options: EmbedOptions,
    pub container: Element,
    pub app_root: Element,
}

/// What every `mount()` does before anything renders: checks the element
/// and the options (throwing an `Error` that names the bad one, the
/// element untouched), then adds the container.
pub(crate) fn prepare(element: JsValue, options: &JsValue) -> Result<Prepared, JsError> {
    let element: Element = element.dyn_into().map_err(|_| {
        js_error("billing-sync mount: the first argument must be a DOM Element (the module renders into it)")
    })?;
    let options = options::parse(options).map_err(js_error)?;
    if element
        .query_selector(&format!(":scope > [{CONTAINER_ATTR}]"))
        .ok()
        .flatten()
        .is_some()
    {
        return Err(js_error(
            "billing-sync mount: this element already holds a mounted module; call unmount() on it first",
        ));
    }
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| js_error("billing-sync mount: no document"))?;
    let dom = |result: Result<Element, JsValue>| {
        result.map_err(|_| js_error("billing-sync mount: cannot create elements"))
    };
    let container = dom(document.create_element("div"))?;
    let _ = container.set_attribute(CONTAINER_ATTR, "");
    if let Ok(href) = crate::snippet::beside_module(STYLESHEET) {
        let link = dom(document.create_element("link"))?;
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", &href);
        let _ = container.append_child(&link);
    }
    let app_root = dom(document.create_element("div"))?;
    let _ = container.append_child(&app_root);
    element
        .append_child(&container)
        .map_err(|_| js_error("billing-sync mount: cannot add to the element"))?;
    Ok(Prepared {
        element,
        options,
        container,
        app_root,
    })
}

/// Mounts a screen into `element` with every screen linked (see the
/// module docs and the README's *Embedding* section). Throws an `Error`
/// naming the option for bad options. The tests mount this way; host
/// pages go through the entry ([`entry::mount`]), which loads only the
/// screen's group and renders it with [`mount_in`].
pub fn mount(element: JsValue, options: JsValue) -> Result<BillingSyncMount, JsError> {
    let prepared = prepare(element, &options)?;
    let mut mounted = render::<AllScreens>(prepared.element, prepared.app_root, prepared.options)?;
    if let Some(live) = mounted.mounted.as_mut() {
        live.container = Some(prepared.container);
    }
    Ok(mounted)
}

/// A group module's mount (`mountScreen(element, root, options)`, see
/// [`groups`]): the app with the screens of `S` in `root`, inside the
/// container the entry added to `element` (the entry removes it). The
/// options were checked by the entry; they are read again here, so a
/// mismatch between the two binaries throws rather than guesses.
pub fn mount_in<S: Screens>(
    element: web_sys::Element,
    root: web_sys::Element,
    options: JsValue,
) -> Result<BillingSyncMount<S>, JsError> {
    let options = options::parse(&options).map_err(js_error)?;
    render::<S>(element, root, options)
}

/// Renders the app of `S` for a checked mount.
fn render<S: Screens>(
    element: Element,
    app_root: Element,
    options: EmbedOptions,
) -> Result<BillingSyncMount<S>, JsError> {
    let abort = web_sys::AbortController::new()
        .map_err(|_| js_error("billing-sync mount: this browser has no AbortController"))?;
    let (start, start_query) = start_of(&options);
    let host = Host::embedded(element, options.access_token.is_some());
    let props = AppProps {
        api_base: AttrValue::from(options.api_url.clone()),
        identity_base: AttrValue::from(options.identity_url.clone()),
        access_token: options.access_token.clone(),
        locale: Some(options.locale.unwrap_or_else(host_locale)),
        start: Some(start),
        start_query,
        host: host.clone(),
        theme: options.theme,
        abort: Some(abort.signal()),
        screen: Some(options.screen),
    };
    let app = yew::Renderer::<AppWith<S>>::with_root_and_props(app_root, props.clone()).render();
    Ok(BillingSyncMount {
        mounted: Some(Mounted {
            app,
            props,
            container: None,
            abort,
            host,
        }),
    })
}

/// A live mount.
struct Mounted<S: Screens> {
    app: yew::AppHandle<AppWith<S>>,
    /// The props last rendered, changed by the setters.
    props: AppProps,
    /// The container, when this mount added it (not in a group module:
    /// the entry added it and removes it).
    container: Option<Element>,
    abort: web_sys::AbortController,
    host: Host,
}

/// What `mount()` returns: the handle a host keeps to change or end a mount
/// (a group's binary wraps it for JavaScript, the entry forwards to it).
pub struct BillingSyncMount<S: Screens = AllScreens> {
    mounted: Option<Mounted<S>>,
}

impl<S: Screens> BillingSyncMount<S> {
    /// Removes everything the mount added: aborts its requests in flight,
    /// stops its events, destroys the app and removes its container.
    /// Calling it again does nothing.
    pub fn unmount(&mut self) {
        let Some(mounted) = self.mounted.take() else {
            return;
        };
        mounted.host.close();
        mounted.abort.abort();
        mounted.app.destroy();
        if let Some(container) = mounted.container {
            container.remove();
        }
    }

    /// Switches the language (`"en"` or `"nl"`); throws for anything else.
    pub fn set_locale(&mut self, locale: JsValue) -> Result<(), JsError> {
        let locale = options::locale(&locale).map_err(js_error)?.ok_or_else(|| {
            js_error("billing-sync setLocale: the locale must be \"en\" or \"nl\"")
        })?;
        self.update(|props| props.locale = Some(locale))
    }

    /// Hands over a new access token (after the host refreshed its session,
    /// or after a `session-expired` event); the screen reloads with it.
    pub fn set_access_token(&mut self, token: JsValue) -> Result<(), JsError> {
        let token = options::access_token(&token)
            .map_err(js_error)?
            .ok_or_else(|| js_error("billing-sync setAccessToken: option \"accessToken\" must be a non-empty string without spaces (got nothing)"))?;
        self.update(|props| {
            props.host = props.host.with_host_token(true);
            props.access_token = Some(token);
        })
    }
}

impl<S: Screens> BillingSyncMount<S> {
    fn update(&mut self, change: impl FnOnce(&mut AppProps)) -> Result<(), JsError> {
        let mounted = self
            .mounted
            .as_mut()
            .ok_or_else(|| js_error("billing-sync: this mount was unmounted"))?;
        change(&mut mounted.props);
        mounted.app.update(mounted.props.clone());
        Ok(())
    }
}
