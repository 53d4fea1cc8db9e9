//! The self-hosted server's client for the cloud, speaking Bitwarden's
//! contract: an installation token from `{identityUri}/connect/token`, then
//! calls to `{apiUri}/…`. Every failure becomes a [`CloudError`] whose text
//! tells an administrator what is wrong and what to do.

use crate::config::GlobalSettings;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::time::Duration;
use url::Url;
use wire::error::{ErrorCode, ErrorResponse, TokenErrorResponse};
use wire::identity::{TokenRequestForm, TokenResponse};
use wire::ids::InstallationId;
use wire::licenses::{OrganizationLicense, SelfHostedOrganizationLicenseRequest};
use wire::{OrganizationId, Secret};

/// How long one call to the cloud may take unless
/// `globalSettings__billingSync__cloudTimeoutSeconds` says otherwise.
const CLOUD_TIMEOUT: Duration = Duration::from_secs(15);

/// Why talking to the cloud failed.
#[derive(Debug, thiserror::Error)]
pub enum CloudError {
    #[error("Cloud communication is disabled in global settings")]
    Disabled,
    #[error(
        "This installation has no {0}. Set globalSettings__installation__id and \
         globalSettings__installation__key to the values you got when you registered the installation, then restart the server."
    )]
    NotConfigured(&'static str),
    #[error(
        "The cloud at {identity} does not accept this installation's id and key. This is usually a region mismatch: \
         this server is configured for the {region} region (globalSettings__baseServiceUri__cloudRegion), and the \
         installation id and key must have been issued in that same region. Check both settings, then restart the server."
    )]
    InstallationRejected {
        region: &'static str,
        identity: String,
    },
    #[error(
        "Cannot reach the cloud at {uri} ({reason}). Check this server's internet connection and that the firewall \
         allows it, then try again."
    )]
    Unreachable { uri: String, reason: String },
    #[error(
        "The cloud did not answer within {seconds} seconds. It may be busy: try again in a few minutes. If this \
         keeps happening, check this server's connection to the cloud (or raise \
         globalSettings__billingSync__cloudTimeoutSeconds)."
    )]
    Timeout { seconds: u64 },
    #[error("The cloud refused the request: {message}")]
    Rejected { status: u16, message: String },
    #[error("The cloud sent an answer this server does not understand ({0}).")]
    Decode(String),
}

