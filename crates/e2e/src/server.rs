//! A server process under test.

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Which side a server plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerRole {
    Cloud,
    SelfHosted,
}

impl ServerRole {
    /// The `--role` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cloud => "cloud",
            Self::SelfHosted => "self-hosted",
        }
    }
}

/// A self-hosted installation registered with the cloud.
#[derive(Clone, Debug)]
pub struct Installation {
    pub id: String,
    pub key: String,
}

async fn json_of(response: reqwest::Response) -> anyhow::Result<(u16, serde_json::Value)> {
    let status = response.status().as_u16();
    let text = response.text().await?;
    let body = if text.trim().is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
    };
    Ok((status, body))
}

/// A running `billing-sync-server`; killed when dropped.
pub struct Server {
    pub role: ServerRole,
    pub base: String,
    pub data_dir: PathBuf,
    env_file: PathBuf,
    log: PathBuf,
    child: Child,
    _dir: tempfile::TempDir,
}

fn server_bin() -> PathBuf {
    std::env::var_os("BILLING_SYNC_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("target/debug/billing-sync-server"))
}

fn web_dist() -> PathBuf {
    std::env::var_os("BILLING_SYNC_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("dist"))
}

impl Server {
    /// Starts a server with `globalSettings__…` lines in its env file.
    pub async fn start(role: ServerRole, settings: &[(&str, &str)]) -> anyhow::Result<Self> {
        Self::start_on(role, crate::free_port()?, settings).await
    }

    /// Like [`Server::start`] on a port chosen beforehand (for settings that
    /// name the server's own address, such as `baseServiceUri__vault`).
    pub async fn start_on(
        role: ServerRole,
        port: u16,
        settings: &[(&str, &str)],
    ) -> anyhow::Result<Self> {
        let dist = web_dist();
        if !dist.join("index.html").is_file() {
            bail!("the web module is not built at {} (run `cargo xtask test` or `trunk build --release`)", dist.display());
        }
        let dir = tempfile::tempdir()?;
        let data_dir = dir.path().join("data");
        let env_file = dir.path().join("global.override.env");
        let text: String = settings
            .iter()
            .map(|(k, v)| format!("globalSettings__{k}={v}\n"))
            .collect();
        std::fs::write(&env_file, text)?;
        let base = format!("http://127.0.0.1:{port}");
        let log = dir.path().join("server.log");
        let log_file = std::fs::File::create(&log)?;
        let child = Command::new(server_bin())
            .args([
                "--role",
                role.name(),
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--web-dist",
            ])
            .arg(&dist)
            .arg("--data-dir")
            .arg(&data_dir)
            .arg("--env-file")
            .arg(&env_file)
            .env_remove("DATABASE_URL")
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("cannot start {}", server_bin().display()))?;
        let server = Self {
            role,
            base,
            data_dir,
            env_file,
            log,
            child,
            _dir: dir,
        };
        server.wait_alive().await?;
        Ok(server)
    }

    async fn wait_alive(&self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let url = self.url("/alive");
        while Instant::now() < deadline {
            if reqwest::get(&url)
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!(
            "{} server did not answer {url} within 30 s:\n{}",
            self.role.name(),
            self.log_tail(30)
        )
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Runs an admin command of the binary against this server's data; returns stdout.
    pub fn cli(&self, args: &[&str]) -> anyhow::Result<String> {
        let output = Command::new(server_bin())
            .arg("--data-dir")
            .arg(&self.data_dir)
            .arg("--env-file")
            .arg(&self.env_file)
            .args(["--role", self.role.name()])
            .args(args)
            .env_remove("DATABASE_URL")
            .stdin(Stdio::null())
            .output()?;
        if !output.status.success() {
            bail!(
                "`{}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    /// Seeds the Acme enterprise organization (owner, admin, member) through the CLI; returns the org id.
    pub fn seed_acme(&self) -> anyhow::Result<String> {
        for (email, name) in [
            ("owner@acme.test", "Olivia Owner"),
            ("admin@acme.test", "Adam Admin"),
            ("alice@acme.test", "Alice Member"),
        ] {
            self.add_user(email, name)?;
        }
        self.cli(&[
            "user",
            "add",
            "--email",
            "bob@acme.test",
            "--name",
            "Bob Member",
            "--password",
            crate::PASSWORD,
            "--kdf",
            "argon2id",
        ])?;
        let out = self.cli(&[
            "org",
            "create",
            "--name",
            "Acme",
            "--plan",
            "enterprise",
            "--seats",
            "50",
            "--owner",
            "owner@acme.test",
        ])?;
        let org = out.lines().last().unwrap_or_default().to_owned();
        self.cli(&[
            "org",
            "add-member",
            "--org",
            &org,
            "--email",
            "admin@acme.test",
            "--role",
            "admin",
        ])?;
        self.cli(&[
            "org",
            "add-member",
            "--org",
            &org,
            "--email",
            "alice@acme.test",
            "--role",
            "user",
        ])?;
        self.cli(&[
            "org",
            "add-member",
            "--org",
            &org,
            "--email",
            "bob@acme.test",
            "--role",
            "user",
        ])?;
        Ok(org)
    }

    /// Adds a user (PBKDF2, the journeys' password) through the CLI.
    pub fn add_user(&self, email: &str, name: &str) -> anyhow::Result<()> {
        self.cli(&[
            "user",
            "add",
            "--email",
            email,
            "--name",
            name,
            "--password",
            crate::PASSWORD,
        ])?;
        Ok(())
    }

    /// Cloud: registers a self-hosted installation (`installation create`);
    /// returns its id and key as the CLI prints them.
    pub fn create_installation(&self, email: &str) -> anyhow::Result<Installation> {
        let out = self.cli(&["installation", "create", "--email", email])?;
        let field = |label: &str| {
            out.lines()
                .find_map(|line| line.strip_prefix(label))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .with_context(|| format!("no {label:?} line in `installation create` output"))
        };
        Ok(Installation {
            id: field("installation id:")?,
            key: field("installation key:")?,
        })
    }

    /// Cloud: writes the license-signing certificate (`license-cert`) to `path`.
    pub fn write_license_cert(&self, path: &Path) -> anyhow::Result<()> {
        let pem = self.cli(&["license-cert"])?;
        anyhow::ensure!(
            pem.contains("-----BEGIN"),
            "`license-cert` printed no PEM: {pem:?}"
        );
        std::fs::write(path, format!("{pem}\n"))?;
        Ok(())
    }

    /// Logs in over HTTP like a Bitwarden client (prelogin, PBKDF2 master
    /// password hash, password grant); returns the access token.
    pub async fn login_token(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let hash = self.master_password_hash(email, password).await?;
        let response = reqwest::Client::new()
            .post(self.url("/identity/connect/token"))
            .form(&wire::identity::TokenRequestForm::password(
                email,
                wire::Secret::new(hash),
            ))
            .send()
            .await?;
        let status = response.status();
        let body: serde_json::Value = response.json().await?;
        anyhow::ensure!(status.is_success(), "login of {email} failed: {status}");
        body["access_token"]
            .as_str()
            .map(str::to_owned)
            .context("no access_token in the token response")
    }

    /// The master password hash a client sends for `email` (PBKDF2 accounts only).
    pub async fn master_password_hash(
        &self,
        email: &str,
        password: &str,
    ) -> anyhow::Result<String> {
        let prelogin: wire::identity::PreloginResponse = reqwest::Client::new()
            .post(self.url("/identity/accounts/prelogin"))
            .json(&serde_json::json!({ "email": email }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        anyhow::ensure!(
            prelogin.kdf == wire::kdf::KdfType::Pbkdf2Sha256,
            "the e2e HTTP login only derives PBKDF2 keys"
        );
        let salt = prelogin
            .salt
            .clone()
            .unwrap_or_else(|| wire::kdf::normalize_email(email));
        let (password, iterations) = (password.to_owned(), prelogin.kdf_iterations);
        let hash = tokio::task::spawn_blocking(move || {
            use base64::Engine;
            let key =
                billing_sync_kdf::pbkdf2_sha256(password.as_bytes(), salt.as_bytes(), iterations);
            let hash = billing_sync_kdf::pbkdf2_sha256(&key, password.as_bytes(), 1);
            base64::engine::general_purpose::STANDARD.encode(hash)
        })
        .await?;
        Ok(hash)
    }

    /// GET `path` with a bearer token; returns the status and the JSON body (`Null` if none).
    pub async fn get_json(
        &self,
        path: &str,
        token: &str,
    ) -> anyhow::Result<(u16, serde_json::Value)> {
        let response = reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await?;
        json_of(response).await
    }

    /// POST JSON to `path` with a bearer token; returns the status and the JSON body.
    pub async fn post_json(
        &self,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> anyhow::Result<(u16, serde_json::Value)> {
        let response = reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await?;
        json_of(response).await
    }

    /// POST a license file as `multipart/form-data` (field `license`) to `path`.
    pub async fn post_license(
        &self,
        path: &str,
        token: &str,
        license: Vec<u8>,
    ) -> anyhow::Result<(u16, serde_json::Value)> {
        let form = reqwest::multipart::Form::new().part(
            "license",
            reqwest::multipart::Part::bytes(license)
                .file_name("bitwarden_organization_license.json")
                .mime_str("application/json")?,
        );
        let response = reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await?;
        json_of(response).await
    }

    /// The last `lines` lines of the server's log.
    pub fn log_tail(&self, lines: usize) -> String {
        read_tail(&self.log, lines)
    }

    /// The whole log (for checks that no secret was logged).
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn read_tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
