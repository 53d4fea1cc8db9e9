//! The official Bitwarden CLI (`@bitwarden/cli` from npm, pinned in
//! `tools/package.json`, installed by `cargo xtask`) signs in to both roles:
//! login with a PBKDF2 and an Argon2id account, unlock check, sync, the
//! user's organizations by name, lock and unlock, logout. A wrong password at
//! login gets the CLI's own "Invalid master password" (its wording of the
//! server's invalid_grant); at unlock, where no server is asked, CLI 2026.9.0
//! says "Cryptography error, The decryption operation failed" (the user
//! key's MAC check).
//!
//! The CLI refuses plain http even on loopback, so each server sits behind a
//! small TLS terminator in this process (a self-signed certificate made here
//! with rcgen, served with tokio-rustls, bytes copied to the server's plain
//! port). The CLI trusts it through `NODE_EXTRA_CA_CERTS`. Each CLI run has
//! its own data dir (`BITWARDENCLI_APPDATA_DIR`), no stdin and a time limit.

mod common;

use billing_sync_server::config::Role;
use common::{TestServer, PASSWORD};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;

/// One CLI command may take this long (node start-up, a 64 MiB Argon2id).
const COMMAND_LIMIT: Duration = Duration::from_secs(120);

/// The CLI that `cargo xtask` installs into `tools/`.
fn bw_binary() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/node_modules/.bin/bw");
    assert!(
        path.exists(),
        "the Bitwarden CLI is missing at {}: `cargo xtask test` installs it (npm ci in tools/)",
        path.display()
    );
    path
}

/// The request and status lines that passed through a terminator, in order
/// (printed when a CLI step fails, to show which call went wrong).
type Seen = Arc<std::sync::Mutex<Vec<String>>>;

/// Copies `from` to `to`, noting each chunk's first line when it starts an
/// HTTP request or response (keep-alive: every message starts a new chunk
/// in practice, which is good enough for a diagnostic).
async fn copy_noting<R, W>(mut from: R, mut to: W, seen: Seen)
where
    R: tokio::io::AsyncRead + Unpin,
    W: tokio::io::AsyncWrite + Unpin,
{
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let chunk = &buffer[..n];
        let line = chunk.split(|b| *b == b'\n').next().unwrap_or_default();
        let line = String::from_utf8_lossy(line).trim().to_owned();
        let is_http = ["GET ", "POST ", "PUT ", "DELETE ", "HTTP/1.1 "]
            .iter()
            .any(|p| line.starts_with(p));
        if is_http {
            seen.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(line);
        }
        if to.write_all(chunk).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

/// A TLS terminator on a free loopback port in front of `backend`; returns
/// its port, the PEM of its self-signed certificate and what passed through.
async fn tls_terminator(backend: SocketAddr) -> (u16, String, Seen) {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])
        .expect("self-signed certificate");
    let cert_pem = certified.cert.pem();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_no_client_auth()
    .with_single_cert(vec![certified.cert.der().clone()], key)
    .expect("TLS config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let seen = Seen::default();
    let noted = seen.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let seen = noted.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(client).await else {
                    return;
                };
                let Ok(server) = TcpStream::connect(backend).await else {
                    return;
                };
                let (client_read, client_write) = tokio::io::split(tls);
                let (server_read, server_write) = server.into_split();
                tokio::join!(
                    copy_noting(client_read, server_write, seen.clone()),
                    copy_noting(server_read, client_write, seen),
                );
            });
        }
    });
    (port, cert_pem, seen)
}

/// The CLI configured for one server, with its own data dir.
struct Bw {
    binary: PathBuf,
    dir: tempfile::TempDir,
    ca: PathBuf,
    seen: Seen,
}

/// What one CLI run printed, and the HTTP lines it caused.
struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
    http: Vec<String>,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ok={} stdout={:?} stderr={:?}\nHTTP: {}",
            self.ok,
            self.stdout,
            self.stderr,
            self.http.join(" | ")
        )
    }
}

impl Bw {
    async fn for_server(port: u16, cert_pem: &str, seen: &Seen) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, cert_pem).expect("write certificate");
        let bw = Self {
            binary: bw_binary(),
            dir,
            ca,
            seen: seen.clone(),
        };
        let url = format!("https://127.0.0.1:{port}");
        let config = bw.run(&["config", "server", &url], &[]).await;
        assert!(config.ok, "bw config server: {config}");
        bw
    }

    async fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let lock = || {
            self.seen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let before = lock().len();
        let mut command = tokio::process::Command::new(&self.binary);
        command
            .args(args)
            .arg("--nointeraction")
            .env("BITWARDENCLI_APPDATA_DIR", self.dir.path().join("appdata"))
            .env("NODE_EXTRA_CA_CERTS", &self.ca)
            .env_remove("BW_SESSION")
            .envs(env.iter().copied())
            .stdin(std::process::Stdio::null())
            .kill_on_drop(true);
        let output = tokio::time::timeout(COMMAND_LIMIT, command.output())
            .await
            .unwrap_or_else(|_| panic!("bw {args:?} took longer than {COMMAND_LIMIT:?}"))
            .expect("bw runs (is Node.js installed?)");
        Run {
            ok: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).trim().to_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
            http: lock()[before..].to_vec(),
        }
    }

    /// `bw login` with the password from the environment; returns the session key.
    async fn login(&self, email: &str, password: &str) -> Run {
        self.run(
            &["login", email, "--passwordenv", "BW_TEST_PASSWORD", "--raw"],
            &[("BW_TEST_PASSWORD", password)],
        )
        .await
    }
}

