//! The OpenAPI document types every body, and the contract check that every
//! test server runs (tests/common/openapi.rs) really refuses what the
//! document does not describe: wrong types, numbers sent as names, unnamed
//! fields, bad dates, unlisted statuses and undocumented routes.

mod common;

use axum::body::Body;
use axum::extract::Request;
use axum::routing::get;
use axum::{Json, Router};
use billing_sync_server::config::Role;
use common::openapi::{checked, Contract, Violations, DOCUMENT_PATH};
use common::TestServer;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn document(server: &TestServer) -> Value {
    let response = server
        .http
        .get(server.url(DOCUMENT_PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Every operation of `document` as (`METHOD path`, operation).
fn operations(document: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            found.push((format!("{} {path}", method.to_uppercase()), operation));
        }
    }
    found
}

fn schema_name(schema: &Value) -> Option<&str> {
    schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
}

#[tokio::test]
async fn every_body_is_a_typed_schema() {
    for role in [Role::Cloud, Role::SelfHosted] {
        let server = TestServer::start(role).await;
        let document = document(&server).await;
        let schemas = document["components"]["schemas"].as_object().unwrap();
        for (operation_name, operation) in operations(&document) {
            if let Some(content) = operation["requestBody"]["content"].as_object() {
                for (media, body) in content {
                    let name = schema_name(&body["schema"]).unwrap_or_else(|| {
                        panic!(
                            "{operation_name}: {media} request body is not a named schema: {body}"
                        )
                    });
                    assert!(
                        schemas.contains_key(name),
                        "{operation_name}: {name} missing"
                    );
                }
            }
            for (status, response) in operation["responses"].as_object().unwrap() {
                let Some(json) = response["content"].get("application/json") else {
                    continue;
                };
                let schema = &json["schema"];
                assert_ne!(
                    schema,
                    &json!({"type": "string"}),
                    "{operation_name} {status}: an untyped string body"
                );
                if !status.starts_with('2') {
                    let name = schema_name(schema);
                    assert!(
                        matches!(name, Some("ErrorResponse" | "TokenErrorResponse")),
                        "{operation_name} {status}: error bodies are Bitwarden's error shapes, got {schema}"
                    );
                }
            }
        }
        // Numbers on the wire are integer schemas listing Bitwarden's values.
        assert_eq!(schemas["KdfType"]["type"], "integer");
        assert_eq!(schemas["KdfType"]["enum"], json!([0, 1]));
        assert_eq!(schemas["OrganizationUserType"]["enum"], json!([0, 1, 2, 4]));
        assert_eq!(schemas["Secret"]["type"], "string");
        assert_eq!(schemas["OrganizationId"]["format"], "uuid");
    }
}

#[tokio::test]
async fn the_contract_refuses_what_the_document_does_not_describe() {
    let server = TestServer::start(Role::Cloud).await;
    let contract = Contract::new(&document(&server).await).unwrap();
    let json = Some("application/json");
    let check = |method: &str, path: &str, status: u16, body: Value| {
        contract.check(method, path, status, json, body.to_string().as_bytes())
    };

    let config = json!({"object": "config", "version": "1.0.0", "selfHosted": false,
        "environment": {"cloudRegion": "US", "vault": null, "api": null, "identity": null}});
    check("GET", "/api/config", 200, config.clone()).expect("the real shape passes");

    let mut wrong_type = config.clone();
    wrong_type["selfHosted"] = json!("no");
    let error = check("GET", "/api/config", 200, wrong_type).unwrap_err();
    assert!(error.contains("GET /api/config → 200"), "{error}");
    assert!(error.contains("/selfHosted"), "{error}");

    let mut unnamed_field = config.clone();
    unnamed_field["environment"]["debug"] = json!(true);
    let error = check("GET", "/api/config", 200, unnamed_field).unwrap_err();
    assert!(error.contains("debug"), "{error}");

    let prelogin = json!({"kdf": 0, "kdfIterations": 600000, "kdfMemory": null, "kdfParallelism": null,
        "kdfSettings": {"kdfType": 0, "iterations": 600000, "memory": null, "parallelism": null},
        "salt": "owner@acme.test"});
    check("POST", "/identity/accounts/prelogin", 200, prelogin.clone()).expect("real prelogin");
    for (field, value) in [("kdf", json!("PBKDF2_SHA256")), ("kdf", json!(7))] {
        let mut wrong = prelogin.clone();
        wrong[field] = value.clone();
        let error = check("POST", "/identity/accounts/prelogin", 200, wrong).unwrap_err();
        assert!(error.contains("/kdf"), "kdf {value}: {error}");
    }

    let error = check(
        "GET",
        "/api/organization/sponsorship/{sponsoringOrgId}/sync-status",
        200,
        json!({"object": "syncStatus", "lastSyncDate": "yesterday"}),
    )
    .unwrap_err();
    assert!(error.contains("/lastSyncDate"), "{error}");

    let error = check(
        "POST",
        "/identity/connect/token",
        400,
        json!({"object": "error", "message": "Username or password is incorrect."}),
    )
    .unwrap_err();
    assert!(
        error.contains("POST /identity/connect/token → 400"),
        "{error}"
    );

    let error = check("GET", "/api/config", 418, config.clone()).unwrap_err();
    assert!(error.contains("418"), "{error}");
    let error = check("GET", "/api/nowhere", 200, config.clone()).unwrap_err();
    assert!(error.contains("not in the OpenAPI document"), "{error}");
    let error = check("DELETE", "/api/config", 200, config).unwrap_err();
    assert!(error.contains("DELETE /api/config"), "{error}");

    // Empty bodies need only a listed status; a listed JSON body must be JSON.
    contract
        .check("GET", "/api/accounts/profile", 401, None, b"")
        .expect("401 with an empty body is described");
    let error = contract
        .check(
            "GET",
            "/api/accounts/profile",
            200,
            Some("text/plain"),
            b"hello",
        )
        .unwrap_err();
    assert!(error.contains("text/plain"), "{error}");
}

#[tokio::test]
async fn a_response_that_breaks_the_contract_is_recorded() {
    let server = TestServer::start(Role::Cloud).await;
    let contract = Contract::new(&document(&server).await).unwrap();
    // A router whose `/api/config` answers with a string where the document says boolean.
    let drifted = Router::new().route(
        "/api/config",
        get(|| async { Json(json!({"version": "1", "selfHosted": "yes", "environment": {}})) }),
    );
    let violations = Violations::default();
    let app = checked(drifted, contract, violations.clone());
    let response = app
        .oneshot(Request::get("/api/config").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "the response itself passes through");
    let recorded = violations.lock().unwrap().clone();
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert!(
        recorded[0].contains("GET /api/config → 200"),
        "{recorded:?}"
    );
    assert!(recorded[0].contains("/selfHosted"), "{recorded:?}");
}
