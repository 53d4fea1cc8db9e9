//! The harness the UI tests (`tests/*_ui.rs`) share: a scripted `fetch`
//! that answers from routes a test sets and records what the app sent,
//! mounting the app into a fresh element, DOM helpers that wait for the
//! page or act on it, and the JSON fixtures two screens use alike.
//!
//! Each UI test file is its own crate and includes this with `mod common;`.

// Every test file uses only some of these helpers; the rest would warn there.
#![allow(dead_code)]

pub mod families;

use billing_sync_web::{App, AppProps};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::AppHandle;

// ---------------------------------------------------------------- network

/// Replaces `window.fetch` (once per page) with one that answers from
/// `window.__fakeRoutes` (404 for an unknown `method path`) and records every
/// request in `window.__fakeRequests`. [`route`] calls this itself.
pub fn install_fake_network() {
    js_sys::Function::new_no_args(
        r#"
        if (window.__fakeInstalled) { return; }
        window.__fakeInstalled = true;
        window.__fakeRoutes = [];
        window.__fakeRequests = [];
        window.__held = [];
        window.fetch = async function (input, init) {
            const req = input instanceof Request ? input : new Request(input, init);
            const body = req.method === 'GET' ? null : await req.clone().text();
            const url = new URL(req.url);
            window.__fakeRequests.push({ method: req.method, path: url.pathname, query: url.search,
                body, contentType: req.headers.get('Content-Type'),
                authorization: req.headers.get('Authorization') });
            const route = window.__fakeRoutes.find(r => r.method === req.method && url.pathname === r.path);
            if (!route) { return new Response('', { status: 404 }); }
            const byToken = route.byToken
                && (route.byToken[req.headers.get('Authorization') || ''] || route.byToken['*']);
            const answer = byToken || (route.answers.length > 1 ? route.answers.shift() : route.answers[0]);
            if (route.held) { await new Promise(release => window.__held.push(release)); }
            return new Response(answer.body, { status: answer.status,
                headers: { 'Content-Type': 'application/json' } });
        };
    "#,
    )
    .call0(&JsValue::NULL)
    .expect("fake network installs");
}

/// Forgets every route and every recorded request.
pub fn reset_network() {
    install_fake_network();
    js_sys::Function::new_no_args(
        "window.__fakeRoutes = []; window.__fakeRequests = []; window.__held = [];",
    )
    .call0(&JsValue::NULL)
    .expect("reset");
}

/// Sets (or replaces) the `(status, body)` answers for `method path`, given in
/// order; the last answer repeats.
pub fn route(method: &str, path: &str, answers: &[(u16, &str)]) {
    install_fake_network();
    let list = js_sys::Array::new();
    for (status, body) in answers {
        let answer = js_sys::Object::new();
        js_sys::Reflect::set(&answer, &"status".into(), &JsValue::from(*status)).unwrap();
        js_sys::Reflect::set(&answer, &"body".into(), &JsValue::from_str(body)).unwrap();
        list.push(&answer);
    }
    js_sys::Function::new_with_args(
        "method, path, answers",
        "window.__fakeRoutes = window.__fakeRoutes.filter(r => !(r.method === method && r.path === path));
         window.__fakeRoutes.push({ method, path, answers });",
    )
    .call3(&JsValue::NULL, &method.into(), &path.into(), &list)
    .expect("route set");
}

/// Routes `method path` by the request's `Authorization` header:
/// `answers` maps a header value (`"Bearer x"`, or `"*"` for any other) to
/// the `(status, body)` answer.
pub fn route_by_token(method: &str, path: &str, answers: &[(&str, u16, &str)]) {
    route(method, path, &[(404, "")]);
    let map = js_sys::Object::new();
    for (header, status, body) in answers {
        let answer = js_sys::Object::new();
        js_sys::Reflect::set(&answer, &"status".into(), &JsValue::from(*status)).unwrap();
        js_sys::Reflect::set(&answer, &"body".into(), &JsValue::from_str(body)).unwrap();
        js_sys::Reflect::set(&map, &(*header).into(), &answer).unwrap();
    }
    js_sys::Function::new_with_args(
        "method, path, map",
        "window.__fakeRoutes.find(r => r.method === method && r.path === path).byToken = map;",
    )
    .call3(&JsValue::NULL, &method.into(), &path.into(), &map)
    .expect("route by token set");
}

