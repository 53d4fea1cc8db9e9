//! Free Bitwarden Families screens mounted in the real app against a
//! scripted `fetch`: offering (validation, self-hosted path and body,
//! "In afwachting van synchronisatie"), server errors, the row menu on the
//! cloud (resend, remove with confirmation), the sponsorship sync section
//! (Never, Sync now with a failed run, chart), and the offer page (hash URL,
//! bad token, redeem into a new organization, create account then log in).
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::{App, AppProps, Locale, Route};
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::Element;
use wire::Secret;
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

const ENTERPRISE: &str = "a1111111-1111-4111-8111-111111111111";
const FAMILIES: &str = "b2222222-2222-4222-8222-222222222222";
const USER: &str = "9a5ebc7c-b14c-4e9b-b14f-5f5abc516e05";

struct Membership<'a> {
    id: &'a str,
    name: &'a str,
    role: u8,
    tier: u8,
    available: bool,
    friendly: Option<&'a str>,
    valid_until: Option<&'a str>,
}

fn org_json(m: &Membership) -> String {
    let quoted = |v: Option<&str>| v.map_or("null".to_owned(), |v| format!("\"{v}\""));
    format!(
        r#"{{"object":"profileOrganization","id":"{}","name":"{}","type":{},"status":2,"enabled":true,
        "planType":{},"productTierType":{},"seats":50,"selfHost":false,"organizationUserId":"{USER}",
        "familySponsorshipAvailable":{},"familySponsorshipFriendlyName":{},
        "familySponsorshipLastSyncDate":null,"familySponsorshipValidUntil":{},
        "familySponsorshipToDelete":null}}"#,
        m.id,
        m.name,
        m.role,
        if m.tier == 1 { 7 } else { 20 },
        m.tier,
        m.available,
        quoted(m.friendly),
        quoted(m.valid_until),
    )
}

fn profile_json(email: &str, orgs: &[Membership]) -> String {
    format!(
        r#"{{"object":"profile","id":"1b6e1f38-4f3c-4a8f-8b5d-6c6bcd627f06","name":"M","email":"{email}",
        "organizations":[{}]}}"#,
        orgs.iter().map(org_json).collect::<Vec<_>>().join(",")
    )
}

