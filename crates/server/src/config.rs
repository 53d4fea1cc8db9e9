//! Configuration: command-line flags (clap) plus Bitwarden's own
//! `globalSettings__…` names, read from an env file in
//! `bwdata/env/global.override.env` layout and from the environment (the
//! environment wins, as with Docker's env_file + environment).

use crate::sponsorships::schedule::SyncSchedule;
use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;
use wire::ids::InstallationId;
use wire::Secret;

/// Billing Sync server: Bitwarden's cloud side (issues licenses and billing sync
/// tokens, receives sponsorship syncs) or a self-hosted installation.
#[derive(Debug, Parser)]
#[command(name = "billing-sync-server", version, about)]
pub struct Cli {
    /// Where the server keeps its SQLite database, keys and license files.
    #[arg(
        long,
        env = "BILLING_SYNC_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Database URL; `postgres://user@host/db` selects PostgreSQL. Default: SQLite in the data dir.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Bitwarden settings file (`bwdata/env/global.override.env` layout: `globalSettings__…=value` lines).
    /// Environment variables with the same names override it.
    #[arg(long, env = "BILLING_SYNC_ENV_FILE", global = true)]
    pub env_file: Option<PathBuf>,

    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The database URL to use: the flag, or SQLite in the data dir (the
    /// binary also reads Bitwarden's PostgreSQL setting: `db::settings::database_url`).
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| crate::db::sqlite_url(&self.data_dir))
    }
}

/// Options of the server itself (used when no command is given).
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Which side of billing sync this server plays.
    #[arg(long, value_enum, default_value_t = Role::Cloud, env = "BILLING_SYNC_ROLE")]
    pub role: Role,

    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "BILLING_SYNC_LISTEN")]
    pub listen: SocketAddr,

    /// The built web module (`trunk build` output), served at `/`.
    #[arg(long, default_value = "dist", env = "BILLING_SYNC_WEB_DIST")]
    pub web_dist: PathBuf,

    /// Seconds between scheduled sponsorship syncs (self-hosted; Bitwarden: once a day).
    #[arg(
        long,
        default_value_t = 86_400,
        env = "BILLING_SYNC_SPONSORSHIP_SYNC_INTERVAL"
    )]
    pub sponsorship_sync_interval: u64,

    /// Seconds between cleanups of sponsorships whose paid-through date passed 90 days ago
    /// (both roles; Bitwarden: weekly, Mondays at midnight).
    #[arg(
        long,
        default_value_t = 604_800,
        env = "BILLING_SYNC_SPONSORSHIP_CLEANUP_INTERVAL"
    )]
    pub sponsorship_cleanup_interval: u64,

    /// Seconds between re-validations of sponsored Families organizations
    /// (cloud; Bitwarden: every 12 hours).
    #[arg(
        long,
        default_value_t = 43_200,
        env = "BILLING_SYNC_SPONSORSHIP_VALIDATION_INTERVAL"
    )]
    pub sponsorship_validation_interval: u64,

    /// Seconds before the first scheduled sponsorship sync. Default: a random
    /// time within the first 23/24 of the interval (Bitwarden: 0–23 hours).
    #[arg(long, env = "BILLING_SYNC_SPONSORSHIP_SYNC_FIRST_DELAY")]
    pub sponsorship_sync_first_delay: Option<u64>,

    /// Serve `/demo/outbox`, a page listing the mail outbox (for demos without an SMTP server).
    /// Never enable it on a server others can reach: it shows redeem links.
    #[arg(long, env = "BILLING_SYNC_DEMO_OUTBOX")]
    pub demo_outbox: bool,
}

/// How often each scheduled job runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobIntervals {
    /// The self-hosted sponsorship sync with the cloud (interval and first run).
    pub sponsorship_sync: SyncSchedule,
    /// The cleanup of sponsorships whose paid-through date passed 90 days ago.
    pub sponsorship_cleanup: Duration,
    /// The cloud's re-validation of sponsored organizations.
    pub sponsorship_validation: Duration,
}

