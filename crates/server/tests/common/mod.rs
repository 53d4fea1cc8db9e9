//! Test harness: real servers on free loopback ports with temp data dirs,
//! on SQLite by default or on PostgreSQL when `BILLING_SYNC_TEST_POSTGRES_URL`
//! names a cluster (each server then gets a fresh database). Every response
//! they give is checked against their OpenAPI document ([`openapi`]).
#![allow(dead_code)] // each test file uses a different part of the harness

pub mod openapi;
pub mod pair;
pub mod redeem;
pub mod replicas;
pub mod uploads;

use billing_sync_server::config::{Cli, GlobalSettings, JobIntervals, Role};
use billing_sync_server::identity::client_kdf;
use billing_sync_server::licenses::signing::LicenseSigner;
use billing_sync_server::sponsorships::schedule::SyncSchedule;
use clap::Parser;
use serde_json::json;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tokio::sync::oneshot;
use wire::kdf::KdfSettings;
use wire::licenses::OrganizationLicense;
use wire::Secret;

/// A running server; stopped when dropped.
pub struct TestServer {
    pub base: String,
    pub role: Role,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub http: reqwest::Client,
    /// `None` only once [`TestServer::stop`] took it back.
    dir: Option<tempfile::TempDir>,
    stop: Option<oneshot::Sender<()>>,
    stopped: Option<oneshot::Receiver<()>>,
    /// Responses its OpenAPI document does not describe; the test fails on drop.
    contract_violations: openapi::Violations,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let violations = std::mem::take(
            &mut *self
                .contract_violations
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        // A test that already failed keeps its own message (a second panic would abort).
        if !violations.is_empty() && !std::thread::panicking() {
            panic!(
                "{} response(s) of the {:?} server do not match its OpenAPI document:\n{}",
                violations.len(),
                self.role,
                violations.join("\n")
            );
        }
    }
}

/// A fresh database URL: SQLite in `dir`, or a new PostgreSQL database.
async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("BILLING_SYNC_TEST_POSTGRES_URL") {
        Ok(base) if !base.is_empty() => {
            use sqlx::Connection;
            let name = format!("bst_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&base)
                .await
                .expect("test PostgreSQL reachable");
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create test database");
            let mut url = url::Url::parse(&base).expect("valid PostgreSQL URL");
            url.set_path(&name);
            url.to_string()
        }
        _ => billing_sync_server::db::sqlite_url(dir),
    }
}

