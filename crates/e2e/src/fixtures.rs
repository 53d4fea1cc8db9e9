//! Shared steps of the journeys: logging in through the UI, opening the
//! organization's subscription, waiting for downloads, and a cloud plus a
//! self-hosted server registered with it.

use crate::{Browser, Installation, Server, ServerRole, WAIT};
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The file name the cloud's Download license saves.
pub const LICENSE_FILE: &str = "bitwarden_organization_license.json";

/// Opens `base` and logs in through the login screen (email step, then
/// master password).
pub async fn log_in(
    browser: &Browser,
    base: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<()> {
    browser.goto(&format!("{base}/")).await?;
    log_in_here(browser, email, password).await
}

/// Logs in on the login screen already open (keeps a language chosen on it).
pub async fn log_in_here(browser: &Browser, email: &str, password: &str) -> anyhow::Result<()> {
    browser.fill("#email", email).await?;
    browser.click("#login-continue").await?;
    browser.fill("#master-password", password).await?;
    browser.click("#login-submit").await?;
    browser.wait_for_text("#user-email", email).await?;
    Ok(())
}

/// From the vault, in either language: the product switcher → Admin
/// Console (choosing `org_name` when the user manages several) → Billing →
/// Subscription.
pub async fn open_subscription(browser: &Browser, org_name: &str) -> anyhow::Result<()> {
    browser.wait_for_text("#org-list", org_name).await?;
    browser.click("#product-switcher").await?;
    browser.link("Admin Console", None).await?.click().await?;
    if browser.exists("#organization-picker").await {
        browser.link(org_name, None).await?.click().await?;
    }
    browser.wait_for_text("#org-name", org_name).await?;
    if browser
        .attr("#nav-billing", "aria-expanded")
        .await?
        .as_deref()
        != Some("true")
    {
        browser.click("#nav-billing").await?;
    }
    browser.click("#nav-subscription").await?;
    browser.find("#plan-name").await?;
    Ok(())
}

/// Waits until `path` is completely downloaded (present, non-empty, no
/// `.crdownload` beside it) and returns its bytes.
pub async fn wait_for_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    let partial = PathBuf::from(format!("{}.crdownload", path.display()));
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if !partial.exists() {
            if let Ok(bytes) = std::fs::read(path) {
                if !bytes.is_empty() {
                    return Ok(bytes);
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let found: Vec<String> = path
        .parent()
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    bail!(
        "{} never arrived; the directory holds {found:?}",
        path.display()
    )
}

/// A cloud with Acme (owner, admin, members) and a registered installation,
/// and a self-hosted server configured as that installation (cloud
/// communication on, the cloud's license certificate) with the Acme owner's
/// account but no organization yet.
pub struct CloudAndSelfHosted {
    pub cloud: Server,
    /// Acme's id on the cloud.
    pub cloud_org: String,
    pub installation: Installation,
    pub self_hosted: Server,
    /// The cloud's PEM certificate the self-hosted server verifies licenses with.
    pub cert_path: PathBuf,
    _dir: tempfile::TempDir,
}

impl CloudAndSelfHosted {
    /// Starts both; `extra` settings are added to the self-hosted env file.
    pub async fn start(extra: &[(&str, &str)]) -> anyhow::Result<Self> {
        Self::start_with(|_| Vec::new(), extra).await
    }

    /// Like [`CloudAndSelfHosted::start`] with settings for the cloud's env
    /// file too; `cloud_settings` gets the cloud's base URL (e.g. for
    /// `baseServiceUri__vault`, so e-mailed links point at the cloud under test).
    pub async fn start_with(
        cloud_settings: impl FnOnce(&str) -> Vec<(String, String)>,
        extra: &[(&str, &str)],
    ) -> anyhow::Result<Self> {
        let port = crate::free_port()?;
        let cloud_extra = cloud_settings(&format!("http://127.0.0.1:{port}"));
        let cloud_extra: Vec<(&str, &str)> = cloud_extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let cloud = Server::start_on(ServerRole::Cloud, port, &cloud_extra)
            .await
            .context("the cloud server")?;
        let cloud_org = cloud.seed_acme()?;
        let installation = cloud.create_installation("ops@acme.test")?;
        let dir = tempfile::tempdir()?;
        let cert_path = dir.path().join("cloud-license-cert.pem");
        cloud.write_license_cert(&cert_path)?;
        let identity = cloud.url("/identity");
        let api = cloud.url("/api");
        let cert = cert_path.display().to_string();
        let mut settings = vec![
            ("enableCloudCommunication", "true"),
            ("installation__id", installation.id.as_str()),
            ("installation__key", installation.key.as_str()),
            ("installation__identityUri", identity.as_str()),
            ("installation__apiUri", api.as_str()),
            ("licenseCertificatePath", cert.as_str()),
        ];
        settings.extend_from_slice(extra);
        let self_hosted = Server::start(ServerRole::SelfHosted, &settings)
            .await
            .context("the self-hosted server")?;
        self_hosted.add_user("owner@acme.test", "Olivia Owner")?;
        Ok(Self {
            cloud,
            cloud_org,
            installation,
            self_hosted,
            cert_path,
            _dir: dir,
        })
    }

    /// Over HTTP, as journeys 2–3 do through the UI: the cloud owner's
    /// billing sync token, the self-hosted Acme created from the license, and
    /// the token saved as its billing sync connection. Returns Acme's id on
    /// the self-hosted server.
    pub async fn create_org_with_billing_sync(&self) -> anyhow::Result<String> {
        let (org, token) = self.create_org_and_token().await?;
        let owner = self
            .self_hosted
            .login_token("owner@acme.test", crate::PASSWORD)
            .await?;
        let (status, connection) = self
            .self_hosted
            .post_json(
                "/api/organizations/connections",
                &owner,
                &serde_json::json!({"type": 1, "organizationId": org, "enabled": true,
                    "config": {"billingSyncKey": token}}),
            )
            .await?;
        anyhow::ensure!(status == 200, "connection: {status} {connection}");
        Ok(org)
    }

    /// Over HTTP: the cloud owner's billing sync token and the self-hosted
    /// Acme created from the license, without a connection yet. Returns
    /// (Acme's id on the self-hosted server, the token).
    pub async fn create_org_and_token(&self) -> anyhow::Result<(String, String)> {
        let cloud_owner = self
            .cloud
            .login_token("owner@acme.test", crate::PASSWORD)
            .await?;
        let hash = self
            .cloud
            .master_password_hash("owner@acme.test", crate::PASSWORD)
            .await?;
        let (status, key) = self
            .cloud
            .post_json(
                &format!("/api/organizations/{}/api-key", self.cloud_org),
                &cloud_owner,
                &serde_json::json!({"type": 1, "masterPasswordHash": hash}),
            )
            .await?;
        anyhow::ensure!(status == 200, "api-key answered {status}: {key}");
        let token = key["apiKey"]
            .as_str()
            .context("no apiKey in the api-key response")?
            .to_owned();
        let license = self.license_over_http(&cloud_owner).await?;
        let owner = self
            .self_hosted
            .login_token("owner@acme.test", crate::PASSWORD)
            .await?;
        let (status, org) = self
            .self_hosted
            .post_license("/api/organizations/licenses/self-hosted", &owner, license)
            .await?;
        anyhow::ensure!(status == 200, "organization from license: {status} {org}");
        let org = org["id"]
            .as_str()
            .context("no id for the new organization")?
            .to_owned();
        Ok((org, token))
    }

    /// The license file of Acme for this installation, as the cloud's API
    /// hands it to the owner (`cloud_token`).
    pub async fn license_over_http(&self, cloud_token: &str) -> anyhow::Result<Vec<u8>> {
        let (status, body) = self
            .cloud
            .get_json(
                &format!(
                    "/api/organizations/{}/license?installationId={}",
                    self.cloud_org, self.installation.id
                ),
                cloud_token,
            )
            .await?;
        anyhow::ensure!(status == 200, "license download answered {status}: {body}");
        Ok(serde_json::to_vec_pretty(&body)?)
    }
}