/// Bitwarden's schedules: daily (first run at random within the first day),
/// weekly, every 12 hours.
impl Default for JobIntervals {
    fn default() -> Self {
        Self {
            sponsorship_sync: SyncSchedule::every(Duration::from_secs(86_400)),
            sponsorship_cleanup: Duration::from_secs(604_800),
            sponsorship_validation: Duration::from_secs(43_200),
        }
    }
}

impl ServeArgs {
    /// The schedules the flags ask for (at least a second each).
    pub fn job_intervals(&self) -> JobIntervals {
        let seconds = |n: u64| Duration::from_secs(n.max(1));
        let every = SyncSchedule::every(seconds(self.sponsorship_sync_interval));
        let sponsorship_sync = match self.sponsorship_sync_first_delay {
            Some(secs) => every.first_after(Duration::from_secs(secs)),
            None => every,
        };
        JobIntervals {
            sponsorship_sync,
            sponsorship_cleanup: seconds(self.sponsorship_cleanup_interval),
            sponsorship_validation: seconds(self.sponsorship_validation_interval),
        }
    }
}

/// The two deployments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// Bitwarden's cloud: owns billing, licenses and billing sync tokens.
    Cloud,
    /// A customer's self-hosted installation.
    SelfHosted,
}

impl From<Role> for wire::capabilities::ServerRole {
    fn from(role: Role) -> Self {
        match role {
            Role::Cloud => Self::Cloud,
            Role::SelfHosted => Self::SelfHosted,
        }
    }
}

/// Administrative commands (seeding, operations).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage organizations and their members.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage self-hosted installations registered with this cloud.
    #[command(subcommand)]
    Installation(InstallationCommand),
    /// Print the X.509 certificate (PEM) that self-hosted servers verify
    /// licenses with; creates the cloud's signing key on first use.
    LicenseCert {
        /// Write the certificate in DER to this file instead (a `.cer`, the
        /// form of Bitwarden's `licensing.cer`).
        #[arg(long, value_name = "PATH")]
        der: Option<std::path::PathBuf>,
    },
    /// The scheduled sponsorship maintenance jobs.
    #[command(subcommand)]
    Jobs(JobsCommand),
}

/// `jobs …` commands.
#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// List recent runs of the maintenance jobs, newest first.
    Runs {
        /// Only this job's runs.
        #[arg(long, value_enum)]
        job: Option<JobChoice>,
        /// How many runs to show.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Run a maintenance job once now, as the schedule would, and record it.
    Run {
        #[arg(long, value_enum)]
        job: JobChoice,
    },
}

/// The maintenance jobs, for `jobs …`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum JobChoice {
    /// Delete sponsorships whose paid-through date passed 90 days ago.
    Cleanup,
    /// Re-validate sponsored Families organizations (cloud).
    Revalidation,
}

/// `installation …` commands (cloud).
#[derive(Debug, Subcommand)]
pub enum InstallationCommand {
    /// Register an installation; prints its id and key (the key is shown only once).
    Create {
        /// Contact e-mail of the installation's administrator.
        #[arg(long)]
        email: String,
    },
    /// Disable an installation: its credentials stop working at once.
    Disable {
        #[arg(long)]
        id: String,
    },
}

/// `user …` commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The master password is hashed exactly as the web
    /// vault would (client KDF, then the server's own slow hash).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "BILLING_SYNC_USER_PASSWORD", hide_env_values = true)]
        password: Secret,
        /// Client-side key derivation for this account.
        #[arg(long, value_enum, default_value_t = KdfChoice::Pbkdf2)]
        kdf: KdfChoice,
    },
}

/// `org …` commands.
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organization with an owner; prints its id.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        plan: PlanChoice,
        #[arg(long)]
        seats: u32,
        /// E-mail of an existing user who becomes the owner.
        #[arg(long)]
        owner: String,
    },
    /// Add an existing user to an organization (confirmed member).
    AddMember {
        /// Organization id, or its exact name.
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        role: RoleChoice,
    },
}

/// KDF choices for `user add`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KdfChoice {
    Pbkdf2,
    Argon2id,
}

/// Plan choices for `org create`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlanChoice {
    Enterprise,
    Teams,
    Families,
}

/// Member roles for `org add-member`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RoleChoice {
    Owner,
    Admin,
    User,
}

