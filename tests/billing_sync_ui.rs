//! The Self-hosting section mounted in the real app against a scripted
//! `fetch`: the download-license dialog, every state of the billing sync
//! token dialog, and what non-owners and non-Enterprise plans see.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::{AppProps, Locale, Route};
use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;
use wire::Secret;

wasm_bindgen_test_configure!(run_in_browser);

const OWNER_ORG: &str = "4bed4fd6-b90c-48a9-a03f-33af1c461353";
const ADMIN_ORG: &str = "5c1a7e3e-7d0e-4a57-9d0b-1b1c7f1d2a01";
const FAMILIES_ORG: &str = "6d2b8f4f-8e1f-4b68-8e1c-2c2d8f2e3b02";
const LICENSE_ORG: &str = "7e3c9a5a-9f2a-4c79-9f2d-3d3e9a3f4c03";
const DUTCH_ORG: &str = "8f4dab6b-a03b-4d8a-a03e-4e4fab405d04";
const RETRY_ORG: &str = "9a5ebc7c-0000-4e9b-b14f-5f5abc516e99";
const INSTALLATION: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

fn subscription_json(org: &str, plan_type: u8, tier: u8, plan_name: &str) -> String {
    format!(
        r#"{{"object":"organizationSubscription","id":"{org}","name":"Acme","businessName":null,
        "billingEmail":"owner@acme.test","plan":{{"object":"plan","type":{plan_type},"productTier":{tier},"name":"{plan_name}"}},
        "planType":{plan_type},"seats":50,"maxCollections":null,"maxStorageGb":1,"enabled":true,"selfHost":true,
        "expiration":null,"expirationWithoutGracePeriod":null}}"#
    )
}

fn license_json(org: &str) -> String {
    format!(
        r#"{{"licenseKey":"lk","installationId":"{INSTALLATION}","id":"{org}","name":"Acme","billingEmail":"owner@acme.test",
        "businessName":null,"enabled":true,"plan":"Enterprise (Annually)","planType":11,"seats":50,"maxCollections":null,
        "usePolicies":true,"useSso":true,"useKeyConnector":true,"useScim":true,"useGroups":true,"useEvents":true,
        "useDirectory":true,"useTotp":true,"use2fa":true,"useApi":true,"useResetPassword":true,"maxStorageGb":1,
        "selfHost":true,"usersGetPremium":true,"useCustomPermissions":true,"version":15,"issued":"2026-01-01T00:00:00Z",
        "refresh":null,"expires":"2027-01-01T00:00:00Z","expirationWithoutGracePeriod":null,"hash":"h","signature":"s"}}"#
    )
}

/// Captures downloads: the blob in `window.__lastBlob`, each link click (name
/// and href) in `window.__downloads`.
fn capture_downloads() {
    js_sys::Function::new_no_args(
        r#"
        if (window.__downloadsCaptured) { return; }
        window.__downloadsCaptured = true;
        window.__downloads = [];
        URL.createObjectURL = function (blob) { window.__lastBlob = blob; return 'blob:captured'; };
        URL.revokeObjectURL = function () {};
        HTMLAnchorElement.prototype.click = function () {
            window.__downloads.push({ name: this.download, href: this.getAttribute('href') });
        };
    "#,
    )
    .call0(&JsValue::NULL)
    .expect("download capture installs");
}

