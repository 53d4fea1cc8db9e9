//! Decoding of server answers into values and `ClientError`s.
#![cfg(target_arch = "wasm32")]

use billing_sync_web::api::{decode_response, ClientError};
use billing_sync_web::Locale;
use wasm_bindgen_test::*;
use wire::identity::ProfileResponse;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn bitwarden_error_envelope_becomes_status_with_its_message() {
    let body = r#"{"object":"error","message":"Resource not found.","validationErrors":null,
        "exceptionMessage":null,"exceptionStackTrace":null,"innerExceptionMessage":null}"#;
    let error = decode_response::<ProfileResponse>(404, body).expect_err("404 is an error");
    match &error {
        ClientError::Status { code, body } => {
            assert_eq!(*code, 404);
            assert_eq!(body.message, "Resource not found.");
        }
        other => panic!("expected Status, got {other:?}"),
    }
    assert_eq!(error.user_message(Locale::En), "Resource not found.");
}

#[wasm_bindgen_test]
fn validation_errors_show_the_first_field_message() {
    let body = r#"{"object":"error","message":"The model state is invalid.",
        "validationErrors":{"MasterPasswordHash":["Invalid password."]}}"#;
    let error = decode_response::<()>(400, body).expect_err("400 is an error");
    assert_eq!(error.user_message(Locale::En), "Invalid password.");
}

#[wasm_bindgen_test]
fn token_error_becomes_the_translated_wrong_password_message() {
    let body = r#"{"error":"invalid_grant","error_description":"invalid_username_or_password",
        "ErrorModel":{"Message":"Username or password is incorrect. Try again.","Object":"error"}}"#;
    let error = decode_response::<()>(400, body).expect_err("400 is an error");
    match &error {
        ClientError::Status { code, body } => {
            assert_eq!(*code, 400);
            assert_eq!(
                body.message,
                "Username or password is incorrect. Try again."
            );
        }
        other => panic!("expected Status, got {other:?}"),
    }
    assert_eq!(
        error.user_message(Locale::En),
        "Username or password is incorrect. Try again."
    );
    assert_eq!(
        error.user_message(Locale::Nl),
        "Gebruikersnaam of wachtwoord is onjuist. Probeer het opnieuw."
    );
}

#[wasm_bindgen_test]
fn unauthorized_and_garbage_are_told_apart() {
    assert_eq!(
        decode_response::<()>(401, "").expect_err("401"),
        ClientError::Unauthorized
    );
    let bad_gateway = decode_response::<()>(502, "<html>Bad gateway</html>").expect_err("502");
    assert_eq!(
        bad_gateway.user_message(Locale::En),
        "An unexpected error has occurred."
    );
    assert!(matches!(
        decode_response::<ProfileResponse>(200, "{\"nope\":1}"),
        Err(ClientError::Decode(_))
    ));
}

#[wasm_bindgen_test]
fn empty_success_body_decodes_as_unit() {
    assert_eq!(decode_response::<()>(200, ""), Ok(()));
}

#[wasm_bindgen_test]
fn profile_decodes_from_the_wire_shape() {
    let body = r#"{"object":"profile","id":"6f1c3bd4-9f0e-4a53-9d56-0d5a1e1a2b3c","name":"Owner",
        "email":"owner@acme.test","organizations":[{"object":"profileOrganization",
        "id":"1d3e1b0a-3c52-4b0e-8f5c-2a7b6f3c9d10","name":"Acme","type":0,"status":2,
        "enabled":true,"planType":20,"productTierType":3,"seats":25,"selfHost":false,
        "organizationUserId":"2e4f2c1b-4d63-4c1f-9a6d-3b8c7a4dae21",
        "familySponsorshipAvailable":true,"familySponsorshipFriendlyName":null,
        "familySponsorshipLastSyncDate":null,"familySponsorshipValidUntil":null,
        "familySponsorshipToDelete":null}]}"#;
    let profile = decode_response::<ProfileResponse>(200, body).expect("profile decodes");
    assert_eq!(profile.email, "owner@acme.test");
    assert_eq!(profile.organizations.len(), 1);
    assert_eq!(profile.organizations[0].name, "Acme");
}

#[wasm_bindgen_test]
fn malformed_success_bodies_are_decode_errors() {
    for body in [
        "{\"object\":\"profile\"",
        "<html>ok</html>",
        "null",
        "[]",
        "{\"object\":\"profile\",\"id\":42,\"name\":\"x\",\"email\":\"a@b.c\",\"organizations\":[]}",
    ] {
        match decode_response::<ProfileResponse>(200, body) {
            Err(ClientError::Decode(message)) => assert!(!message.is_empty(), "{body}"),
            other => panic!("{body}: expected Decode, got {other:?}"),
        }
    }
    assert!(matches!(
        decode_response::<()>(204, "not json"),
        Err(ClientError::Decode(_))
    ));
}

#[wasm_bindgen_test]
fn numbers_are_checked_like_serde_json_did() {
    assert_eq!(decode_response::<u8>(200, "200"), Ok(200));
    for body in ["256", "-1", "1.5", "\"1\""] {
        assert!(
            matches!(
                decode_response::<u8>(200, body),
                Err(ClientError::Decode(_))
            ),
            "{body} is not a u8"
        );
    }
    assert_eq!(decode_response::<bool>(200, " true "), Ok(true));
}

#[wasm_bindgen_test]
fn error_statuses_with_unreadable_bodies_still_carry_the_status() {
    for (status, body) in [
        (500, ""),
        (500, "{"),
        (400, "{\"message\":42}"),
        (404, "\"Not found\""),
    ] {
        match decode_response::<()>(status, body) {
            Err(ClientError::Status {
                code,
                body: envelope,
            }) => {
                assert_eq!(code, status);
                assert_eq!(envelope.message, "", "{body}");
            }
            other => panic!("{status} {body}: expected Status, got {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
fn request_json_is_written_as_serde_json_writes_it() {
    use billing_sync_web::api::json;
    use std::collections::BTreeMap;
    use wire::ErrorResponse;

    let mut errors = BTreeMap::new();
    errors.insert("Email".to_owned(), vec!["Required.".to_owned()]);
    let mut value = ErrorResponse::message("Bad \"input\" ✓");
    value.validation_errors = Some(errors);
    let text = json::to_string(&value).expect("serializes");
    assert_eq!(text, serde_json::to_string(&value).expect("serde_json"));
    let back: ErrorResponse = json::from_str(&text).expect("reads back");
    assert_eq!(back, value);
    assert!(json::from_str::<ErrorResponse>("{").is_err());
}
