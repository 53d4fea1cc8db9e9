//! The session and the language across time: the access token is renewed
//! with the refresh-token grant before it expires and once on a 401 (one
//! refresh for requests that fail together); only a failed refresh returns
//! to the login, and the screen comes back after logging in again; the
//! language choice survives a reload; server messages with a code are
//! shown in the user's language.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::api::{decode_response, ClientError};
use billing_sync_web::{AppProps, Locale, Route};
use common::{requests, route, route_by_token, route_config, settle, wait_for, wait_text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ACME: &str = "5b2c8e0e-3b6a-4d1c-9a55-0d6f1b3c2a10";
const PROFILE_PATH: &str = "/api/accounts/profile";
const TOKEN_PATH: &str = "/identity/connect/token";

fn profile() -> String {
    common::owner_profile_json(&[common::profile_org(ACME, 0, 20, 3)])
}

fn token_answer(access: &str, refresh: &str) -> String {
    format!(
        r#"{{"access_token":"{access}","expires_in":3600,"token_type":"Bearer",
        "refresh_token":"{refresh}","scope":"api offline_access"}}"#
    )
}

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("sessionStorage")
}

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// A session as a reload finds it: `access` expiring `expires_in_ms` from now.
fn store_session(access: &str, refresh: &str, expires_in_ms: f64) {
    session_storage().clear().expect("clear");
    local_storage()
        .remove_item(billing_sync_web::i18n::LOCALE_KEY)
        .expect("clear language");
    let stored = serde_json::json!({
        "token": access,
        "email": "owner@acme.test",
        "refresh": refresh,
        "expires_at_ms": js_sys::Date::now() + expires_in_ms,
    });
    session_storage()
        .set_item("billing-sync.session", &stored.to_string())
        .expect("stored");
}

fn stored_session() -> serde_json::Value {
    let raw = session_storage()
        .get_item("billing-sync.session")
        .expect("readable")
        .unwrap_or_else(|| "null".to_owned());
    serde_json::from_str(&raw).expect("JSON")
}

fn start(route: Route, locale: Option<Locale>) -> AppProps {
    AppProps {
        locale,
        start: Some(route),
        ..AppProps::default()
    }
}

#[wasm_bindgen_test]
async fn a_401_refreshes_once_and_the_screen_loads() {
    common::reset_network();
    route_config(false);
    route_by_token(
        "GET",
        PROFILE_PATH,
        &[("Bearer old", 401, ""), ("Bearer new-1", 200, &profile())],
    );
    route("POST", TOKEN_PATH, &[(200, &token_answer("new-1", "r-2"))]);
    store_session("old", "r-1", 3_600_000.0);
    let (root, _app) = common::mount_keeping_storage(start(Route::Vault, Some(Locale::En)));
    wait_text(&root, "#org-list", "Acme").await;
    let refreshes = requests("POST", TOKEN_PATH);
    assert_eq!(
        refreshes.len(),
        1,
        "one refresh for every request that failed"
    );
    let form = refreshes[0].body();
    assert!(form.contains("grant_type=refresh_token"), "{form}");
    assert!(form.contains("refresh_token=r-1"), "{form}");
    let sent = requests("GET", PROFILE_PATH);
    assert!(sent.iter().any(|r| r.authorization == "Bearer old"));
    assert_eq!(
        sent.last().map(|r| r.authorization.as_str()),
        Some("Bearer new-1")
    );
    // The new tokens replace the old ones, for the next reload too.
    assert_eq!(stored_session()["token"], "new-1");
    assert_eq!(stored_session()["refresh"], "r-2");
    assert!(!common::exists(&root, "#session-expired"));
}

#[wasm_bindgen_test]
async fn the_token_is_renewed_before_it_expires_without_reloading_the_screen() {
    common::reset_network();
    route_config(false);
    route_by_token("GET", PROFILE_PATH, &[("*", 200, &profile())]);
    route("POST", TOKEN_PATH, &[(200, &token_answer("new-2", "r-3"))]);
    // Expires in 61 s: renewed a minute ahead, so in about a second.
    store_session("old", "r-1", 61_000.0);
    let (root, _app) = common::mount_keeping_storage(start(Route::Vault, Some(Locale::En)));
    wait_text(&root, "#org-list", "Acme").await;
    let loads = requests("GET", PROFILE_PATH).len();
    for _ in 0..80 {
        if !requests("POST", TOKEN_PATH).is_empty() {
            break;
        }
        settle().await;
    }
    assert_eq!(
        requests("POST", TOKEN_PATH).len(),
        1,
        "renewed ahead of expiry"
    );
    settle().await;
    settle().await;
    assert_eq!(stored_session()["token"], "new-2");
    assert_eq!(
        requests("GET", PROFILE_PATH).len(),
        loads,
        "a renewed token does not reload what is on screen"
    );
    assert!(!common::exists(&root, "#session-expired"));
}

