//! The self-hosted "License and billing management" section and the "New
//! organization" page, mounted in the real app against a scripted `fetch`:
//! sync (Never → a date), the 404 and version hints, the Manage billing sync
//! dialog (server message under the field, save, delete), manual upload,
//! cloud communication off, the admin's read-only view.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::kdf::MasterKey;
use billing_sync_web::keys::new_account_keys;
use billing_sync_web::{AppProps, Locale, Route};
use common::*;
use wasm_bindgen_test::*;
use web_sys::Element;
use wire::Secret;

wasm_bindgen_test_configure!(run_in_browser);

const SYNC_ORG: &str = "11111111-1111-4111-8111-111111111111";
const NOT_FOUND_ORG: &str = "22222222-2222-4222-8222-222222222222";
const DIALOG_ORG: &str = "33333333-3333-4333-8333-333333333333";
const OFFLINE_ORG: &str = "44444444-4444-4444-8444-444444444444";
const ADMIN_ORG: &str = "55555555-5555-4555-8555-555555555555";
const NEW_ORG: &str = "66666666-6666-4666-8666-666666666666";
const CONNECTION: &str = "77777777-7777-4777-8777-777777777777";

fn connection_json(org: &str, enabled: bool, last_sync: Option<&str>) -> String {
    let last = last_sync.map_or("null".to_owned(), |d| format!("\"{d}\""));
    format!(
        r#"{{"id":"{CONNECTION}","type":1,"organizationId":"{org}","enabled":{enabled},
        "config":{{"BillingSyncKey":"saved-token","CloudOrganizationId":"{org}","LastLicenseSync":{last}}}}}"#
    )
}

const EMPTY_CONNECTION: &str = r#"{"id":null,"type":0,"organizationId":"00000000-0000-0000-0000-000000000000","enabled":false,"config":null}"#;

/// Owner of every organization here but `ADMIN_ORG` (admin there); `NEW_ORG` once created.
fn profile_json(with_new_org: bool) -> String {
    let mut orgs = vec![
        enterprise_org(SYNC_ORG, 0),
        enterprise_org(NOT_FOUND_ORG, 0),
        enterprise_org(DIALOG_ORG, 0),
        enterprise_org(OFFLINE_ORG, 0),
        enterprise_org(ADMIN_ORG, 1),
    ];
    if with_new_org {
        orgs.push(enterprise_org(NEW_ORG, 0));
    }
    owner_profile_json(&orgs)
}

/// An Enterprise (Annually) organization in the profile.
fn enterprise_org(org: &str, role: u8) -> String {
    profile_org(org, role, 20, 3)
}

/// Installed once per test binary, so a test can change a route before mounting.
fn common_routes() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(install_common_routes);
}

fn install_common_routes() {
    route_config(true);
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &profile_json(false))],
    );
    route(
        "GET",
        "/api/organizations/connections/enabled",
        &[(200, "true")],
    );
    for org in [
        SYNC_ORG,
        NOT_FOUND_ORG,
        DIALOG_ORG,
        OFFLINE_ORG,
        ADMIN_ORG,
        NEW_ORG,
    ] {
        route(
            "GET",
            &format!("/api/organizations/{org}/subscription"),
            &[(200, &enterprise_subscription_json(org))],
        );
    }
}

fn connection_path(org: &str) -> String {
    format!("/api/organizations/connections/{org}/1")
}

/// Mounts the app, logged in, on `start`.
fn mount(start: Route, locale: Locale) -> Element {
    common_routes();
    render(AppProps {
        locale: Some(locale),
        start: Some(start),
        access_token: Some(Secret::new("test-token")),
        ..AppProps::default()
    })
    .0
}

fn subscription(org: &str) -> Route {
    Route::Subscription {
        org_id: org.parse().expect("org id"),
    }
}