fn enterprise(available: bool, friendly: Option<&'static str>) -> Membership<'static> {
    Membership {
        id: ENTERPRISE,
        name: "Acme",
        role: 2,
        tier: 3,
        available,
        friendly,
        valid_until: None,
    }
}

fn mount(start: Option<Route>, locale: Locale, logged_in: bool) -> (Element, AppHandle<App>) {
    render(AppProps {
        locale: Some(locale),
        start,
        access_token: logged_in.then(|| Secret::new("test-token")),
        ..AppProps::default()
    })
}

#[wasm_bindgen_test]
async fn self_hosted_offer_is_checked_posted_and_listed_as_pending_sync_in_dutch() {
    reset_network();
    route_config(true);
    let before = profile_json("owner@acme.test", &[enterprise(true, None)]);
    let after = profile_json("owner@acme.test", &[enterprise(false, Some("Family"))]);
    // The vault loads the profile, then the page, then the page again after the offer.
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &before), (200, &before), (200, &after)],
    );
    let create =
        format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/families-for-enterprise");
    route("POST", &create, &[(200, "")]);

    let (root, handle) = mount(Some(Route::Vault), Locale::Nl, true);
    wait_for(&root, "#families-nav").await;
    assert_eq!(text_of(&root, "#families-nav"), "Gratis Bitwarden Families");
    click(&root, "#families-nav");
    wait_for(&root, "#families-page #sponsor-form").await;
    assert!(text_of(&root, "#families-page").contains("Jij en je familie komen in aanmerking"));
    // The only organization is preselected.
    assert_eq!(select_value(&root, "#sponsor-org"), ENTERPRISE);
    assert!(!exists(&root, "#sponsorships-table"));

    click(&root, "#sponsor-submit");
    wait_text(&root, "#sponsor-email-error", "E-mailadres is vereist.").await;
    type_into(&root, "#sponsor-email", "family@example");
    click(&root, "#sponsor-submit");
    wait_text(&root, "#sponsor-email-error", "Ongeldig e-mailadres.").await;
    type_into(&root, "#sponsor-email", "OWNER@acme.test");
    click(&root, "#sponsor-submit");
    wait_text(
        &root,
        "#sponsor-email-error",
        "Je kunt niet inwisselen voor het actieve account.",
    )
    .await;
    assert!(requests("POST", &create).is_empty());

    type_into(&root, "#sponsor-email", "family@example.com");
    type_into(&root, "#sponsor-friendly-name", "Family");
    click(&root, "#sponsor-submit");
    let row = wait_for(&root, ".sponsorship-row[data-friendly-name='Family']").await;
    assert_eq!(
        row.query_selector(".sponsorship-status")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
            .trim(),
        "In afwachting van synchronisatie"
    );
    assert_eq!(
        text_of(&root, "#sponsorship-notice"),
        "Sponsoring aangemaakt"
    );
    // Nothing left to offer: the form is gone.
    assert!(!exists(&root, "#sponsor-form"));

    let sent = requests("POST", &create);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].json(),
        serde_json::json!({"planSponsorshipType": 0, "sponsoredEmail": "family@example.com",
            "friendlyName": "Family", "isAdminInitiated": false, "notes": null})
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_refused_offer_shows_the_servers_message_and_the_friendly_name_defaults_to_the_email() {
    reset_network();
    route_config(false);
    route(
        "GET",
        "/api/accounts/profile",
        &[(
            200,
            &profile_json("owner@acme.test", &[enterprise(true, None)]),
        )],
    );
    let create = format!("/api/organization/sponsorship/{ENTERPRISE}/families-for-enterprise");
    route(
        "POST",
        &create,
        &[(
            400,
            r#"{"object":"error","message":"Can only sponsor one organization per Organization User.","validationErrors":null}"#,
        )],
    );
    let (root, handle) = mount(Some(Route::SponsoredFamilies), Locale::En, true);
    wait_for(&root, "#sponsor-form").await;
    type_into(&root, "#sponsor-email", "family@example.com");
    click(&root, "#sponsor-submit");
    wait_text(
        &root,
        "#sponsor-error",
        "Can only sponsor one organization per Organization User.",
    )
    .await;
    let sent = requests("POST", &create);
    assert_eq!(sent[0].json()["friendlyName"], "family@example.com");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn cloud_row_menu_resends_and_removes_after_confirmation() {
    reset_network();
    route_config(false);
    let offered = profile_json(
        "owner@acme.test",
        &[enterprise(false, Some("family@example.com"))],
    );
    let removed = profile_json("owner@acme.test", &[enterprise(true, None)]);
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &offered), (200, &removed)],
    );
    let resend =
        format!("/api/organization/sponsorship/{ENTERPRISE}/families-for-enterprise/resend");
    let revoke = format!("/api/organization/sponsorship/{ENTERPRISE}");
    route("POST", &resend, &[(200, "")]);
    route("DELETE", &revoke, &[(200, "")]);

    let (root, handle) = mount(Some(Route::SponsoredFamilies), Locale::En, true);
    wait_for(&root, "#sponsorships-table").await;
    assert_eq!(text_of(&root, ".sponsorship-status"), "Sent");
    assert_eq!(text_of(&root, ".sponsorship-org"), "Acme");

    click(&root, ".sponsorship-menu");
    wait_for(&root, ".sponsorship-resend").await;
    click(&root, ".sponsorship-resend");
    wait_text(&root, "#sponsorship-notice", "Email sent").await;
    let query = &requests("POST", &resend)[0].query;
    assert_eq!(query, "?sponsoredFriendlyName=family%40example.com");

    click(&root, ".sponsorship-menu");
    wait_for(&root, ".sponsorship-remove").await;
    click(&root, ".sponsorship-remove");
    wait_for(&root, "#sponsorship-remove-dialog").await;
    assert_eq!(
        text_of(&root, "#sponsorship-remove-dialog-title"),
        "Remove sponsorship?"
    );
    assert!(text_of(&root, "#sponsorship-remove-text").starts_with("If you remove family@example.com, the sponsorship for this Family plan cannot be redeemed."));
    assert!(requests("DELETE", &revoke).is_empty());
    click(&root, "#sponsorship-remove-confirm");
    wait_gone(&root, "#sponsorships-table").await;
    assert_eq!(requests("DELETE", &revoke).len(), 1);
    assert_eq!(text_of(&root, "#sponsorship-notice"), "Reclaimed free plan");
    // The sponsorship can be offered again.
    wait_for(&root, "#sponsor-form").await;
    handle.destroy();
}

