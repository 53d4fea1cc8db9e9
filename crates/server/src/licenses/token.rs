//! The license token (contract §2.4): an RS256 JWT signed with the license
//! key, carrying the license's terms as string claims. Bitwarden's cloud adds
//! it next to the hash and signature; a self-hosted server that finds one
//! trusts the claims, not the JSON fields around them, so a license whose
//! fields were edited by hand still applies the terms the cloud signed.
//!
//! Claim values are strings in .NET's invariant forms (`True`/`False`,
//! `MM/dd/yyyy HH:mm:ss` in UTC, numbers in decimal, enums by number), since
//! that is what Bitwarden's servers write and read.

use chrono::{Duration, NaiveDateTime};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Map, Value};
use wire::ids::InstallationId;
use wire::licenses::{OrganizationLicense, LICENSE_TYPE_ORGANIZATION};
use wire::organizations::PlanType;
use wire::{DateTime, OrganizationId};

/// The `iss` of every license token.
pub const ISSUER: &str = "bitwarden";
/// How long a token is valid after it is issued.
const LIFETIME_DAYS: i64 = 365;
/// .NET's invariant general date/time pattern, as the claims carry dates.
const CLAIM_DATE: &str = "%m/%d/%Y %H:%M:%S";

/// The `aud` of an organization's license token.
pub fn audience(org: OrganizationId) -> String {
    format!("organization:{org}")
}

/// A signed token for `license`, issued `now`.
pub fn sign(
    license: &OrganizationLicense,
    key: &EncodingKey,
    now: DateTime,
) -> Result<String, jsonwebtoken::errors::Error> {
    let mut claims = license_claims(license);
    let standard = [
        ("iss", Value::from(ISSUER)),
        ("aud", Value::from(audience(license.id))),
        ("nbf", Value::from(now.timestamp())),
        ("iat", Value::from(now.timestamp())),
        (
            "exp",
            Value::from((now + Duration::days(LIFETIME_DAYS)).timestamp()),
        ),
        ("jti", Value::from(uuid::Uuid::new_v4().to_string())),
    ];
    claims.extend(standard.map(|(name, value)| (name.to_owned(), value)));
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, key)
}

/// The token's claims once its signature, issuer, audience and lifetime
/// check out with zero clock skew; otherwise the library's reason, which
/// Bitwarden shows after `Invalid license. `.
pub fn verify(
    token: &str,
    key: &DecodingKey,
    org: OrganizationId,
    now: DateTime,
) -> Result<Map<String, Value>, String> {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[audience(org)]);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud"]);
    // The lifetime is checked below against `now`, with zero clock skew as
    // Bitwarden validates it, so the server's clock is the only one used.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let data = jsonwebtoken::decode::<Map<String, Value>>(token, key, &validation)
        .map_err(|e| e.to_string())?;
    let stamp = |name: &str| data.claims.get(name).and_then(Value::as_i64);
    let (Some(nbf), Some(exp)) = (stamp("nbf"), stamp("exp")) else {
        return Err(reason(ErrorKind::InvalidToken));
    };
    if now.timestamp() < nbf {
        return Err(reason(ErrorKind::ImmatureSignature));
    }
    if now.timestamp() >= exp {
        return Err(reason(ErrorKind::ExpiredSignature));
    }
    Ok(data.claims)
}

/// The library's own wording for a lifetime failure.
fn reason(kind: ErrorKind) -> String {
    jsonwebtoken::errors::Error::from(kind).to_string()
}

