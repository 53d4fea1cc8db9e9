//! Pure logic of the cloud Self-hosting section around the token dialog:
//! installation-id validation, who sees what, reading server errors, the
//! license dialog's reducer and the license file format.
#![cfg(target_arch = "wasm32")]

use billing_sync_web::api::ClientError;
use billing_sync_web::screens::billing_sync::is_wrong_password;
use billing_sync_web::screens::self_hosting::{
    parse_installation_id, pretty_license_json, self_hosting_access, LicenseAction, LicenseDialog,
    LicenseError, SelfHostingAccess,
};
use billing_sync_web::{Key, Locale};
use std::rc::Rc;
use wasm_bindgen_test::*;
use wire::organizations::{OrganizationUserType, ProductTier};
use wire::ErrorResponse;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn installation_id_validation_table() {
    let ok = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let cases: &[(&str, Result<&str, Key>)] = &[
        (ok, Ok(ok)),
        ("  0F8FAD5B-D9CB-469F-A165-70867728950E \n", Ok(ok)),
        ("0f8fad5bd9cb469fa16570867728950e", Ok(ok)),
        ("", Err(Key::InstallationIdRequired)),
        ("   ", Err(Key::InstallationIdRequired)),
        ("abc", Err(Key::InvalidInstallationIdFormat)),
        (
            "0f8fad5b-d9cb-469f-a165-70867728950",
            Err(Key::InvalidInstallationIdFormat),
        ),
        (
            "0f8fad5b-d9cb-469f-a165-70867728950g",
            Err(Key::InvalidInstallationIdFormat),
        ),
        (
            "00000000-0000-0000-0000-000000000000",
            Err(Key::InvalidInstallationIdFormat),
        ),
    ];
    for (raw, expected) in cases {
        let got = parse_installation_id(raw).map(|id| id.to_string());
        assert_eq!(got, expected.map(str::to_owned), "input {raw:?}");
    }
    assert_eq!(
        Locale::En.text(Key::InvalidInstallationIdFormat),
        "Enter a valid installation id (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e)."
    );
}

#[wasm_bindgen_test]
fn only_owners_get_the_section_and_billing_sync_needs_enterprise_or_teams() {
    use OrganizationUserType::*;
    let cases = [
        (
            Some(Owner),
            ProductTier::Enterprise,
            SelfHostingAccess::Owner { billing_sync: true },
        ),
        (
            Some(Owner),
            ProductTier::Teams,
            SelfHostingAccess::Owner { billing_sync: true },
        ),
        (
            Some(Owner),
            ProductTier::Families,
            SelfHostingAccess::Owner {
                billing_sync: false,
            },
        ),
        (
            Some(Owner),
            ProductTier::Free,
            SelfHostingAccess::Owner {
                billing_sync: false,
            },
        ),
        (
            Some(Owner),
            ProductTier::TeamsStarter,
            SelfHostingAccess::Owner {
                billing_sync: false,
            },
        ),
        (
            Some(Admin),
            ProductTier::Enterprise,
            SelfHostingAccess::OwnersOnly,
        ),
        (
            Some(Custom),
            ProductTier::Enterprise,
            SelfHostingAccess::OwnersOnly,
        ),
        (
            Some(User),
            ProductTier::Enterprise,
            SelfHostingAccess::OwnersOnly,
        ),
        (None, ProductTier::Enterprise, SelfHostingAccess::OwnersOnly),
    ];
    for (role, tier, expected) in cases {
        assert_eq!(
            self_hosting_access(role, tier),
            expected,
            "{role:?} {tier:?}"
        );
    }
}

fn status(code: u16, body: ErrorResponse) -> ClientError {
    ClientError::Status {
        code,
        body: Box::new(body),
    }
}

#[wasm_bindgen_test]
fn server_errors_are_read_into_what_the_user_must_do() {
    let wrong = status(
        400,
        ErrorResponse::validation("MasterPasswordHash", "Invalid password."),
    );
    assert!(is_wrong_password(&wrong));
    assert!(!is_wrong_password(&status(
        429,
        ErrorResponse::message("Slow down.")
    )));
    assert_eq!(
        status(429, ErrorResponse::message("Slow down.")).user_message(Locale::En),
        "Slow down."
    );

    let unknown = LicenseError::from_client(status(
        400,
        ErrorResponse::message("Invalid installation id"),
    ));
    assert_eq!(unknown, LicenseError::Field(Key::InstallationIdUnknown));
    let other = LicenseError::from_client(status(
        400,
        ErrorResponse::message("No active subscription found."),
    ));
    assert_eq!(other.message(Locale::En), "No active subscription found.");
}

#[wasm_bindgen_test]
fn license_dialog_transitions() {
    let state = Rc::new(LicenseDialog::default()).reduce(LicenseAction::Open);
    assert!(state.open);
    let attempt = state.attempt;
    let state = state.reduce(LicenseAction::Invalid(Key::InvalidInstallationIdFormat));
    assert_eq!(
        state.error,
        Some(LicenseError::Field(Key::InvalidInstallationIdFormat))
    );
    let state = state.reduce(LicenseAction::Submit);
    assert!(state.busy && state.error.is_none());
    let state = state.reduce(LicenseAction::Failed {
        attempt,
        error: LicenseError::Field(Key::InstallationIdUnknown),
    });
    assert!(state.open, "server errors keep the dialog open");
    assert!(!state.busy);
    let state = state.reduce(LicenseAction::Submit);
    let state = state.reduce(LicenseAction::Saved { attempt });
    assert!(!state.open);
    assert!(state.downloaded);
}

#[wasm_bindgen_test]
fn license_file_is_the_server_json_with_two_space_indent() {
    let raw = r#"{"licenseKey":"abc","id":"4bed4fd6-b90c-48a9-a03f-33af1c461353","seats":50,"issued":"2026-01-01T00:00:00","nested":{"a":[1,2]}}"#;
    let pretty = pretty_license_json(raw).expect("valid JSON");
    assert_eq!(
        pretty,
        "{\n  \"licenseKey\": \"abc\",\n  \"id\": \"4bed4fd6-b90c-48a9-a03f-33af1c461353\",\n  \"seats\": 50,\n  \"issued\": \"2026-01-01T00:00:00\",\n  \"nested\": {\n    \"a\": [\n      1,\n      2\n    ]\n  }\n}"
    );
    assert_eq!(pretty_license_json("not json"), None);
}
