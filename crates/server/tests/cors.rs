//! Cross-origin access over HTTP, as a browser on a host page asks for it:
//! nothing is allowed by default; with vault origins configured, exactly
//! those origins may call `/api` and `/identity` (preflight with the
//! `Authorization` header included) and load the module from `/embed/`.

use billing_sync_server::config::{GlobalSettings, Role};
use reqwest::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
    CONTENT_TYPE, ORIGIN, VARY,
};
use reqwest::Method;
use std::collections::BTreeMap;
use tokio::sync::oneshot;

const VAULT: &str = "https://vault.example.com";
const LISTED: &str = "http://127.0.0.1:8070";
const STRANGER: &str = "https://evil.example";

/// A server with `settings` (names without the prefix) serving a dist with
/// an embed folder; stopped when dropped.
struct Server {
    base: String,
    http: reqwest::Client,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    _stop: oneshot::Sender<()>,
}

impl Server {
    async fn start(role: Role, settings: &[(&str, &str)]) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let dist = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dist.path().join("index.html"),
            "<!DOCTYPE html><title>x</title>",
        )
        .unwrap();
        std::fs::create_dir_all(dist.path().join("embed/v1")).unwrap();
        std::fs::write(
            dist.path().join("embed/v1/billing-sync.js"),
            "export function mount() {}",
        )
        .unwrap();
        let raw = settings
            .iter()
            .map(|(k, v)| {
                (
                    format!("globalsettings__{}", k.to_lowercase()),
                    v.to_string(),
                )
            })
            .collect::<BTreeMap<_, _>>();
        let settings = GlobalSettings::from_values(raw).expect("valid settings");
        let database_url = billing_sync_server::db::sqlite_url(data.path());
        let state = billing_sync_server::build_state(role, data.path(), &database_url, settings)
            .await
            .expect("state");
        let app = billing_sync_server::app(state, dist.path());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, billing_sync_server::into_service(app))
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Self {
            base,
            http: reqwest::Client::new(),
            _dirs: (data, dist),
            _stop: stop,
        }
    }

    async fn from(&self, method: Method, path: &str, origin: &str) -> reqwest::Response {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header(ORIGIN, origin)
            .send()
            .await
            .expect("request")
    }

    /// A browser's preflight for `method` with an `Authorization` header.
    async fn preflight(&self, path: &str, origin: &str, method: &str) -> reqwest::Response {
        self.http
            .request(Method::OPTIONS, format!("{}{path}", self.base))
            .header(ORIGIN, origin)
            .header(ACCESS_CONTROL_REQUEST_METHOD, method)
            .header(ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
            .send()
            .await
            .expect("preflight")
    }
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn configured() -> Vec<(&'static str, &'static str)> {
    vec![
        ("baseServiceUri__vault", "https://vault.example.com/"),
        (
            "billingSync__allowedOrigins",
            "http://127.0.0.1:8070, https://partner.example",
        ),
    ]
}

#[tokio::test]
async fn nothing_is_allowed_cross_origin_by_default() {
    for role in [Role::Cloud, Role::SelfHosted] {
        let server = Server::start(role, &[]).await;
        for path in ["/api/config", "/embed/v1/billing-sync.js"] {
            let response = server.from(Method::GET, path, LISTED).await;
            assert_eq!(response.status(), 200, "{path}");
            for name in [
                ACCESS_CONTROL_ALLOW_ORIGIN,
                ACCESS_CONTROL_ALLOW_CREDENTIALS,
            ] {
                assert_eq!(
                    header(&response, name.clone()),
                    None,
                    "{role:?} {path} {name}"
                );
            }
        }
        let preflight = server
            .preflight("/api/accounts/profile", LISTED, "GET")
            .await;
        assert_eq!(header(&preflight, ACCESS_CONTROL_ALLOW_ORIGIN), None);
        assert_eq!(header(&preflight, ACCESS_CONTROL_ALLOW_HEADERS), None);
    }
}

#[tokio::test]
async fn configured_origins_may_call_the_apis_and_load_the_module() {
    for role in [Role::Cloud, Role::SelfHosted] {
        let server = Server::start(role, &configured()).await;
        for origin in [VAULT, LISTED, "https://partner.example"] {
            for (method, path) in [
                (Method::GET, "/api/config"),
                (Method::POST, "/identity/accounts/prelogin"),
                (Method::GET, "/embed/v1/billing-sync.js"),
            ] {
                let response = server.from(method.clone(), path, origin).await;
                assert_eq!(
                    header(&response, ACCESS_CONTROL_ALLOW_ORIGIN).as_deref(),
                    Some(origin),
                    "{role:?} {method} {path} from {origin}"
                );
                let vary: Vec<String> = response
                    .headers()
                    .get_all(VARY)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .map(str::to_lowercase)
                    .collect();
                assert!(
                    vary.iter().any(|v| v.contains("origin")),
                    "a cache must key on Origin: {path} {vary:?}"
                );
            }
        }
        // An API error is readable too (the module shows the server's message).
        let missing = server.from(Method::GET, "/api/no-such-route", LISTED).await;
        assert_eq!(missing.status(), 404);
        assert_eq!(
            header(&missing, ACCESS_CONTROL_ALLOW_ORIGIN).as_deref(),
            Some(LISTED)
        );
        // The module's folder has no SPA fallback: a missing file is a 404.
        let absent = server
            .from(Method::GET, "/embed/v1/nothing.js", LISTED)
            .await;
        assert_eq!(absent.status(), 404);
        let module = server
            .from(Method::GET, "/embed/v1/billing-sync.js", LISTED)
            .await;
        assert!(header(&module, CONTENT_TYPE).is_some_and(|t| t.contains("javascript")));
        // The standalone app's own pages are not for other origins.
        let page = server.from(Method::GET, "/", LISTED).await;
        assert_eq!(header(&page, ACCESS_CONTROL_ALLOW_ORIGIN), None);
    }
}

#[tokio::test]
async fn other_origins_are_refused() {
    let server = Server::start(Role::SelfHosted, &configured()).await;
    for origin in [
        STRANGER,
        "http://127.0.0.1:8071",
        "https://vault.example.com:8443",
    ] {
        let response = server.from(Method::GET, "/api/config", origin).await;
        assert_eq!(
            header(&response, ACCESS_CONTROL_ALLOW_ORIGIN),
            None,
            "{origin}"
        );
        let preflight = server
            .preflight("/api/organizations/connections", origin, "POST")
            .await;
        assert_eq!(
            header(&preflight, ACCESS_CONTROL_ALLOW_ORIGIN),
            None,
            "{origin}"
        );
    }
}

#[tokio::test]
async fn preflight_allows_the_bearer_header_and_the_methods() {
    let server = Server::start(Role::SelfHosted, &configured()).await;
    for (path, method) in [
        ("/api/organizations/connections", "POST"),
        (
            "/api/organizations/connections/0f8fad5b-d9cb-469f-a165-70867728950e",
            "PUT",
        ),
        (
            "/api/organizations/connections/0f8fad5b-d9cb-469f-a165-70867728950e",
            "DELETE",
        ),
        ("/api/accounts/profile", "GET"),
        ("/identity/connect/token", "POST"),
    ] {
        let preflight = server.preflight(path, LISTED, method).await;
        assert!(
            preflight.status().is_success(),
            "{path}: {}",
            preflight.status()
        );
        assert_eq!(
            header(&preflight, ACCESS_CONTROL_ALLOW_ORIGIN).as_deref(),
            Some(LISTED)
        );
        let headers = header(&preflight, ACCESS_CONTROL_ALLOW_HEADERS)
            .unwrap_or_default()
            .to_lowercase();
        assert!(headers.contains("authorization"), "{path}: {headers}");
        assert!(headers.contains("content-type"), "{path}: {headers}");
        assert!(
            !headers.contains('*'),
            "a wildcard does not cover Authorization"
        );
        let methods = header(&preflight, ACCESS_CONTROL_ALLOW_METHODS).unwrap_or_default();
        assert!(methods.contains(method), "{path}: {methods}");
        assert_eq!(
            header(&preflight, ACCESS_CONTROL_ALLOW_CREDENTIALS).as_deref(),
            Some("true")
        );
    }
}

#[test]
fn an_invalid_allow_list_names_the_setting() {
    for bad in ["vault.example.com", "https://vault.example.com/app", "*"] {
        let raw = BTreeMap::from([(
            "globalsettings__billingsync__allowedorigins".to_owned(),
            format!("{LISTED},{bad}"),
        )]);
        let error = GlobalSettings::from_values(raw)
            .expect_err("an invalid origin stops the start-up")
            .to_string();
        assert!(
            error.contains("globalSettings__billingSync__allowedOrigins"),
            "{error}"
        );
        assert!(error.contains(bad), "{error}");
    }
}