/// Bitwarden's cloud regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloudRegion {
    Us,
    Eu,
}

impl CloudRegion {
    /// The region's name as the setting spells it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Us => "US",
            Self::Eu => "EU",
        }
    }

    fn domain(self) -> &'static str {
        match self {
            Self::Us => "bitwarden.com",
            Self::Eu => "bitwarden.eu",
        }
    }

    /// The region's identity service.
    pub fn identity_uri(self) -> Url {
        region_url("identity", self.domain())
    }

    /// The region's API service.
    pub fn api_uri(self) -> Url {
        region_url("api", self.domain())
    }

    /// The region's push relay.
    pub fn push_uri(self) -> Url {
        region_url("push", self.domain())
    }

    /// The region's cloud web vault.
    pub fn vault_uri(self) -> Url {
        region_url("vault", self.domain())
    }
}

fn region_url(service: &str, domain: &str) -> Url {
    // Both parts are compile-time constants above; the format is always a valid URL.
    Url::parse(&format!("https://{service}.{domain}/")).expect("static region URL is valid")
}

/// Bitwarden's settings this product reads (`globalSettings__…`).
#[derive(Clone)]
pub struct GlobalSettings {
    /// `globalSettings__enableCloudCommunication`
    pub enable_cloud_communication: bool,
    /// `globalSettings__baseServiceUri__cloudRegion` (US when unset)
    pub cloud_region: CloudRegion,
    /// `globalSettings__baseServiceUri__vault`: public URL of this server's web vault.
    pub vault_uri: Option<Url>,
    /// `globalSettings__installation__id`
    pub installation_id: Option<InstallationId>,
    /// `globalSettings__installation__key`
    pub installation_key: Option<Secret>,
    /// `globalSettings__installation__identityUri` (region default when unset)
    pub identity_uri: Url,
    /// `globalSettings__installation__apiUri` (region default when unset)
    pub api_uri: Url,
    /// `globalSettings__pushRelayBaseUri` (region default when unset)
    pub push_relay_uri: Url,
    /// `globalSettings__licenseDirectory`
    pub license_directory: Option<PathBuf>,
    /// `globalSettings__billingSync__allowedOrigins`: origins besides the
    /// vault's that may embed the web module (see `cors`).
    pub allowed_origins: Vec<String>,
    /// Every `globalSettings__…` value read, keyed by lower-cased name, for
    /// settings that later modules read (mail, …).
    pub raw: BTreeMap<String, String>,
    /// Where the values came from, for Check connection.
    pub origin: SettingsOrigin,
}

/// The env file read (if any) and the settings the process environment set
/// (lower-cased names): the environment wins over the file.
#[derive(Clone, Debug, Default)]
pub struct SettingsOrigin {
    pub env_file: Option<PathBuf>,
    pub from_environment: std::collections::BTreeSet<String>,
}

impl SettingsOrigin {
    /// Where a setting (Bitwarden's name, without the prefix) was read:
    /// `Some(true)` the environment, `Some(false)` the env file, `None` unset.
    pub fn of(&self, settings: &GlobalSettings, name: &str) -> Option<bool> {
        let key = format!("{PREFIX}{}", name.to_lowercase());
        match (
            self.from_environment.contains(&key),
            settings.raw.contains_key(&key),
        ) {
            (true, _) => Some(true),
            (false, true) => Some(false),
            (false, false) => None,
        }
    }
}

const PREFIX: &str = "globalsettings__";

