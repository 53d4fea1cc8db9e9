//! `GET /api/config`: what a client needs to know about the server it talks to.

use serde::{Deserialize, Serialize};

/// `GET /api/config` response (Bitwarden's `ConfigResponseModel`, the fields
/// this product uses). The web module reads `selfHosted` to decide which
/// billing sections the subscription page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConfigResponse {
    #[serde(default = "config_object")]
    pub object: String,
    /// Server version, e.g. `"2024.8.0"`.
    pub version: String,
    /// True on a self-hosted installation, false on the cloud.
    pub self_hosted: bool,
    pub environment: EnvironmentConfig,
}

/// The `environment` member of [`ConfigResponse`]: the URLs the server
/// advertises. Every field may be null, as in Bitwarden.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentConfig {
    /// `"US"` or `"EU"` (`globalSettings__baseServiceUri__cloudRegion`).
    #[serde(default)]
    pub cloud_region: Option<String>,
    #[serde(default)]
    pub vault: Option<String>,
    #[serde(default)]
    pub api: Option<String>,
    #[serde(default)]
    pub identity: Option<String>,
}

fn config_object() -> String {
    "config".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_camel_case_shape() {
        let json = r#"{"object":"config","version":"2024.8.0","selfHosted":true,
            "environment":{"cloudRegion":"EU","vault":"https://vault.example",
            "api":"https://vault.example/api","identity":null}}"#;
        let config: ConfigResponse = serde_json::from_str(json).expect("valid config JSON");
        assert!(config.self_hosted);
        assert_eq!(config.environment.cloud_region.as_deref(), Some("EU"));
        assert_eq!(config.environment.identity, None);
        let back = serde_json::to_value(&config).expect("serializes");
        assert_eq!(back["selfHosted"], true);
        assert_eq!(back["environment"]["cloudRegion"], "EU");
    }
}
