//! The web module as a browser gets it over HTTP, from both roles: the
//! precompressed variant the request accepts (with `Vary`), the file as is
//! otherwise, and cache headers by kind of file.

use billing_sync_server::config::{GlobalSettings, Role};
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use tokio::sync::oneshot;

const WASM: &str = "billing-sync-web-0f1e2d3c4b5a6978_bg.wasm";
const JS: &str = "billing-sync-web-0f1e2d3c4b5a6978.js";
const CSS: &str = "styles-a1b2c3d4e5f60718.css";
const WORKER_JS: &str = "kdf-worker.js";
const INDEX: &str =
    "<!DOCTYPE html><html><head><title>Billing Sync</title></head><body></body></html>";

/// A server of `role` serving `dist`; stopped when dropped.
struct Server {
    base: String,
    http: reqwest::Client,
    _data: tempfile::TempDir,
    _stop: oneshot::Sender<()>,
}

impl Server {
    async fn start(role: Role, dist: &Path) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let database_url = billing_sync_server::db::sqlite_url(data.path());
        let settings = GlobalSettings::from_values(BTreeMap::new()).expect("settings");
        let state = billing_sync_server::build_state(role, data.path(), &database_url, settings)
            .await
            .expect("state");
        let app = billing_sync_server::app(state, dist);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, billing_sync_server::into_service(app))
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        // reqwest here has no decompression features: bodies arrive as sent.
        let http = reqwest::Client::new();
        Self {
            base,
            http,
            _data: data,
            _stop: stop,
        }
    }

    async fn get(&self, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(value) = accept_encoding {
            request = request.header(ACCEPT_ENCODING, value);
        }
        request.send().await.expect("request")
    }
}

/// Content that compresses, like the real files.
fn content(seed: &str) -> Vec<u8> {
    format!("/* {seed} */\n").repeat(300).into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).unwrap();
    }
    out
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

/// A dist/ as `cargo xtask`'s web build leaves it: every file with its
/// `.br` and `.gz`, except the worker script, which has no variants.
fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = vec![
        ("index.html".to_owned(), INDEX.repeat(20).into_bytes()),
        (WASM.to_owned(), content("wasm")),
        (JS.to_owned(), content("js")),
        (CSS.to_owned(), content("css")),
    ];
    for (name, bytes) in files.clone() {
        files.push((format!("{name}.gz"), gzip(&bytes)));
        files.push((format!("{name}.br"), brotli(&bytes)));
    }
    files.push((WORKER_JS.to_owned(), content("worker")));
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    dir
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<&str> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("ASCII header"))
}

#[tokio::test]
async fn each_file_comes_in_the_encoding_the_browser_accepts() {
    let dist = dist();
    for role in [Role::Cloud, Role::SelfHosted] {
        let server = Server::start(role, dist.path()).await;
        for name in [WASM, JS, CSS, "index.html"] {
            let original = std::fs::read(dist.path().join(name)).unwrap();
            let cases: [(Option<&str>, Option<&str>); 5] = [
                (Some("gzip, deflate, br, zstd"), Some("br")),
                (Some("br"), Some("br")),
                (Some("gzip"), Some("gzip")),
                (Some("identity"), None),
                (None, None),
            ];
            for (accept, expected) in cases {
                let response = server.get(&format!("/{name}"), accept).await;
                assert_eq!(response.status(), 200, "{role:?} {name} {accept:?}");
                assert_eq!(
                    header(&response, CONTENT_ENCODING),
                    expected,
                    "{role:?} {name} {accept:?}"
                );
                assert_eq!(header(&response, VARY), Some("accept-encoding"));
                let body = response.bytes().await.unwrap();
                let decoded = match expected {
                    Some("br") => unbrotli(&body),
                    Some("gzip") => gunzip(&body),
                    _ => body.to_vec(),
                };
                assert_eq!(decoded, original, "{role:?} {name} {accept:?}");
                if expected.is_some() {
                    assert!(body.len() < original.len(), "{name}: sent compressed");
                }
            }
        }
    }
}

