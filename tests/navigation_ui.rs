//! The navigation, found by role and visible name as a person (or a screen
//! reader) finds it: the product switcher in the header, the Password
//! Manager's and the Admin Console's side navigation, the organization
//! picker; who sees which entry; keyboard use; deep links.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::{AppProps, Locale, Route};
use common::{attr, click, route, route_config, settle, wait_for};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};
use wire::{OrganizationId, Secret};

wasm_bindgen_test_configure!(run_in_browser);

const ACME: &str = "5b2c8e0e-3b6a-4d1c-9a55-0d6f1b3c2a10";
const GLOBEX: &str = "7d1e4c3a-2b5f-4e8d-8c61-1a2b3c4d5e6f";

fn org_id(id: &str) -> OrganizationId {
    id.parse().expect("uuid")
}

/// A membership: `role` 0 owner, 1 admin, 2 user; `tier` 3 Enterprise, 2 Teams.
fn membership(id: &str, name: &str, role: u8, tier: u8) -> String {
    let plan_type = if tier == 3 { 20 } else { 12 };
    common::profile_org(id, role, plan_type, tier).replace("\"Acme\"", &format!("{name:?}"))
}

fn serve_profile(orgs: &[String]) {
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &common::owner_profile_json(orgs))],
    );
    route_config(false);
}

fn props(start: Route, locale: Locale) -> AppProps {
    AppProps {
        access_token: Some(Secret::new("access-1".to_owned())),
        locale: Some(locale),
        start: Some(start),
        ..AppProps::default()
    }
}

/// Every element matching `css` whose accessible name (its `aria-label`, or
/// else its trimmed text) is `name`.
fn named(root: &Element, css: &str, name: &str) -> Vec<Element> {
    let list = root.query_selector_all(css).expect("valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .filter(|e| {
            e.get_attribute("aria-label")
                .unwrap_or_else(|| e.text_content().unwrap_or_default().trim().to_owned())
                == name
        })
        .collect()
}

/// Waits for exactly one element matching `css` named `name`.
async fn wait_named(root: &Element, css: &str, name: &str) -> Element {
    for _ in 0..100 {
        if let [one] = named(root, css, name).as_slice() {
            return one.clone();
        }
        settle().await;
    }
    panic!(
        "no single {css} named {name:?}; page: {}",
        root.inner_html()
    );
}

fn press(element: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    element.dispatch_event(&event).expect("dispatched");
}

fn focused() -> Option<Element> {
    common::document().active_element()
}

fn is_visible(element: &Element) -> bool {
    element
        .dyn_ref::<HtmlElement>()
        .is_some_and(|e| e.offset_parent().is_some())
}