impl TestServer {
    /// An `api.installation` access token for an installation's (id, key),
    /// as a self-hosted server gets one (client_credentials).
    pub async fn installation_token(&self, installation: &(String, String)) -> String {
        let body: Value = self
            .http
            .post(self.url("/identity/connect/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", "api.installation"),
                ("client_id", &format!("installation.{}", installation.0)),
                ("client_secret", &installation.1),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// Starts a server of `role` with default settings.
    pub async fn start(role: Role) -> Self {
        Self::start_with(role, &[]).await
    }

    /// Starts a server with `globalSettings__…` values (names without the prefix).
    pub async fn start_with(role: Role, settings: &[(&str, &str)]) -> Self {
        Self::start_full(role, settings, std::time::Duration::from_secs(86_400)).await
    }

    /// Starts a server with settings and a sponsorship sync schedule (an
    /// interval alone: the first run at a random time within it).
    pub async fn start_full(
        role: Role,
        settings: &[(&str, &str)],
        sync_interval: impl Into<SyncSchedule>,
    ) -> Self {
        let intervals = JobIntervals {
            sponsorship_sync: sync_interval.into(),
            ..JobIntervals::default()
        };
        Self::start_with_jobs(role, settings, intervals).await
    }

    /// Starts a server with settings and the given job schedules.
    pub async fn start_with_jobs(
        role: Role,
        settings: &[(&str, &str)],
        intervals: JobIntervals,
    ) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = fresh_database(dir.path()).await;
        Self::start_on(role, settings, intervals, dir, database_url).await
    }

    /// Starts a server on SQLite in `dir`, whatever database the other
    /// tests use (for faults only SQLite has: a held file lock, a full
    /// disk). A dir a stopped server left is reused as it is.
    pub async fn start_sqlite_in(
        role: Role,
        settings: &[(&str, &str)],
        dir: tempfile::TempDir,
    ) -> Self {
        let database_url = billing_sync_server::db::sqlite_url(dir.path());
        Self::start_on(role, settings, JobIntervals::default(), dir, database_url).await
    }

    /// Stops the server, waits until it has, and hands its data dir back.
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(stopped) = self.stopped.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), stopped).await;
        }
        self.dir.take().expect("a running server has its dir")
    }

    async fn start_on(
        role: Role,
        settings: &[(&str, &str)],
        intervals: JobIntervals,
        dir: tempfile::TempDir,
        database_url: String,
    ) -> Self {
        let raw: BTreeMap<String, String> = settings
            .iter()
            .map(|(k, v)| {
                (
                    format!("globalsettings__{}", k.to_lowercase()),
                    (*v).to_owned(),
                )
            })
            .collect();
        let settings = GlobalSettings::from_values(raw).expect("valid test settings");
        let state = billing_sync_server::build_state(role, dir.path(), &database_url, settings)
            .await
            .expect("server state");
        // Mail delivery and the scheduled jobs run as in the binary.
        let background = billing_sync_server::start_background_tasks(&state, &intervals)
            .expect("background tasks");
        let app = billing_sync_server::app(state, &dir.path().join("no-dist"));
        let contract = openapi::Contract::served_by(&app).await;
        let contract_violations = openapi::Violations::default();
        let app = openapi::checked(app, contract, contract_violations.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("local addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let (done, finished) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, billing_sync_server::into_service(app))
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            background.cancel();
            let _ = done.send(());
        });
        Self {
            base: format!("http://{address}"),
            role,
            data_dir: dir.path().to_path_buf(),
            database_url,
            http: reqwest::Client::new(),
            dir: Some(dir),
            stop: Some(stop),
            stopped: Some(finished),
            contract_violations,
        }
    }

    /// Runs an admin CLI command (the same parser and code as the binary); returns its stdout-less result.
    pub async fn cli(&self, args: &[&str]) -> anyhow::Result<()> {
        let role = match self.role {
            Role::Cloud => "cloud",
            Role::SelfHosted => "self-hosted",
        };
        let data_dir = self.data_dir.display().to_string();
        let mut argv = vec![
            "billing-sync-server",
            "--data-dir",
            &data_dir,
            "--database-url",
            &self.database_url,
            "--role",
            role,
        ];
        argv.extend_from_slice(args);
        let cli = Cli::try_parse_from(argv)?;
        let command = cli.command.ok_or_else(|| anyhow::anyhow!("no command"))?;
        billing_sync_server::admin::execute(
            command,
            &cli.data_dir,
            &self.database_url,
            GlobalSettings::from_values(BTreeMap::new())?,
            cli.serve.role,
        )
        .await
    }

    /// The cloud's license signer (its key lives in the server's database).
    pub async fn license_signer(&self) -> LicenseSigner {
        let pool = billing_sync_server::db::connect(&self.database_url)
            .await
            .expect("database");
        LicenseSigner::load_or_create(&pool, &self.data_dir)
            .await
            .expect("license signer")
    }

    /// Creates a user through the CLI.
    pub async fn add_user(&self, email: &str, password: &str, kdf: &str) {
        self.cli(&[
            "user",
            "add",
            "--email",
            email,
            "--name",
            email,
            "--password",
            password,
            "--kdf",
            kdf,
        ])
        .await
        .expect("user add");
    }

    /// Creates an organization through the CLI; returns its id.
    pub async fn create_org(&self, name: &str, plan: &str, owner: &str) -> String {
        self.cli(&[
            "org", "create", "--name", name, "--plan", plan, "--seats", "10", "--owner", owner,
        ])
        .await
        .expect("org create");
        let pool = billing_sync_server::db::connect(&self.database_url)
            .await
            .expect("db");
        let orgs = billing_sync_server::organizations::store::find_by_name(&pool, name)
            .await
            .expect("find");
        orgs.last().expect("created org").id.to_string()
    }

    /// Adds a member through the CLI.
    pub async fn add_member(&self, org: &str, email: &str, role: &str) {
        self.cli(&[
            "org",
            "add-member",
            "--org",
            org,
            "--email",
            email,
            "--role",
            role,
        ])
        .await
        .expect("add-member");
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in as the web vault does (prelogin, client KDF, password grant); returns the token response.
    pub async fn login_response(&self, email: &str, password: &str) -> reqwest::Response {
        login_response_at(&self.http, &self.base, email, password).await
    }

    /// Logs in and returns the access token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let response = self.login_response(email, password).await;
        assert_eq!(response.status(), 200, "login of {email} failed");
        let body: Value = response.json().await.expect("token json");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    /// GET with a bearer token.
    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET")
    }

    /// POST JSON with a bearer token.
    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("POST")
    }
}