#[wasm_bindgen_test]
async fn a_failed_refresh_returns_to_the_login_and_then_to_the_screen() {
    common::reset_network();
    route_config(false);
    let subscription = common::enterprise_subscription_json(ACME);
    let subscription_path = format!("/api/organizations/{ACME}/subscription");
    route_by_token(
        "GET",
        PROFILE_PATH,
        &[("Bearer old", 401, ""), ("Bearer fresh", 200, &profile())],
    );
    route_by_token(
        "GET",
        &subscription_path,
        &[
            ("Bearer old", 401, ""),
            ("Bearer fresh", 200, &subscription),
        ],
    );
    route(
        "POST",
        TOKEN_PATH,
        &[
            (
                400,
                r#"{"error":"invalid_grant","error_description":"invalid refresh token"}"#,
            ),
            (200, &token_answer("fresh", "r-9")),
        ],
    );
    route(
        "POST",
        "/identity/accounts/prelogin",
        &[(
            200,
            r#"{"kdf":0,"kdfIterations":5000,"kdfMemory":null,"kdfParallelism":null,
            "kdfSettings":{"kdfType":0,"iterations":5000,"memory":null,"parallelism":null},"salt":null}"#,
        )],
    );
    store_session("old", "r-1", 3_600_000.0);
    let org_id = ACME.parse().expect("uuid");
    let (root, _app) =
        common::mount_keeping_storage(start(Route::Subscription { org_id }, Some(Locale::En)));
    wait_for(&root, "#session-expired").await;
    assert_eq!(requests("POST", TOKEN_PATH).len(), 1, "tried once");
    assert_eq!(stored_session(), serde_json::Value::Null, "logged out");

    // Log in again: the Subscription page comes back, not the vault.
    common::type_into(&root, "#email", "owner@acme.test");
    common::click(&root, "#login-continue");
    wait_for(&root, "#master-password").await;
    common::type_into(&root, "#master-password", "correct horse battery staple");
    common::click(&root, "#login-submit");
    wait_text(&root, "#page-title", "Subscription").await;
    wait_for(&root, "#plan-name").await;
    assert_eq!(
        common::attr(&root, "#nav-subscription", "aria-current").as_deref(),
        Some("page")
    );
}

#[wasm_bindgen_test]
async fn the_language_choice_survives_a_reload() {
    common::reset_network();
    let (root, app) = common::render(start(Route::Login, None));
    wait_for(&root, "#email").await;
    common::click(&root, "#lang-nl");
    wait_text(&root, "label[for=email]", "E-mailadres").await;
    assert_eq!(
        local_storage()
            .get_item(billing_sync_web::i18n::LOCALE_KEY)
            .expect("readable")
            .as_deref(),
        Some("nl")
    );
    app.destroy();
    // A reload: a new app without a language from its host.
    let (root, app) = common::mount_keeping_storage(start(Route::Login, None));
    wait_text(&root, "label[for=email]", "E-mailadres").await;
    assert_eq!(
        common::attr(&root, "#lang-nl", "aria-pressed").as_deref(),
        Some("true")
    );
    common::click(&root, "#lang-en");
    wait_text(&root, "label[for=email]", "Email address").await;
    app.destroy();
    let (root, _app) = common::mount_keeping_storage(start(Route::Login, None));
    wait_text(&root, "label[for=email]", "Email address").await;
}

/// An error body as the server sends it, decoded as the app decodes it.
fn server_error(body: &str) -> ClientError {
    decode_response::<()>(400, body).expect_err("an error status")
}