#[wasm_bindgen_test]
async fn owner_syncs_the_license_and_last_sync_changes_from_never_to_a_date() {
    route(
        "GET",
        &connection_path(SYNC_ORG),
        &[
            (200, &connection_json(SYNC_ORG, true, None)),
            (
                200,
                &connection_json(SYNC_ORG, true, Some("2026-05-04T10:11:12+00:00")),
            ),
        ],
    );
    let sync = format!("/api/organizations/licenses/self-hosted/{SYNC_ORG}/sync");
    route("POST", &sync, &[(200, "")]);
    let root = mount(subscription(SYNC_ORG), Locale::En);

    wait_for(&root, "#license-billing #last-license-sync").await;
    assert_eq!(text_of(&root, "#last-license-sync"), "Never");
    assert_eq!(text_of(&root, "#plan-name"), "Enterprise (Annually)");
    assert_eq!(
        text_of(&root, "#license-billing-title"),
        "License and billing management"
    );
    // Separate grace period: the date without grace, and the note.
    assert!(text_of(&root, "#subscription-expiration").contains("2098"));
    let note = text_of(&root, "#grace-period-note");
    assert!(
        note.starts_with("After your subscription expires, you have 60 days")
            && note.contains("2099"),
        "{note}"
    );
    assert!(!exists(&root, "#expiration"), "no second expiration row");
    assert!(!exists(&root, "#cloud-communication-disabled"));
    // An enabled connection selects Automatic sync.
    assert!(input(&root, "#update-method-sync").checked());
    assert!(!input(&root, "#update-method-upload").checked());
    assert_eq!(
        text_of(&root, "label[for=update-method-sync]"),
        "Automatic sync"
    );
    assert_eq!(
        text_of(&root, "#manage-billing-sync"),
        "Manage billing sync"
    );

    click(&root, "#sync-license");
    wait_text(&root, "#sync-license-result", "Successfully synced license").await;
    for _ in 0..100 {
        if text_of(&root, "#last-license-sync") != "Never" {
            break;
        }
        settle().await;
    }
    let last = text_of(&root, "#last-license-sync");
    assert!(
        last.contains("2026"),
        "Last license sync shows a date: {last}"
    );
    assert_eq!(requests("POST", &sync).len(), 1);
    assert!(!exists(&root, "#sync-license-error"));
}

#[wasm_bindgen_test]
async fn a_sync_404_says_to_set_up_billing_sync_in_dutch() {
    route(
        "GET",
        &connection_path(NOT_FOUND_ORG),
        &[(200, &connection_json(NOT_FOUND_ORG, true, None))],
    );
    route(
        "POST",
        &format!("/api/organizations/licenses/self-hosted/{NOT_FOUND_ORG}/sync"),
        &[(
            404,
            r#"{"object":"error","message":"Resource not found.","validationErrors":null}"#,
        )],
    );
    let root = mount(subscription(NOT_FOUND_ORG), Locale::Nl);
    wait_for(&root, "#sync-license").await;
    assert_eq!(text_of(&root, "#last-license-sync"), "Nooit");
    assert_eq!(
        text_of(&root, "label[for=update-method-sync]"),
        "Automatische synchronisatie"
    );
    assert_eq!(text_of(&root, "#sync-license"), "Licentie synchroniseren");
    assert_eq!(
        text_of(&root, "#license-billing-title"),
        "Licentie- en factureringsbeheer"
    );
    assert_eq!(
        text_of(&root, "#manage-billing-sync"),
        "Factureringssynchronisatie beheren"
    );
    click(&root, "#sync-license");
    wait_for(&root, "#sync-license-error").await;
    let error = text_of(&root, "#sync-license-error");
    assert!(error.contains("Resource not found."), "{error}");
    assert!(
        error.contains("Stel eerst factureringssynchronisatie in"),
        "{error}"
    );
}

