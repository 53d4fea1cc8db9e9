//! A cloud and a paired self-hosted server, set up the way an operator and
//! an owner would: admin commands for accounts and organizations, then over
//! HTTP the installation, the billing sync token, the license uploaded to
//! the self-hosted server and the billing sync connection saved there.

use super::api::{self, PASSWORD};
use super::json;
use super::servers::{self, BenchServer, Database};
use anyhow::{Context, Result};
use std::path::Path;

pub const OWNER: &str = "owner@acme.test";

/// A cloud organization with its billing sync key.
pub struct CloudOrg {
    pub id: String,
    pub billing_key: String,
}

/// An installation registered with the cloud.
pub struct Installation {
    pub id: String,
    pub key: String,
}

/// The cloud side: its server, organizations and the owner's login.
pub struct Cloud {
    pub server: BenchServer,
    pub orgs: Vec<CloudOrg>,
    pub owner_token: String,
    pub owner_hash: String,
}

/// Seeds and starts a cloud with `orgs` enterprise organizations owned by
/// [`OWNER`], each with a billing sync key; `extra` are more server flags.
pub fn start_cloud(
    bin: &Path,
    dir: &Path,
    db: Database,
    dist: &Path,
    orgs: usize,
    extra: &[String],
) -> Result<Cloud> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    servers::add_user(bin, dir, &db, OWNER, "Owner")?;
    let mut ids = Vec::new();
    for n in 0..orgs {
        let name = format!("Acme {n}");
        let out = servers::admin(
            bin,
            dir,
            &db,
            &[
                "org",
                "create",
                "--name",
                &name,
                "--plan",
                "enterprise",
                "--seats",
                "100",
                "--owner",
                OWNER,
            ],
        )?;
        ids.push(
            out.trim()
                .lines()
                .last()
                .unwrap_or_default()
                .trim()
                .to_string(),
        );
    }
    let server = servers::start(bin, "cloud", dir, db, dist, extra)?;
    let owner_hash = api::master_password_hash(OWNER, PASSWORD)?;
    let owner_token = api::token(server.addr(), &api::password_grant(OWNER, &owner_hash))?;
    let body = format!(
        "{{\"type\":1,\"masterPasswordHash\":{}}}",
        json::quote(&owner_hash)
    );
    let mut orgs = Vec::new();
    for id in ids {
        let answer = api::post_json(
            server.addr(),
            &format!("/api/organizations/{id}/api-key"),
            &owner_token,
            &body,
        )?;
        let billing_key = json::string_field(&answer, "apiKey")
            .with_context(|| format!("no apiKey in {answer}"))?;
        orgs.push(CloudOrg { id, billing_key });
    }
    Ok(Cloud {
        server,
        orgs,
        owner_token,
        owner_hash,
    })
}

impl Cloud {
    /// Registers a self-hosted installation (the public endpoint).
    pub fn register_installation(&self) -> Result<Installation> {
        let answer = api::expect_200(api::post(
            self.server.addr(),
            "/api/installations",
            None,
            "application/json",
            br#"{"email":"ops@acme.test"}"#,
        ))?;
        Ok(Installation {
            id: json::string_field(&answer, "id").with_context(|| format!("no id in {answer}"))?,
            key: json::string_field(&answer, "key")
                .with_context(|| format!("no key in {answer}"))?,
        })
    }
}

/// A synced pair's handles for the sync rows.
pub struct Pair {
    pub cloud: Cloud,
    pub self_hosted: BenchServer,
    /// The self-hosted organization created from the cloud's license.
    pub org: String,
    pub owner_token: String,
    /// The self-hosted server's flags besides the common ones (its env file).
    self_hosted_flags: Vec<String>,
}

impl Pair {
    /// Restarts the self-hosted server with `extra` flags on the same data,
    /// so its peak memory counts from here.
    pub fn restart_self_hosted(&mut self, bin: &Path, dist: &Path, extra: &[String]) -> Result<()> {
        self.self_hosted.server.stop();
        let mut flags = self.self_hosted_flags.clone();
        flags.extend_from_slice(extra);
        let (data, db) = (self.self_hosted.data.clone(), self.self_hosted.db.clone());
        self.self_hosted = servers::start(bin, "self-hosted", &data, db, dist, &flags)?;
        Ok(())
    }
}

