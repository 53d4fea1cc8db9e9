//! Several replicas of a role on one PostgreSQL database, as separate
//! processes of the real binary (so one can be killed), and a proxy that
//! slows the way to the cloud down on request (so a sync run lasts long
//! enough to be caught in the middle).

use super::{login_response_at, PASSWORD};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The base URL of the test cluster, or `None` (the caller skips, saying why).
pub fn postgres_base() -> Option<String> {
    std::env::var("BILLING_SYNC_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A new, empty database on the test cluster; its URL.
pub async fn fresh_postgres(base: &str) -> String {
    use sqlx::Connection;
    let name = format!("bst_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(base)
        .await
        .expect("test PostgreSQL reachable");
    sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create test database");
    let mut url = url::Url::parse(base).expect("valid PostgreSQL URL");
    url.set_path(&name);
    url.to_string()
}

/// Runs an admin command of `role` against `database_url` (the binary's parser and code).
pub async fn admin(role: &str, database_url: &str, args: &[&str]) {
    use clap::Parser;
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().display().to_string();
    let mut argv = vec![
        "billing-sync-server",
        "--data-dir",
        &data_dir,
        "--database-url",
        database_url,
        "--role",
        role,
    ];
    argv.extend_from_slice(args);
    let cli = billing_sync_server::config::Cli::try_parse_from(argv).expect("valid command");
    billing_sync_server::admin::execute(
        cli.command.expect("a command"),
        &cli.data_dir,
        database_url,
        billing_sync_server::config::GlobalSettings::from_values(BTreeMap::new()).unwrap(),
        cli.serve.role,
    )
    .await
    .unwrap_or_else(|e| panic!("{args:?}: {e:#}"));
}

/// A user with the test password.
pub async fn add_user(role: &str, database_url: &str, email: &str) {
    admin(
        role,
        database_url,
        &[
            "user",
            "add",
            "--email",
            email,
            "--name",
            email,
            "--password",
            PASSWORD,
            "--kdf",
            "pbkdf2",
        ],
    )
    .await;
}

/// One server process.
pub struct Replica {
    pub base: String,
    pub pid: u32,
    child: std::process::Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Replica {
    /// Starts `billing-sync-server` of `role` on its own port and data dir
    /// (nothing on disk is shared) with `globalSettings__…` values and flags.
    pub fn spawn(
        role: &str,
        database_url: &str,
        settings: &[(String, String)],
        flags: &[&str],
    ) -> Self {
        Self::spawn_in(role, database_url, settings, flags, None)
    }

    /// As [`Replica::spawn`], on the data dir `data_dir` when given (a
    /// restart after a kill finds what the killed process left there).
    pub fn spawn_in(
        role: &str,
        database_url: &str,
        settings: &[(String, String)],
        flags: &[&str],
        data_dir: Option<&Path>,
    ) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let data_dir = data_dir.map_or_else(|| dir.path().join("data"), Path::to_path_buf);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let log = dir.path().join("server.log");
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_billing-sync-server"));
        command
            .args(["--role", role, "--listen", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--web-dist")
            .arg(dir.path().join("no-dist"))
            .args(flags)
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "billing_sync_server=info")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"));
        if database_url.starts_with("Host=") {
            // Bitwarden's setting, in Npgsql's form.
            command.env("globalSettings__postgreSql__connectionString", database_url);
        } else {
            command.env("DATABASE_URL", database_url);
        }
        for (name, value) in settings {
            command.env(format!("globalSettings__{name}"), value);
        }
        let child = command.spawn().expect("server starts");
        Self {
            base: format!("http://127.0.0.1:{port}"),
            pid: child.id(),
            child,
            log,
            _dir: dir,
        }
    }

    /// Waits until it answers `/alive`.
    pub async fn ready(&mut self) {
        let http = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("replica exited ({status}):\n{}", self.log_tail());
            }
            if http
                .get(format!("{}/alive", self.base))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("replica not ready after 30 s:\n{}", self.log_tail());
    }

    /// Kills the process at once (SIGKILL: no shutdown, no lease released).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Asks it to stop (SIGTERM, as an orchestrator does) and waits up to
    /// `bound` for it to exit; how long it took, or `None` if it did not.
    pub async fn terminate(&mut self, bound: Duration) -> Option<Duration> {
        let started = std::time::Instant::now();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM sent");
        while started.elapsed() < bound {
            if let Ok(Some(_)) = self.child.try_wait() {
                return Some(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }

    /// The end of its log, for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in; the access token.
    pub async fn login(&self, email: &str) -> String {
        let response =
            login_response_at(&reqwest::Client::new(), &self.base, email, PASSWORD).await;
        assert_eq!(response.status(), 200, "login of {email}");
        let body: Value = response.json().await.expect("token json");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET")
    }

    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("POST")
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Starts `count` replicas together (their migrations race, as in a real
/// roll-out) and waits until all answer.
pub async fn start_replicas(
    count: usize,
    role: &str,
    database_url: &str,
    settings: &[(String, String)],
    flags: &[&str],
) -> Vec<Replica> {
    // Every second replica finds its database through Bitwarden's setting.
    let mut replicas: Vec<Replica> = (0..count)
        .map(|i| {
            let database = if i % 2 == 1 {
                npgsql(database_url)
            } else {
                database_url.to_owned()
            };
            Replica::spawn(role, &database, settings, flags)
        })
        .collect();
    for replica in &mut replicas {
        replica.ready().await;
    }
    replicas
}

/// A `postgres://user@host:port/db` URL as Bitwarden writes its
/// `postgreSql__connectionString` (Npgsql's `Key=value;` form).
pub fn npgsql(url: &str) -> String {
    let url = url::Url::parse(url).expect("a PostgreSQL URL");
    format!(
        "Host={};Port={};Database={};Username={};Include Error Detail=true",
        url.host_str().expect("a host"),
        url.port().unwrap_or(5432),
        url.path().trim_start_matches('/'),
        url.username()
    )
}

/// A TCP proxy in front of a server that holds every HTTP request for
/// `delay` milliseconds (0: none) before passing it on.
pub struct SlowProxy {
    pub base: String,
    pub delay_ms: Arc<AtomicU64>,
    /// `host:port` of the server behind it.
    target: Arc<std::sync::Mutex<String>>,
}

impl SlowProxy {
    pub async fn start(target: &str) -> Self {
        let target = Arc::new(std::sync::Mutex::new(
            target.trim_start_matches("http://").to_owned(),
        ));
        let target_of_connections = target.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let delay_ms = Arc::new(AtomicU64::new(0));
        let delay = delay_ms.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let target = target_of_connections
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .clone();
                let delay = delay.clone();
                tokio::spawn(async move {
                    let Ok(upstream) = tokio::net::TcpStream::connect(&target).await else {
                        return;
                    };
                    let (mut client_read, mut client_write) = client.into_split();
                    let (mut upstream_read, mut upstream_write) = upstream.into_split();
                    let forward = async {
                        let mut buffer = vec![0u8; 64 * 1024];
                        loop {
                            let n = match client_read.read(&mut buffer).await {
                                Ok(0) | Err(_) => break,
                                Ok(n) => n,
                            };
                            // Each request once (at its first bytes), not every chunk of its body.
                            let ms = delay.load(Ordering::SeqCst);
                            let starts_request = [&b"GET "[..], b"POST ", b"PUT ", b"DELETE "]
                                .iter()
                                .any(|method| buffer[..n].starts_with(method));
                            if ms > 0 && starts_request {
                                tokio::time::sleep(Duration::from_millis(ms)).await;
                            }
                            if upstream_write.write_all(&buffer[..n]).await.is_err() {
                                break;
                            }
                        }
                        let _ = upstream_write.shutdown().await;
                    };
                    let back = async {
                        let _ = tokio::io::copy(&mut upstream_read, &mut client_write).await;
                        let _ = client_write.shutdown().await;
                    };
                    tokio::join!(forward, back);
                });
            }
        });
        Self {
            base,
            delay_ms,
            target,
        }
    }

    /// Points it at the server at `base_url`; the proxy's URL for the same
    /// `/api` (for `Pair::start_full`, which learns the cloud's URL late).
    pub fn route(&self, base_url: &str) -> String {
        *self
            .target
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            base_url.trim_start_matches("http://").to_owned();
        format!("{}/api", self.base)
    }

    pub fn set_delay(&self, delay: Duration) {
        self.delay_ms.store(
            u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            Ordering::SeqCst,
        );
    }
}

/// Writes `text` to `dir/name`; its path.
pub fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write file");
    path
}