/// The license's terms as claims (contract §2.4): the always-present ones,
/// then the nullable ones only when they have a value.
pub fn license_claims(license: &OrganizationLicense) -> Map<String, Value> {
    let flags = [
        ("Enabled", license.enabled),
        ("UsePolicies", license.use_policies),
        ("UseSso", license.use_sso),
        ("UseKeyConnector", license.use_key_connector),
        ("UseScim", license.use_scim),
        ("UseGroups", license.use_groups),
        ("UseEvents", license.use_events),
        ("UseDirectory", license.use_directory),
        ("UseTotp", license.use_totp),
        ("Use2fa", license.use2fa),
        ("UseApi", license.use_api),
        ("UseResetPassword", license.use_reset_password),
        ("SelfHost", license.self_host),
        ("UsersGetPremium", license.users_get_premium),
        ("UseCustomPermissions", license.use_custom_permissions),
        ("UsePasswordManager", license.use_password_manager),
        ("UseSecretsManager", license.use_secrets_manager),
        (
            "LimitCollectionCreationDeletion",
            license.limit_collection_creation_deletion,
        ),
        (
            "AllowAdminAccessToAllCollectionItems",
            license.allow_admin_access_to_all_collection_items,
        ),
        ("UseRiskInsights", license.use_risk_insights),
        ("Trial", license.trial),
        (
            "UseAdminSponsoredFamilies",
            license.use_admin_sponsored_families,
        ),
        ("UseOrganizationDomains", license.use_organization_domains),
        (
            "UseAutomaticUserConfirmation",
            license.use_automatic_user_confirmation,
        ),
        (
            "UseDisableSmAdsForUsers",
            license.use_disable_sm_ads_for_users,
        ),
        ("UsePhishingBlocker", license.use_phishing_blocker),
        ("UseMyItems", license.use_my_items),
        ("UseInviteLinks", license.use_invite_links),
        ("UsePam", license.use_pam),
    ];
    let mut claims = Map::new();
    let mut put = |name: &str, value: String| {
        claims.insert(name.to_owned(), Value::String(value));
    };
    put("LicenseType", license_type_name(license.license_type));
    put("Id", license.id.to_string());
    put("PlanType", license.plan_type.0.to_string());
    put("Issued", claim_date(license.issued));
    for (name, value) in flags {
        put(name, claim_bool(value));
    }
    let optional = [
        ("Expires", license.expires.map(claim_date)),
        ("Refresh", license.refresh.map(claim_date)),
        ("Name", license.name.clone()),
        ("BillingEmail", license.billing_email.clone()),
        ("Plan", license.plan.clone()),
        ("BusinessName", license.business_name.clone()),
        (
            "LicenseKey",
            license.license_key.as_ref().map(|k| k.expose().to_owned()),
        ),
        ("InstallationId", Some(license.installation_id.to_string())),
        ("Seats", license.seats.map(|n| n.to_string())),
        (
            "MaxCollections",
            license.max_collections.map(|n| n.to_string()),
        ),
        (
            "MaxStorageGb",
            license.max_storage_gb.map(|n| n.to_string()),
        ),
        ("SmSeats", license.sm_seats.map(|n| n.to_string())),
        (
            "SmServiceAccounts",
            license.sm_service_accounts.map(|n| n.to_string()),
        ),
        (
            "ExpirationWithoutGracePeriod",
            license.expiration_without_grace_period.map(claim_date),
        ),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            put(name, value);
        }
    }
    claims
}

/// Overwrites the license's terms with the token's claims (Bitwarden copies
/// the same list; `Id`, `Version`, the hash and the signature stay as they
/// are). A claim that cannot be read refuses the license.
pub fn apply_claims(
    license: &mut OrganizationLicense,
    claims: &Map<String, Value>,
) -> Result<(), String> {
    let read = Claims(claims);
    license.name = read.text("Name");
    license.billing_email = read.text("BillingEmail");
    license.business_name = read.text("BusinessName");
    license.plan = read.text("Plan");
    license.license_key = read.text("LicenseKey").map(wire::Secret::new);
    license.plan_type = PlanType(read.required("PlanType", parse_number)?);
    license.seats = read.optional("Seats", parse_number)?;
    license.max_collections = read.optional("MaxCollections", parse_number)?;
    license.max_storage_gb = read.optional("MaxStorageGb", parse_number)?;
    license.sm_seats = read.optional("SmSeats", parse_number)?;
    license.sm_service_accounts = read.optional("SmServiceAccounts", parse_number)?;
    license.installation_id = InstallationId(read.required("InstallationId", parse_uuid)?);
    license.license_type = Some(read.required("LicenseType", parse_license_type)?);
    license.issued = read.required("Issued", parse_claim_date)?;
    license.expires = read.optional("Expires", parse_claim_date)?;
    license.refresh = read.optional("Refresh", parse_claim_date)?;
    license.expiration_without_grace_period =
        read.optional("ExpirationWithoutGracePeriod", parse_claim_date)?;
    let flag = |name: &str| read.required(name, parse_claim_bool);
    license.enabled = flag("Enabled")?;
    license.self_host = flag("SelfHost")?;
    license.users_get_premium = flag("UsersGetPremium")?;
    license.trial = flag("Trial")?;
    license.use_policies = flag("UsePolicies")?;
    license.use_sso = flag("UseSso")?;
    license.use_key_connector = flag("UseKeyConnector")?;
    license.use_scim = flag("UseScim")?;
    license.use_groups = flag("UseGroups")?;
    license.use_events = flag("UseEvents")?;
    license.use_directory = flag("UseDirectory")?;
    license.use_totp = flag("UseTotp")?;
    license.use2fa = flag("Use2fa")?;
    license.use_api = flag("UseApi")?;
    license.use_reset_password = flag("UseResetPassword")?;
    license.use_custom_permissions = flag("UseCustomPermissions")?;
    license.use_password_manager = flag("UsePasswordManager")?;
    license.use_secrets_manager = flag("UseSecretsManager")?;
    license.use_risk_insights = flag("UseRiskInsights")?;
    license.use_admin_sponsored_families = flag("UseAdminSponsoredFamilies")?;
    license.use_organization_domains = flag("UseOrganizationDomains")?;
    license.use_automatic_user_confirmation = flag("UseAutomaticUserConfirmation")?;
    license.use_disable_sm_ads_for_users = flag("UseDisableSmAdsForUsers")?;
    license.use_phishing_blocker = flag("UsePhishingBlocker")?;
    license.use_my_items = flag("UseMyItems")?;
    license.use_invite_links = flag("UseInviteLinks")?;
    license.use_pam = flag("UsePam")?;
    license.limit_collection_creation_deletion = flag("LimitCollectionCreationDeletion")?;
    license.allow_admin_access_to_all_collection_items =
        flag("AllowAdminAccessToAllCollectionItems")?;
    Ok(())
}