/// Logs in at the server at `base` as the web vault does (prelogin, client
/// KDF, password grant); returns the token response.
pub async fn login_response_at(
    http: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let prelogin: Value = http
        .post(format!("{base}/identity/accounts/prelogin"))
        .json(&serde_json::json!({ "email": email }))
        .send()
        .await
        .expect("prelogin")
        .json()
        .await
        .expect("prelogin json");
    let kdf: wire::identity::PreloginResponse =
        serde_json::from_value(prelogin).expect("prelogin shape");
    let salt = kdf
        .salt
        .clone()
        .unwrap_or_else(|| wire::kdf::normalize_email(email));
    let settings: KdfSettings = kdf.settings();
    let password = Secret::new(password);
    let hash = tokio::task::spawn_blocking(move || {
        client_kdf::master_password_hash(&password, &salt, settings)
    })
    .await
    .expect("kdf task")
    .expect("kdf");
    http.post(format!("{base}/identity/connect/token"))
        .form(&wire::identity::TokenRequestForm::password(email, hash))
        .send()
        .await
        .expect("token request")
}

/// The password every test user gets.
pub const PASSWORD: &str = "correct horse battery staple";

/// A cloud server with the Acme enterprise org: owner, admin, member; plus an outsider.
pub struct Acme {
    pub server: TestServer,
    pub org: String,
}

impl Acme {
    pub async fn start(role: Role) -> Self {
        Self::start_with(role, &[]).await
    }

    pub async fn start_with(role: Role, settings: &[(&str, &str)]) -> Self {
        let server = TestServer::start_with(role, settings).await;
        for email in [
            "owner@acme.test",
            "admin@acme.test",
            "alice@acme.test",
            "eve@other.test",
        ] {
            server.add_user(email, PASSWORD, "pbkdf2").await;
        }
        let org = server
            .create_org("Acme", "enterprise", "owner@acme.test")
            .await;
        server.add_member(&org, "admin@acme.test", "admin").await;
        server.add_member("Acme", "alice@acme.test", "user").await;
        Self { server, org }
    }
}

/// The cloud with Acme, a registered installation and a billing sync token.
pub struct Cloud {
    pub acme: Acme,
    pub owner: String,
    pub installation: (String, String),
    pub billing_key: String,
    pub cert_path: std::path::PathBuf,
}