/// Routes every test shares: config, profile (owner of five orgs, admin of
/// one), prelogin, subscriptions; downloads are captured.
fn common_routes() {
    install_fake_network();
    capture_downloads();
    route_config(false);
    let profile = owner_profile_json(&[
        profile_org(OWNER_ORG, 0, 11, 3),
        profile_org(ADMIN_ORG, 1, 11, 3),
        profile_org(FAMILIES_ORG, 0, 7, 1),
        profile_org(LICENSE_ORG, 0, 11, 3),
        profile_org(DUTCH_ORG, 0, 11, 3),
        profile_org(RETRY_ORG, 0, 11, 3),
    ]);
    route("GET", "/api/accounts/profile", &[(200, &profile)]);
    route(
        "POST",
        "/identity/accounts/prelogin",
        &[(
            200,
            r#"{"kdf":0,"kdfIterations":5000,"kdfMemory":null,"kdfParallelism":null,
            "kdfSettings":{"kdfType":0,"iterations":5000,"memory":null,"parallelism":null},"salt":null}"#,
        )],
    );
    for (org, plan_type, tier, name) in [
        (OWNER_ORG, 11, 3, "Enterprise (Annually)"),
        (ADMIN_ORG, 11, 3, "Enterprise (Annually)"),
        (FAMILIES_ORG, 7, 1, "Families"),
        (LICENSE_ORG, 11, 3, "Enterprise (Annually)"),
        (DUTCH_ORG, 11, 3, "Enterprise (Annually)"),
        (RETRY_ORG, 11, 3, "Enterprise (Annually)"),
    ] {
        route(
            "GET",
            &format!("/api/organizations/{org}/subscription"),
            &[(200, &subscription_json(org, plan_type, tier, name))],
        );
    }
}

/// Mounts the app, logged in, on `org`'s subscription page.
fn mount(org: &str, locale: Locale) -> Element {
    common_routes();
    render(AppProps {
        locale: Some(locale),
        start: Some(Route::Subscription {
            org_id: org.parse().expect("org id"),
        }),
        access_token: Some(Secret::new("test-token")),
        ..AppProps::default()
    })
    .0
}