#[wasm_bindgen_test]
async fn removed_and_accepted_rows_show_red_or_green_and_hide_the_menu_when_removed() {
    reset_network();
    route_config(true);
    let to_delete = r#"{"object":"profile","id":"1b6e1f38-4f3c-4a8f-8b5d-6c6bcd627f06","name":"M","email":"owner@acme.test",
        "organizations":[{"object":"profileOrganization","id":"a1111111-1111-4111-8111-111111111111","name":"Acme","type":2,"status":2,"enabled":true,
        "planType":20,"productTierType":3,"seats":50,"selfHost":true,"organizationUserId":"9a5ebc7c-b14c-4e9b-b14f-5f5abc516e05",
        "familySponsorshipAvailable":false,"familySponsorshipFriendlyName":"Gone","familySponsorshipLastSyncDate":"2025-01-02T12:00:00Z",
        "familySponsorshipValidUntil":"2025-03-15T12:00:00Z","familySponsorshipToDelete":true},
        {"object":"profileOrganization","id":"c3333333-3333-4333-8333-333333333333","name":"Beta","type":2,"status":2,"enabled":true,
        "planType":20,"productTierType":3,"seats":50,"selfHost":true,"organizationUserId":"9a5ebc7c-b14c-4e9b-b14f-5f5abc516e05",
        "familySponsorshipAvailable":false,"familySponsorshipFriendlyName":"Kept","familySponsorshipLastSyncDate":"2025-01-02T12:00:00Z",
        "familySponsorshipValidUntil":"2025-03-15T12:00:00Z","familySponsorshipToDelete":false}]}"#;
    route("GET", "/api/accounts/profile", &[(200, to_delete)]);
    let (root, handle) = mount(Some(Route::SponsoredFamilies), Locale::Nl, true);
    let gone = wait_for(&root, ".sponsorship-row[data-friendly-name='Gone']").await;
    let status = gone.query_selector(".sponsorship-status").unwrap().unwrap();
    assert_eq!(
        status.text_content().unwrap().trim(),
        "Verloopt op 03/15/2025"
    );
    assert!(status
        .get_attribute("class")
        .unwrap_or_default()
        .contains("text-danger"));
    assert!(gone.query_selector(".sponsorship-menu").unwrap().is_none());
    let kept = wait_for(&root, ".sponsorship-row[data-friendly-name='Kept']").await;
    let status = kept.query_selector(".sponsorship-status").unwrap().unwrap();
    assert_eq!(status.text_content().unwrap().trim(), "Actief");
    assert!(status
        .get_attribute("class")
        .unwrap_or_default()
        .contains("text-success"));
    // Self-hosted: no Resend; accepted: the warning names the date.
    click(
        &root,
        ".sponsorship-row[data-friendly-name='Kept'] .sponsorship-menu",
    );
    wait_for(&root, ".sponsorship-remove").await;
    assert!(!exists(&root, ".sponsorship-resend"));
    click(&root, ".sponsorship-remove");
    wait_text(
        &root,
        "#sponsorship-remove-text",
        "Je kunt geen nieuwe sponsoring inwisselen tot 03/15/2025.",
    )
    .await;
    handle.destroy();
}

