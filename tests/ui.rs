//! The app mounted into a page: login form in both languages, the step flow,
//! the language switch, and the error-with-retry state.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::{AppProps, Locale, Route};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use wire::Secret;
use yew_router::Routable;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `App` into a fresh element; a session left by another test is cleared first.
fn mount(props: AppProps) -> Element {
    common::render(props).0
}

fn login_props(locale: Locale) -> AppProps {
    AppProps {
        locale: Some(locale),
        start: Some(Route::Login),
        ..AppProps::default()
    }
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(60)).await;
}

/// Waits (up to ~3 s) until `selector` exists under `root`.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..60 {
        if let Ok(Some(found)) = root.query_selector(selector) {
            return found;
        }
        settle().await;
    }
    panic!("{selector} never appeared; page: {}", root.inner_html());
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_else(|| panic!("{selector} missing; page: {}", root.inner_html()))
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .unwrap_or_else(|| panic!("{selector} not clickable"))
        .click();
}

fn type_into(root: &Element, selector: &str, value: &str) {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .unwrap_or_else(|| panic!("{selector} is not an input"))
        .set_value(value);
}

#[wasm_bindgen_test]
async fn login_form_renders_in_english() {
    let root = mount(login_props(Locale::En));
    wait_for(&root, "#email").await;
    assert_eq!(text_of(&root, "label[for=email]"), "Email address");
    assert_eq!(text_of(&root, "#login-continue").trim(), "Continue");
    assert_eq!(text_of(&root, "#lang-en"), "EN");
    assert!(root.query_selector("#logout").expect("query").is_none());
}

#[wasm_bindgen_test]
async fn login_form_renders_in_dutch() {
    let root = mount(login_props(Locale::Nl));
    wait_for(&root, "#email").await;
    assert_eq!(text_of(&root, "label[for=email]"), "E-mailadres");
    assert_eq!(text_of(&root, "#login-continue").trim(), "Doorgaan");
    assert_eq!(text_of(&root, "#login-title"), "Inloggen");
}

#[wasm_bindgen_test]
async fn email_step_validates_then_moves_to_the_password_step() {
    let root = mount(login_props(Locale::En));
    wait_for(&root, "#email").await;
    click(&root, "#login-continue");
    settle().await;
    assert_eq!(text_of(&root, "#email-error"), "Email address is required.");

    type_into(&root, "#email", "  Owner@Acme.test ");
    click(&root, "#login-continue");
    wait_for(&root, "#master-password").await;
    assert_eq!(
        text_of(&root, "label[for=master-password]"),
        "Master password"
    );
    assert_eq!(text_of(&root, "#login-email"), "Owner@Acme.test");
    assert_eq!(
        text_of(&root, "#login-submit").trim(),
        "Log in with master password"
    );

    click(&root, "#login-submit");
    settle().await;
    assert_eq!(
        text_of(&root, "#master-password-error"),
        "Master password is required."
    );

    click(&root, "#login-change-email");
    let email = wait_for(&root, "#email").await;
    let email: HtmlInputElement = email.dyn_into().expect("input");
    assert_eq!(email.value(), "Owner@Acme.test");
}

#[wasm_bindgen_test]
async fn language_switch_translates_the_page() {
    let root = mount(login_props(Locale::En));
    wait_for(&root, "#email").await;
    click(&root, "#lang-nl");
    settle().await;
    assert_eq!(text_of(&root, "label[for=email]"), "E-mailadres");
    let pressed = root
        .query_selector("#lang-nl")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("aria-pressed"));
    assert_eq!(pressed.as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn vault_shows_an_error_with_retry_when_the_profile_cannot_load() {
    // The test runner's web server has no API, so the profile request fails
    // with a non-JSON 404: the page must say so and offer a retry.
    let root = mount(AppProps {
        locale: Some(Locale::En),
        start: Some(Route::Vault),
        access_token: Some(Secret::new("test-token")),
        api_base: "/no-such-api".into(),
        ..AppProps::default()
    });
    wait_for(&root, "#load-error").await;
    assert_eq!(
        text_of(&root, "[data-test=load-error-message]"),
        "An unexpected error has occurred."
    );
    assert_eq!(text_of(&root, "#retry").trim(), "Try again");
    assert_eq!(text_of(&root, "#logout"), "Log out");

    click(&root, "#logout");
    wait_for(&root, "#login-title").await;
}

#[wasm_bindgen_test]
async fn subscription_route_renders_the_admin_console_frame_in_dutch() {
    let org_id = "4bed4fd6-b90c-48a9-a03f-33af1c461353"
        .parse()
        .expect("valid organization id");
    // The profile and config answer; the subscription does not (404).
    common::reset_network();
    common::route_config(false);
    common::route(
        "GET",
        "/api/accounts/profile",
        &[(
            200,
            &common::owner_profile_json(&[common::profile_org(
                "4bed4fd6-b90c-48a9-a03f-33af1c461353",
                0,
                20,
                3,
            )]),
        )],
    );
    let root = mount(AppProps {
        locale: Some(Locale::Nl),
        start: Some(Route::Subscription { org_id }),
        access_token: Some(Secret::new("test-token")),
        ..AppProps::default()
    });
    wait_for(&root, "#page-title").await;
    assert_eq!(text_of(&root, "#page-title"), "Abonnement");
    wait_for(&root, "#nav-billing").await;
    assert_eq!(text_of(&root, "#nav-billing"), "Facturering");
    assert_eq!(text_of(&root, "#nav-subscription"), "Abonnement");
    assert_eq!(text_of(&root, "#org-name"), "Acme");
    wait_for(&root, "#load-error").await;
    assert_eq!(text_of(&root, "#retry").trim(), "Opnieuw proberen");
}

#[wasm_bindgen_test]
fn routes_round_trip_through_their_urls() {
    let org_id = "4bed4fd6-b90c-48a9-a03f-33af1c461353"
        .parse()
        .expect("valid organization id");
    let route = Route::Subscription { org_id };
    let path = route.to_path();
    assert_eq!(
        path,
        "/organizations/4bed4fd6-b90c-48a9-a03f-33af1c461353/billing/subscription"
    );
    assert_eq!(Route::recognize(&path), Some(route));
    assert_eq!(Route::recognize("/vault"), Some(Route::Vault));
    assert_eq!(Route::recognize("/nope"), Some(Route::NotFound));
}
