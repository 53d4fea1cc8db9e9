//! Self-hosted license and billing management: the expiration and grace
//! decision, the initial radio, the "what to do" hints after a failed
//! license request, the en/nl texts (seed labels verbatim), and the
//! cloud-communication callout.
#![cfg(target_arch = "wasm32")]

use billing_sync_web::api::ClientError;
use billing_sync_web::i18n::LocaleProvider;
use billing_sync_web::screens::license_billing::{
    can_sync_license, failure_hint, is_unsupported_version, split_at_placeholder,
    update_method_for, CloudCommunicationDisabled, KeyNotice, LicenseBillingAction,
    LicenseBillingState, LicenseExpiration, LicenseOperation, UpdateMethod, BITWARDEN_RESTART,
    EU_SETTINGS, US_SETTINGS,
};
use billing_sync_web::screens::new_organization::is_created_query;
use billing_sync_web::{Key, Locale};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen_test::*;
use wire::connections::{BillingSyncConfig, OrganizationConnectionResponse};
use wire::{DateTime, ErrorResponse, Secret};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn at(text: &str) -> DateTime {
    text.parse().expect("RFC 3339 date")
}

const NOW: &str = "2026-06-01T12:00:00Z";

fn now() -> i64 {
    at(NOW).timestamp_millis()
}

#[wasm_bindgen_test]
fn expiration_follows_the_grace_period_rules() {
    let future = "2026-09-01T00:00:00Z";
    let later = "2026-10-31T00:00:00Z";
    let past = "2026-03-01T00:00:00Z";
    let earlier = "2026-01-01T00:00:00Z";
    let on = |date: &str, expired: bool, grace: Option<&str>| LicenseExpiration::On {
        date: at(date),
        expired,
        grace_period_ends: grace.map(at),
    };
    // (expiration, expirationWithoutGracePeriod) → row
    let cases: Vec<(&str, Option<&str>, Option<&str>, LicenseExpiration)> = vec![
        ("no expiration", None, None, LicenseExpiration::Never),
        (
            "only the date without grace: still never",
            None,
            Some(future),
            LicenseExpiration::Never,
        ),
        (
            "old license (< v12), valid",
            Some(future),
            None,
            on(future, false, None),
        ),
        (
            "old license (< v12), expired",
            Some(past),
            None,
            on(past, true, None),
        ),
        (
            "separate grace period, valid: date without grace, note with grace end",
            Some(later),
            Some(future),
            on(future, false, Some(later)),
        ),
        (
            "expired, still inside the grace period: red, note stays",
            Some(future),
            Some(past),
            on(past, true, Some(future)),
        ),
        (
            "expired and outside the grace period",
            Some(past),
            Some(earlier),
            on(earlier, true, Some(past)),
        ),
        (
            "trial (both dates equal): no grace note",
            Some(future),
            Some(future),
            on(future, false, None),
        ),
        (
            "expired trial",
            Some(past),
            Some(past),
            on(past, true, None),
        ),
        (
            "expires exactly now: not yet expired",
            Some(NOW),
            None,
            on(NOW, false, None),
        ),
    ];
    for (name, with_grace, without_grace, expected) in cases {
        assert_eq!(
            LicenseExpiration::of(with_grace.map(at), without_grace.map(at), now()),
            expected,
            "{name}"
        );
    }
}

fn connection(enabled: bool, stored: bool) -> OrganizationConnectionResponse {
    OrganizationConnectionResponse {
        id: stored.then(|| {
            "2a0f5c3e-1b4d-4e6f-8a9b-0c1d2e3f4a5b"
                .parse()
                .expect("connection id")
        }),
        connection_type: if stored { 1 } else { 0 },
        organization_id: "4bed4fd6-b90c-48a9-a03f-33af1c461353"
            .parse()
            .expect("org id"),
        enabled,
        config: stored.then(|| BillingSyncConfig {
            billing_sync_key: Secret::new("token"),
            cloud_organization_id: None,
            last_license_sync: None,
        }),
    }
}