#[wasm_bindgen_test]
async fn owner_runs_the_sponsorship_sync_and_sees_counts_error_and_chart() {
    reset_network();
    route_config(true);
    let owner = Membership {
        role: 0,
        ..enterprise(false, None)
    };
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &profile_json("owner@acme.test", &[owner]))],
    );
    route(
        "GET",
        &format!("/api/organizations/{ENTERPRISE}/subscription"),
        &[(200, &enterprise_subscription_json(ENTERPRISE))],
    );
    let now = js_sys::Date::new_0().to_iso_string().as_string().unwrap();
    let runs = format!(
        r#"{{"lastSyncDate":"{now}","runs":[
        {{"trigger":"manual","startedAt":"{now}","finishedAt":"{now}","sent":0,"updated":0,"removed":0,"error":"The cloud could not be reached. Check the server's internet connection."}},
        {{"trigger":"scheduled","startedAt":"{now}","finishedAt":"{now}","sent":2,"updated":1,"removed":0,"error":null}}]}}"#
    );
    let sync_runs = format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/sync-runs");
    route(
        "GET",
        &sync_runs,
        &[(200, r#"{"lastSyncDate":null,"runs":[]}"#), (200, &runs)],
    );
    let sync = format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/sync");
    route(
        "POST",
        &sync,
        &[(
            200,
            &format!(
                r#"{{"trigger":"manual","startedAt":"{now}","finishedAt":"{now}","sent":0,"updated":0,"removed":0,
                "error":"The cloud could not be reached. Check the server's internet connection."}}"#
            ),
        )],
    );
    let (root, handle) = mount(
        Some(Route::Subscription {
            org_id: ENTERPRISE.parse().unwrap(),
        }),
        Locale::En,
        true,
    );
    wait_for(&root, "#sponsorship-sync #last-sponsorship-sync").await;
    assert_eq!(text_of(&root, "#last-sponsorship-sync"), "Never");
    assert_eq!(
        text_of(&root, "#sync-runs-empty"),
        "No sync has run yet. Sync runs once a day after the first sync; select Sync now to start."
    );
    click(&root, "#sync-now");
    wait_text(&root, "#sync-now-result", "0 sponsorships sent to the cloud · 0 updated from the cloud's answer · 0 removed because the cloud removed them").await;
    wait_text(&root, "#sync-now-error", "The cloud could not be reached.").await;
    wait_for(&root, "#sync-runs-chart").await;
    assert_ne!(text_of(&root, "#last-sponsorship-sync"), "Never");
    assert_eq!(
        text_of(&root, "#sync-runs-summary"),
        "2 runs in the last 30 days, 1 failed"
    );
    let chart = root.query_selector("#sync-runs-chart").unwrap().unwrap();
    assert_eq!(chart.query_selector_all(".chart-day").unwrap().length(), 30);
    assert_eq!(chart.query_selector_all(".bar-ok").unwrap().length(), 1);
    assert_eq!(chart.query_selector_all(".bar-failed").unwrap().length(), 1);
    assert!(exists(&root, "#sync-runs-chart-title"));
    assert_eq!(requests("POST", &sync).len(), 1);
    handle.destroy();
}

/// Puts `path` in the address bar (same origin), for the address-bar router.
fn set_address(path: &str) -> String {
    let location = web_sys::window().unwrap().location();
    let original = format!(
        "{}{}{}",
        location.pathname().unwrap(),
        location.search().unwrap(),
        location.hash().unwrap()
    );
    js_sys::Function::new_with_args("p", "window.history.replaceState(null, '', p);")
        .call1(&JsValue::NULL, &path.into())
        .unwrap();
    original
}

