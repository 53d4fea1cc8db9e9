//! The embeddable module through its JavaScript API, as a host page uses it:
//! every bad option throws an `Error` naming it and leaves the element empty;
//! mounting and unmounting 100 times leaves no node, listener, timer or
//! request behind; two mounts do not share a session or events; `setLocale`
//! and `setAccessToken` change a live mount (an expired token is a
//! `session-expired` event and a message, never a spinner); a request the
//! browser refuses cross-origin is named as CORS. Against a scripted `fetch`.
#![cfg(target_arch = "wasm32")]

#[path = "../common/mod.rs"]
mod common;
// The entry module's own tests (`billing-sync.js` before a group has
// loaded), in this test binary: one wasm less to build.
mod entry;

use billing_sync_web::embed::{mount, BillingSyncMount};
use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ORG_A: &str = "a1a1a1a1-1111-4111-8111-111111111111";
const ORG_B: &str = "b2b2b2b2-2222-4222-8222-222222222222";
const EXPIRED_ORG: &str = "c3c3c3c3-3333-4333-8333-333333333333";

const EMPTY_CONNECTION: &str = r#"{"id":null,"type":0,"organizationId":"00000000-0000-0000-0000-000000000000","enabled":false,"config":null}"#;

/// The self-hosted server both mounts talk to; `EXPIRED_ORG` answers 401.
fn routes() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        route_config(true);
        let orgs = [ORG_A, ORG_B, EXPIRED_ORG].map(|org| profile_org(org, 0, 20, 3));
        route(
            "GET",
            "/api/accounts/profile",
            &[(200, &owner_profile_json(&orgs))],
        );
        route(
            "GET",
            "/api/organizations/connections/enabled",
            &[(200, "true")],
        );
        for org in [ORG_A, ORG_B, EXPIRED_ORG] {
            route(
                "GET",
                &format!("/api/organizations/{org}/subscription"),
                &[(200, &enterprise_subscription_json(org))],
            );
            route(
                "GET",
                &format!("/api/organizations/connections/{org}/1"),
                &[(200, EMPTY_CONNECTION)],
            );
            route(
                "GET",
                &format!("/api/organization/sponsorship/self-hosted/{org}/sync-runs"),
                &[(200, r#"{"lastSyncDate":null,"runs":[]}"#)],
            );
        }
        install_recorder();
    });
}

/// Wraps the scripted `fetch` to record each request's path, Bearer token and
/// abort signal, and to fail requests to `refused.test` as a browser does
/// when CORS refuses them (a `TypeError`).
fn install_recorder() {
    js_eval(
        "const inner = window.fetch;
         window.__sent = [];
         window.fetch = function (input, init) {
           const req = input instanceof Request ? input : new Request(input, init);
           window.__sent.push({ path: new URL(req.url).pathname,
             auth: req.headers.get('Authorization'), signal: req.signal });
           if (new URL(req.url).hostname === 'refused.test') {
             return Promise.reject(new TypeError('Failed to fetch'));
           }
           return inner(req);
         };",
    );
}

fn js_eval(code: &str) -> JsValue {
    js_sys::Function::new_no_args(code)
        .call0(&JsValue::NULL)
        .unwrap_or_else(|e| panic!("{code}: {e:?}"))
}

fn fresh_element() -> Element {
    let element = document().create_element("section").expect("section");
    document()
        .body()
        .expect("body")
        .append_child(&element)
        .expect("append");
    element
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or_else(|e| panic!("{json}: {e:?}"))
}

fn self_hosted(org: &str, token: &str, extra: &str) -> JsValue {
    options(&format!(
        r#"{{"apiUrl":"/api","identityUrl":"/identity","accessToken":"{token}",
        "screen":"self-hosted-subscription","organizationId":"{org}"{extra}}}"#
    ))
}

fn mount_ok(element: &Element, options: JsValue) -> BillingSyncMount {
    mount(element.clone().into(), options)
        .map_err(|e| js_sys::Error::from(JsValue::from(e)).message())
        .unwrap_or_else(|message| panic!("mount refused: {message:?}"))
}

/// The message of the `Error` `mount` threw (checking it is an `Error`).
fn refusal(element: JsValue, options: JsValue) -> String {
    let thrown = JsValue::from(
        mount(element, options)
            .err()
            .expect("mount must refuse these options"),
    );
    assert!(
        thrown.is_instance_of::<js_sys::Error>(),
        "{thrown:?} is an Error"
    );
    String::from(js_sys::Error::from(thrown).message())
}

