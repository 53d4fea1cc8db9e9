//! Bodies and media types on every route of both roles (issue 13): the
//! route list is each role's OpenAPI document, the one `authz_matrix` makes
//! sure names every route.
//!
//! - a body announced over 1 MiB → 413 on every route, before anything reads it;
//! - a body over 1 MiB without a length (chunked) → 413 where a body is read;
//! - a wrong `Content-Type` → 415 where a JSON or multipart body is read, 400
//!   `invalid_request` on the OAuth token endpoint (as Bitwarden's identity
//!   server answers);
//! - JSON of the wrong shape → 400;
//!
//! and every error body is Bitwarden's error JSON with no internals in it:
//! no SQL, file paths, panics, Rust type or module names. The figures are
//! printed.

mod common;

use billing_sync_server::config::Role;
use common::{Cloud, TestServer};
use reqwest::Method;
use serde_json::Value;

const LIMIT: usize = billing_sync_server::MAX_BODY_BYTES;

/// Text that would give away how the server is built.
const INTERNALS: &[&str] = &[
    "select ",
    "insert into",
    "update ",
    "sqlx",
    "sqlite",
    "postgres",
    "/work/",
    "/tmp/",
    "/root/",
    ".rs:",
    "src/",
    "panicked",
    "backtrace",
    "::",
    "struct ",
    "billing_sync",
    "wire.",
    "Error {",
    "Some(",
];

/// One operation of the document: method, path template, and the media
/// types of its request body (empty when it reads none).
struct Operation {
    method: Method,
    path: String,
    media: Vec<String>,
}

fn operations(document: &Value) -> Vec<Operation> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let media = operation["requestBody"]["content"]
                .as_object()
                .map(|content| content.keys().cloned().collect())
                .unwrap_or_default();
            found.push(Operation {
                method: Method::from_bytes(method.to_uppercase().as_bytes()).expect("method"),
                path: path.clone(),
                media,
            });
        }
    }
    found
}

/// Fills `{placeholders}`: organization-like ones with `org`, a connection
/// type with 1, anything else with a fresh id.
fn fill(template: &str, org: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let name = &rest[open + 1..close];
        out.push_str(&match name {
            "type" => "1".to_owned(),
            "sponsoredFriendlyName" => "Friend".to_owned(),
            n if n == "id" || n.to_lowercase().contains("org") => org.to_owned(),
            _ => uuid::Uuid::new_v4().to_string(),
        });
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

struct Walk<'a> {
    server: &'a TestServer,
    org: String,
    /// Tokens to try in order: the first one not refused with 401/403 is the
    /// caller the route is for.
    tokens: Vec<String>,
    checked_bodies: usize,
    requests: usize,
}

impl Walk<'_> {
    async fn send(
        &mut self,
        operation: &Operation,
        content_type: Option<&str>,
        body: reqwest::Body,
        token: Option<&str>,
    ) -> (u16, String) {
        let url = self.server.url(&fill(&operation.path, &self.org));
        let mut request = self.server.http.request(operation.method.clone(), url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = request.body(body).send().await.expect("answered");
        self.requests += 1;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, text)
    }

    /// The status and body for the caller the route is for.
    async fn send_as_caller(
        &mut self,
        operation: &Operation,
        content_type: Option<&str>,
        body: impl Fn() -> reqwest::Body,
    ) -> (u16, String) {
        let tokens = self.tokens.clone();
        let mut last = (0, String::new());
        for token in &tokens {
            last = self
                .send(operation, content_type, body(), Some(token))
                .await;
            if !matches!(last.0, 401 | 403) {
                break;
            }
        }
        last
    }

    /// Every error body is Bitwarden's error JSON with its code (or OAuth's
    /// on the token endpoint, or empty where Bitwarden sends nothing)
    /// without internals.
    fn check_error_body(&mut self, what: &str, status: u16, body: &str) {
        if status < 400 || body.is_empty() {
            return;
        }
        self.checked_bodies += 1;
        let json: Value = serde_json::from_str(body)
            .unwrap_or_else(|_| panic!("{what} → {status}: not JSON: {body}"));
        let message = json["message"].as_str().or(json["error"].as_str());
        assert!(
            message.is_some(),
            "{what} → {status}: not an error shape: {body}"
        );
        // Bitwarden's error JSON carries the code a client translates
        // (OAuth's token errors have their own `error` codes).
        if json["message"].is_string() {
            let code = json["code"].as_str().unwrap_or_default();
            assert!(
                !code.is_empty() && code != "unknown",
                "{what} → {status}: no code to translate: {body}"
            );
        }
        let lower = body.to_lowercase();
        for internal in INTERNALS {
            assert!(
                !lower.contains(&internal.to_lowercase()),
                "{what} → {status}: {internal:?} in {body}"
            );
        }
    }
}