fn address() -> String {
    let location = web_sys::window().unwrap().location();
    format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    )
}

#[wasm_bindgen_test]
async fn offer_page_without_token_says_the_invitation_failed() {
    reset_network();
    let (root, handle) = mount(Some(Route::AcceptFamiliesForEnterprise), Locale::Nl, false);
    wait_for(&root, "#redeem-page").await;
    assert_eq!(
        text_of(&root, "#redeem-title"),
        "Gratis Bitwarden Families-organisatieaanbod verzilveren"
    );
    wait_text(
        &root,
        "#redeem-invalid-link",
        "De uitnodiging is niet geaccepteerd.",
    )
    .await;
    handle.destroy();
}

#[wasm_bindgen_test]
async fn hash_link_logged_in_bad_token() {
    reset_network();
    route_config(false);
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &profile_json("family@example.com", &[]))],
    );
    route(
        "POST",
        "/api/organization/sponsorship/validate-token",
        &[(
            200,
            r#"{"isTokenValid":false,"isFreeFamilyPolicyEnabled":false}"#,
        )],
    );
    let original =
        set_address("/#/accept-families-for-enterprise?token=BAD&email=family%40example.com");
    let (root, handle) = mount(None, Locale::En, true);
    wait_text(
        &root,
        "#redeem-bad-token",
        "The link is no longer valid. Please have the sponsor resend the offer.",
    )
    .await;
    assert_eq!(
        address(),
        "/accept-families-for-enterprise?token=BAD&email=family%40example.com"
    );
    handle.destroy();
    set_address(&original);
}

#[wasm_bindgen_test]
async fn logged_in_recipient_redeems_into_a_new_families_organization() {
    reset_network();
    route_config(false);
    let before = profile_json("family@example.com", &[]);
    let after = profile_json(
        "family@example.com",
        &[Membership {
            id: FAMILIES,
            name: "Smith family",
            role: 0,
            tier: 1,
            available: false,
            friendly: None,
            valid_until: None,
        }],
    );
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &before), (200, &after)],
    );
    route(
        "POST",
        "/api/organization/sponsorship/validate-token",
        &[(
            200,
            r#"{"isTokenValid":true,"isFreeFamilyPolicyEnabled":false}"#,
        )],
    );
    route(
        "POST",
        "/api/organization/sponsorship/redeem",
        &[
            (
                400,
                r#"{"object":"error","message":"This sponsorship offer is more than 6 months old and has expired.","validationErrors":null}"#,
            ),
            (200, ""),
        ],
    );
    let original = set_address(
        "/#/accept-families-for-enterprise?token=BWOrganizationSponsorship_a+b/c=&email=family%40example.com",
    );
    let (root, handle) = mount(None, Locale::En, true);
    wait_for(&root, "#redeem-org-select").await;
    // No Families organization owned: "New Families organization" is preselected.
    assert_eq!(select_value(&root, "#redeem-org-select"), "createNew");
    click(&root, "#redeem-submit");
    wait_text(
        &root,
        "#redeem-new-org-name-error",
        "Organization name is required.",
    )
    .await;
    type_into(&root, "#redeem-new-org-name", "Smith family");
    click(&root, "#redeem-submit");
    wait_text(
        &root,
        "#redeem-error",
        "This sponsorship offer is more than 6 months old and has expired.",
    )
    .await;
    click(&root, "#redeem-submit");
    wait_text(
        &root,
        "#redeem-success",
        "Your Families organization Smith family is now sponsored.",
    )
    .await;
    wait_text(&root, "#redeem-success .redeemed-org", "Smith family").await;

    let validate = requests("POST", "/api/organization/sponsorship/validate-token");
    assert_eq!(
        validate[0].query,
        "?sponsorshipToken=BWOrganizationSponsorship_a%2Bb%2Fc%3D"
    );
    let redeem = requests("POST", "/api/organization/sponsorship/redeem");
    assert_eq!(redeem.len(), 2);
    assert_eq!(
        redeem[1].query,
        "?sponsorshipToken=BWOrganizationSponsorship_a%2Bb%2Fc%3D"
    );
    assert_eq!(
        redeem[1].json(),
        serde_json::json!({"planSponsorshipType": 0, "sponsoredOrganizationId": null,
            "newOrganizationName": "Smith family"})
    );
    handle.destroy();
    set_address(&original);
}

