//! Hardening: security headers, the demo outbox only for loopback clients,
//! scheduled purges, refresh-token rotation with replay detection and
//! logout, and the license cap enforced while the upload is read.

mod common;

use billing_sync_server::config::{GlobalSettings, Role};
use common::{Acme, TestServer, PASSWORD};
use serde_json::Value;
use std::collections::BTreeMap;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = TestServer::start(Role::Cloud).await;
    for path in ["/api/config", "/", "/api/nope"] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let policy = header("content-security-policy");
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {policy}"
        );
        assert!(!policy.contains("script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'"));
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
    }
    let vault = TestServer::start_with(
        Role::Cloud,
        &[("baseServiceUri__vault", "https://vault.acme.test/")],
    )
    .await;
    let response = vault
        .http
        .get(vault.url("/api/config"))
        .send()
        .await
        .unwrap();
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.ends_with("frame-ancestors https://vault.acme.test"),
        "{policy}"
    );
}

/// Sends one request to the app in-process as if from `peer`.
async fn outbox_from(app: &axum::Router, peer: &str) -> u16 {
    use tower::ServiceExt;
    let mut request = axum::http::Request::get("/demo/outbox")
        .body(axum::body::Body::empty())
        .unwrap();
    let address: std::net::SocketAddr = peer.parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(address));
    app.clone()
        .oneshot(request)
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_demo_outbox_answers_only_clients_on_this_machine() {
    let dir = tempfile::tempdir().unwrap();
    let settings = GlobalSettings::from_values(BTreeMap::new()).unwrap();
    let mut state = billing_sync_server::build_state(
        Role::Cloud,
        dir.path(),
        &billing_sync_server::db::sqlite_url(dir.path()),
        settings,
    )
    .await
    .unwrap();
    state.demo_outbox = true;
    let app = billing_sync_server::app(state.clone(), &dir.path().join("no-dist"));
    assert_eq!(outbox_from(&app, "127.0.0.1:5000").await, 200);
    assert_eq!(outbox_from(&app, "[::1]:5000").await, 200);
    assert_eq!(
        outbox_from(&app, "10.0.0.7:5000").await,
        404,
        "a LAN client"
    );
    assert_eq!(
        outbox_from(&app, "203.0.113.9:5000").await,
        404,
        "a remote client"
    );
    state.demo_outbox = false;
    let off = billing_sync_server::app(state, &dir.path().join("no-dist"));
    assert_eq!(outbox_from(&off, "127.0.0.1:5000").await, 404);
}

#[tokio::test]
async fn old_rows_are_purged_on_schedule_and_recent_ones_stay() {
    let acme = Acme::start_with(Role::Cloud, &[("billingSync__purgeIntervalSeconds", "1")]).await;
    let server = &acme.server;
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    let user: String = sqlx::query_scalar("SELECT id FROM users WHERE email = 'alice@acme.test'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let old = "2020-01-01T00:00:00.000000Z";
    let recent = billing_sync_server::db::ts(billing_sync_server::db::now());
    let later =
        billing_sync_server::db::ts(billing_sync_server::db::now() + chrono::Duration::days(5));
    for (hash, expires) in [("old-token", old), ("live-token", later.as_str())] {
        sqlx::query("INSERT INTO refresh_tokens (token_hash, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)")
            .bind(hash).bind(&user).bind(expires).bind(old)
            .execute(&pool).await.unwrap();
    }
    for at in [old, recent.as_str()] {
        sqlx::query("INSERT INTO password_failures (id, user_id, failed_at) VALUES ($1, $2, $3)")
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(&user)
            .bind(at)
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO mail_outbox (id, recipient, subject, body_text, body_html, category, created_at, sent_at, attempts, next_attempt_at) \
                     VALUES ($1, 'r@x.test', 's', 'link', 'link', 'c', $2, $2, 1, $2)")
            .bind(uuid::Uuid::new_v4().to_string()).bind(at)
            .execute(&pool).await.unwrap();
        sqlx::query("INSERT INTO sponsorship_sync_runs (id, organization_id, trigger_kind, started_at, sent, updated, removed) VALUES ($1, $2, 'manual', $3, 0, 0, 0)")
            .bind(uuid::Uuid::new_v4().to_string()).bind(&acme.org).bind(at)
            .execute(&pool).await.unwrap();
    }
    let count = |table: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let tables = [
        "refresh_tokens",
        "password_failures",
        "mail_outbox",
        "sponsorship_sync_runs",
    ];
    let mut left = Vec::new();
    for _ in 0..50 {
        left.clear();
        for table in tables {
            left.push(count(table).await);
        }
        if left == [1, 1, 1, 1] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        left,
        [1, 1, 1, 1],
        "one recent row left in each of {tables:?}"
    );
}

async fn refresh(server: &TestServer, token: &str) -> reqwest::Response {
    server
        .http
        .post(server.url("/identity/connect/token"))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", token)])
        .send()
        .await
        .unwrap()
}

async fn refresh_token_of(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["refresh_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_replayed_refresh_token_revokes_its_chain_and_logout_revokes_the_token() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let first = refresh_token_of(server.login_response("alice@acme.test", PASSWORD).await).await;
    let second = refresh_token_of(refresh(server, &first).await).await;
    // The first token is replayed (stolen): refused, and the chain with it.
    let replay: Value = refresh(server, &first).await.json().await.unwrap();
    assert_eq!(replay["error"], "invalid_grant");
    let after: Value = refresh(server, &second).await.json().await.unwrap();
    assert_eq!(
        after["error"], "invalid_grant",
        "the rest of the chain is revoked"
    );

    // Logout revokes the current token.
    let token = refresh_token_of(server.login_response("alice@acme.test", PASSWORD).await).await;
    let logout = server
        .http
        .post(server.url("/identity/connect/revocation"))
        .form(&[
            ("token", token.as_str()),
            ("token_type_hint", "refresh_token"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 200);
    let body: Value = refresh(server, &token).await.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
    // An unknown token is fine to revoke (RFC 7009), and changes nothing.
    let unknown = server
        .http
        .post(server.url("/identity/connect/revocation"))
        .form(&[("token", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 200);
}

#[tokio::test]
async fn an_oversized_license_upload_is_refused_before_the_body_is_read() {
    let server = TestServer::start(Role::SelfHosted).await;
    server.add_user("owner@acme.test", PASSWORD, "pbkdf2").await;
    let token = server.login("owner@acme.test", PASSWORD).await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let boundary = "XBOUNDARYX";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"license\"; filename=\"license.json\"\r\n\
         Content-Type: application/json\r\n\r\n"
    );
    // Announces 1 MiB but sends 60 KB, then waits: the server must not wait for the rest.
    let request = format!(
        "POST /api/organizations/licenses/self-hosted HTTP/1.1\r\nHost: {address}\r\n\
         Authorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n\
         Content-Length: {}\r\n\r\n{head}",
        1_000_000
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(&vec![b' '; 60 * 1024]).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered while the client was still sending")
        .unwrap();
    let text = String::from_utf8_lossy(&answer[..read]);
    assert!(text.starts_with("HTTP/1.1 400"), "{text}");
    assert!(text.contains("larger than 50 KB"), "{text}");
}