#[wasm_bindgen_test]
async fn the_token_dialog_shows_the_servers_message_then_saves_and_deletes() {
    let connection = connection_path(DIALOG_ORG);
    route("GET", &connection, &[(200, EMPTY_CONNECTION)]);
    route(
        "POST",
        "/api/organizations/connections",
        &[
            (
                400,
                r#"{"object":"error","message":"The billing sync token was rejected by the cloud. Check that you copied the current token.","validationErrors":null}"#,
            ),
            (200, &connection_json(DIALOG_ORG, true, None)),
        ],
    );
    let root = mount(subscription(DIALOG_ORG), Locale::En);
    wait_for(&root, "#update-method-upload").await;
    // No connection: Manual upload; no Last license sync row.
    assert!(input(&root, "#update-method-upload").checked());
    assert!(!exists(&root, "#last-license-sync"));
    assert!(exists(&root, "#upload-license"));

    click(&root, "#update-method-sync");
    wait_for(&root, "#manage-billing-sync").await;
    assert!(
        is_disabled(&root, "#sync-license"),
        "no connection: Sync license is disabled"
    );
    click(&root, "#manage-billing-sync");
    wait_for(&root, "#billing-sync-key-dialog").await;
    assert!(
        !exists(&root, "#billing-sync-key-delete"),
        "nothing to delete yet"
    );
    assert!(text_of(&root, "#billing-sync-key-dialog").contains(
        "A billing sync token from your cloud organization's subscription settings is required"
    ));
    assert!(
        input(&root, "#billing-sync-key")
            .class_name()
            .split_whitespace()
            .any(|c| c == "mono"),
        "the token field is monospace"
    );
    click(&root, "#billing-sync-key-save");
    wait_text(
        &root,
        "#billing-sync-key-error",
        "Billing sync token is required.",
    )
    .await;

    input(&root, "#billing-sync-key").set_value("pasted-token");
    click(&root, "#billing-sync-key-save");
    wait_text(&root, "#billing-sync-key-error", "rejected by the cloud").await;
    assert!(exists(&root, "#billing-sync-key-dialog"), "stays open");

    route(
        "GET",
        &connection,
        &[(200, &connection_json(DIALOG_ORG, true, None))],
    );
    click(&root, "#billing-sync-key-save");
    wait_gone(&root, "#billing-sync-key-dialog").await;
    let posts = requests("POST", "/api/organizations/connections");
    assert_eq!(posts.len(), 2);
    let body = posts[1].json();
    assert_eq!(body["type"], 1);
    assert_eq!(body["organizationId"], DIALOG_ORG);
    assert_eq!(body["enabled"], true);
    assert_eq!(body["config"]["billingSyncKey"], "pasted-token");
    wait_text(&root, "#last-license-sync", "Never").await;
    assert!(input(&root, "#update-method-sync").checked());
    assert_eq!(
        text_of(&root, "#billing-sync-key-saved"),
        "Billing sync token saved. Select Sync License to fetch your license from the cloud."
    );

    // Reopen: prefilled; Delete asks first, then deletes.
    let delete = format!("/api/organizations/connections/{CONNECTION}");
    route("DELETE", &delete, &[(200, "")]);
    click(&root, "#manage-billing-sync");
    wait_for(&root, "#billing-sync-key-delete").await;
    assert_eq!(input(&root, "#billing-sync-key").value(), "saved-token");
    route("GET", &connection, &[(200, EMPTY_CONNECTION)]);
    assert!(
        !exists(&root, "#billing-sync-key-saved"),
        "opening the dialog clears the confirmation"
    );
    click(&root, "#billing-sync-key-delete");
    wait_text(
        &root,
        "#billing-sync-key-delete-question",
        "Delete the billing sync token?",
    )
    .await;
    assert!(
        requests("DELETE", &delete).is_empty(),
        "not before confirming"
    );
    click(&root, "#billing-sync-key-delete-confirm");
    wait_gone(&root, "#billing-sync-key-dialog").await;
    assert_eq!(requests("DELETE", &delete).len(), 1);
    wait_gone(&root, "#last-license-sync").await;
    assert!(input(&root, "#update-method-upload").checked());
    assert_eq!(
        text_of(&root, "#billing-sync-key-deleted"),
        "Billing sync token deleted."
    );
    assert!(!exists(&root, "#billing-sync-key-saved"));
}

#[wasm_bindgen_test]
async fn cloud_off_disables_automatic_sync_and_manual_upload_still_works() {
    common_routes();
    route(
        "GET",
        "/api/organizations/connections/enabled",
        &[(200, "false")],
    );
    let upload = format!("/api/organizations/licenses/self-hosted/{OFFLINE_ORG}");
    route(
        "POST",
        &upload,
        &[
            (
                400,
                r#"{"object":"error","message":"Version 17 is not supported.","validationErrors":null}"#,
            ),
            (200, ""),
        ],
    );
    let root = mount(subscription(OFFLINE_ORG), Locale::En);
    wait_for(&root, "#cloud-communication-disabled").await;
    route(
        "GET",
        "/api/organizations/connections/enabled",
        &[(200, "true")],
    );
    assert!(input(&root, "#update-method-sync").disabled());
    assert!(input(&root, "#update-method-upload").checked());
    assert!(!exists(&root, "#last-license-sync"));
    assert!(
        requests("GET", &connection_path(OFFLINE_ORG)).is_empty(),
        "the connection is not loaded when the cloud is off"
    );
    assert!(text_of(&root, "#cloud-settings-eu")
        .contains("globalSettings__pushRelayBaseUri=https://push.bitwarden.eu"));
    assert_eq!(
        input(&root, "#license-file")
            .get_attribute("accept")
            .as_deref(),
        Some(".json,application/json")
    );
    assert!(text_of(&root, "#license-file-hint").ends_with("bitwarden_organization_license.json"));

    click(&root, "#upload-license");
    wait_text(&root, "#upload-license-error", "Select a file.").await;
    assert!(requests("POST", &upload).is_empty());

    choose_file(
        &root,
        "#license-file",
        "bitwarden_organization_license.json",
        "{\"Id\":\"x\"}",
    );
    click(&root, "#upload-license");
    wait_text(
        &root,
        "#upload-license-error",
        "Version 17 is not supported.",
    )
    .await;
    assert!(text_of(&root, "#upload-license-error")
        .contains("update your server and try uploading your license file again."));

    choose_file(
        &root,
        "#license-file",
        "bitwarden_organization_license.json",
        "{\"Id\":\"x\"}",
    );
    hold("POST", &upload);
    click(&root, "#upload-license");
    // While the server verifies the file, the page says so, naming the file.
    wait_text(
        &root,
        "#upload-license-progress",
        "Sending bitwarden_organization_license.json (1 KB) to the server, which checks its signature, installation and seats…",
    )
    .await;
    release(0);
    wait_text(
        &root,
        "#upload-license-result",
        "Successfully uploaded license",
    )
    .await;
    assert!(!exists(&root, "#upload-license-progress"));
    let posts = requests("POST", &upload);
    assert_eq!(posts.len(), 2);
    let (body, content_type) = (posts[1].body(), &posts[1].content_type);
    assert!(
        content_type.starts_with("multipart/form-data"),
        "{content_type}"
    );
    assert!(
        body.contains("name=\"license\"; filename=\"bitwarden_organization_license.json\""),
        "{body}"
    );
    assert!(body.contains("{\"Id\":\"x\"}"));
}