#[wasm_bindgen_test]
fn coded_server_messages_are_shown_in_the_users_language() {
    let region = server_error(
        r#"{"object":"error","message":"The cloud at https://identity.bitwarden.com does not accept this installation's id and key. This is usually a region mismatch: this server is configured for the EU region (globalSettings__baseServiceUri__cloudRegion), and the installation id and key must have been issued in that same region. Check both settings, then restart the server.",
        "code":"regionMismatch","codeArgs":{"region":"EU","identity":"https://identity.bitwarden.com"}}"#,
    );
    let dutch = region.user_message(Locale::Nl);
    assert!(
        dutch.starts_with("De cloud op https://identity.bitwarden.com accepteert"),
        "{dutch}"
    );
    assert!(dutch.contains("de regio EU"), "{dutch}");
    let english = region.user_message(Locale::En);
    assert!(
        english.contains("This is usually a region mismatch"),
        "{english}"
    );
    assert!(english.contains("the EU region"), "{english}");

    let unreachable = server_error(
        r#"{"object":"error","message":"An error has occurred. Check your internet connection and ensure the billing token is correct. Cannot reach the cloud at https://api.bitwarden.com/ (timeout). Check this server's internet connection and that the firewall allows it, then try again.",
        "code":"cloudUnreachable","codeArgs":{"uri":"https://api.bitwarden.com/","reason":"timeout","during":"licenseSync"}}"#,
    );
    assert_eq!(
        unreachable.user_message(Locale::Nl),
        "Er is een fout opgetreden. Controleer je internetverbinding en zorg ervoor dat het factureringstoken juist is. \
         De cloud op https://api.bitwarden.com/ is niet bereikbaar (timeout). Controleer de internetverbinding van deze server \
         en of de firewall de verbinding toestaat, en probeer het opnieuw."
    );

    let invalid = server_error(
        r#"{"object":"error","message":"Invalid license. The license has expired.\nThe license verification failed.",
        "code":"licenseInvalid","codeArgs":{"problems":"expired,verificationFailed"}}"#,
    );
    assert_eq!(
        invalid.user_message(Locale::Nl),
        "Ongeldige licentie. De licentie is verlopen. De verificatie van de licentie is mislukt."
    );
    let version = server_error(
        r#"{"object":"error","message":"Version 17 is not supported.","code":"licenseVersionUnsupported","codeArgs":{"version":"17"}}"#,
    );
    assert_eq!(
        version.user_message(Locale::Nl),
        "Versie 17 wordt niet ondersteund."
    );
    assert_eq!(
        version.user_message(Locale::En),
        "Version 17 is not supported."
    );

    // The upload's own refusals: too large, not a license file.
    let too_large = server_error(
        r#"{"object":"error","message":"Invalid license. The file is larger than 50 KB: upload the license file you downloaded from the cloud (bitwarden_organization_license.json).","code":"licenseFileTooLarge","codeArgs":{"maxKb":"50"}}"#,
    );
    assert_eq!(
        too_large.user_message(Locale::Nl),
        "Ongeldige licentie. Het bestand is groter dan 50 KB: upload het licentiebestand dat je uit de cloud hebt gedownload (bitwarden_organization_license.json)."
    );
    let unreadable = server_error(
        r#"{"object":"error","message":"Invalid license. The file is not an organization license: upload the license file you downloaded from the cloud (bitwarden_organization_license.json).","code":"licenseFileUnreadable"}"#,
    );
    assert_eq!(
        unreadable.user_message(Locale::Nl),
        "Ongeldige licentie. Het bestand is geen organisatielicentie: upload het licentiebestand dat je uit de cloud hebt gedownload (bitwarden_organization_license.json)."
    );
    assert!(unreadable
        .user_message(Locale::En)
        .starts_with("Invalid license. The file is not an organization license"));

    // No code, or a code from a newer server: the server's own text.
    let plain = server_error(r#"{"object":"error","message":"Something else."}"#);
    assert_eq!(plain.user_message(Locale::Nl), "Something else.");
    let newer = server_error(r#"{"object":"error","message":"Newer.","code":"fromTheFuture"}"#);
    assert_eq!(newer.user_message(Locale::Nl), "Newer.");
    let unknown_problem = server_error(
        r#"{"object":"error","message":"Invalid license. Strange.","code":"licenseInvalid","codeArgs":{"problems":"strange"}}"#,
    );
    assert_eq!(
        unknown_problem.user_message(Locale::Nl),
        "Invalid license. Strange."
    );
}