/// Records every event of `names` on `element` into `window[key]`.
fn record_events(element: &Element, key: &str) {
    js_sys::Function::new_with_args(
        "element, key",
        "window[key] = [];
         for (const name of ['billing-sync-token-generated', 'billing-sync-token-rotated',
             'billing-sync-connection-saved', 'license-synced', 'license-uploaded',
             'sponsorship-offered', 'sponsorship-revoked', 'sponsorship-sync-finished',
             'session-expired', 'error']) {
           element.addEventListener(name, (e) => window[key].push(
             { type: e.type, bubbles: e.bubbles, detail: JSON.stringify(e.detail) }));
         }",
    )
    .call2(&JsValue::NULL, element, &key.into())
    .expect("listeners added");
}

/// `(type, detail as JSON)` of the events recorded under `key`.
fn events(key: &str) -> Vec<(String, String)> {
    let list = js_sys::Reflect::get(&web_sys::window().unwrap(), &key.into()).unwrap();
    js_sys::Array::from(&list)
        .iter()
        .map(|e| {
            assert_eq!(
                js_sys::Reflect::get(&e, &"bubbles".into()).unwrap(),
                JsValue::TRUE,
                "events bubble"
            );
            (
                get_str(&e, "type").unwrap_or_default(),
                get_str(&e, "detail").unwrap_or_default(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
fn every_bad_option_is_refused_by_name_and_leaves_the_element_empty() {
    let element = fresh_element();
    let good = r#""apiUrl":"https://api.example.com/api","identityUrl":"/identity","screen":"self-hosted-subscription","organizationId":"a1a1a1a1-1111-4111-8111-111111111111""#;
    let with = |extra: &str| options(&format!("{{{good},{extra}}}"));
    let cases: Vec<(JsValue, &str)> = vec![
        (JsValue::NULL, r#"option "options" must be an object"#),
        (
            JsValue::from_str("cloud"),
            r#"option "options" must be an object"#,
        ),
        (
            options("{}"),
            r#"option "apiUrl" must be an absolute http(s) URL"#,
        ),
        (
            options(
                r#"{"apiUrl":"api.example.com","identityUrl":"/identity","screen":"families"}"#,
            ),
            r#"option "apiUrl" must be an absolute http(s) URL such as "https://vault.example.com/api", or a path starting with "/" (got "api.example.com")"#,
        ),
        (
            options(
                r#"{"apiUrl":"ftp://api.example.com","identityUrl":"/identity","screen":"families"}"#,
            ),
            r#"option "apiUrl" must be an absolute http(s) URL"#,
        ),
        (
            options(r#"{"apiUrl":"/api","screen":"families"}"#),
            r#"option "identityUrl" must be an absolute http(s) URL"#,
        ),
        (
            options(r#"{"apiUrl":"/api","identityUrl":"/identity"}"#),
            r#"option "screen" must be one of "cloud-subscription", "self-hosted-subscription", "families", "families-admin", "redeem" (got nothing)"#,
        ),
        (
            options(r#"{"apiUrl":"/api","identityUrl":"/identity","screen":"billing"}"#),
            r#"option "screen" must be one of"#,
        ),
        (
            options(r#"{"apiUrl":"/api","identityUrl":"/identity","screen":"cloud-subscription"}"#),
            r#"option "organizationId" must be the organization's id (a UUID)"#,
        ),
        (
            options(
                r#"{"apiUrl":"/api","identityUrl":"/identity","screen":"families-admin","organizationId":"42"}"#,
            ),
            r#"option "organizationId" must be the organization's id, a UUID"#,
        ),
        (
            with(r#""locale":"de""#),
            r#"option "locale" must be one of "en", "nl" (got "de")"#,
        ),
        (
            with(r#""theme":"blue""#),
            r#"option "theme" must be one of "light", "dark", "auto""#,
        ),
        (
            with(r#""accessToken":"""#),
            r#"option "accessToken" must be a non-empty string"#,
        ),
        (
            with(r#""accessToken":42"#),
            r#"option "accessToken" must be a non-empty string"#,
        ),
        (
            with(r#""organisationId":"x""#),
            r#"unknown option "organisationId""#,
        ),
        (with(r#""offerToken":"abc""#), r#"option "offerEmail""#),
    ];
    for (value, expected) in cases {
        let message = refusal(element.clone().into(), value);
        assert!(
            message.contains(expected),
            "{message:?} should contain {expected:?}"
        );
        assert_eq!(
            element.child_nodes().length(),
            0,
            "nothing rendered for {expected}"
        );
    }
    // A token is never echoed in a message.
    let message = refusal(
        element.clone().into(),
        with(r#""accessToken":"top secret""#),
    );
    assert!(message.contains("a string of 10 characters"), "{message}");
    assert!(!message.contains("secret"), "{message}");
    // Not an element at all.
    let message = refusal(JsValue::from_str("#panel"), with(r#""locale":"en""#));
    assert!(message.contains("must be a DOM Element"), "{message}");
    assert_eq!(element.child_nodes().length(), 0);
}

/// Counts listeners added minus removed on the element, `window` and
/// `document`, and timers set minus cleared or fired, from now on.
fn install_leak_counters(element: &Element) {
    js_sys::Function::new_with_args(
        "element",
        "window.__listeners = 0;
         for (const target of [element, window, document]) {
           const add = target.addEventListener, remove = target.removeEventListener;
           target.addEventListener = function (...args) { window.__listeners++; return add.apply(this, args); };
           target.removeEventListener = function (...args) { window.__listeners--; return remove.apply(this, args); };
         }
         window.__timers = new Set();
         const setT = window.setTimeout, clearT = window.clearTimeout;
         const setI = window.setInterval, clearI = window.clearInterval;
         window.setTimeout = function (f, ...rest) {
           const id = setT.call(window, (...a) => { window.__timers.delete(id); if (typeof f === 'function') f(...a); }, ...rest);
           window.__timers.add(id); return id; };
         window.clearTimeout = function (id) { window.__timers.delete(id); return clearT.call(window, id); };
         window.setInterval = function (...args) { const id = setI.apply(window, args); window.__timers.add(id); return id; };
         window.clearInterval = function (id) { window.__timers.delete(id); return clearI.call(window, id); };",
    )
    .call1(&JsValue::NULL, element)
    .expect("counters installed");
}

fn counter(code: &str) -> f64 {
    js_eval(&format!("return {code};"))
        .as_f64()
        .expect("a number")
}

#[wasm_bindgen_test]
async fn mounting_and_unmounting_100_times_leaves_nothing_behind() {
    routes();
    let element = fresh_element();
    let lang_before = document().document_element().unwrap().get_attribute("lang");
    let title_before = document().title();
    let body_style_before = document().body().unwrap().get_attribute("style");
    install_leak_counters(&element);
    let sent_before = counter("window.__sent.length") as u32;
    for round in 0..100 {
        let mut handle = mount_ok(&element, self_hosted(ORG_A, "token-a", ""));
        if round % 10 == 0 {
            // Every tenth round waits for the page, the rest unmount with
            // requests still in flight.
            wait_for(&element, "#license-billing").await;
        } else {
            settle_briefly().await;
        }
        handle.unmount();
        handle.unmount(); // a second call does nothing
        assert_eq!(element.child_nodes().length(), 0, "round {round}");
    }
    settle().await;
    settle().await;
    assert_eq!(element.child_nodes().length(), 0);
    assert_eq!(counter("window.__listeners"), 0.0, "listeners left");
    assert_eq!(counter("window.__timers.size"), 0.0, "timers left");
    // Every request the mounts made is aborted or finished: none can still
    // land in an unmounted screen.
    let unfinished = counter(&format!(
        "window.__sent.slice({sent_before}).filter(r => !r.signal.aborted).length"
    ));
    let made = counter("window.__sent.length") - f64::from(sent_before);
    assert!(made >= 100.0, "the mounts made requests ({made})");
    assert_eq!(
        unfinished, 0.0,
        "unmount aborts every request of its mount ({unfinished} of {made} not)"
    );
    // The module wrote nothing outside its element.
    assert_eq!(
        document().document_element().unwrap().get_attribute("lang"),
        lang_before
    );
    assert_eq!(document().title(), title_before);
    assert_eq!(
        document().body().unwrap().get_attribute("style"),
        body_style_before
    );
    assert!(
        element
            .query_selector("[data-billing-sync-mount]")
            .unwrap()
            .is_none(),
        "no container left in the element"
    );
}

async fn settle_briefly() {
    yew::platform::time::sleep(std::time::Duration::from_millis(5)).await;
}

#[wasm_bindgen_test]
async fn two_mounts_keep_their_own_session_language_and_events() {
    routes();
    let (first, second) = (fresh_element(), fresh_element());
    record_events(&first, "__eventsA");
    record_events(&second, "__eventsB");
    let mut a = mount_ok(&first, self_hosted(ORG_A, "token-a", r#","locale":"en""#));
    let mut b = mount_ok(
        &second,
        self_hosted(ORG_B, "token-b", r#","locale":"nl","theme":"dark""#),
    );
    wait_for(&first, "#license-billing").await;
    wait_for(&second, "#license-billing").await;
    assert_eq!(text_of(&first, "#page-title"), "Subscription");
    assert_eq!(text_of(&second, "#page-title"), "Abonnement");
    assert_eq!(
        attr(&second, ".billing-sync", "data-theme").as_deref(),
        Some("dark")
    );
    assert_eq!(
        attr(&first, ".billing-sync", "data-theme").as_deref(),
        Some("light")
    );
    // Each mount's requests carry its own token.
    let auth_for = |org: &str| {
        js_eval(&format!(
            "return [...new Set(window.__sent.filter(r => r.path === '/api/organizations/{org}/subscription').map(r => r.auth))].join(',');"
        ))
        .as_string()
        .unwrap_or_default()
    };
    assert_eq!(auth_for(ORG_A), "Bearer token-a");
    assert_eq!(auth_for(ORG_B), "Bearer token-b");

    // A switch on one does not touch the other.
    b.set_locale("en".into()).expect("en is a locale");
    wait_text_exact(&second, "#page-title", "Subscription").await;
    a.set_locale("nl".into()).expect("nl is a locale");
    wait_text_exact(&first, "#page-title", "Abonnement").await;
    assert_eq!(attr(&first, ".billing-sync", "lang").as_deref(), Some("nl"));
    assert_eq!(text_of(&second, "#page-title"), "Subscription");
    let refused = b
        .set_locale("fr".into())
        .err()
        .map(|e| String::from(js_sys::Error::from(JsValue::from(e)).message()));
    assert!(
        refused
            .as_deref()
            .is_some_and(|m| m.contains(r#"option "locale" must be one of "en", "nl" (got "fr")"#)),
        "{refused:?}"
    );

    // Unmounting one leaves the other working.
    a.unmount();
    assert_eq!(first.child_nodes().length(), 0);
    b.set_locale("nl".into()).expect("still mounted");
    wait_text_exact(&second, "#page-title", "Abonnement").await;
    assert!(
        a.set_locale("en".into()).is_err(),
        "an unmounted handle says so"
    );
    assert!(events("__eventsA").is_empty(), "{:?}", events("__eventsA"));
    assert!(events("__eventsB").is_empty(), "{:?}", events("__eventsB"));
    b.unmount();
}

#[wasm_bindgen_test]
async fn an_expired_token_is_an_event_and_a_message_until_a_new_token_arrives() {
    routes();
    let subscription = format!("/api/organizations/{EXPIRED_ORG}/subscription");
    route("GET", &subscription, &[(401, "")]);
    let element = fresh_element();
    record_events(&element, "__eventsExpired");
    let mut handle = mount_ok(&element, self_hosted(EXPIRED_ORG, "stale-token", ""));
    wait_text(&element, "#session-expired", "Your session has expired").await;
    assert!(
        !exists(&element, ".spinner"),
        "no spinner: {}",
        element.inner_html()
    );
    assert!(
        !exists(&element, "#login-email-form"),
        "no login: the host owns the session"
    );
    let seen = events("__eventsExpired");
    assert_eq!(
        seen.iter().filter(|(t, _)| t == "session-expired").count(),
        1,
        "{seen:?}"
    );
    assert!(seen
        .iter()
        .all(|(_, detail)| !detail.contains("stale-token")));

    // The host signs in again and hands the new token over.
    route(
        "GET",
        &subscription,
        &[(200, &enterprise_subscription_json(EXPIRED_ORG))],
    );
    handle
        .set_access_token("fresh-token".into())
        .expect("a token is accepted");
    wait_for(&element, "#license-billing").await;
    assert!(!exists(&element, "#session-expired"));
    let last = js_eval(&format!(
        "return window.__sent.filter(r => r.path === '{subscription}').pop().auth;"
    ));
    assert_eq!(last.as_string().as_deref(), Some("Bearer fresh-token"));
    let refused = handle
        .set_access_token(JsValue::from_f64(7.0))
        .err()
        .map(|e| String::from(js_sys::Error::from(JsValue::from(e)).message()));
    assert!(
        refused
            .as_deref()
            .is_some_and(|m| m.contains(r#"option "accessToken""#)),
        "{refused:?}"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_request_refused_cross_origin_names_cors_and_is_an_error_event() {
    routes();
    let element = fresh_element();
    record_events(&element, "__eventsCors");
    let mut handle = mount_ok(
        &element,
        options(&format!(
            r#"{{"apiUrl":"https://refused.test/api","identityUrl":"https://refused.test/identity",
            "accessToken":"token-c","screen":"self-hosted-subscription","organizationId":"{ORG_A}"}}"#
        )),
    );
    wait_text(&element, ".callout-danger", "CORS").await;
    let message = text_of(&element, ".callout-danger");
    assert!(message.contains("https://refused.test"), "{message}");
    assert!(
        message.contains("globalSettings__billingSync__allowedOrigins"),
        "{message}"
    );
    assert!(!exists(&element, ".spinner"), "no spinner once refused");
    let seen = events("__eventsCors");
    assert!(
        seen.iter()
            .any(|(t, d)| t == "error" && d.contains(r#""kind":"cors""#)),
        "{seen:?}"
    );
    assert!(seen.iter().all(|(_, d)| !d.contains("token-c")), "{seen:?}");
    handle.unmount();
}

#[wasm_bindgen_test]
fn an_element_takes_one_mount_at_a_time() {
    let element = fresh_element();
    let mut first = mount_ok(&element, self_hosted(ORG_A, "token-a", ""));
    let message = refusal(element.clone().into(), self_hosted(ORG_A, "token-a", ""));
    assert!(
        message.contains("already holds a mounted module"),
        "{message}"
    );
    first.unmount();
    let mut again = mount_ok(&element, self_hosted(ORG_A, "token-a", ""));
    again.unmount();
    assert!(element.dyn_ref::<web_sys::HtmlElement>().is_some());
    assert_eq!(element.child_nodes().length(), 0);
}

#[wasm_bindgen_test]
fn a_screen_on_the_wrong_kind_of_server_says_which_screen_or_server_fits() {
    use billing_sync_web::embed::deployment::{expected_server, mismatch_message};
    use billing_sync_web::embed::Screen;
    use billing_sync_web::Locale;
    use wire::capabilities::ServerRole;

    assert_eq!(
        expected_server(Screen::CloudSubscription),
        Some(ServerRole::Cloud)
    );
    assert_eq!(expected_server(Screen::Redeem), Some(ServerRole::Cloud));
    assert_eq!(
        expected_server(Screen::SelfHostedSubscription),
        Some(ServerRole::SelfHosted)
    );
    assert_eq!(expected_server(Screen::Families), None);
    assert_eq!(expected_server(Screen::FamiliesAdmin), None);

    let api = "https://vault.acme.test/api";
    let cloud_on_self_hosted = mismatch_message(
        Screen::CloudSubscription,
        ServerRole::SelfHosted,
        api,
        Locale::En,
    );
    assert_eq!(
        cloud_on_self_hosted,
        "The \"cloud-subscription\" screen cannot open here: https://vault.acme.test/api is a self-hosted installation. For this server, mount the \"self-hosted-subscription\" screen instead."
    );
    let redeem_on_self_hosted =
        mismatch_message(Screen::Redeem, ServerRole::SelfHosted, api, Locale::Nl);
    assert_eq!(
        redeem_on_self_hosted,
        "Het scherm \"redeem\" kan hier niet openen: https://vault.acme.test/api is een zelf gehoste installatie. Laat apiUrl en identityUrl in plaats daarvan naar een Bitwarden-cloudserver wijzen."
    );
    let self_hosted_on_cloud = mismatch_message(
        Screen::SelfHostedSubscription,
        ServerRole::Cloud,
        api,
        Locale::Nl,
    );
    assert!(
        self_hosted_on_cloud.contains("een Bitwarden-cloudserver")
            && self_hosted_on_cloud.contains("\"cloud-subscription\""),
        "{self_hosted_on_cloud}"
    );
}
