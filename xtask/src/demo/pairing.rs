//! Pairing the demo's two servers, as an operator would by hand: register an
//! installation on the cloud (`installation create`), export the cloud's
//! license certificate (`license-cert`), and write each server's
//! `global.override.env` (Bitwarden's `bwdata/env` layout).
//!
//! The installation's id and key are kept in the cloud's data dir
//! (`installation.env`), so a run that reuses the cloud's data reuses them too.

use crate::server;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The file in the cloud's data dir that keeps the installation's id and key.
pub const INSTALLATION_FILE: &str = "installation.env";
/// Each server's settings file, passed with `--env-file`.
pub const ENV_FILE: &str = "global.override.env";
/// The cloud's license certificate, in the self-hosted data dir.
pub const CERT_FILE: &str = "cloud-license-cert.pem";
/// Contact address the demo installation is registered with.
pub const INSTALLATION_EMAIL: &str = "ops@acme.test";

const ID_SETTING: &str = "globalSettings__installation__id";
const KEY_SETTING: &str = "globalSettings__installation__key";

/// A self-hosted installation registered with the cloud.
#[derive(Debug, PartialEq, Eq)]
pub struct Installation {
    pub id: String,
    pub key: String,
}

/// Everything the servers are started with and the banner shows.
pub struct Pairing {
    pub installation: Installation,
    pub cloud_env: PathBuf,
    pub self_hosted_env: PathBuf,
}

/// Public URLs of the two servers, and the origin of the example host page
/// that embeds the module (both servers allow it cross-origin).
pub struct Urls<'a> {
    pub cloud: &'a str,
    pub self_hosted: &'a str,
    pub example_host: &'a str,
}

/// The setting that lets the example host page call a server.
const ALLOWED_ORIGINS_SETTING: &str = "globalSettings__billingSync__allowedOrigins";

/// Reuses or registers the installation, exports the certificate and writes
/// both env files. Idempotent: safe to run on every start.
pub fn pair(bin: &Path, cloud_dir: &Path, self_hosted_dir: &Path, urls: &Urls) -> Result<Pairing> {
    let installation = ensure_installation(bin, cloud_dir)?;
    let cert = std::path::absolute(self_hosted_dir.join(CERT_FILE))
        .context("making the certificate path absolute")?;
    let pem = server::admin(
        bin,
        cloud_dir,
        "license-cert",
        &["license-cert".to_string()],
    )?;
    if !pem.trim_start().starts_with("-----BEGIN") {
        bail!("`license-cert` printed no PEM:\n{pem}");
    }
    std::fs::write(&cert, pem).with_context(|| format!("writing {}", cert.display()))?;
    println!("  wrote {}", cert.display());

    let cloud_env = cloud_dir.join(ENV_FILE);
    write_private(&cloud_env, &cloud_settings(urls))?;
    let self_hosted_env = std::path::absolute(self_hosted_dir.join(ENV_FILE))
        .context("making the env file path absolute")?;
    write_private(
        &self_hosted_env,
        &self_hosted_settings(&installation, &cert, urls),
    )?;
    println!("  wrote {}", self_hosted_env.display());
    Ok(Pairing {
        installation,
        cloud_env,
        self_hosted_env,
    })
}

/// The installation saved by an earlier run, or a newly registered one.
fn ensure_installation(bin: &Path, cloud_dir: &Path) -> Result<Installation> {
    let file = cloud_dir.join(INSTALLATION_FILE);
    if file.exists() {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let installation = parse_saved(&text).with_context(|| {
            format!("{} is damaged; delete it to register anew", file.display())
        })?;
        println!(
            "  reusing installation {} ({})",
            installation.id,
            file.display()
        );
        return Ok(installation);
    }
    let command = ["installation", "create", "--email", INSTALLATION_EMAIL].map(String::from);
    let out = server::admin(bin, cloud_dir, &command.join(" "), &command)?;
    let installation = parse_create_output(&out)?;
    write_private(
        &file,
        &format!(
            "{ID_SETTING}={}\n{KEY_SETTING}={}\n",
            installation.id, installation.key
        ),
    )?;
    println!("  registered installation {}", installation.id);
    Ok(installation)
}

/// Reads `installation id:  <uuid>` and `installation key: <key>` from the
/// output of `installation create`.
pub fn parse_create_output(out: &str) -> Result<Installation> {
    let field = |label: &str| {
        out.lines()
            .find_map(|line| line.strip_prefix(label))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .with_context(|| format!("no `{label}` line in the output of `installation create`"))
    };
    Ok(Installation {
        id: field("installation id:")?,
        key: field("installation key:")?,
    })
}

