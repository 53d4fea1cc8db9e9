//! Free Bitwarden Families screens mounted in the real app against a
//! scripted `fetch`: offering (validation, self-hosted path and body,
//! "In afwachting van synchronisatie"), server errors, the row menu on the
//! cloud (resend, remove with confirmation) and the sponsorship sync section
//! (Never, Sync now with a failed run, chart). The recipient's offer page:
//! `tests/redeem_ui.rs`.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::{Locale, Route};
use common::families::*;
use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn self_hosted_offer_is_checked_posted_and_listed_as_pending_sync_in_dutch() {
    reset_network();
    route_config(true);
    let before = profile_json("owner@acme.test", &[enterprise(true, None)]);
    let after = profile_json("owner@acme.test", &[enterprise(false, Some("Family"))]);
    // The frame and the vault load the profile, then the page, then the
    // page again after the offer.
    route(
        "GET",
        "/api/accounts/profile",
        &[
            (200, &before),
            (200, &before),
            (200, &before),
            (200, &after),
        ],
    );
    let create =
        format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/families-for-enterprise");
    route("POST", &create, &[(200, "")]);

    let (root, handle) = mount(Some(Route::Vault), Locale::Nl, true);
    // Settings → Free Bitwarden Families in the side navigation.
    wait_for(&root, "#nav-settings").await;
    assert_eq!(text_of(&root, "#nav-settings"), "Instellingen");
    click(&root, "#nav-settings");
    wait_for(&root, "#nav-sponsored-families").await;
    assert_eq!(
        text_of(&root, "#nav-sponsored-families"),
        "Gratis Bitwarden Families"
    );
    click(&root, "#nav-sponsored-families");
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
        "No sync has run yet. It runs as soon as there is an offer to send after the token is saved or the license is synced, then once a day; select Sync now to start one now."
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
