//! The official Bitwarden CLI (`@bitwarden/cli` from npm, pinned in
//! `tools/package.json`, installed by `cargo xtask`) against a server under
//! test, shared by the server's `bw_cli` tests and the browser journeys.
//!
//! The CLI refuses plain http even on loopback, so a server sits behind a
//! small TLS terminator in the test process ([`TlsTerminator`]: a
//! self-signed certificate made with rcgen, served with tokio-rustls, bytes
//! copied to the server's plain port). The CLI trusts it through
//! `NODE_EXTRA_CA_CERTS`. Each [`Bw`] has its own data dir
//! (`BITWARDENCLI_APPDATA_DIR`); each run has no stdin and a time limit, and
//! takes the master password from the environment, never from its arguments.
//!
//! CLI 2026.9.0's wording, checked by [`check_account`]: a wrong password at
//! login is "Invalid master password" (its wording of the server's
//! invalid_grant); at unlock, where no server is asked, it says "Cryptography
//! error, The decryption operation failed" (the user key's MAC check).

use anyhow::{ensure, Context};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;

/// One CLI command may take this long (node start-up, a 64 MiB Argon2id).
const COMMAND_LIMIT: Duration = Duration::from_secs(120);

/// The CLI that `cargo xtask` installs into `tools/`.
fn bw_binary() -> anyhow::Result<PathBuf> {
    let path = crate::workspace_root().join("tools/node_modules/.bin/bw");
    ensure!(
        path.exists(),
        "the Bitwarden CLI is missing at {}: `cargo xtask test` installs it (npm ci in tools/)",
        path.display()
    );
    Ok(path)
}

/// The request and status lines that passed through a terminator, in order
/// (printed when a CLI step fails, to show which call went wrong).
type Seen = Arc<std::sync::Mutex<Vec<String>>>;

fn lines(seen: &Seen) -> std::sync::MutexGuard<'_, Vec<String>> {
    seen.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

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
            lines(&seen).push(line);
        }
        if to.write_all(chunk).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

/// A TLS terminator on a free loopback port in front of a server.
#[derive(Clone)]
pub struct TlsTerminator {
    pub port: u16,
    /// The PEM of its self-signed certificate (for `127.0.0.1`).
    pub cert_pem: String,
    seen: Seen,
}

impl TlsTerminator {
    /// Starts one in front of the server at `base` (`http://127.0.0.1:PORT`).
    pub async fn start(base: &str) -> anyhow::Result<Self> {
        let backend: SocketAddr = base
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .with_context(|| format!("a loopback server address, not {base}"))?;
        let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])?;
        let cert_pem = certified.cert.pem();
        let key =
            rustls::pki_types::PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)?;
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
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
        Ok(Self {
            port,
            cert_pem,
            seen,
        })
    }
}

/// The CLI configured for one server, with its own data dir.
pub struct Bw {
    binary: PathBuf,
    dir: tempfile::TempDir,
    ca: PathBuf,
    seen: Seen,
}

/// What one CLI run printed, and the HTTP lines it caused.
pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
    pub http: Vec<String>,
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

impl Run {
    /// The last line of stdout (`--raw` prints the session key there).
    pub fn last_line(&self) -> String {
        self.stdout.lines().last().unwrap_or_default().to_owned()
    }
}