/// Makes `method path` (already routed) wait before answering until
/// [`release`] lets it go; its answer is picked when the request is made.
pub fn hold(method: &str, path: &str) {
    js_sys::Function::new_with_args(
        "method, path",
        "window.__fakeRoutes.find(r => r.method === method && r.path === path).held = true;",
    )
    .call2(&JsValue::NULL, &method.into(), &path.into())
    .expect("route held");
}

/// How many held requests are waiting (released ones included).
pub fn held_count() -> u32 {
    let held = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__held".into()).unwrap();
    js_sys::Array::from(&held).length()
}

/// Lets the `index`th held request (oldest first) answer.
pub fn release(index: u32) {
    js_sys::Function::new_with_args("index", "window.__held[index]();")
        .call1(&JsValue::NULL, &JsValue::from(index))
        .expect("held request released");
}

/// One request the app sent, as recorded by the fake `fetch`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    /// The query string with its `?` ("" for none).
    pub query: String,
    /// The body as text; `None` for a GET.
    pub body: Option<String>,
    /// The `Content-Type` header ("" for none).
    pub content_type: String,
    /// The `Authorization` header ("" for none).
    pub authorization: String,
}

impl Sent {
    /// The body; panics for a request without one.
    pub fn body(&self) -> &str {
        self.body.as_deref().expect("the request has a body")
    }

    /// The body parsed as JSON; panics (showing the body) when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        let body = self.body();
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
    }
}

/// The recorded `method path` requests, oldest first.
pub fn requests(method: &str, path: &str) -> Vec<Sent> {
    install_fake_network();
    let all = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__fakeRequests".into()).unwrap();
    js_sys::Array::from(&all)
        .iter()
        .filter(|r| {
            get_str(r, "method").as_deref() == Some(method)
                && get_str(r, "path").as_deref() == Some(path)
        })
        .map(|r| Sent {
            query: get_str(&r, "query").unwrap_or_default(),
            body: get_str(&r, "body"),
            content_type: get_str(&r, "contentType").unwrap_or_default(),
            authorization: get_str(&r, "authorization").unwrap_or_default(),
        })
        .collect()
}

/// `value[key]` when it is a string.
pub fn get_str(value: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(value, &key.into()).ok()?.as_string()
}

// ---------------------------------------------------------------- fixtures

/// Routes `GET /api/config` to a cloud (`false`) or self-hosted (`true`) server.
pub fn route_config(self_hosted: bool) {
    route(
        "GET",
        "/api/config",
        &[(
            200,
            &format!(
                r#"{{"object":"config","version":"2024.8.0","selfHosted":{self_hosted},"environment":{{}}}}"#
            ),
        )],
    );
}

/// A self-hosted organization as listed in a profile: `role` is the member
/// type (0 owner, 1 admin), no Families sponsorship.
pub fn profile_org(org: &str, role: u8, plan_type: u8, tier: u8) -> String {
    format!(
        r#"{{"object":"profileOrganization","id":"{org}","name":"Acme","type":{role},"status":2,"enabled":true,
        "planType":{plan_type},"productTierType":{tier},"seats":50,"selfHost":true,
        "organizationUserId":"9a5ebc7c-b14c-4e9b-b14f-5f5abc516e05","familySponsorshipAvailable":false,
        "familySponsorshipFriendlyName":null,"familySponsorshipLastSyncDate":null,
        "familySponsorshipValidUntil":null,"familySponsorshipToDelete":null}}"#
    )
}