#[wasm_bindgen_test]
async fn owner_walks_the_billing_sync_token_dialog() {
    let key_info = format!("/api/organizations/{OWNER_ORG}/api-key-information/1");
    let api_key = format!("/api/organizations/{OWNER_ORG}/api-key");
    let rotate = format!("/api/organizations/{OWNER_ORG}/rotate-api-key");
    let sync = format!("/api/organization/sponsorship/{OWNER_ORG}/sync-status");
    route(
        "GET",
        &key_info,
        &[(
            200,
            r#"{"object":"list","data":[],"continuationToken":null}"#,
        )],
    );
    route(
        "POST",
        &api_key,
        &[
            (
                400,
                r#"{"object":"error","message":"The model state is invalid.","validationErrors":{"MasterPasswordHash":["Invalid password."]}}"#,
            ),
            (
                200,
                r#"{"object":"apiKey","apiKey":"FirstToken0123456789abcdefghij","revisionDate":"2026-01-01T00:00:00Z"}"#,
            ),
        ],
    );
    route(
        "POST",
        &rotate,
        &[(
            200,
            r#"{"object":"apiKey","apiKey":"SecondToken123456789abcdefghij","revisionDate":"2099-01-01T00:00:00Z"}"#,
        )],
    );
    route(
        "GET",
        &sync,
        &[(
            200,
            r#"{"object":"syncStatus","lastSyncDate":"2025-06-01T00:00:00Z"}"#,
        )],
    );

    let root = mount(OWNER_ORG, Locale::En);
    wait_for(&root, "#self-hosting").await;
    assert_eq!(text_of(&root, "#self-hosting-title"), "Self-hosting");
    wait_text_exact(&root, "#billing-sync-button", "Set up billing sync").await;
    assert!(root.query_selector("#download-license").unwrap().is_some());

    // A: verify.
    click(&root, "#billing-sync-button");
    wait_for(&root, "#billing-sync-dialog").await;
    assert_eq!(
        attr(&root, "#billing-sync-dialog", "role").as_deref(),
        Some("dialog")
    );
    assert_eq!(
        attr(&root, "#billing-sync-dialog", "aria-modal").as_deref(),
        Some("true")
    );
    assert_eq!(
        text_of(&root, "#billing-sync-dialog-title"),
        "Generate billing sync token"
    );
    assert_eq!(
        text_of(&root, "label[for=billing-sync-password]"),
        "Master password"
    );
    assert_eq!(
        text_of(&root, "#billing-sync-password-hint"),
        "Confirm your identity to continue."
    );
    assert_eq!(text_of(&root, "#billing-sync-submit"), "Generate token");
    settle().await;
    assert_eq!(focused_id(), "billing-sync-password");

    click(&root, "#billing-sync-submit");
    wait_text_exact(
        &root,
        "#billing-sync-password-error",
        "Master password is required.",
    )
    .await;
    assert!(
        requests("POST", &api_key).is_empty(),
        "nothing sent for an empty password"
    );

    input(&root, "#billing-sync-password").set_value("wrong password");
    click(&root, "#billing-sync-submit");
    wait_text_exact(
        &root,
        "#billing-sync-password-error",
        "Invalid master password. Check it and try again.",
    )
    .await;
    // The error comes after the hint, both after the input.
    assert_eq!(
        child_ids(&root, "#billing-sync-password-hint"),
        [
            "",
            "billing-sync-password",
            "billing-sync-password-hint",
            "billing-sync-password-error"
        ]
    );
    assert_eq!(
        attr(&root, "#billing-sync-password", "aria-describedby").as_deref(),
        Some("billing-sync-password-hint billing-sync-password-error")
    );
    assert!(
        root.query_selector("#billing-sync-token")
            .unwrap()
            .is_none(),
        "stays in A"
    );
    let sent = requests("POST", &api_key);
    assert_eq!(sent.len(), 1);
    let body = sent[0].json();
    assert_eq!(body["type"], 1);
    assert!(body["masterPasswordHash"]
        .as_str()
        .is_some_and(|h| h.len() == 44));
    assert!(
        !sent[0].body().contains("wrong password"),
        "only the hash is sent"
    );

    // B: token shown.
    input(&root, "#billing-sync-password").set_value("correct horse battery staple");
    click(&root, "#billing-sync-submit");
    wait_for(&root, "#billing-sync-token").await;
    assert_eq!(
        input(&root, "#billing-sync-token").value(),
        "FirstToken0123456789abcdefghij"
    );
    assert!(input(&root, "#billing-sync-token").read_only());
    assert_eq!(
        text_of(&root, "#billing-sync-dialog-title"),
        "View billing sync token"
    );
    assert!(text_of(&root, "#billing-sync-revision").starts_with("Token created/rotated:"));
    wait_for(&root, "#billing-sync-awaiting-sync").await;
    assert!(root
        .query_selector("#billing-sync-last-sync")
        .unwrap()
        .is_none());
    assert!(text_of(&root, "#billing-sync-awaiting-sync")
        .contains("days ago. Update the billing sync token"));
    assert!(root
        .query_selector("#billing-sync-rotated")
        .unwrap()
        .is_none());

    // B → C → Cancel → B.
    click(&root, "#billing-sync-rotate");
    wait_for(&root, "#billing-sync-rotate-confirm").await;
    assert_eq!(
        text_of(&root, "#billing-sync-dialog-title"),
        "Rotate billing sync token"
    );
    assert!(
        has_class(&root, "#billing-sync-rotate-confirm", "btn-danger-solid"),
        "the confirming button is red"
    );
    assert_eq!(
        text_of(&root, "#billing-sync-rotate-text"),
        "Rotating the billing sync token will invalidate the previous token."
    );
    assert_eq!(
        text_of(&root, "#billing-sync-rotate-warning"),
        "If you proceed, you will need to re-setup billing sync on your self-hosted server."
    );
    assert!(root
        .query_selector("#billing-sync-close")
        .unwrap()
        .is_none());
    click(&root, "#billing-sync-cancel");
    wait_for(&root, "#billing-sync-token").await;
    assert!(requests("POST", &rotate).is_empty());

    // C → Rotate: the same password is hashed again, the new token shows.
    click(&root, "#billing-sync-rotate");
    wait_for(&root, "#billing-sync-rotate-confirm").await;
    click(&root, "#billing-sync-rotate-confirm");
    wait_text_exact(&root, "#billing-sync-rotated", "Token rotated").await;
    assert_eq!(
        input(&root, "#billing-sync-token").value(),
        "SecondToken123456789abcdefghij"
    );
    let rotated = requests("POST", &rotate);
    assert_eq!(rotated.len(), 1);
    let first_ok = requests("POST", &api_key)[1].body.clone();
    assert_eq!(
        rotated[0].body, first_ok,
        "same body, re-derived from the held password"
    );
    // Revision in the future: no sync since, the line is the warning.
    wait_for(&root, "#billing-sync-awaiting-sync").await;

    // Close → dialog gone, key state reloaded, label now "Manage".
    route(
        "GET",
        &key_info,
        &[(
            200,
            r#"{"object":"list","data":[{"object":"keyInformation","keyType":1,"revisionDate":"2099-01-01T00:00:00Z"}],"continuationToken":null}"#,
        )],
    );
    click(&root, "#billing-sync-close");
    wait_gone(&root, "#billing-sync-dialog").await;
    wait_text_exact(&root, "#billing-sync-button", "Manage billing sync").await;
    assert!(requests("GET", &key_info).len() >= 2);

    // Reopen: the "view" wording, Escape closes.
    click(&root, "#billing-sync-button");
    wait_for(&root, "#billing-sync-dialog").await;
    assert_eq!(
        text_of(&root, "#billing-sync-dialog-title"),
        "View billing sync token"
    );
    assert_eq!(text_of(&root, "#billing-sync-submit"), "Continue");
    settle().await;
    press_escape();
    wait_gone(&root, "#billing-sync-dialog").await;
}

