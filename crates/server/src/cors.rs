//! Cross-origin access for the embeddable web module: which pages (web
//! vaults on other origins) may call `/api`, `/identity` and load `/embed/`.
//!
//! Allowed are exactly the configured vault origins: the origin of
//! `globalSettings__baseServiceUri__vault` plus every entry of
//! `globalSettings__billingSync__allowedOrigins` (comma-separated absolute
//! origins such as `https://vault.example.com`). With none configured the
//! layer is not added at all, so no CORS header is ever sent and browsers
//! refuse every cross-origin read (tower-http would otherwise still send
//! `Access-Control-Allow-Credentials` to every origin).

use axum::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, Method};
use std::time::Duration;
use tower::layer::util::Identity;
use tower::util::Either;
use tower_http::cors::{AllowOrigin, CorsLayer};
use url::Url;

/// The setting with the explicit allow-list.
pub const ALLOWED_ORIGINS_SETTING: &str = "globalSettings__billingSync__allowedOrigins";

/// How long a browser may cache a preflight answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(3600);

/// The origin of an absolute http(s) URL (`scheme://host[:port]`), as
/// browsers send it in `Origin`: lower-case host, default port left out.
pub fn origin_of(url: &Url) -> Option<String> {
    matches!(url.scheme(), "http" | "https")
        .then(|| url.origin())
        .filter(url::Origin::is_tuple)
        .map(|origin| origin.ascii_serialization())
}

/// Reads the allow-list: comma-separated origins, each an absolute http(s)
/// URL without path, query, fragment or credentials. An invalid entry is an
/// error naming the setting and the entry, which stops the start-up.
pub fn parse_allowed_origins(value: &str) -> anyhow::Result<Vec<String>> {
    let mut origins = Vec::new();
    for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let invalid = |why: &str| {
            anyhow::anyhow!(
                "{ALLOWED_ORIGINS_SETTING}: {entry:?} is not an origin ({why}); \
                 write comma-separated origins such as https://vault.example.com,http://127.0.0.1:8070"
            )
        };
        if entry.contains('*') {
            return Err(invalid("wildcards are not allowed"));
        }
        let url = Url::parse(entry).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("only http and https"));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("an origin has no path, query or fragment"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("an origin has no user name or password"));
        }
        let origin = origin_of(&url).ok_or_else(|| invalid("no host"))?;
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(origins)
}

/// Every allowed origin: the vault's plus the allow-list, without repeats.
pub fn allowed_origins(vault: Option<&Url>, allow_list: &[String]) -> Vec<String> {
    let mut origins: Vec<String> = vault.and_then(origin_of).into_iter().collect();
    for origin in allow_list {
        if !origins.contains(origin) {
            origins.push(origin.clone());
        }
    }
    origins
}

/// The CORS layer for `origins`, or none when the list is empty (then the
/// server answers no cross-origin request).
///
/// Requests carry a Bearer token in `Authorization` (a wildcard would not
/// cover it, so the headers are listed) and may be credentialed: only the
/// exact listed origin is ever echoed, never `*`.
pub fn layer(origins: &[String]) -> Either<CorsLayer, Identity> {
    let values: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if values.is_empty() {
        return tower::util::option_layer(None);
    }
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(values))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            AUTHORIZATION,
            CONTENT_TYPE,
            ACCEPT,
            HeaderName::from_static("device-type"),
            HeaderName::from_static("bitwarden-client-name"),
            HeaderName::from_static("bitwarden-client-version"),
        ])
        .allow_credentials(true)
        .max_age(PREFLIGHT_MAX_AGE);
    tower::util::option_layer(Some(cors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_become_origins() {
        let origins = parse_allowed_origins(
            " https://Vault.Example.com/ , http://127.0.0.1:8070,https://vault.example.com:443",
        )
        .unwrap();
        assert_eq!(
            origins,
            ["https://vault.example.com", "http://127.0.0.1:8070"]
        );
        assert!(parse_allowed_origins("").unwrap().is_empty());
    }

    #[test]
    fn bad_entries_name_the_setting_and_the_entry() {
        for bad in [
            "vault.example.com",
            "ftp://vault.example.com",
            "https://vault.example.com/app",
            "https://vault.example.com?x=1",
            "https://user:pw@vault.example.com",
            "https://*.example.com",
        ] {
            let error = parse_allowed_origins(&format!("https://ok.example,{bad}"))
                .unwrap_err()
                .to_string();
            assert!(error.contains(ALLOWED_ORIGINS_SETTING), "{error}");
            assert!(error.contains(bad), "{error}");
        }
    }

    #[test]
    fn the_vault_origin_comes_first_once() {
        let vault = Url::parse("https://vault.example.com/web/").unwrap();
        let list = vec![
            "https://vault.example.com".to_owned(),
            "https://other.example".to_owned(),
        ];
        assert_eq!(
            allowed_origins(Some(&vault), &list),
            ["https://vault.example.com", "https://other.example"]
        );
        assert!(allowed_origins(None, &[]).is_empty());
    }
}