/// Logs in, checks the vault is unlocked, syncs, lists the organizations by
/// name, locks, refuses a wrong master password at unlock, unlocks and logs
/// out, for one account.
async fn journey(terminator: &(u16, String, Seen), email: &str, organizations: &[&str]) {
    let (port, cert_pem, seen) = terminator;
    let bw = Bw::for_server(*port, cert_pem, seen).await;
    let login = bw.login(email, PASSWORD).await;
    assert!(login.ok, "bw login {email}: {login}");
    let session = login.stdout.lines().last().unwrap_or_default().to_owned();
    assert!(
        session.len() > 20,
        "a session key from bw login --raw: {login}"
    );
    let with_session = [("BW_SESSION", session.as_str())];

    let check = bw.run(&["unlock", "--check"], &with_session).await;
    assert!(check.ok, "bw unlock --check: {check}");
    assert!(check.stdout.contains("unlocked"), "{check}");

    let sync = bw.run(&["sync"], &with_session).await;
    assert!(sync.ok, "bw sync: {sync}");
    assert!(sync.stdout.contains("Syncing complete"), "{sync}");

    let list = bw.run(&["list", "organizations"], &with_session).await;
    assert!(list.ok, "bw list organizations: {list}");
    let listed: Value = serde_json::from_str(&list.stdout).expect("JSON from bw list");
    let mut names: Vec<&str> = listed
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, organizations, "{email}: {list}");

    // Locked, the vault opens only with the master password: the CLI checks
    // the user key's MAC itself (no server call) and says so in its words.
    let lock = bw.run(&["lock"], &with_session).await;
    assert!(lock.ok, "bw lock: {lock}");
    let wrong = bw
        .run(
            &["unlock", "--passwordenv", "BW_TEST_PASSWORD", "--raw"],
            &[("BW_TEST_PASSWORD", "not the password")],
        )
        .await;
    assert!(
        !wrong.ok,
        "a wrong master password must not unlock: {wrong}"
    );
    // CLI 2026.9.0 unlocks through its SDK, which reports the failed MAC
    // check of the user key; older CLIs said "Invalid master password".
    assert!(
        wrong.stderr.contains("The decryption operation failed")
            || wrong.stderr.contains("Invalid master password"),
        "the CLI's own refusal: {wrong}"
    );
    let unlock = bw
        .run(
            &["unlock", "--passwordenv", "BW_TEST_PASSWORD", "--raw"],
            &[("BW_TEST_PASSWORD", PASSWORD)],
        )
        .await;
    assert!(unlock.ok, "bw unlock: {unlock}");
    let session = unlock.stdout.lines().last().unwrap_or_default().to_owned();
    let with_session = [("BW_SESSION", session.as_str())];

    let logout = bw.run(&["logout"], &with_session).await;
    assert!(logout.ok, "bw logout: {logout}");
    let after = bw.run(&["unlock", "--check"], &[]).await;
    assert!(!after.ok, "after logout the vault is not open: {after}");
}

async fn cli_signs_in_to(role: Role) {
    let server = TestServer::start(role).await;
    server.add_user("pat@acme.test", PASSWORD, "pbkdf2").await;
    server.add_user("ada@acme.test", PASSWORD, "argon2id").await;
    let acme = server
        .create_org("Acme", "enterprise", "pat@acme.test")
        .await;
    server.add_member(&acme, "ada@acme.test", "user").await;
    server
        .create_org("Pat's Family", "families", "pat@acme.test")
        .await;
    let backend: SocketAddr = server
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("server address");
    let terminator = tls_terminator(backend).await;

    journey(&terminator, "pat@acme.test", &["Acme", "Pat's Family"]).await;
    journey(&terminator, "ada@acme.test", &["Acme"]).await;

    let (port, cert_pem, seen) = &terminator;
    let bw = Bw::for_server(*port, cert_pem, seen).await;
    let wrong = bw.login("pat@acme.test", "not the password").await;
    assert!(!wrong.ok, "a wrong password must not log in: {wrong}");
    // The CLI words the server's invalid_grant itself.
    assert!(
        wrong.stderr.contains("Invalid master password"),
        "the CLI's own refusal: {wrong}"
    );
    let unknown = bw.login("nobody@acme.test", PASSWORD).await;
    assert!(!unknown.ok, "an unknown account must not log in: {unknown}");
}

#[tokio::test]
async fn the_official_cli_signs_in_to_the_cloud() {
    cli_signs_in_to(Role::Cloud).await;
}

#[tokio::test]
async fn the_official_cli_signs_in_to_a_self_hosted_server() {
    cli_signs_in_to(Role::SelfHosted).await;
}