impl std::fmt::Debug for GlobalSettings {
    /// The parsed settings, and only the *names* of the raw ones: raw values
    /// include the installation key and the SMTP password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlobalSettings")
            .field(
                "enable_cloud_communication",
                &self.enable_cloud_communication,
            )
            .field("cloud_region", &self.cloud_region)
            .field("vault_uri", &self.vault_uri)
            .field("installation_id", &self.installation_id)
            .field("installation_key", &self.installation_key)
            .field("identity_uri", &self.identity_uri)
            .field("api_uri", &self.api_uri)
            .field("push_relay_uri", &self.push_relay_uri)
            .field("license_directory", &self.license_directory)
            .field("raw (names)", &self.raw.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl GlobalSettings {
    /// Reads the env file (if any), then the process environment on top.
    pub fn load(env_file: Option<&Path>) -> anyhow::Result<Self> {
        let mut raw = BTreeMap::new();
        if let Some(path) = env_file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the env file {}", path.display()))?;
            raw.extend(parse_env_file(&text));
        }
        let environment: BTreeMap<String, String> = std::env::vars()
            .filter(|(k, _)| k.to_lowercase().starts_with(PREFIX))
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect();
        let from_environment = environment.keys().cloned().collect();
        raw.extend(environment);
        let mut settings = Self::from_values(raw)?;
        settings.origin = SettingsOrigin {
            env_file: env_file.map(Path::to_path_buf),
            from_environment,
        };
        Ok(settings)
    }

    /// Builds settings from `globalSettings__…` values (names lower-cased).
    /// An invalid value stops the server with a message naming the setting.
    pub fn from_values(raw: BTreeMap<String, String>) -> anyhow::Result<Self> {
        let get = |name: &str| {
            raw.get(&format!("{PREFIX}{}", name.to_lowercase()))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty() && *v != "REPLACE")
        };
        let enable_cloud_communication = match get("enableCloudCommunication") {
            None => false,
            Some(v) => parse_bool("globalSettings__enableCloudCommunication", v)?,
        };
        let cloud_region = match get("baseServiceUri__cloudRegion") {
            None => CloudRegion::Us,
            Some(v) if v.eq_ignore_ascii_case("US") => CloudRegion::Us,
            Some(v) if v.eq_ignore_ascii_case("EU") => CloudRegion::Eu,
            Some(v) => {
                bail!("globalSettings__baseServiceUri__cloudRegion must be US or EU, not {v:?}")
            }
        };
        let url_setting = |name: &str| -> anyhow::Result<Option<Url>> {
            get(name)
                .map(|v| parse_url(&format!("globalSettings__{name}"), v))
                .transpose()
        };
        let installation_id = get("installation__id")
            .map(|v| {
                v.parse::<InstallationId>().map_err(|_| {
                    anyhow::anyhow!("globalSettings__installation__id must be a UUID, not {v:?}")
                })
            })
            .transpose()?
            .filter(|id| *id != InstallationId::NIL);
        Ok(Self {
            enable_cloud_communication,
            cloud_region,
            vault_uri: url_setting("baseServiceUri__vault")?,
            installation_id,
            installation_key: get("installation__key").map(Secret::new),
            identity_uri: url_setting("installation__identityUri")?
                .unwrap_or_else(|| cloud_region.identity_uri()),
            api_uri: url_setting("installation__apiUri")?.unwrap_or_else(|| cloud_region.api_uri()),
            push_relay_uri: url_setting("pushRelayBaseUri")?
                .unwrap_or_else(|| cloud_region.push_uri()),
            license_directory: get("licenseDirectory").map(PathBuf::from),
            allowed_origins: get("billingSync__allowedOrigins")
                .map(crate::cors::parse_allowed_origins)
                .transpose()?
                .unwrap_or_default(),
            raw,
            origin: SettingsOrigin::default(),
        })
    }

    /// A raw setting by its Bitwarden name (without the prefix), if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.raw
            .get(&format!("{PREFIX}{}", name.to_lowercase()))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty() && *v != "REPLACE")
    }
}

/// Parses `KEY=VALUE` lines; `#` comments and blank lines are skipped, one
/// level of matching quotes is removed. Names are lower-cased (Bitwarden's
/// configuration is case-insensitive).
pub fn parse_env_file(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            let v = v.trim();
            let unquoted = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            (k.trim().to_lowercase(), unquoted.to_owned())
        })
        .collect()
}

fn parse_bool(name: &str, value: &str) -> anyhow::Result<bool> {
    match value.to_lowercase().as_str() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => bail!("{name} must be true or false, not {value:?}"),
    }
}

fn parse_url(name: &str, value: &str) -> anyhow::Result<Url> {
    let url = Url::parse(value)
        .map_err(|e| anyhow::anyhow!("{name} is not a valid URL ({e}): {value:?}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        bail!("{name} must be an http(s) URL, not {value:?}");
    }
    Ok(url)
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