fn oversized() -> Vec<u8> {
    let mut body = b"{\"a\":\"".to_vec();
    body.resize(LIMIT + 16, b'x');
    body.extend_from_slice(b"\"}");
    body
}

/// Sends a request over a raw connection: `chunked` sends the oversized
/// body in chunks with no length, otherwise only the head goes out, with a
/// `Content-Length` over the limit (the server must answer without waiting
/// for a body that never comes).
async fn send_raw(
    server: &TestServer,
    method: &Method,
    path: &str,
    media: &str,
    token: Option<&str>,
    chunked: bool,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = server.base.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    let length = if chunked {
        "Transfer-Encoding: chunked".to_owned()
    } else {
        format!("Content-Length: {}", oversized().len())
    };
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\n{auth}Content-Type: {media}\r\n\
         {length}\r\nConnection: close\r\n\r\n"
    );
    let (mut stream, mut writer) = stream.into_split();
    // The body goes out while the answer is read: the server may answer and
    // close before it has all of it.
    let sending = tokio::spawn(async move {
        let _ = writer.write_all(head.as_bytes()).await;
        if chunked {
            for chunk in oversized().chunks(64 * 1024) {
                let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
                if writer.write_all(&framed).await.is_err() {
                    return;
                }
            }
            let _ = writer.write_all(b"0\r\n\r\n").await;
        }
        // Keep the write half open until the answer is read.
        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    });
    // Read the head, then as many body bytes as it announces (the server
    // may keep the connection open to drain what it did not read).
    let mut answer = Vec::new();
    let mut buffer = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    let complete = |answer: &[u8]| -> bool {
        let text = String::from_utf8_lossy(answer);
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            return false;
        };
        let length = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
            })
            .unwrap_or(0);
        body.len() >= length
    };
    while !complete(&answer) {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(n)) if n > 0 => answer.extend_from_slice(&buffer[..n]),
            _ => break,
        }
    }
    sending.abort();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