#[wasm_bindgen_test]
async fn new_recipient_creates_an_account_then_is_logged_in_and_sees_the_offer() {
    reset_network();
    route_config(false);
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &profile_json("new@example.com", &[]))],
    );
    route(
        "POST",
        "/api/organization/sponsorship/validate-token",
        &[(
            200,
            r#"{"isTokenValid":true,"isFreeFamilyPolicyEnabled":false}"#,
        )],
    );
    route("POST", "/identity/accounts/register", &[(200, "")]);
    route(
        "POST",
        "/identity/connect/token",
        &[(
            200,
            r#"{"access_token":"new-token","expires_in":3600,"token_type":"Bearer","scope":"api offline_access"}"#,
        )],
    );
    let original = set_address(
        "/accept-families-for-enterprise?token=T1&email=New%40Example.com&register=true",
    );
    let (root, handle) = mount(None, Locale::En, false);
    wait_for(&root, "#redeem-login #register-form").await;
    type_into(&root, "#register-name", "New Person");
    type_into(&root, "#register-password", "short");
    type_into(&root, "#register-password-confirm", "short");
    click(&root, "#register-submit");
    wait_text(&root, "#register-password-error", "at least 12 characters").await;
    type_into(&root, "#register-password", "correct horse battery");
    type_into(&root, "#register-password-confirm", "correct horse batterY");
    click(&root, "#register-submit");
    wait_text(&root, "#register-password-confirm-error", "does not match").await;
    type_into(&root, "#register-password-confirm", "correct horse battery");
    click(&root, "#register-submit");
    wait_for(&root, "#redeem-org-select").await;

    let register = requests("POST", "/identity/accounts/register");
    assert_eq!(register.len(), 1);
    let body = register[0].json();
    assert_eq!(body["email"], "new@example.com");
    assert_eq!(body["name"], "New Person");
    assert_eq!(body["kdf"], 0);
    assert_eq!(body["kdfIterations"], 600000);
    let hash = body["masterPasswordHash"].as_str().unwrap();
    assert_eq!(hash.len(), 44, "base64 of 32 bytes");
    assert!(!register[0].body().contains("correct horse"));
    let token = requests("POST", "/identity/connect/token");
    assert!(token[0].body().contains("password="), "{}", token[0].body());
    handle.destroy();
    set_address(&original);
}

#[wasm_bindgen_test]
async fn admins_see_the_sync_runs_without_sync_now() {
    reset_network();
    route_config(true);
    let admin = Membership {
        role: 1,
        ..enterprise(false, None)
    };
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &profile_json("admin@acme.test", &[admin]))],
    );
    route(
        "GET",
        &format!("/api/organizations/{ENTERPRISE}/subscription"),
        &[(200, &enterprise_subscription_json(ENTERPRISE))],
    );
    route(
        "GET",
        &format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/sync-runs"),
        &[(200, r#"{"lastSyncDate":null,"runs":[]}"#)],
    );
    let (root, handle) = mount(
        Some(Route::Subscription {
            org_id: ENTERPRISE.parse().unwrap(),
        }),
        Locale::Nl,
        true,
    );
    wait_text(&root, "#last-sponsorship-sync", "Nooit").await;
    assert!(!exists(&root, "#sync-now"));
    assert_eq!(
        text_of(&root, "#sponsorship-sync-owners-only"),
        "Alleen eigenaren van de organisatie kunnen de synchronisatie van sponsoring starten."
    );
    handle.destroy();
}
