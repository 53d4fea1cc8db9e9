//! The recipient's offer page mounted in the real app against a scripted
//! `fetch`: the hash URL, no token, a bad token, redeeming into a new
//! organization, and creating an account then logging in.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::kdf::{master_key, MasterKey};
use billing_sync_web::keys::{new_account_keys, SymmetricKey};
use billing_sync_web::{Locale, Route};
use common::families::*;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wire::kdf::{KdfSettings, KdfType};
use wire::keys::EncString;

wasm_bindgen_test_configure!(run_in_browser);

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

/// A new account's KDF: PBKDF2-SHA256, 600,000 iterations.
fn pbkdf2_600k() -> KdfSettings {
    KdfSettings {
        kdf_type: KdfType::Pbkdf2Sha256,
        iterations: 600_000,
        memory: None,
        parallelism: None,
    }
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
    // The redeemer's key pair, as the profile returns it (`accountKeys`).
    let made = new_account_keys(&MasterKey::from_bytes([7; 32]))
        .await
        .unwrap();
    let before = with_account_keys(&profile_json("family@example.com", &[]), &made.keys);
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
    let mut body = redeem[1].json();
    // The new organization's key, made in the browser for the redeemer's
    // public key: type 4, one RSA-2048 block (a fresh key for each try).
    let key = EncString::new_unchecked(body["key"].as_str().expect("a key for the new org"));
    assert_eq!(key.rsa_data().map(|d| d.len()), Ok(256), "{body}");
    assert_ne!(redeem[0].json()["key"], body["key"]);
    body.as_object_mut().unwrap().remove("key");
    assert_eq!(
        body,
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
    // The keys made in the browser: the user key opens with the stretched
    // master key of the password typed, the private key with the user key.
    let master = master_key("correct horse battery", "new@example.com", pbkdf2_600k())
        .await
        .unwrap();
    let stretched = SymmetricKey::stretch(&master).await.unwrap();
    let user_key = EncString::new_unchecked(body["key"].as_str().expect("key"));
    assert!(user_key.check_user_key().is_ok(), "{body}");
    let user_key = SymmetricKey::from_bytes(&stretched.decrypt(&user_key).await.unwrap()).unwrap();
    let private = EncString::new_unchecked(body["keys"]["encryptedPrivateKey"].as_str().unwrap());
    assert!(user_key.decrypt(&private).await.unwrap().len() > 1000);
    assert!(wire::keys::check_public_key(body["keys"]["publicKey"].as_str().unwrap()).is_ok());
    let wrong = master_key("correct horse batterY", "new@example.com", pbkdf2_600k())
        .await
        .unwrap();
    let wrong = SymmetricKey::stretch(&wrong).await.unwrap();
    assert!(wrong
        .decrypt(&EncString::new_unchecked(body["key"].as_str().unwrap()))
        .await
        .is_err());
    let token = requests("POST", "/identity/connect/token");
    assert!(token[0].body().contains("password="), "{}", token[0].body());
    handle.destroy();
    set_address(&original);
}