impl CloudError {
    /// The stable code and the values of the message, for clients that
    /// translate it.
    pub fn code(&self) -> (ErrorCode, Vec<(&'static str, String)>) {
        match self {
            e if e.is_wrong_billing_sync_key() => (ErrorCode::BillingSyncTokenRejected, vec![]),
            Self::Rejected { message, .. } if message == "Invalid license key." => {
                (ErrorCode::LicenseNotRecognized, vec![])
            }
            Self::Disabled => (ErrorCode::CloudCommunicationDisabled, vec![]),
            Self::NotConfigured(what) => (
                ErrorCode::InstallationNotConfigured,
                vec![("missing", (*what).to_owned())],
            ),
            Self::InstallationRejected { region, identity } => (
                ErrorCode::RegionMismatch,
                vec![
                    ("region", (*region).to_owned()),
                    ("identity", identity.clone()),
                ],
            ),
            Self::Unreachable { uri, reason } => (
                ErrorCode::CloudUnreachable,
                vec![("uri", uri.clone()), ("reason", reason.clone())],
            ),
            Self::Timeout { seconds } => (
                ErrorCode::CloudTimeout,
                vec![("seconds", seconds.to_string())],
            ),
            Self::Rejected { message, .. } => {
                (ErrorCode::CloudRejected, vec![("message", message.clone())])
            }
            Self::Decode(reason) => (
                ErrorCode::CloudAnswerUnreadable,
                vec![("reason", reason.clone())],
            ),
        }
    }

    /// True when the cloud said the billing sync token is wrong.
    pub fn is_wrong_billing_sync_key(&self) -> bool {
        matches!(self, Self::Rejected { message, .. } if message == "Invalid Billing Sync Key")
    }
}

/// What the person who saved or synced a billing sync token is told when the
/// cloud says no: the two refusals they can fix get instructions, anything
/// else the cloud error itself (always a 400: the request was fine, the cloud
/// was not).
impl From<CloudError> for crate::error::ApiError {
    fn from(err: CloudError) -> Self {
        let message = match &err {
            e if e.is_wrong_billing_sync_key() => {
                "The cloud rejected this billing sync token. Copy the current token from the cloud organization \
                 (Billing → Subscription → Self-hosting → Manage billing sync) and save it again."
                    .to_owned()
            }
            CloudError::Rejected { message, .. } if message == "Invalid license key." => {
                "The cloud does not recognise this organization's license. Download the license again from the cloud \
                 organization, upload it here, then save the token."
                    .to_owned()
            }
            e => e.to_string(),
        };
        let (code, args) = err.code();
        Self::Coded {
            message,
            code,
            args,
        }
    }
}

/// A configured client.
#[derive(Clone)]
pub struct CloudClient {
    http: reqwest::Client,
    identity: Url,
    api: Url,
    region: &'static str,
    installation: Option<(InstallationId, Secret)>,
    enabled: bool,
    /// The time one call may take, in whole seconds.
    timeout_seconds: u64,
}

/// Appends `path` to a base URI, whether or not it ends with a slash
/// (Bitwarden's own client breaks on a base path without one).
fn join(base: &Url, path: &str) -> String {
    format!(
        "{}/{}",
        base.as_str().trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

impl CloudClient {
    /// A client for the settings' cloud.
    pub fn new(settings: &GlobalSettings) -> anyhow::Result<Self> {
        // A license sync makes two calls in one request, which the server
        // gives 60 s: each must end well before, so the caller gets this
        // timeout's coded answer, not the request's bare 504.
        let timeout = match settings.get("billingSync__cloudTimeoutSeconds") {
            None => CLOUD_TIMEOUT,
            Some(v) => Duration::from_secs(
                v.parse::<u64>()
                    .ok()
                    .filter(|n| (1..=25).contains(n))
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "globalSettings__billingSync__cloudTimeoutSeconds must be a number of seconds from 1 to 25, not {v:?}"
                        )
                    })?,
            ),
        };
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("billing-sync-server/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let installation = settings
            .installation_id
            .zip(settings.installation_key.clone());
        Ok(Self {
            http,
            identity: settings.identity_uri.clone(),
            api: settings.api_uri.clone(),
            region: settings.cloud_region.name(),
            installation,
            enabled: settings.enable_cloud_communication,
            timeout_seconds: timeout.as_secs(),
        })
    }

    /// The cloud API base this client calls.
    pub fn api_uri(&self) -> &Url {
        &self.api
    }

    fn unreachable(&self, uri: &str, err: &reqwest::Error) -> CloudError {
        if err.is_timeout() {
            return CloudError::Timeout {
                seconds: self.timeout_seconds,
            };
        }
        let reason = if err.is_connect() {
            "connection failed".to_owned()
        } else {
            "request failed".to_owned()
        };
        CloudError::Unreachable {
            uri: uri.to_owned(),
            reason,
        }
    }

    /// Whether `uri` answers HTTP at all (any status): Check connection's
    /// "reachable" steps, apart from whether the request is accepted.
    pub async fn probe(&self, uri: &Url) -> Result<u16, CloudError> {
        let uri = uri.as_str();
        let response = self
            .http
            .get(uri)
            .send()
            .await
            .map_err(|e| self.unreachable(uri, &e))?;
        Ok(response.status().as_u16())
    }

    /// The identity server this client asks for installation tokens.
    pub fn identity_uri(&self) -> &Url {
        &self.identity
    }

    /// A client-credentials token for this installation with `scope`.
    pub async fn installation_token(&self, scope: &str) -> Result<Secret, CloudError> {
        if !self.enabled {
            return Err(CloudError::Disabled);
        }
        let (id, key) = self
            .installation
            .clone()
            .ok_or(CloudError::NotConfigured("installation id and key"))?;
        let uri = join(&self.identity, "connect/token");
        let response = self
            .http
            .post(&uri)
            .header("Accept", "application/json")
            .form(&TokenRequestForm::installation(&id.to_string(), key, scope))
            .send()
            .await
            .map_err(|e| self.unreachable(&uri, &e))?;
        if response.status() == StatusCode::BAD_REQUEST
            || response.status() == StatusCode::UNAUTHORIZED
        {
            let error: Option<TokenErrorResponse> = response.json().await.ok();
            if error.as_ref().is_none_or(|e| e.error == "invalid_client") {
                return Err(CloudError::InstallationRejected {
                    region: self.region,
                    identity: self.identity.to_string(),
                });
            }
            let message = error
                .map(|e| e.user_message().to_owned())
                .unwrap_or_default();
            return Err(CloudError::Rejected {
                status: 400,
                message,
            });
        }
        let token: TokenResponse = decode(response, self.timeout_seconds).await?;
        Ok(token.access_token)
    }

    /// Fetches the organization's license (a GET with a JSON body, as Bitwarden's API wants).
    pub async fn fetch_license(
        &self,
        cloud_org: OrganizationId,
        license_key: Option<&str>,
        billing_sync_key: &Secret,
    ) -> Result<OrganizationLicense, CloudError> {
        let token = self
            .installation_token(wire::identity::scopes::API_LICENSING)
            .await?;
        let uri = join(&self.api, &format!("licenses/organization/{cloud_org}"));
        let body = SelfHostedOrganizationLicenseRequest {
            license_key: license_key.map(Secret::new),
            billing_sync_key: Some(billing_sync_key.clone()),
        };
        let response = self
            .http
            .get(&uri)
            .header("Accept", "application/json")
            .bearer_auth(token.expose())
            .json(&body)
            .send()
            .await
            .map_err(|e| self.unreachable(&uri, &e))?;
        decode(response, self.timeout_seconds).await
    }
}

impl CloudClient {
    /// Posts one batch of sponsorships with an `api.installation` token.
    pub async fn sync_sponsorships(
        &self,
        token: &Secret,
        request: &wire::sponsorships::OrganizationSponsorshipSyncRequest,
    ) -> Result<wire::sponsorships::OrganizationSponsorshipSyncResponse, CloudError> {
        let uri = join(&self.api, "organization/sponsorship/sync");
        let response = self
            .http
            .post(&uri)
            .header("Accept", "application/json")
            .bearer_auth(token.expose())
            .json(request)
            .send()
            .await
            .map_err(|e| self.unreachable(&uri, &e))?;
        decode(response, self.timeout_seconds).await
    }
}

/// Decodes a 2xx body, or turns the cloud's error envelope into `Rejected`.
/// A body that stops coming is a timeout too.
async fn decode<T: DeserializeOwned>(
    response: reqwest::Response,
    seconds: u64,
) -> Result<T, CloudError> {
    let status = response.status();
    if status.is_success() {
        return response.json().await.map_err(|e| {
            if e.is_timeout() {
                CloudError::Timeout { seconds }
            } else {
                CloudError::Decode(e.to_string())
            }
        });
    }
    let message = response
        .json::<ErrorResponse>()
        .await
        .map(|e| e.user_message().to_owned())
        .unwrap_or_else(|_| format!("HTTP {}", status.as_u16()));
    Err(CloudError::Rejected {
        status: status.as_u16(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::{join, CloudClient};
    use crate::config::{parse_env_file, GlobalSettings};
    use url::Url;

    fn client(text: &str) -> anyhow::Result<CloudClient> {
        CloudClient::new(&GlobalSettings::from_values(parse_env_file(text))?)
    }

    #[test]
    fn the_cloud_timeout_is_a_setting_from_1_to_25_seconds() {
        assert_eq!(client("").unwrap().timeout_seconds, 15);
        let three = client("globalSettings__billingSync__cloudTimeoutSeconds=3").unwrap();
        assert_eq!(three.timeout_seconds, 3);
        for bad in ["0", "26", "soon"] {
            let err = client(&format!(
                "globalSettings__billingSync__cloudTimeoutSeconds={bad}"
            ))
            .err()
            .expect("refused");
            assert!(err.to_string().contains("cloudTimeoutSeconds"), "{err}");
        }
    }

    #[test]
    fn join_handles_base_paths_with_and_without_slash() {
        let with = Url::parse("http://127.0.0.1:8080/api/").unwrap();
        let without = Url::parse("http://127.0.0.1:8080/api").unwrap();
        assert_eq!(
            join(&with, "licenses/organization/x"),
            "http://127.0.0.1:8080/api/licenses/organization/x"
        );
        assert_eq!(
            join(&without, "/licenses/organization/x"),
            "http://127.0.0.1:8080/api/licenses/organization/x"
        );
    }
}