#[wasm_bindgen_test]
fn the_radio_follows_the_connection() {
    let cases = [
        (
            "not loaded (cloud off, or an admin)",
            None,
            UpdateMethod::Upload,
        ),
        (
            "empty model (no connection)",
            Some(OrganizationConnectionResponse::empty()),
            UpdateMethod::Upload,
        ),
        (
            "stored, disabled",
            Some(connection(false, true)),
            UpdateMethod::Upload,
        ),
        (
            "stored, enabled",
            Some(connection(true, true)),
            UpdateMethod::Sync,
        ),
    ];
    for (name, connection, expected) in cases {
        assert_eq!(update_method_for(connection.as_ref()), expected, "{name}");
        assert_eq!(
            can_sync_license(connection.as_ref()),
            expected == UpdateMethod::Sync,
            "sync button for {name}"
        );
        assert_eq!(
            LicenseBillingState::new(connection).method,
            expected,
            "initial state for {name}"
        );
    }
}

#[wasm_bindgen_test]
fn saving_or_deleting_the_token_moves_the_radio_and_sync_forces_it() {
    let state = Rc::new(LicenseBillingState::new(None));
    assert_eq!(state.method, UpdateMethod::Upload);
    let state = state.reduce(LicenseBillingAction::ConnectionLoaded(Some(connection(
        true, true,
    ))));
    assert_eq!(state.method, UpdateMethod::Sync);
    let state = state.reduce(LicenseBillingAction::Choose(UpdateMethod::Upload));
    assert_eq!(state.method, UpdateMethod::Upload);
    let state = state.reduce(LicenseBillingAction::SyncStarted);
    assert_eq!(state.method, UpdateMethod::Sync);
    assert!(state.sync.is_busy());
    let state = state.reduce(LicenseBillingAction::ConnectionLoaded(None));
    assert_eq!(state.method, UpdateMethod::Upload);
}

#[wasm_bindgen_test]
fn saving_or_deleting_the_token_is_confirmed_until_the_next_step() {
    let state = Rc::new(LicenseBillingState::new(None));
    assert_eq!(state.key_notice, None);
    let saved = state.reduce(LicenseBillingAction::ConnectionLoaded(Some(connection(
        true, true,
    ))));
    assert_eq!(saved.key_notice, Some(KeyNotice::Saved));
    assert_eq!(KeyNotice::Saved.id(), "billing-sync-key-saved");
    assert_eq!(KeyNotice::Saved.key(), Key::BillingSyncKeySaved);
    // A reload of the connection after a sync keeps it; the next step clears it.
    let refreshed = saved
        .clone()
        .reduce(LicenseBillingAction::ConnectionRefreshed(Some(connection(
            true, true,
        ))));
    assert_eq!(refreshed.key_notice, Some(KeyNotice::Saved));
    for (name, action) in [
        ("sync", LicenseBillingAction::SyncStarted),
        ("dialog", LicenseBillingAction::OpenDialog),
        ("radio", LicenseBillingAction::Choose(UpdateMethod::Upload)),
    ] {
        assert_eq!(saved.clone().reduce(action).key_notice, None, "{name}");
    }
    let deleted = saved.reduce(LicenseBillingAction::ConnectionLoaded(None));
    assert_eq!(deleted.key_notice, Some(KeyNotice::Deleted));
    assert_eq!(KeyNotice::Deleted.id(), "billing-sync-key-deleted");
    assert_eq!(KeyNotice::Deleted.key(), Key::BillingSyncKeyDeleted);
}

#[wasm_bindgen_test]
fn the_created_flag_is_read_from_the_query() {
    for (query, expected) in [
        ("created=1", true),
        ("?created=1", true),
        ("?a=b&created=1", true),
        ("", false),
        ("?created=0", false),
        ("?created", false),
        ("?notcreated=1", false),
        ("?created=10", false),
    ] {
        assert_eq!(is_created_query(query), expected, "{query:?}");
    }
}

#[wasm_bindgen_test]
fn a_placeholder_splits_a_sentence_around_a_command() {
    assert_eq!(
        split_at_placeholder("Restart ({command} on X). Done.", "command"),
        ("Restart (", Some(" on X). Done."))
    );
    assert_eq!(
        split_at_placeholder("No placeholder.", "command"),
        ("No placeholder.", None)
    );
    for locale in [Locale::En, Locale::Nl] {
        let (_, after) =
            split_at_placeholder(locale.text(Key::CloudCommunicationRestart), "command");
        assert!(after.is_some(), "{locale:?} names the restart command");
    }
}