#[tokio::test]
async fn content_types_are_those_of_the_file_not_of_the_variant() {
    let dist = dist();
    let server = Server::start(Role::Cloud, dist.path()).await;
    for (name, mime) in [
        (WASM, "application/wasm"),
        (JS, "text/javascript"),
        (CSS, "text/css"),
        ("index.html", "text/html"),
    ] {
        let response = server.get(&format!("/{name}"), Some("br")).await;
        let content_type = header(&response, CONTENT_TYPE).unwrap_or_default();
        assert!(content_type.starts_with(mime), "{name}: {content_type}");
    }
}

#[tokio::test]
async fn a_file_without_variants_is_sent_as_is() {
    let dist = dist();
    let server = Server::start(Role::SelfHosted, dist.path()).await;
    let response = server.get(&format!("/{WORKER_JS}"), Some("br, gzip")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, CONTENT_ENCODING), None);
    assert_eq!(response.bytes().await.unwrap().to_vec(), content("worker"));
}

#[tokio::test]
async fn hashed_files_are_immutable_and_pages_are_revalidated() {
    let dist = dist();
    for role in [Role::Cloud, Role::SelfHosted] {
        let server = Server::start(role, dist.path()).await;
        for name in [WASM, JS, CSS] {
            for accept in [Some("br"), Some("gzip"), None] {
                let response = server.get(&format!("/{name}"), accept).await;
                assert_eq!(
                    header(&response, CACHE_CONTROL),
                    Some("public, max-age=31536000, immutable"),
                    "{role:?} {name} {accept:?}"
                );
            }
        }
        // index.html by name and as the page of `/` and of client-side routes
        // (one with a UUID, whose last part looks like a hash), and unhashed files.
        for path in [
            "/",
            "/index.html",
            "/families/redeem",
            "/organizations/3fa85f64-5717-4562-b3fc-2c963f66afa6/billing",
            "/missing-0123456789abcdef.js",
            &format!("/{WORKER_JS}"),
        ] {
            let response = server.get(path, Some("br")).await;
            assert_eq!(response.status(), 200, "{role:?} {path}");
            assert_eq!(
                header(&response, CACHE_CONTROL),
                Some("no-cache"),
                "{role:?} {path}"
            );
            assert_eq!(
                header(&response, VARY),
                Some("accept-encoding"),
                "{role:?} {path}"
            );
        }
        let spa = server.get("/families/redeem", Some("gzip")).await;
        assert_eq!(header(&spa, CONTENT_ENCODING), Some("gzip"));
        assert_eq!(
            gunzip(&spa.bytes().await.unwrap()),
            INDEX.repeat(20).into_bytes()
        );
    }
}

#[tokio::test]
async fn revalidations_keep_the_policy_of_their_file() {
    let dist = dist();
    let server = Server::start(Role::Cloud, dist.path()).await;
    for (path, policy) in [
        (format!("/{JS}"), "public, max-age=31536000, immutable"),
        ("/index.html".to_owned(), "no-cache"),
        (
            "/organizations/3fa85f64-5717-4562-b3fc-2c963f66afa6/billing".to_owned(),
            "no-cache",
        ),
    ] {
        let first = server.get(&path, None).await;
        let modified = header(&first, reqwest::header::LAST_MODIFIED)
            .expect("Last-Modified")
            .to_owned();
        let again = server
            .http
            .get(format!("{}{path}", server.base))
            .header(reqwest::header::IF_MODIFIED_SINCE, modified)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(header(&again, CACHE_CONTROL), Some(policy), "{path}");
    }
}

#[tokio::test]
async fn api_paths_do_not_get_static_cache_headers() {
    let dist = dist();
    let server = Server::start(Role::Cloud, dist.path()).await;
    let response = server.get("/api/no-such-route", Some("br")).await;
    assert_eq!(response.status(), 404);
    assert_eq!(header(&response, CACHE_CONTROL), None);
    assert_eq!(header(&response, CONTENT_ENCODING), None);
}