/// The profile of owner@acme.test, a member of `orgs` (see [`profile_org`]).
pub fn owner_profile_json(orgs: &[String]) -> String {
    format!(
        r#"{{"object":"profile","id":"1b6e1f38-4f3c-4a8f-8b5d-6c6bcd627f06","name":"O","email":"owner@acme.test",
        "organizations":[{}]}}"#,
        orgs.join(",")
    )
}

/// `profile` (a profile's JSON) with the account's key pair in
/// `accountKeys`, as the server returns it.
pub fn with_account_keys(profile: &str, keys: &wire::keys::KeysRequest) -> String {
    profile.replacen(
        r#""organizations""#,
        &format!(
            r#""accountKeys":{{"publicKeyEncryptionKeyPair":{{"wrappedPrivateKey":"{}","publicKey":"{}"}}}},"organizations""#,
            keys.encrypted_private_key.expose(),
            keys.public_key
        ),
        1,
    )
}

/// `org`'s self-hosted Enterprise (Annually) subscription, expiring on
/// 2099-03-01 with its grace period and on 2098-12-31 without.
pub fn enterprise_subscription_json(org: &str) -> String {
    format!(
        r#"{{"object":"organizationSubscription","id":"{org}","name":"Acme","businessName":null,
        "billingEmail":"owner@acme.test","plan":{{"object":"plan","type":20,"productTier":3,"name":"Enterprise (Annually)"}},
        "planType":20,"seats":50,"maxCollections":null,"maxStorageGb":1,"enabled":true,"selfHost":true,
        "expiration":"2099-03-01T00:00:00Z","expirationWithoutGracePeriod":"2098-12-31T00:00:00Z"}}"#
    )
}

// ---------------------------------------------------------------- mounting

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("document")
}

/// Mounts `App` with `props` into a fresh element appended to the body,
/// after clearing the session and the language choice a previous test left.
pub fn render(props: AppProps) -> (Element, AppHandle<App>) {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        storage.clear().expect("sessionStorage clears");
    }
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        storage
            .remove_item(billing_sync_web::i18n::LOCALE_KEY)
            .expect("localStorage writable");
    }
    mount_keeping_storage(props)
}

/// Mounts `App` like [`render`] but keeps `sessionStorage` and
/// `localStorage` as they are (a reload, or a session a test stored).
pub fn mount_keeping_storage(props: AppProps) -> (Element, AppHandle<App>) {
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    (root, handle)
}

// ---------------------------------------------------------------- waiting

/// Lets pending renders and fetches run (50 ms).
pub async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

/// Waits (up to ~5 s) until `selector` exists under `root`, and returns it.
pub async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..100 {
        if let Ok(Some(found)) = root.query_selector(selector) {
            return found;
        }
        settle().await;
    }
    panic!("{selector} never appeared; page: {}", root.inner_html());
}

/// Waits (up to ~5 s) until nothing under `root` matches `selector`.
pub async fn wait_gone(root: &Element, selector: &str) {
    for _ in 0..100 {
        if root.query_selector(selector).ok().flatten().is_none() {
            return;
        }
        settle().await;
    }
    panic!("{selector} never went away; page: {}", root.inner_html());
}

/// Waits (up to ~5 s) until `selector`'s text contains `expected`.
pub async fn wait_text(root: &Element, selector: &str, expected: &str) {
    for _ in 0..100 {
        if let Ok(Some(found)) = root.query_selector(selector) {
            if found.text_content().unwrap_or_default().contains(expected) {
                return;
            }
        }
        settle().await;
    }
    panic!(
        "{selector} never contained {expected:?}; page: {}",
        root.inner_html()
    );
}

/// Waits (up to ~10 s) until the text anywhere under `root` contains
/// `expected` (a message whose element the test does not care about).
pub async fn wait_page_text(root: &Element, expected: &str) {
    for _ in 0..200 {
        if root.text_content().unwrap_or_default().contains(expected) {
            return;
        }
        settle().await;
    }
    panic!(
        "the page never said {expected:?}; page: {}",
        root.inner_html()
    );
}