#[wasm_bindgen_test]
fn reloading_after_an_upload_keeps_manual_upload_selected() {
    let state = Rc::new(LicenseBillingState::new(Some(connection(true, true))));
    assert_eq!(state.method, UpdateMethod::Sync);
    let state = state.reduce(LicenseBillingAction::Choose(UpdateMethod::Upload));
    let state = state.reduce(LicenseBillingAction::ConnectionRefreshed(Some(connection(
        true, true,
    ))));
    assert_eq!(
        state.method,
        UpdateMethod::Upload,
        "the upload form and its result stay"
    );
    assert!(state.connection.is_some());
}

fn status(code: u16, message: &str) -> ClientError {
    ClientError::Status {
        code,
        body: Box::new(ErrorResponse::message(message.to_owned())),
    }
}

#[wasm_bindgen_test]
fn version_errors_and_missing_connections_get_a_hint() {
    assert!(is_unsupported_version("Version 17 is not supported."));
    assert!(is_unsupported_version("Version 99 IS NOT SUPPORTED"));
    assert!(!is_unsupported_version("Invalid license"));
    assert!(!is_unsupported_version(""));

    let version = status(400, "Version 17 is not supported.");
    for operation in [
        LicenseOperation::Sync,
        LicenseOperation::Upload,
        LicenseOperation::CreateOrganization,
    ] {
        assert_eq!(
            failure_hint(operation, &version),
            Some(Key::UnsupportedLicenseVersionHint),
            "{operation:?}"
        );
    }
    let not_found = status(404, "Resource not found.");
    assert_eq!(
        failure_hint(LicenseOperation::Sync, &not_found),
        Some(Key::SyncNeedsBillingSync)
    );
    assert_eq!(failure_hint(LicenseOperation::Upload, &not_found), None);
    assert_eq!(
        failure_hint(LicenseOperation::Sync, &status(400, "Invalid license")),
        None
    );
    assert_eq!(
        failure_hint(LicenseOperation::Sync, &ClientError::Network("x".into())),
        None
    );
}

/// Every key this screen added, with its English and Dutch text.
const TEXTS: &[(Key, &str, &str)] = &[
    (Key::LicenseAndBillingManagement, "License and billing management", "Licentie- en factureringsbeheer"),
    (Key::AutomaticSync, "Automatic sync", "Automatische synchronisatie"),
    (Key::ManualUpload, "Manual upload", "Handmatig uploaden"),
    (Key::ManageBillingSync, "Manage billing sync", "Factureringssynchronisatie beheren"),
    (Key::Save, "Save", "Opslaan"),
    (Key::SyncLicense, "Sync License", "Licentie synchroniseren"),
    (Key::LastLicenseSync, "Last license sync", "Laatste synchronisatie"),
    (Key::Never, "Never", "Nooit"),
    (Key::LicenseSyncSuccess, "Successfully synced license", "Licentie gesynchroniseerd"),
    (Key::LicenseUploadSuccess, "Successfully uploaded license", "Licentie geüpload"),
    (Key::SelectFile, "Select a file.", "Selecteer een bestand."),
    (
        Key::BillingSyncKeyDesc,
        "A billing sync token from your cloud organization's subscription settings is required to complete this form.",
        "Er is een factureringssynchronisatietoken van de abonnementsinstellingen van je cloudorganisatie vereist voor het afronden van dit formulier.",
    ),
    (
        Key::SyncNeedsBillingSync,
        "Set up billing sync first: paste the billing sync token under Manage billing sync.",
        "Stel eerst factureringssynchronisatie in: plak het factureringssynchronisatietoken onder Factureringssynchronisatie beheren.",
    ),
    (
        Key::UnsupportedLicenseVersionHint,
        "If you get an error about an unsupported version, update your server and try uploading your license file again.",
        "Als je een foutmelding krijgt over een versie die niet wordt ondersteund, werk dan je server bij en probeer je licentiebestand opnieuw te uploaden.",
    ),
    (Key::CheckingTokenWithCloud, "Checking the token with the cloud…", "Het token wordt gecontroleerd bij de cloud…"),
    (
        Key::DeleteBillingSyncTokenConfirm,
        "Delete the billing sync token? Automatic sync and Families sponsorships stop until you save a token again.",
        "Het factureringssynchronisatietoken verwijderen? Automatische synchronisatie en Families-sponsorschappen stoppen totdat je opnieuw een token opslaat.",
    ),
    (Key::NewOrganization, "New organization", "Nieuwe organisatie"),
    (
        Key::OrganizationCreatedFromLicense,
        "Organization created from your license.",
        "Organisatie aangemaakt op basis van je licentie.",
    ),
    (
        Key::BillingSyncKeySaved,
        "Billing sync token saved. Select Sync License to fetch your license from the cloud.",
        "Factureringssynchronisatietoken opgeslagen. Selecteer Licentie synchroniseren om je licentie uit de cloud op te halen.",
    ),
    (
        Key::BillingSyncKeyDeleted,
        "Billing sync token deleted.",
        "Factureringssynchronisatietoken verwijderd.",
    ),
    (
        Key::CloudCommunicationDisabledTitle,
        "This server may not talk to the Bitwarden cloud, so automatic sync is off.",
        "Deze server mag niet communiceren met de cloud van Bitwarden, dus automatische synchronisatie staat uit.",
    ),
    (
        Key::CloudCommunicationDisabledIntro,
        "Set the following line in bwdata/env/global.override.env to true to enable cloud communication:",
        "Zet de volgende regel in bwdata/env/global.override.env op true om cloudcommunicatie in te schakelen:",
    ),
    (
        Key::CloudRegionEu,
        "For an organization in the EU cloud, add these lines as well:",
        "Als je cloudorganisatie is aangemaakt op EU-servers, moet je ook de volgende waarden instellen:",
    ),
    (
        Key::NewOrganizationDesc,
        "Upload the license file you downloaded from your cloud organization (Billing → Subscription → Download license).",
        "Upload het licentiebestand dat je hebt gedownload van je cloudorganisatie (Facturering → Abonnement → Licentie downloaden).",
    ),
];