/// Typed reads of string claims, naming the claim when one is unreadable.
struct Claims<'a>(&'a Map<String, Value>);

impl Claims<'_> {
    fn text(&self, name: &str) -> Option<String> {
        self.0.get(name).and_then(Value::as_str).map(str::to_owned)
    }

    fn optional<T>(&self, name: &str, parse: fn(&str) -> Option<T>) -> Result<Option<T>, String> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => parse(text)
                .map(Some)
                .ok_or_else(|| format!("The claim {name} has an invalid value.")),
            Some(_) => Err(format!("The claim {name} is not a string.")),
        }
    }

    fn required<T>(&self, name: &str, parse: fn(&str) -> Option<T>) -> Result<T, String> {
        self.optional(name, parse)?
            .ok_or_else(|| format!("The claim {name} is missing."))
    }
}

fn claim_bool(value: bool) -> String {
    if value { "True" } else { "False" }.to_owned()
}

fn parse_claim_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn claim_date(value: DateTime) -> String {
    value.format(CLAIM_DATE).to_string()
}

fn parse_claim_date(text: &str) -> Option<DateTime> {
    NaiveDateTime::parse_from_str(text, CLAIM_DATE)
        .ok()
        .map(|naive| naive.and_utc())
}

fn parse_number<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.parse().ok()
}

fn parse_uuid(text: &str) -> Option<uuid::Uuid> {
    text.parse().ok()
}

/// `LicenseType` is written by name; Bitwarden reads enum claims by name or
/// number, case-insensitively.
fn license_type_name(value: Option<u8>) -> String {
    match value {
        Some(0) => "User".to_owned(),
        Some(LICENSE_TYPE_ORGANIZATION) | None => "Organization".to_owned(),
        Some(other) => other.to_string(),
    }
}

fn parse_license_type(text: &str) -> Option<u8> {
    match text.to_ascii_lowercase().as_str() {
        "user" => Some(0),
        "organization" => Some(LICENSE_TYPE_ORGANIZATION),
        number => number.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_values_use_the_invariant_forms() {
        let date = wire::licenses::parse_flexible_date("2027-03-02T07:08:09Z").unwrap();
        assert_eq!(claim_date(date), "03/02/2027 07:08:09");
        assert_eq!(parse_claim_date("03/02/2027 07:08:09"), Some(date));
        assert_eq!(parse_claim_date("2027-03-02"), None);
        assert_eq!(claim_bool(true), "True");
        assert_eq!(parse_claim_bool("FALSE"), Some(false));
        assert_eq!(parse_claim_bool("yes"), None);
        assert_eq!(parse_license_type("organization"), Some(1));
        assert_eq!(parse_license_type("1"), Some(1));
        assert_eq!(parse_license_type("User"), Some(0));
        assert_eq!(parse_license_type("org"), None);
    }
}