#[wasm_bindgen_test]
async fn admins_see_the_state_read_only() {
    let root = mount(subscription(ADMIN_ORG), Locale::En);
    wait_for(&root, "#license-billing-owners-only").await;
    assert_eq!(
        text_of(&root, "#license-billing-owners-only"),
        "Only organization owners can change license and billing management."
    );
    assert!(exists(&root, "#subscription-expiration"));
    assert!(
        !exists(&root, "#organization-created"),
        "only after creating the organization"
    );
    for absent in [
        "#sync-license",
        "#manage-billing-sync",
        "#upload-license",
        "#update-method-sync",
        "#last-license-sync",
    ] {
        assert!(!exists(&root, absent), "{absent} hidden for admins");
    }
    assert!(requests("GET", &connection_path(ADMIN_ORG)).is_empty());
}

#[wasm_bindgen_test]
async fn a_license_file_creates_an_organization_and_opens_its_subscription() {
    let create = "/api/organizations/licenses/self-hosted";
    route(
        "POST",
        create,
        &[(
            200,
            &format!(
                r#"{{"object":"organization","id":"{NEW_ORG}","name":"Acme","businessName":null,
                "billingEmail":"owner@acme.test","plan":{{"object":"plan","type":20,"productTier":3,"name":"Enterprise (Annually)"}},
                "planType":20,"seats":50,"maxCollections":null,"maxStorageGb":1,"enabled":true,"selfHost":true}}"#
            ),
        )],
    );
    route("GET", &connection_path(NEW_ORG), &[(200, EMPTY_CONNECTION)]);
    // The owner has a key pair: the browser makes the organization key for it.
    common_routes();
    let made = new_account_keys(&MasterKey::from_bytes([9; 32]))
        .await
        .unwrap();
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &with_account_keys(&profile_json(false), &made.keys))],
    );
    let root = mount(Route::Vault, Locale::En);
    wait_for(&root, "#new-organization-link").await;
    assert_eq!(text_of(&root, "#new-organization-link"), "New organization");
    click(&root, "#new-organization-link");
    wait_for(&root, "#new-organization-file").await;
    assert!(text_of(&root, "#new-organization-desc").contains("Download license"));

    click(&root, "#new-organization-submit");
    wait_text(&root, "#new-organization-error", "Select a file.").await;

    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &profile_json(true))],
    );
    choose_file(
        &root,
        "#new-organization-file",
        "bitwarden_organization_license.json",
        "{}",
    );
    click(&root, "#new-organization-submit");
    wait_for(&root, "#license-billing #update-method-upload").await;
    assert_eq!(
        text_of(&root, "#organization-created"),
        "Organization created from your license."
    );
    let posts = requests("POST", create);
    assert_eq!(posts.len(), 1);
    assert!(posts[0].body().contains("name=\"license\"; filename="));
    // The `key` field: the organization key for the owner's public key
    // (EncString type 4, one RSA-2048 block).
    let body = posts[0].body();
    let key = body
        .split("name=\"key\"")
        .nth(1)
        .and_then(|rest| rest.split("\r\n").find(|line| !line.is_empty()))
        .expect("a key field");
    let key = wire::keys::EncString::new_unchecked(key.trim());
    assert_eq!(key.rsa_data().map(|d| d.len()), Ok(256), "{body}");
    assert_eq!(text_of(&root, "#page-title"), "Subscription");
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &profile_json(false))],
    );
}