impl Cloud {
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// A cloud with extra settings (e.g. SMTP).
    pub async fn start_with(settings: &[(&str, &str)]) -> Self {
        let acme = Acme::start_with(Role::Cloud, settings).await;
        let server = &acme.server;
        let owner = server.login("owner@acme.test", PASSWORD).await;
        let body: Value = server
            .http
            .post(server.url("/api/installations"))
            .json(&json!({"email": "ops@acme.test"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let installation = (
            body["id"].as_str().unwrap().to_owned(),
            body["key"].as_str().unwrap().to_owned(),
        );
        let billing_key = Self::token(&acme, &owner, "api-key").await;
        let signer = server.license_signer().await;
        let cert_path = server.data_dir.join("cloud-cert.pem");
        std::fs::write(&cert_path, signer.certificate_pem().unwrap()).unwrap();
        Self {
            acme,
            owner,
            installation,
            billing_key,
            cert_path,
        }
    }

    pub async fn token(acme: &Acme, owner: &str, action: &str) -> String {
        let hash = client_kdf::master_password_hash(
            &Secret::new(PASSWORD),
            "owner@acme.test",
            KdfSettings::default_pbkdf2(),
        )
        .unwrap();
        let body: Value = acme
            .server
            .post_json(
                &format!("/api/organizations/{}/{action}", acme.org),
                owner,
                &json!({"type": 1, "masterPasswordHash": hash.expose()}),
            )
            .await
            .json()
            .await
            .unwrap();
        body["apiKey"].as_str().unwrap().to_owned()
    }

    /// The license file an owner downloads for `installation`.
    pub async fn license_for(&self, installation: &str) -> OrganizationLicense {
        let response = self
            .acme
            .server
            .get(
                &format!(
                    "/api/organizations/{}/license?installationId={installation}",
                    self.acme.org
                ),
                &self.owner,
            )
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Settings of a self-hosted server registered as this cloud's installation.
    pub fn settings(&self) -> Vec<(String, String)> {
        vec![
            ("enableCloudCommunication".into(), "true".into()),
            ("installation__id".into(), self.installation.0.clone()),
            ("installation__key".into(), self.installation.1.clone()),
            (
                "installation__identityUri".into(),
                self.acme.server.url("/identity"),
            ),
            ("installation__apiUri".into(), self.acme.server.url("/api")),
            (
                "licenseCertificatePath".into(),
                self.cert_path.display().to_string(),
            ),
        ]
    }
}

/// A self-hosted server with the Acme owner and member accounts.
pub async fn self_hosted(settings: &[(String, String)]) -> (TestServer, String) {
    self_hosted_with_interval(settings, std::time::Duration::from_secs(86_400)).await
}

/// A self-hosted server whose scheduled sponsorship sync runs on `schedule`.
pub async fn self_hosted_with_interval(
    settings: &[(String, String)],
    interval: impl Into<SyncSchedule>,
) -> (TestServer, String) {
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let server = TestServer::start_full(Role::SelfHosted, &pairs, interval).await;
    server.add_user("owner@acme.test", PASSWORD, "pbkdf2").await;
    server.add_user("alice@acme.test", PASSWORD, "pbkdf2").await;
    let token = server.login("owner@acme.test", PASSWORD).await;
    (server, token)
}

/// Member `n`'s pending Families offer in `org` (`member{n}@family.test`),
/// as the self-hosted store holds it before its first sync: tests seed
/// thousands of these directly (creating the members would take minutes).
pub fn pending_offer_row(
    org: wire::OrganizationId,
    n: u32,
) -> billing_sync_server::sponsorships::store::Sponsorship {
    pending_offer_to(org, &format!("member{n}@family.test"))
}

/// A new member's pending Families offer in `org` to `email`, as in
/// [`pending_offer_row`].
pub fn pending_offer_to(
    org: wire::OrganizationId,
    email: &str,
) -> billing_sync_server::sponsorships::store::Sponsorship {
    billing_sync_server::sponsorships::store::Sponsorship {
        id: wire::ids::SponsorshipId(uuid::Uuid::new_v4()),
        sponsoring_organization_id: Some(org),
        sponsoring_organization_user_id: wire::ids::OrganizationUserId(uuid::Uuid::new_v4()),
        sponsored_organization_id: None,
        friendly_name: Some(email.to_owned()),
        offered_to_email: Some(email.to_owned()),
        plan_sponsorship_type: Some(0),
        last_sync_date: None,
        valid_until: None,
        to_delete: false,
        is_admin_initiated: false,
    }
}