#[wasm_bindgen_test]
fn texts_in_english_and_dutch_with_the_seed_labels_verbatim() {
    for (key, english, dutch) in TEXTS {
        assert_eq!(Locale::En.text(*key), *english, "{key:?} en");
        assert_eq!(Locale::Nl.text(*key), *dutch, "{key:?} nl");
    }
    let added = [
        Key::AutomaticSyncDesc,
        Key::ManualUploadDesc,
        Key::LicenseAndBillingManagementDesc,
        Key::LicenseBillingOwnersOnly,
        Key::BillingSyncHelp,
        Key::LicensePaidFeaturesHelp,
        Key::SelfHostGracePeriodHelp,
        Key::Syncing,
        Key::BillingSyncTokenRequired,
        Key::Delete,
        Key::UploadLicense,
        Key::Upload,
        Key::Uploading,
        Key::LicenseFile,
        Key::LicenseFileDesc,
        Key::CloudCommunicationRestart,
    ];
    for key in added {
        let (en, nl) = (Locale::En.text(key), Locale::Nl.text(key));
        assert!(!en.trim().is_empty() && !nl.trim().is_empty(), "{key:?}");
        assert_ne!(en, nl, "{key:?} is translated");
    }
}

#[wasm_bindgen_test]
fn grace_note_and_file_hint_fill_their_placeholders() {
    assert_eq!(
        Locale::En.text_with(Key::SelfHostGracePeriodHelp, &[("date", "Oct 31, 2026")]),
        "After your subscription expires, you have 60 days to apply an updated license file to your organization. Grace period ends Oct 31, 2026."
    );
    assert_eq!(
        Locale::Nl.text_with(Key::SelfHostGracePeriodHelp, &[("date", "31 okt 2026")]),
        "Als je abonnement is verlopen, heb je 60 dagen om een bijgewerkt licentiebestand op je organisatie toe te passen. De gratieperiode eindigt 31 okt 2026."
    );
    assert_eq!(
        Locale::En.text_with(
            Key::LicenseFileDesc,
            &[("file", "bitwarden_organization_license.json")]
        ),
        "Your license file will be named something like bitwarden_organization_license.json"
    );
}

#[derive(Properties, PartialEq)]
struct CalloutHarnessProps {
    locale: Locale,
}

#[component]
fn CalloutHarness(props: &CalloutHarnessProps) -> Html {
    html! {
        <LocaleProvider initial={props.locale}>
            <CloudCommunicationDisabled />
        </LocaleProvider>
    }
}

async fn render_callout(locale: Locale) -> web_sys::Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<CalloutHarness>::with_root_and_props(
        root.clone(),
        CalloutHarnessProps { locale },
    )
    .render();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    root
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_else(|| panic!("{selector} missing: {}", root.inner_html()))
}

