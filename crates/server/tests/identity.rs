//! Identity over real HTTP: prelogin, password and refresh grants, tokens on /api.

mod common;

use billing_sync_server::config::Role;
use common::{Acme, TestServer, PASSWORD};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn prelogin_of_a_known_email_returns_the_accounts_kdf() {
    let server = TestServer::start(Role::Cloud).await;
    server.add_user("bob@acme.test", PASSWORD, "argon2id").await;
    let response = server
        .http
        .post(server.url("/identity/accounts/prelogin"))
        .json(&json!({ "email": "  Bob@Acme.TEST " }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"kdf":1,"kdfIterations":3,"kdfMemory":64,"kdfParallelism":4,
               "kdfSettings":{"kdfType":1,"iterations":3,"memory":64,"parallelism":4},
               "salt":"bob@acme.test"})
    );
}

#[tokio::test]
async fn prelogin_of_an_unknown_email_looks_like_a_default_account() {
    let server = TestServer::start(Role::Cloud).await;
    let body: Value = server
        .http
        .post(server.url("/identity/accounts/prelogin"))
        .json(&json!({ "email": "Nobody@Example.com" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Contract conformance case 1, exactly.
    assert_eq!(
        body,
        json!({"kdf":0,"kdfIterations":600000,"kdfMemory":null,"kdfParallelism":null,
               "kdfSettings":{"kdfType":0,"iterations":600000,"memory":null,"parallelism":null},
               "salt":"nobody@example.com"})
    );
}

#[tokio::test]
async fn prelogin_rejects_missing_and_malformed_emails() {
    let server = TestServer::start(Role::SelfHosted).await;
    for (body, message) in [
        (json!({}), "The Email field is required."),
        (
            json!({"email": "not-an-email"}),
            "The Email field is not a valid e-mail address.",
        ),
    ] {
        let response = server
            .http
            .post(server.url("/identity/accounts/prelogin"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["message"], "The model state is invalid.");
        assert_eq!(error["validationErrors"]["Email"][0], message);
    }
    let response = server
        .http
        .post(server.url("/identity/accounts/prelogin"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["object"], "error");
}

#[tokio::test]
async fn login_works_with_both_kdfs_and_reports_the_kdf() {
    let server = TestServer::start(Role::Cloud).await;
    server.add_user("pbkdf@acme.test", PASSWORD, "pbkdf2").await;
    server
        .add_user("argon@acme.test", PASSWORD, "argon2id")
        .await;
    for (email, kdf) in [("pbkdf@acme.test", 0), ("argon@acme.test", 1)] {
        let response = server.login_response(email, PASSWORD).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);
        assert_eq!(body["scope"], "api offline_access");
        assert_eq!(body["Kdf"], kdf);
        assert!(body["refresh_token"].as_str().is_some_and(|t| t.len() > 20));
        let token = body["access_token"].as_str().unwrap();
        let profile: Value = server
            .get("/api/accounts/profile", token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(profile["email"], email);
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer_after_a_delay() {
    let server = TestServer::start(Role::Cloud).await;
    server.add_user("owner@acme.test", PASSWORD, "pbkdf2").await;
    for (email, password) in [
        ("owner@acme.test", "wrong password"),
        ("nobody@acme.test", PASSWORD),
    ] {
        let started = Instant::now();
        let response = server.login_response(email, password).await;
        assert!(
            started.elapsed() >= Duration::from_secs(2),
            "no delay for {email}"
        );
        assert_eq!(response.status(), 400);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body,
            json!({"error":"invalid_grant","error_description":"invalid_username_or_password",
                   "ErrorModel":{"Message":"Username or password is incorrect. Try again.","Object":"error"}})
        );
    }
}

#[tokio::test]
async fn refresh_tokens_work_once() {
    let server = TestServer::start(Role::Cloud).await;
    server.add_user("owner@acme.test", PASSWORD, "pbkdf2").await;
    let body: Value = server
        .login_response("owner@acme.test", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let refresh = body["refresh_token"].as_str().unwrap().to_owned();
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", "web"),
        ("refresh_token", refresh.as_str()),
    ];
    let response = server
        .http
        .post(server.url("/identity/connect/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let renewed: Value = response.json().await.unwrap();
    assert_ne!(renewed["refresh_token"], body["refresh_token"]);
    let profile = server
        .get(
            "/api/accounts/profile",
            renewed["access_token"].as_str().unwrap(),
        )
        .await;
    assert_eq!(profile.status(), 200);
    // The old refresh token was consumed.
    let again = server
        .http
        .post(server.url("/identity/connect/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 400);
    let error: Value = again.json().await.unwrap();
    assert_eq!(error["error"], "invalid_grant");
}

#[tokio::test]
async fn unknown_grants_and_missing_fields_are_oauth_errors() {
    let server = TestServer::start(Role::Cloud).await;
    let response = server
        .http
        .post(server.url("/identity/connect/token"))
        .form(&[("grant_type", "implicit")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "unsupported_grant_type"
    );
    let response = server
        .http
        .post(server.url("/identity/connect/token"))
        .form(&[("grant_type", "password"), ("username", "a@b.io")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "invalid_request"
    );
}

#[tokio::test]
async fn api_routes_need_a_valid_bearer_token() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let paths = [
        "/api/accounts/profile".to_owned(),
        format!("/api/organizations/{}/subscription", acme.org),
    ];
    for path in &paths {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path} without a token");
        assert_eq!(response.text().await.unwrap(), "", "401 has an empty body");
        assert_eq!(
            server.get(path, "not.a.jwt").await.status(),
            401,
            "{path} with garbage"
        );
    }
    // A token signed by another server is not accepted here.
    let other = TestServer::start(Role::Cloud).await;
    other.add_user("owner@acme.test", PASSWORD, "pbkdf2").await;
    let foreign = other.login("owner@acme.test", PASSWORD).await;
    assert_eq!(
        server.get("/api/accounts/profile", &foreign).await.status(),
        401
    );
    // The token also works from the access_token query parameter, as Bitwarden allows.
    let token = server.login("owner@acme.test", PASSWORD).await;
    let response = server
        .http
        .get(server.url(&format!("/api/accounts/profile?access_token={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn profile_lists_memberships_with_role_and_plan() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let owner = server.login("owner@acme.test", PASSWORD).await;
    let profile: Value = server
        .get("/api/accounts/profile", &owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["object"], "profile");
    let orgs = profile["organizations"].as_array().unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["id"], acme.org.as_str());
    assert_eq!(orgs[0]["name"], "Acme");
    assert_eq!(orgs[0]["type"], 0, "owner");
    assert_eq!(orgs[0]["productTierType"], 3, "enterprise");
    let alice = server.login("alice@acme.test", PASSWORD).await;
    let profile: Value = server
        .get("/api/accounts/profile", &alice)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["organizations"][0]["type"], 2, "user");
    let eve = server.login("eve@other.test", PASSWORD).await;
    let profile: Value = server
        .get("/api/accounts/profile", &eve)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["organizations"], json!([]));
}

#[tokio::test]
async fn subscription_is_for_owners_and_admins_of_the_org() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let path = format!("/api/organizations/{}/subscription", acme.org);
    for email in ["owner@acme.test", "admin@acme.test"] {
        let token = server.login(email, PASSWORD).await;
        let response = server.get(&path, &token).await;
        assert_eq!(response.status(), 200, "{email}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["plan"]["name"], "Enterprise (Annually)");
        assert_eq!(body["plan"]["productTier"], 3);
        assert_eq!(body["seats"], 10);
        assert!(
            body["expiration"].as_str().is_some(),
            "cloud orgs expire in a year"
        );
    }
    for email in ["alice@acme.test", "eve@other.test"] {
        let token = server.login(email, PASSWORD).await;
        let response = server.get(&path, &token).await;
        assert_eq!(response.status(), 404, "{email}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["message"], "Resource not found.");
    }
    let owner = server.login("owner@acme.test", PASSWORD).await;
    assert_eq!(
        server
            .get("/api/organizations/not-a-uuid/subscription", &owner)
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn openapi_document_describes_the_routes() {
    let server = TestServer::start(Role::Cloud).await;
    let doc: Value = server
        .http
        .get(server.url("/api/docs/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/identity/accounts/prelogin",
        "/identity/connect/token",
        "/api/accounts/profile",
        "/api/organizations/{id}/subscription",
        "/api/config",
        "/alive",
    ] {
        assert!(paths.contains_key(path), "{path} missing from OpenAPI");
    }
}

#[tokio::test]
async fn config_says_which_side_the_server_is() {
    for (role, self_hosted) in [(Role::Cloud, false), (Role::SelfHosted, true)] {
        let server = TestServer::start(role).await;
        let body: Value = server
            .http
            .get(server.url("/api/config"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["selfHosted"], self_hosted);
        assert_eq!(body["environment"]["cloudRegion"], "US");
    }
}

#[tokio::test]
async fn the_outbox_page_is_served_only_when_enabled() {
    let server = TestServer::start(Role::Cloud).await;
    let response = server
        .http
        .get(server.url("/demo/outbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        404,
        "off by default: it shows redeem links"
    );
}