async fn walk(server: &TestServer, org: String, tokens: Vec<String>) -> (usize, usize, usize) {
    let document: Value = server
        .http
        .get(server.url("/api/docs/openapi.json"))
        .send()
        .await
        .expect("document")
        .json()
        .await
        .expect("document JSON");
    let operations = operations(&document);
    let mut walk = Walk {
        server,
        org,
        tokens,
        checked_bodies: 0,
        requests: 0,
    };
    for operation in &operations {
        let what = format!("{} {}", operation.method, operation.path);
        // Announced over the limit: refused before authentication or routing reads it.
        let path = fill(&operation.path, &walk.org);
        let (status, body) = send_raw(
            server,
            &operation.method,
            &path,
            "application/json",
            None,
            false,
        )
        .await;
        walk.requests += 1;
        assert_eq!(
            status,
            413,
            "{what}, {} bytes announced: {body}",
            LIMIT + 18
        );
        walk.check_error_body(&what, status, &body);
        if operation.media.is_empty() {
            continue;
        }
        let media = operation.media[0].as_str();
        let form = media == "application/x-www-form-urlencoded";
        // Over the limit without a length: cut while being read.
        let full_media = if media == "multipart/form-data" {
            "multipart/form-data; boundary=XBOUNDARYX"
        } else {
            media
        };
        let mut chunked = (0, String::new());
        for token in walk.tokens.clone() {
            let path = fill(&operation.path, &walk.org);
            chunked = send_raw(
                server,
                &operation.method,
                &path,
                full_media,
                Some(&token),
                true,
            )
            .await;
            walk.requests += 1;
            if !matches!(chunked.0, 401 | 403) {
                break;
            }
        }
        let (status, body) = chunked;
        let expected: &[u16] = if media == "multipart/form-data" {
            // A license upload larger than 50 KB is Bitwarden's 400 `Invalid license`.
            &[400, 413]
        } else {
            &[413]
        };
        assert!(
            expected.contains(&status),
            "{what}, chunked: {status} {body}"
        );
        walk.check_error_body(&what, status, &body);
        // A wrong media type.
        let (status, body) = walk
            .send_as_caller(operation, Some("text/plain"), || "{}".into())
            .await;
        assert_eq!(
            status,
            if form { 400 } else { 415 },
            "{what}, text/plain: {body}"
        );
        walk.check_error_body(&what, status, &body);
        if form {
            assert_eq!(
                serde_json::from_str::<Value>(&body).unwrap()["error"],
                "invalid_request"
            );
            continue;
        }
        if media == "application/json" {
            // JSON of the wrong shape, and no JSON at all.
            for bad in [
                "1",
                "[]",
                "\"x\"",
                "{\"a\":",
                "{\"email\": 7, \"type\": \"x\"}",
                "null",
            ] {
                let (status, body) = walk
                    .send_as_caller(operation, Some(media), || bad.into())
                    .await;
                assert!(
                    (400..500).contains(&status) || status == 200,
                    "{what}, body {bad}: {status} {body}"
                );
                walk.check_error_body(&what, status, &body);
            }
        }
    }
    (operations.len(), walk.requests, walk.checked_bodies)
}

#[tokio::test]
async fn every_route_refuses_oversized_bodies_and_wrong_media_types_without_internals() {
    let started = std::time::Instant::now();
    let cloud = Cloud::start().await;
    let server = &cloud.acme.server;
    let (installation, key) = cloud.installation.clone();
    let mut tokens = vec![cloud.owner.clone()];
    for scope in [
        wire::identity::scopes::API_INSTALLATION,
        wire::identity::scopes::API_LICENSING,
    ] {
        let response = server
            .http
            .post(server.url("/identity/connect/token"))
            .form(&wire::identity::TokenRequestForm::installation(
                &installation,
                wire::Secret::new(key.clone()),
                scope,
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "installation token {scope}");
        let body: Value = response.json().await.unwrap();
        tokens.push(body["access_token"].as_str().unwrap().to_owned());
    }
    let (cloud_routes, cloud_requests, cloud_bodies) =
        walk(server, cloud.acme.org.clone(), tokens).await;

    let (self_hosted, owner) = common::self_hosted(&[]).await;
    let org = self_hosted
        .create_org("Acme", "enterprise", "owner@acme.test")
        .await;
    let (self_routes, self_requests, self_bodies) = walk(&self_hosted, org, vec![owner]).await;
    assert_eq!(self_hosted.role, Role::SelfHosted);
    println!(
        "bodies and media types: cloud {cloud_routes} routes / {cloud_requests} requests, \
         self-hosted {self_routes} routes / {self_requests} requests; {} error bodies checked \
         for internals, {:.1} s",
        cloud_bodies + self_bodies,
        started.elapsed().as_secs_f64()
    );
    assert!(
        cloud_routes > 20 && self_routes > 20,
        "the whole document was walked"
    );
}