#[wasm_bindgen_test]
async fn the_product_switcher_leads_an_owner_to_the_admin_console() {
    common::reset_network();
    serve_profile(&[membership(ACME, "Acme", 0, 3)]);
    let (root, _app) = common::render(props(Route::Vault, Locale::En));
    let switcher = wait_named(&root, "button", "Switch products").await;
    assert_eq!(
        switcher.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    switcher.dyn_ref::<HtmlElement>().unwrap().click();
    let pm = wait_named(&root, "a", "Password Manager").await;
    assert_eq!(pm.get_attribute("aria-current").as_deref(), Some("page"));
    let ac = wait_named(&root, "a", "Admin Console").await;
    assert_eq!(ac.get_attribute("aria-current"), None);
    assert_eq!(
        switcher.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    // One organization: straight to its Admin Console.
    assert_eq!(
        ac.get_attribute("href"),
        Some(format!("/organizations/{ACME}"))
    );
    ac.dyn_ref::<HtmlElement>().unwrap().click();
    let nav = wait_named(&root, "nav", "Admin Console").await;
    wait_named(&root, "h1", "Acme").await;
    let billing = wait_named(&nav, "button", "Billing").await;
    assert_eq!(
        billing.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    billing.dyn_ref::<HtmlElement>().unwrap().click();
    settle().await;
    assert_eq!(
        billing.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let subscription = wait_named(&nav, "a", "Subscription").await;
    assert!(is_visible(&subscription));
    subscription.dyn_ref::<HtmlElement>().unwrap().click();
    wait_named(&root, "h1", "Subscription").await;
    let subscription = wait_named(&nav, "a", "Subscription").await;
    assert_eq!(
        subscription.get_attribute("aria-current").as_deref(),
        Some("page")
    );
    // The switcher now marks the Admin Console.
    wait_named(&root, "button", "Switch products")
        .await
        .dyn_ref::<HtmlElement>()
        .unwrap()
        .click();
    let ac = wait_named(&root, "a", "Admin Console").await;
    assert_eq!(ac.get_attribute("aria-current").as_deref(), Some("page"));
}

#[wasm_bindgen_test]
async fn a_member_sees_no_admin_console_but_free_families_under_settings() {
    common::reset_network();
    serve_profile(&[membership(ACME, "Acme", 2, 3)]);
    let (root, _app) = common::render(props(Route::Vault, Locale::Nl));
    wait_named(&root, "button", "Producten wisselen")
        .await
        .dyn_ref::<HtmlElement>()
        .unwrap()
        .click();
    wait_named(&root, "a", "Password Manager").await;
    assert!(
        named(&root, "a", "Admin Console").is_empty(),
        "members manage nothing"
    );
    let nav = wait_named(&root, "nav", "Wachtwoordbeheerder").await;
    let vaults = wait_named(&nav, "a", "Kluizen").await;
    assert_eq!(
        vaults.get_attribute("aria-current").as_deref(),
        Some("page")
    );
    let settings = wait_named(&nav, "button", "Instellingen").await;
    settings.dyn_ref::<HtmlElement>().unwrap().click();
    let families = wait_named(&nav, "a", "Gratis Bitwarden Families").await;
    assert_eq!(
        families.get_attribute("href").as_deref(),
        Some("/settings/sponsored-families")
    );
}

#[wasm_bindgen_test]
async fn a_teams_member_has_no_families_entry() {
    common::reset_network();
    serve_profile(&[membership(ACME, "Acme", 0, 2)]);
    let (root, _app) = common::render(props(Route::Vault, Locale::En));
    let nav = wait_named(&root, "nav", "Password Manager").await;
    wait_named(&nav, "a", "Vaults").await;
    settle().await;
    assert!(
        named(&nav, "button", "Settings").is_empty(),
        "no entry, no group"
    );
    assert!(named(&nav, "a", "Free Bitwarden Families").is_empty());
}

#[wasm_bindgen_test]
async fn a_deep_link_opens_billing_and_marks_subscription_in_dutch() {
    common::reset_network();
    serve_profile(&[membership(ACME, "Acme", 1, 3)]);
    let start = Route::Subscription {
        org_id: org_id(ACME),
    };
    let (root, _app) = common::render(props(start, Locale::Nl));
    let nav = wait_named(&root, "nav", "Beheerconsole").await;
    let billing = wait_named(&nav, "button", "Facturering").await;
    assert_eq!(
        billing.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let subscription = wait_named(&nav, "a", "Abonnement").await;
    assert_eq!(
        subscription.get_attribute("aria-current").as_deref(),
        Some("page")
    );
    assert_eq!(
        subscription.get_attribute("href"),
        Some(format!("/organizations/{ACME}/billing/subscription"))
    );
    // An enterprise admin also has Members (its Families list), collapsed
    // because the current place is under Billing.
    let members = wait_named(&nav, "button", "Leden").await;
    assert_eq!(
        members.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn several_organizations_get_a_picker_and_a_switcher() {
    common::reset_network();
    serve_profile(&[
        membership(GLOBEX, "Globex", 0, 3),
        membership(ACME, "Acme", 1, 3),
        membership("0c3d1f5e-6a7b-4c8d-9e0f-1a2b3c4d5e6f", "Initech", 2, 3),
    ]);
    let (root, _app) = common::render(props(Route::Vault, Locale::En));
    wait_named(&root, "button", "Switch products")
        .await
        .dyn_ref::<HtmlElement>()
        .unwrap()
        .click();
    let ac = wait_named(&root, "a", "Admin Console").await;
    assert_eq!(ac.get_attribute("href").as_deref(), Some("/organizations"));
    ac.dyn_ref::<HtmlElement>().unwrap().click();
    wait_named(&root, "h1", "Choose an organization").await;
    let picker = wait_for(&root, "#organization-picker").await;
    let names: Vec<String> = (0..picker.children().length())
        .filter_map(|i| picker.children().item(i))
        .map(|li| li.text_content().unwrap_or_default().trim().to_owned())
        .collect();
    assert_eq!(
        names,
        ["Acme", "Globex"],
        "by name; Initech is only a membership"
    );
    wait_named(&picker, "a", "Globex")
        .await
        .dyn_ref::<HtmlElement>()
        .unwrap()
        .click();
    let nav = wait_named(&root, "nav", "Admin Console").await;
    let switcher = wait_named(&nav, "button", "Organization Globex").await;
    assert_eq!(
        switcher.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    switcher.dyn_ref::<HtmlElement>().unwrap().click();
    wait_named(&nav, "a", "Acme")
        .await
        .dyn_ref::<HtmlElement>()
        .unwrap()
        .click();
    wait_named(&root, "h1", "Acme").await;
    wait_named(&nav, "button", "Organization Acme").await;
}

#[wasm_bindgen_test]
async fn the_switcher_works_from_the_keyboard() {
    common::reset_network();
    serve_profile(&[membership(ACME, "Acme", 0, 3)]);
    let (root, _app) = common::render(props(Route::Vault, Locale::En));
    let switcher = wait_named(&root, "button", "Switch products").await;
    switcher.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    // Enter on a focused button is a click.
    switcher.dyn_ref::<HtmlElement>().unwrap().click();
    let pm = wait_named(&root, "a", "Password Manager").await;
    settle().await;
    assert_eq!(
        focused().as_ref(),
        Some(&pm),
        "opening focuses the first product"
    );
    press(&pm, "ArrowDown");
    let ac = wait_named(&root, "a", "Admin Console").await;
    assert_eq!(focused().as_ref(), Some(&ac));
    press(&ac, "ArrowDown");
    assert_eq!(focused().as_ref(), Some(&pm), "wraps around");
    press(&pm, "Escape");
    settle().await;
    assert!(named(&root, "a", "Admin Console").is_empty(), "closed");
    assert_eq!(
        focused().as_ref(),
        Some(&switcher),
        "focus back on the button"
    );
    assert_eq!(
        attr(&root, "#product-switcher", "aria-expanded").as_deref(),
        Some("false")
    );
    click(&root, "#product-switcher");
    wait_named(&root, "a", "Admin Console").await;
}