#[wasm_bindgen_test]
async fn disabled_cloud_callout_shows_the_us_line_then_only_the_eu_extras() {
    let root = render_callout(Locale::En).await;
    let callout = text(&root, "#cloud-communication-disabled");
    assert!(
        callout.starts_with(
            "This server may not talk to the Bitwarden cloud, so automatic sync is off."
        ),
        "{callout}"
    );
    assert_eq!(
        text(&root, "#cloud-settings-us-label"),
        "Set the following line in bwdata/env/global.override.env to true to enable cloud communication:"
    );
    assert_eq!(
        text(&root, "#cloud-settings-us"),
        "globalSettings__enableCloudCommunication=true"
    );
    assert_eq!(US_SETTINGS.len(), 1);
    assert_eq!(
        text(&root, "#cloud-settings-eu-label"),
        "For an organization in the EU cloud, add these lines as well:"
    );
    assert_eq!(
        text(&root, "#cloud-settings-eu"),
        "globalSettings__baseServiceUri__cloudRegion=EU\n\
         globalSettings__installation__identityUri=https://identity.bitwarden.eu\n\
         globalSettings__installation__apiUri=https://api.bitwarden.eu\n\
         globalSettings__pushRelayBaseUri=https://push.bitwarden.eu"
    );
    assert_eq!(
        EU_SETTINGS.len(),
        4,
        "the EU block does not repeat the US line"
    );
    for id in ["cloud-settings-us", "cloud-settings-eu"] {
        let pre = root
            .query_selector(&format!("pre#{id}"))
            .expect("query")
            .unwrap_or_else(|| panic!("{id} is a <pre> block to copy from"));
        assert_eq!(
            pre.get_attribute("aria-labelledby"),
            Some(format!("{id}-label"))
        );
    }
    assert_eq!(
        text(&root, "#cloud-settings-restart"),
        "Once you have set these values, apply the changes by running the command ./bitwarden.sh restart."
    );
    assert_eq!(
        text(&root, "#cloud-settings-restart code"),
        BITWARDEN_RESTART
    );
    // What the end-to-end test looks for.
    for needle in [
        "globalSettings__enableCloudCommunication=true",
        "globalSettings__baseServiceUri__cloudRegion=EU",
        "https://api.bitwarden.eu",
    ] {
        assert!(callout.contains(needle), "{needle}");
    }
    assert_eq!(
        callout
            .matches("globalSettings__enableCloudCommunication=true")
            .count(),
        1
    );
}

#[wasm_bindgen_test]
async fn disabled_cloud_callout_speaks_dutch_and_keeps_the_lines() {
    let root = render_callout(Locale::Nl).await;
    let callout = text(&root, "#cloud-communication-disabled");
    assert!(
        callout.starts_with("Deze server mag niet communiceren met de cloud van Bitwarden"),
        "{callout}"
    );
    assert!(callout.contains("globalSettings__enableCloudCommunication=true"));
    assert!(callout.contains("globalSettings__baseServiceUri__cloudRegion=EU"));
    assert!(callout.contains("https://api.bitwarden.eu"));
    assert!(
        text(&root, "#cloud-settings-eu-label").contains("EU-servers"),
        "{callout}"
    );
    // The seed's sentences: restart, the cloudRegion note, the firewall hosts.
    assert_eq!(
        text(&root, "#cloud-settings-restart"),
        "Zodra je deze waarden hebt ingesteld, pas je de wijzigingen toe door het commando ./bitwarden.sh restart uit te voeren."
    );
    assert_eq!(
        text(&root, "#cloud-region-note"),
        "De waarde voor globalSettings__baseServiceUri__cloudRegion moet overeenkomen met de gegevensregio die is \
         geselecteerd bij het ophalen van uw installatie-id en -sleutel."
    );
    let firewall = text(&root, "#cloud-firewall-note");
    for host in [
        "https://api.bitwarden.com of .eu",
        "https://identity.bitwarden.com of .eu",
    ] {
        assert!(firewall.contains(host), "{firewall}");
    }
}

#[wasm_bindgen_test]
fn new_organization_route_round_trips() {
    use billing_sync_web::Route;
    use yew_router::Routable;
    assert_eq!(Route::CreateOrganization.to_path(), "/create-organization");
    assert_eq!(
        Route::recognize("/create-organization"),
        Some(Route::CreateOrganization)
    );
}