#[wasm_bindgen_test]
async fn last_sync_after_the_revision_is_shown() {
    let org = DUTCH_ORG;
    route(
        "GET",
        &format!("/api/organizations/{org}/api-key-information/1"),
        &[(
            200,
            r#"{"object":"list","data":[{"object":"keyInformation","keyType":1,"revisionDate":"2026-01-01T00:00:00Z"}],"continuationToken":null}"#,
        )],
    );
    route(
        "POST",
        &format!("/api/organizations/{org}/api-key"),
        &[(
            200,
            r#"{"object":"apiKey","apiKey":"Tok","revisionDate":"2026-01-01T00:00:00Z"}"#,
        )],
    );
    route(
        "GET",
        &format!("/api/organization/sponsorship/{org}/sync-status"),
        &[(
            200,
            r#"{"object":"syncStatus","lastSyncDate":"2026-01-02T00:00:00Z"}"#,
        )],
    );
    let root = mount(org, Locale::Nl);
    wait_for(&root, "#self-hosting").await;
    assert_eq!(text_of(&root, "#self-hosting-title"), "Zelf hosten");
    wait_text_exact(
        &root,
        "#billing-sync-button",
        "Factureringssynchronisatie beheren",
    )
    .await;
    click(&root, "#billing-sync-button");
    wait_for(&root, "#billing-sync-dialog").await;
    assert_eq!(
        text_of(&root, "#billing-sync-dialog-title"),
        "Factureringssynchronisatietoken bekijken"
    );
    assert_eq!(text_of(&root, "#billing-sync-submit"), "Doorgaan");
    assert_eq!(
        text_of(&root, "label[for=billing-sync-password]"),
        "Hoofdwachtwoord"
    );
    input(&root, "#billing-sync-password").set_value("pw");
    click(&root, "#billing-sync-submit");
    wait_for(&root, "#billing-sync-last-sync").await;
    assert!(text_of(&root, "#billing-sync-last-sync").starts_with("Laatste synchronisatie:"));
    assert!(root
        .query_selector("#billing-sync-awaiting-sync")
        .unwrap()
        .is_none());
    assert_eq!(
        text_of(&root, "label[for=billing-sync-token]"),
        "Factureringssynchronisatietoken"
    );
    assert_eq!(text_of(&root, "#billing-sync-rotate"), "Token roteren");
}