impl Bw {
    /// A fresh CLI data dir whose server is the terminator's URL.
    pub async fn for_server(terminator: &TlsTerminator) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, &terminator.cert_pem)?;
        let bw = Self {
            binary: bw_binary()?,
            dir,
            ca,
            seen: terminator.seen.clone(),
        };
        let url = format!("https://127.0.0.1:{}", terminator.port);
        let config = bw.run(&["config", "server", &url], &[]).await?;
        ensure!(config.ok, "bw config server: {config}");
        Ok(bw)
    }

    /// Runs `bw ARGS --nointeraction` with extra environment variables.
    pub async fn run(&self, args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<Run> {
        let before = lines(&self.seen).len();
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
            .with_context(|| format!("bw {args:?} took longer than {COMMAND_LIMIT:?}"))?
            .context("bw runs (is Node.js installed?)")?;
        Ok(Run {
            ok: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).trim().to_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
            http: lines(&self.seen)[before..].to_vec(),
        })
    }

    /// `bw login` with the password from the environment (`--raw`: the
    /// session key is the last line).
    pub async fn login(&self, email: &str, password: &str) -> anyhow::Result<Run> {
        self.run(
            &["login", email, "--passwordenv", "BW_TEST_PASSWORD", "--raw"],
            &[("BW_TEST_PASSWORD", password)],
        )
        .await
    }

    /// `bw unlock` with the password from the environment.
    pub async fn unlock(&self, password: &str) -> anyhow::Result<Run> {
        self.run(
            &["unlock", "--passwordenv", "BW_TEST_PASSWORD", "--raw"],
            &[("BW_TEST_PASSWORD", password)],
        )
        .await
    }
}

/// The organization names `bw list organizations` prints, sorted.
pub fn organization_names(list: &Run) -> anyhow::Result<Vec<String>> {
    let listed: Value = serde_json::from_str(&list.stdout)
        .with_context(|| format!("JSON from bw list organizations: {list}"))?;
    let mut names: Vec<String> = listed
        .as_array()
        .with_context(|| format!("a list from bw list organizations: {list}"))?
        .iter()
        .filter_map(|o| o["name"].as_str().map(str::to_owned))
        .collect();
    names.sort_unstable();
    Ok(names)
}

/// One account through the CLI: logs in, checks the vault is unlocked,
/// syncs, lists the organizations by name (`organizations`, sorted), locks,
/// refuses a wrong master password at unlock, unlocks and logs out.
pub async fn check_account(
    terminator: &TlsTerminator,
    email: &str,
    password: &str,
    organizations: &[&str],
) -> anyhow::Result<()> {
    let bw = Bw::for_server(terminator).await?;
    let login = bw.login(email, password).await?;
    ensure!(login.ok, "bw login {email}: {login}");
    let session = login.last_line();
    ensure!(
        session.len() > 20,
        "a session key from bw login --raw: {login}"
    );
    let with_session = [("BW_SESSION", session.as_str())];

    let check = bw.run(&["unlock", "--check"], &with_session).await?;
    ensure!(check.ok, "bw unlock --check: {check}");
    ensure!(check.stdout.contains("unlocked"), "{check}");

    let sync = bw.run(&["sync"], &with_session).await?;
    ensure!(sync.ok, "bw sync: {sync}");
    ensure!(sync.stdout.contains("Syncing complete"), "{sync}");

    let list = bw.run(&["list", "organizations"], &with_session).await?;
    ensure!(list.ok, "bw list organizations: {list}");
    let names = organization_names(&list)?;
    ensure!(
        names == organizations,
        "{email}'s organizations {names:?}, expected {organizations:?}: {list}"
    );

    // Locked, the vault opens only with the master password: the CLI checks
    // the user key's MAC itself (no server call) and says so in its words.
    let lock = bw.run(&["lock"], &with_session).await?;
    ensure!(lock.ok, "bw lock: {lock}");
    let wrong = bw.unlock("not the password").await?;
    ensure!(
        !wrong.ok,
        "a wrong master password must not unlock: {wrong}"
    );
    // CLI 2026.9.0 unlocks through its SDK, which reports the failed MAC
    // check of the user key; older CLIs said "Invalid master password".
    ensure!(
        wrong.stderr.contains("The decryption operation failed")
            || wrong.stderr.contains("Invalid master password"),
        "the CLI's own refusal: {wrong}"
    );
    let unlock = bw.unlock(password).await?;
    ensure!(unlock.ok, "bw unlock: {unlock}");
    let session = unlock.last_line();
    let with_session = [("BW_SESSION", session.as_str())];

    let logout = bw.run(&["logout"], &with_session).await?;
    ensure!(logout.ok, "bw logout: {logout}");
    let after = bw.run(&["unlock", "--check"], &[]).await?;
    ensure!(!after.ok, "after logout the vault is not open: {after}");
    Ok(())
}