/// Waits (up to ~5 s) until `selector`'s trimmed text is exactly `expected`.
pub async fn wait_text_exact(root: &Element, selector: &str, expected: &str) {
    for _ in 0..100 {
        if let Ok(Some(found)) = root.query_selector(selector) {
            if found.text_content().unwrap_or_default().trim() == expected {
                return;
            }
        }
        settle().await;
    }
    panic!(
        "{selector} never read {expected:?}; page: {}",
        root.inner_html()
    );
}

// ---------------------------------------------------------------- reading

/// `selector`'s trimmed text; panics when it is missing.
pub fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_else(|| panic!("{selector} missing; page: {}", root.inner_html()))
        .trim()
        .to_owned()
}

pub fn exists(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).ok().flatten().is_some()
}

/// `selector`'s attribute `name`; `None` when either is missing.
pub fn attr(root: &Element, selector: &str, name: &str) -> Option<String> {
    root.query_selector(selector)
        .ok()
        .flatten()?
        .get_attribute(name)
}

/// Whether `selector` exists and has the attribute `disabled`.
pub fn is_disabled(root: &Element, selector: &str) -> bool {
    root.query_selector(selector)
        .ok()
        .flatten()
        .is_some_and(|e| e.has_attribute("disabled"))
}

/// Whether `selector` exists and has the class `class`.
pub fn has_class(root: &Element, selector: &str, class: &str) -> bool {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("class"))
        .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
}

/// The ids of `selector`'s parent's children, in document order ("" for none).
pub fn child_ids(root: &Element, selector: &str) -> Vec<String> {
    let parent = root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.parent_element())
        .unwrap_or_else(|| panic!("{selector} missing: {}", root.inner_html()));
    std::iter::successors(parent.first_element_child(), |e| e.next_element_sibling())
        .map(|child| child.id())
        .collect()
}

/// The id of the focused element ("" for none).
pub fn focused_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

/// The `<input>` at `selector`; panics when it is missing or not an input.
pub fn input(root: &Element, selector: &str) -> HtmlInputElement {
    element_as(root, selector, "an input")
}

/// The value of the `<select>` at `selector`.
pub fn select_value(root: &Element, selector: &str) -> String {
    element_as::<HtmlSelectElement>(root, selector, "a select").value()
}

/// The element at `selector` as a `T`; panics (saying it is not `what`, and
/// showing the page) when it is missing or of another kind.
pub fn element_as<T: JsCast>(root: &Element, selector: &str, what: &str) -> T {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<T>().ok())
        .unwrap_or_else(|| panic!("{selector} is not {what}; page: {}", root.inner_html()))
}

// ---------------------------------------------------------------- acting

pub fn click(root: &Element, selector: &str) {
    element_as::<HtmlElement>(root, selector, "clickable").click();
}

/// Sets the value of the `<input>` at `selector` (no input event is fired).
pub fn type_into(root: &Element, selector: &str, value: &str) {
    input(root, selector).set_value(value);
}

/// Puts a file named `name` with `contents` into a file input.
pub fn choose_file(root: &Element, selector: &str, name: &str, contents: &str) {
    js_sys::Function::new_with_args(
        "input, name, contents",
        "const dt = new DataTransfer();
         dt.items.add(new File([contents], name, { type: 'application/json' }));
         input.files = dt.files;",
    )
    .call3(
        &JsValue::NULL,
        &input(root, selector),
        &name.into(),
        &contents.into(),
    )
    .expect("file chosen");
}

/// Dispatches an Escape keydown on the focused element (or the body).
pub fn press_escape() {
    js_sys::Function::new_no_args(
        "(document.activeElement || document.body).dispatchEvent(
            new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));",
    )
    .call0(&JsValue::NULL)
    .expect("keydown dispatched");
}