#[wasm_bindgen_test]
async fn download_license_validates_shows_server_errors_and_saves_the_file() {
    let org = LICENSE_ORG;
    let path = format!("/api/organizations/{org}/license");
    route(
        "GET",
        &format!("/api/organizations/{org}/api-key-information/1"),
        &[(200, r#"{"object":"list","data":[]}"#)],
    );
    route(
        "GET",
        &path,
        &[
            (
                400,
                r#"{"object":"error","message":"Invalid installation id","validationErrors":null}"#,
            ),
            (200, &license_json(org)),
        ],
    );
    let root = mount(org, Locale::En);
    wait_for(&root, "#download-license").await;
    assert_eq!(text_of(&root, "#download-license"), "Download license");
    click(&root, "#download-license");
    wait_for(&root, "#download-license-dialog").await;
    assert_eq!(
        text_of(&root, "label[for=installation-id]"),
        "Enter your installation id"
    );
    settle().await;
    assert_eq!(focused_id(), "installation-id");

    input(&root, "#installation-id").set_value("not-a-uuid");
    click(&root, "#download-license-submit");
    wait_text_exact(
        &root,
        "#installation-id-error",
        "Enter a valid installation id (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e).",
    )
    .await;
    assert!(requests("GET", &path).is_empty());

    input(&root, "#installation-id").set_value(INSTALLATION);
    click(&root, "#download-license-submit");
    wait_text_exact(
        &root,
        "#installation-id-error",
        "This installation id is not registered with Bitwarden. Check the id in your self-hosted server's configuration and try again.",
    )
    .await;
    assert!(
        root.query_selector("#download-license-dialog")
            .unwrap()
            .is_some(),
        "stays open"
    );
    assert_eq!(
        requests("GET", &path)[0].query,
        format!("?installationId={INSTALLATION}")
    );

    click(&root, "#download-license-submit");
    wait_gone(&root, "#download-license-dialog").await;
    wait_for(&root, "#license-downloaded").await;
    let window = web_sys::window().unwrap();
    let downloads =
        js_sys::Array::from(&js_sys::Reflect::get(&window, &"__downloads".into()).unwrap());
    let last = downloads.get(downloads.length() - 1);
    assert_eq!(
        get_str(&last, "name").as_deref(),
        Some("bitwarden_organization_license.json")
    );
    let blob: web_sys::Blob = js_sys::Reflect::get(&window, &"__lastBlob".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let text = wasm_bindgen_futures::JsFuture::from(blob.text())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        text.starts_with("{\n  \"licenseKey\": \"lk\",\n  \"installationId\": "),
        "{text}"
    );
    assert_eq!(blob.type_(), "application/json");

    // Cancel and Escape close without a request.
    let before = requests("GET", &path).len();
    click(&root, "#download-license");
    wait_for(&root, "#download-license-dialog").await;
    click(&root, "#download-license-cancel");
    wait_gone(&root, "#download-license-dialog").await;
    click(&root, "#download-license");
    wait_for(&root, "#download-license-dialog").await;
    settle().await;
    press_escape();
    wait_gone(&root, "#download-license-dialog").await;
    assert_eq!(requests("GET", &path).len(), before);
}

#[wasm_bindgen_test]
async fn admins_get_an_explanation_instead_of_the_section() {
    let root = mount(ADMIN_ORG, Locale::En);
    wait_for(&root, "#self-hosting-owners-only").await;
    assert_eq!(
        text_of(&root, "#self-hosting-owners-only"),
        "Only organization owners can set up billing sync or download the license."
    );
    assert!(root.query_selector("#download-license").unwrap().is_none());
    assert!(root
        .query_selector("#billing-sync-button")
        .unwrap()
        .is_none());
    assert!(requests(
        "GET",
        &format!("/api/organizations/{ADMIN_ORG}/api-key-information/1")
    )
    .is_empty());
}

#[wasm_bindgen_test]
async fn families_plan_keeps_the_license_but_explains_billing_sync() {
    let root = mount(FAMILIES_ORG, Locale::En);
    wait_for(&root, "#billing-sync-unavailable").await;
    assert_eq!(
        text_of(&root, "#billing-sync-unavailable"),
        "Billing sync is available for Enterprise and Teams organizations."
    );
    assert!(root.query_selector("#download-license").unwrap().is_some());
    assert!(root
        .query_selector("#billing-sync-button")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn key_information_failure_offers_a_retry() {
    let org = RETRY_ORG;
    install_fake_network();
    let key_info = format!("/api/organizations/{org}/api-key-information/1");
    route(
        "GET",
        &key_info,
        &[
            (
                500,
                r#"{"object":"error","message":"An error has occurred."}"#,
            ),
            (200, r#"{"object":"list","data":[]}"#),
        ],
    );
    let root = mount(org, Locale::En);
    wait_for(&root, "#billing-sync-load-error").await;
    click(&root, "#billing-sync-retry");
    wait_text_exact(&root, "#billing-sync-button", "Set up billing sync").await;
}
