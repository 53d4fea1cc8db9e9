//! The embed's entry (`billing-sync.js`, `embed::entry`) as a host page
//! calls it: bad options throw at once and leave the element untouched; the
//! handle comes back before the screen's module has loaded, and what the
//! host does meanwhile is kept (`setLocale`, `setAccessToken`) or honoured
//! (`unmount()` leaves nothing). Here the group's module is not served
//! (the test runner has no `screens/` folder), so each mount ends in the
//! entry's own failure: the message in the element and the `error` event
//! of kind `load`, in the language the host chose last. A group's app shows
//! a page of another group as what it is (`Elsewhere`), not as a blank.
use super::fresh_element;
use crate::common::*;
use billing_sync_web::embed::entry::{mount, EntryMount};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::Element;

const ORG: &str = "a1a1a1a1-1111-4111-8111-111111111111";

fn options(extra: &str) -> JsValue {
    let json = format!(
        r#"{{"apiUrl":"/api","identityUrl":"/identity","accessToken":"token-1",
        "screen":"families-admin","organizationId":"{ORG}"{extra}}}"#
    );
    js_sys::JSON::parse(&json).unwrap_or_else(|e| panic!("{json}: {e:?}"))
}

fn mount_ok(element: &Element, options: JsValue) -> EntryMount {
    mount(element.clone().into(), options)
        .map_err(|e| js_sys::Error::from(JsValue::from(e)).message())
        .unwrap_or_else(|message| panic!("mount refused: {message:?}"))
}

fn thrown_message(error: JsValue) -> String {
    String::from(js_sys::Error::from(error).message())
}

/// Records the `error` events on `element` as `kind|message` in `window[key]`.
fn record_errors(element: &Element, key: &str) {
    js_sys::Function::new_with_args(
        "element, key",
        "window[key] = [];
         element.addEventListener('error', (e) =>
           window[key].push(e.detail.kind + '|' + e.detail.message));",
    )
    .call2(&JsValue::NULL, element, &key.into())
    .expect("listener added");
}

fn errors(key: &str) -> Vec<String> {
    let list = js_sys::Reflect::get(&web_sys::window().unwrap(), &key.into()).unwrap();
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|e| e.as_string())
        .collect()
}

/// Waits (up to ~5 s) for a recorded error.
async fn wait_error(key: &str) -> String {
    for _ in 0..100 {
        if let Some(first) = errors(key).into_iter().next() {
            return first;
        }
        settle().await;
    }
    panic!("no error event under {key}")
}

#[wasm_bindgen_test]
fn bad_options_throw_at_once_and_leave_the_element_untouched() {
    let element = fresh_element();
    element.set_inner_html("<p>host content</p>");
    for (bad, named) in [
        (options(r#","screen":"billing""#), "\"screen\""),
        (options(r#","organizationId":"acme""#), "\"organizationId\""),
        (options(r#","colour":"red""#), "unknown option \"colour\""),
        (JsValue::from_str("families"), "\"options\""),
    ] {
        let error = mount(element.clone().into(), bad)
            .err()
            .expect("mount must refuse these options");
        let message = thrown_message(error.into());
        assert!(message.contains(named), "{named} in {message:?}");
        assert_eq!(element.inner_html(), "<p>host content</p>");
    }
    let not_an_element = mount(JsValue::from_str("#here"), options(""))
        .err()
        .expect("a selector is not an element");
    assert!(thrown_message(not_an_element.into()).contains("DOM Element"));
}

#[wasm_bindgen_test]
async fn a_module_that_does_not_load_is_shown_and_sent_in_the_language_set_meanwhile() {
    let element = fresh_element();
    record_errors(&element, "entryErrors");
    let mut handle = mount_ok(&element, options(r#","locale":"en""#));
    // Returned at once: the container with the loading line is there.
    assert!(exists(
        &element,
        "[data-billing-sync-mount] [data-billing-sync-loading]"
    ));
    assert_eq!(text_of(&element, "[data-billing-sync-loading]"), "Loading…");
    // Checked at once, kept for the screen.
    let refused = handle.set_locale(JsValue::from_str("fr")).unwrap_err();
    assert!(thrown_message(refused).contains("\"en\", \"nl\""));
    let refused = handle.set_access_token(JsValue::from_str("")).unwrap_err();
    assert!(thrown_message(refused).contains("accessToken"));
    handle.set_locale(JsValue::from_str("nl")).expect("nl");
    handle
        .set_access_token(JsValue::from_str("token-2"))
        .expect("a token");

    let error = wait_error("entryErrors").await;
    let (kind, message) = error.split_once('|').expect("kind|message");
    assert_eq!(kind, "load");
    assert!(
        message.contains("/screens/families/families.js")
            && message.contains("embed/v1")
            && message.starts_with("Dit scherm kon niet worden geladen"),
        "the module's URL and what to check, in Dutch: {message}"
    );
    wait_text(&element, "#embed-load-error", message).await;
    assert!(!exists(&element, "[data-billing-sync-loading]"));
    assert_eq!(
        attr(&element, ".billing-sync", "lang").as_deref(),
        Some("nl")
    );
    assert!(
        !message.contains("token-"),
        "no token in the message: {message}"
    );

    handle.unmount();
    assert_eq!(element.inner_html(), "");
    let late = handle.set_locale(JsValue::from_str("en")).unwrap_err();
    assert!(thrown_message(late).contains("unmounted"));
    // The element takes a new mount.
    let mut again = mount_ok(&element, options(""));
    again.unmount();
    assert_eq!(element.inner_html(), "");
}

#[wasm_bindgen_test]
async fn an_unmount_before_the_module_loaded_cancels_the_mount() {
    let element = fresh_element();
    record_errors(&element, "cancelledErrors");
    let mut handle = mount_ok(&element, options(""));
    handle.unmount();
    handle.unmount();
    assert_eq!(element.inner_html(), "");
    // Long enough for the import to fail (a missing file on loopback).
    yew::platform::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(element.inner_html(), "", "nothing is shown after all");
    assert!(
        errors("cancelledErrors").is_empty(),
        "a cancelled mount sends nothing"
    );
}

#[wasm_bindgen_test]
async fn a_page_outside_the_group_is_named_not_rendered() {
    use billing_sync_web::embed::groups::RedeemScreens;
    use billing_sync_web::embed::mount_in;
    // The offer page's group asked for the admin's Families page (as a
    // link inside a screen would): it says what the page is instead.
    let element = fresh_element();
    let root = document().create_element("div").expect("div");
    element.append_child(&root).expect("append");
    let mut mounted = mount_in::<RedeemScreens>(element.clone(), root.clone(), options(""))
        .unwrap_or_else(|e| panic!("{:?}", thrown_message(e.into())));
    wait_text(
        &element,
        "#embed-elsewhere",
        "Free Bitwarden Families is not part of this embedded screen. Open it in your vault.",
    )
    .await;
    assert!(exists(&element, "button#embed-elsewhere-back"));
    assert!(!exists(&element, "#member-families-title"));
    mounted.set_locale(JsValue::from_str("nl")).expect("nl");
    wait_text(
        &element,
        "#embed-elsewhere",
        "Gratis Bitwarden Families hoort niet bij dit ingesloten scherm.",
    )
    .await;
    mounted.unmount();
    settle().await;
    assert_eq!(root.inner_html(), "", "the group's app is gone");
}