/// A cloud with one organization and a self-hosted server paired to it, in
/// `dir/cloud` and `dir/self-hosted`.
pub fn start(
    bin: &Path,
    dir: &Path,
    cloud_db: Database,
    self_db: Database,
    dist: &Path,
) -> Result<Pair> {
    let cloud = start_cloud(bin, &dir.join("cloud"), cloud_db, dist, 1, &[])?;
    let installation = cloud.register_installation()?;
    let cloud_org = cloud
        .orgs
        .first()
        .context("the cloud has no organization")?;
    let license = api::get(
        cloud.server.addr(),
        &format!(
            "/api/organizations/{}/license?installationId={}",
            cloud_org.id, installation.id
        ),
        &cloud.owner_token,
    )?;

    let self_dir = dir.join("self-hosted");
    std::fs::create_dir_all(&self_dir)
        .with_context(|| format!("creating {}", self_dir.display()))?;
    let pem = servers::admin(bin, &cloud.server.data, &cloud.server.db, &["license-cert"])?;
    let cert = std::path::absolute(self_dir.join("cloud-license-cert.pem"))
        .context("absolute cert path")?;
    std::fs::write(&cert, pem).with_context(|| format!("writing {}", cert.display()))?;
    let env = self_dir.join("global.override.env");
    std::fs::write(
        &env,
        self_hosted_env(
            &installation,
            &cert,
            &format!("http://{}", cloud.server.addr()),
        ),
    )
    .with_context(|| format!("writing {}", env.display()))?;
    servers::add_user(bin, &self_dir, &self_db, OWNER, "Owner")?;
    let self_hosted_flags = vec!["--env-file".to_string(), env.display().to_string()];
    let self_hosted = servers::start(
        bin,
        "self-hosted",
        &self_dir,
        self_db,
        dist,
        &self_hosted_flags,
    )?;

    let owner_token = api::token(
        self_hosted.addr(),
        &api::password_grant(OWNER, &cloud.owner_hash),
    )?;
    let (content_type, body) = api::multipart_file("license", "license.json", license.as_bytes());
    let created = api::expect_200(api::post(
        self_hosted.addr(),
        "/api/organizations/licenses/self-hosted",
        Some(&owner_token),
        &content_type,
        &body,
    ))
    .context("uploading the license to the self-hosted server")?;
    let org = json::string_field(&created, "id").with_context(|| format!("no id in {created}"))?;
    let connection = format!(
        "{{\"type\":1,\"organizationId\":{},\"enabled\":true,\"config\":{{\"billingSyncKey\":{}}}}}",
        json::quote(&org),
        json::quote(&cloud_org.billing_key)
    );
    api::post_json(
        self_hosted.addr(),
        "/api/organizations/connections",
        &owner_token,
        &connection,
    )?;
    Ok(Pair {
        cloud,
        self_hosted,
        org,
        owner_token,
        self_hosted_flags,
    })
}

/// The self-hosted settings that point it at the bench's cloud.
fn self_hosted_env(installation: &Installation, cert: &Path, cloud: &str) -> String {
    [
        ("enableCloudCommunication", "true".to_string()),
        ("installation__id", installation.id.clone()),
        ("installation__key", installation.key.clone()),
        ("installation__identityUri", format!("{cloud}/identity")),
        ("installation__apiUri", format!("{cloud}/api")),
        ("licenseCertificatePath", cert.display().to_string()),
    ]
    .iter()
    .map(|(name, value)| format!("globalSettings__{name}={value}\n"))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_hosted_env_points_at_the_cloud() {
        let installation = Installation {
            id: "i-1".to_string(),
            key: "k".to_string(),
        };
        let env = self_hosted_env(&installation, Path::new("/d/c.pem"), "http://127.0.0.1:9");
        for line in [
            "globalSettings__enableCloudCommunication=true",
            "globalSettings__installation__id=i-1",
            "globalSettings__installation__key=k",
            "globalSettings__installation__identityUri=http://127.0.0.1:9/identity",
            "globalSettings__installation__apiUri=http://127.0.0.1:9/api",
            "globalSettings__licenseCertificatePath=/d/c.pem",
        ] {
            assert!(env.lines().any(|l| l == line), "missing {line}:\n{env}");
        }
    }
}