/// Reads the `KEY=value` lines of `installation.env`.
fn parse_saved(text: &str) -> Result<Installation> {
    let field = |name: &str| {
        text.lines()
            .filter_map(|line| line.split_once('='))
            .find(|(k, _)| k.trim() == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .with_context(|| format!("no {name} line"))
    };
    Ok(Installation {
        id: field(ID_SETTING)?,
        key: field(KEY_SETTING)?,
    })
}

/// The cloud's settings: its own vault URL, used in offer e-mails' links,
/// and the example host's origin, which may embed the module.
pub fn cloud_settings(urls: &Urls) -> String {
    format!(
        "globalSettings__baseServiceUri__vault={}\n{ALLOWED_ORIGINS_SETTING}={}\n",
        urls.cloud, urls.example_host
    )
}

/// The self-hosted server's settings: cloud communication with the demo
/// cloud instead of Bitwarden's, the installation, and the certificate its
/// licenses are verified with.
pub fn self_hosted_settings(installation: &Installation, cert: &Path, urls: &Urls) -> String {
    let lines = [
        (
            "globalSettings__enableCloudCommunication",
            "true".to_string(),
        ),
        (ID_SETTING, installation.id.clone()),
        (KEY_SETTING, installation.key.clone()),
        (
            "globalSettings__installation__identityUri",
            format!("{}/identity", urls.cloud),
        ),
        (
            "globalSettings__installation__apiUri",
            format!("{}/api", urls.cloud),
        ),
        (
            "globalSettings__licenseCertificatePath",
            cert.display().to_string(),
        ),
        (
            "globalSettings__baseServiceUri__vault",
            urls.self_hosted.to_string(),
        ),
        (ALLOWED_ORIGINS_SETTING, urls.example_host.to_string()),
    ];
    let mut text =
        String::from("# Written by `cargo xtask demo` on every start (edits are overwritten).\n");
    for (name, value) in lines {
        text.push_str(&format!("{name}={value}\n"));
    }
    text
}

/// Writes a file only its owner can read: it may hold the installation key.
fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URLS: Urls = Urls {
        cloud: "http://127.0.0.1:8080",
        self_hosted: "http://127.0.0.1:8090",
        example_host: "http://127.0.0.1:8070",
    };

    fn sample() -> Installation {
        Installation {
            id: "6f1c2b0e-0000-4000-8000-000000000001".to_string(),
            key: "k3y".to_string(),
        }
    }

    #[test]
    fn create_output_is_parsed() -> Result<()> {
        let out = "installation id:  6f1c2b0e-0000-4000-8000-000000000001\n\
                   installation key: k3y\n";
        assert_eq!(parse_create_output(out)?, sample());
        assert!(parse_create_output("installation id:  x\n").is_err());
        assert!(parse_create_output("installation id:\ninstallation key: k\n").is_err());
        Ok(())
    }

    #[test]
    fn saved_installation_round_trips() -> Result<()> {
        let text = format!(
            "{ID_SETTING}={}\n{KEY_SETTING}={}\n",
            sample().id,
            sample().key
        );
        assert_eq!(parse_saved(&text)?, sample());
        assert!(parse_saved("garbage").is_err());
        Ok(())
    }

    #[test]
    fn self_hosted_settings_have_every_line() {
        let text = self_hosted_settings(&sample(), Path::new("/d/cloud-license-cert.pem"), &URLS);
        for line in [
            "globalSettings__enableCloudCommunication=true",
            "globalSettings__installation__id=6f1c2b0e-0000-4000-8000-000000000001",
            "globalSettings__installation__key=k3y",
            "globalSettings__installation__identityUri=http://127.0.0.1:8080/identity",
            "globalSettings__installation__apiUri=http://127.0.0.1:8080/api",
            "globalSettings__licenseCertificatePath=/d/cloud-license-cert.pem",
            "globalSettings__baseServiceUri__vault=http://127.0.0.1:8090",
            "globalSettings__billingSync__allowedOrigins=http://127.0.0.1:8070",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line}:\n{text}");
        }
        assert_eq!(
            cloud_settings(&URLS),
            "globalSettings__baseServiceUri__vault=http://127.0.0.1:8080\n\
             globalSettings__billingSync__allowedOrigins=http://127.0.0.1:8070\n"
        );
    }
}
