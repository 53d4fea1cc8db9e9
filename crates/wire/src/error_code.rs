//! [`ErrorCode`]: a stable code on every error message a server sends in
//! Bitwarden's error body, so a client shows its own words for it in the
//! user's language (the body's `message` stays the English text Bitwarden's
//! clients know). Each code names the `codeArgs` it may carry; every code
//! may also carry `during` (the action it failed in, e.g. `licenseSync`).
//!
//! The list is one macro invocation so [`ErrorCode::ALL`] and
//! [`ErrorCode::args`] cannot miss a code: the web module's test walks `ALL`
//! and fails on a code without an English and a Dutch text.

use serde::{Deserialize, Serialize};

/// The arg every code may carry: what the user was doing (`licenseSync`).
pub const DURING_ARG: &str = "during";

macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $name:ident [$($arg:literal),*] ),* $(,)?) => {
        /// Stable codes of every error message the servers send.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "camelCase")]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* $name, )*
            /// A code from a newer server.
            #[serde(other)]
            Unknown,
        }

        impl ErrorCode {
            /// Every code a server sends (not [`ErrorCode::Unknown`]).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name,)*];

            /// The `codeArgs` the code may carry, besides [`DURING_ARG`].
            pub const fn args(self) -> &'static [&'static str] {
                match self {
                    $(ErrorCode::$name => &[$($arg),*],)*
                    ErrorCode::Unknown => &[],
                }
            }
        }
    };
}

error_codes! {
    // Talking to the cloud (self-hosted).
    /// `enableCloudCommunication` is off; Check connection adds the setting's `source`.
    CloudCommunicationDisabled ["source"],
    /// No installation id or key; `missing`: `id` or `key`.
    InstallationNotConfigured ["missing", "source"],
    /// The cloud refused the installation's credentials.
    RegionMismatch ["region", "identity"],
    /// The cloud could not be reached.
    CloudUnreachable ["uri", "reason"],
    /// The cloud refused the request; `message` is the cloud's text.
    CloudRejected ["message"],
    /// The cloud's answer could not be read.
    CloudAnswerUnreadable ["reason"],
    /// The billing sync token was rejected (by the cloud, or on the cloud).
    BillingSyncTokenRejected [],
    /// The cloud does not know the organization's license key.
    LicenseNotRecognized [],
    /// The cloud did not answer within `billingSync__cloudTimeoutSeconds`.
    CloudTimeout ["seconds"],
    // Licenses.
    /// A license version this server does not read.
    LicenseVersionUnsupported ["version"],
    /// The license failed its checks; `problems`: comma-separated `LicenseProblem` codes.
    LicenseInvalid ["problems"],
    /// Fewer seats than occupied.
    LicenseTooFewSeats ["occupied", "seats"],
    /// The uploaded license file is over the size cap.
    LicenseFileTooLarge ["maxKb"],
    /// The uploaded file is not an organization license.
    LicenseFileUnreadable [],
    /// A premium (personal) license uploaded as an organization's.
    LicenseIsPremium [],
    /// The license belongs to another organization on this server.
    LicenseInUse [],
    /// The organization's stored license cannot be read to verify a connection.
    LicenseUnverifiable [],
    /// Cloud side: the installation named a license key it does not hold.
    LicenseKeyInvalid [],
    /// Cloud side: the organization has no subscription to license.
    NoActiveSubscription [],
    /// Cloud side: the installation id is unknown or disabled.
    InstallationInvalid [],
    /// The organization key sent with a license is too long.
    OrganizationKeyTooLong ["maxLength"],
    // Check connection.
    /// No billing sync token saved for the organization.
    BillingSyncNotSetUp [],
    /// The cloud's license differs from the one in use; `field`: `seats`, `expires`, `version`, `plan`.
    LicenseOutOfDate ["field", "local", "cloud"],
    /// Sync license has never worked here.
    LicenseNeverSynced [],
    /// The last Free Families sync failed; `message` is the run's recorded error.
    SponsorshipSyncFailed ["date", "message"],
    // Connections.
    /// A connection type this server does not know.
    ConnectionTypeUnknown ["type"],
    /// The organization already has a connection of this type.
    ConnectionExists ["type"],
    /// A connection's type cannot change.
    ConnectionTypeImmutable [],
    /// The connection's `config` is not the type's shape.
    ConnectionConfigMalformed [],
    /// The caller may not view or change connections of the organization.
    ConnectionNotAllowed ["type"],
    /// Billing sync connections exist on self-hosted servers only.
    BillingSyncSelfHostedOnly [],
    /// Saving billing sync without a token.
    BillingSyncTokenRequired [],
    /// Only billing sync keys (type 1) are made here.
    ApiKeyTypeUnsupported [],
    // Free Bitwarden Families.
    /// "Sync now" while a sponsorship sync runs (on this or another server).
    SyncAlreadyRunning [],
    /// The member already sponsors an organization.
    AlreadySponsoring [],
    /// An offer to the sponsor's own e-mail address.
    SponsorSelf [],
    /// A sponsorship type this server does not know.
    SponsorshipTypeUnknown [],
    /// The friendly name is longer than allowed.
    FriendlyNameTooLong ["maxLength"],
    /// The organization's plan cannot sponsor Families.
    CannotSponsor [],
    /// The member has no outstanding offer to resend.
    NoOutstandingOffer [],
    /// The member sponsors nothing to revoke.
    NotSponsoring [],
    /// The organization is not sponsored (removal by its owner).
    NotSponsored [],
    /// Only the organization's owner can remove its sponsorship.
    OnlyOwnerCanRemoveSponsorship [],
    /// The sponsored organization is not sponsored by the given sponsor.
    SponsoredOrganizationNotFound [],
    /// The offer link's token cannot be read or is not for this account.
    SponsorshipTokenInvalid [],
    /// The offer is older than six months.
    OfferExpired [],
    /// Redeeming needs a Families organization or a name for a new one.
    FamiliesOrganizationRequired [],
    /// The new Families organization's name is missing or too long.
    FamiliesOrganizationNameInvalid ["maxLength"],
    /// The chosen organization is already sponsored.
    AlreadySponsored [],
    /// Redeeming into an organization the user does not own.
    RedeemOnlyOwnOrganization [],
    /// Redeeming into an organization that is not on a Families plan.
    RedeemOnlyFamilies [],
    /// Cloud side: the sponsoring organization named by a sync is unknown.
    OrganizationInvalid [],
    /// Too many new offers today; nothing was stored.
    TooManyOffers [],
    // Accounts and sign-in.
    /// A required field is missing; `field` is its wire name.
    FieldRequired ["field"],
    /// The e-mail address is not valid; `field` is its wire name.
    EmailInvalid ["field"],
    /// An account with this e-mail address exists.
    AccountExists [],
    /// The KDF settings are out of Bitwarden's bounds.
    KdfInvalid ["reason"],
    /// The master password hash is not of a valid length.
    MasterPasswordHashInvalid [],
    /// An action that needs the master password got none.
    VerificationRequired [],
    /// The master password was wrong.
    PasswordInvalid [],
    /// Too many wrong master passwords.
    TooManyPasswordAttempts ["minutes"],
    /// Too many logins from one address or for one account.
    TooManyLoginAttempts [],
    /// Every password-hash slot is taken.
    ServerBusy [],
    /// Half of the account's keys were sent.
    AccountKeysIncomplete [],
    /// The account's keys are not valid.
    AccountKeysInvalid ["reason"],
    /// The organization key is not an EncString for the owner's public key.
    OrganizationKeyInvalid ["reason"],
    /// The user key id is not a key id.
    UserKeyIdInvalid [],
    /// The user key id was set before.
    UserKeyIdAlreadySet [],
    // Any request.
    /// The body is not the JSON the route reads.
    RequestInvalid ["reason"],
    /// The body is larger than any route accepts.
    RequestTooLarge ["maxKb"],
    /// The body is not of the media type the route reads.
    UnsupportedMediaType ["expected"],
    /// Not signed in for this (401 `Unauthorized.`).
    Unauthorized [],
    /// Nothing here, or not for this caller (404).
    NotFound [],
    /// The database is locked by another program (503).
    DatabaseBusy [],
    /// The database has no space left (503).
    DatabaseFull [],
    /// An unexpected failure (500); the cause is in the server's log.
    ServerError [],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serializes_to_a_distinct_camel_case_name() {
        let mut names = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            let name = serde_json::to_value(code).expect("serializes");
            let name = name.as_str().expect("a string").to_owned();
            assert!(
                name.chars().next().is_some_and(|c| c.is_ascii_lowercase()),
                "{name}"
            );
            let back: ErrorCode = serde_json::from_value(name.clone().into()).expect("reads");
            assert_eq!(back, *code);
            assert!(names.insert(name));
            assert!(!code.args().contains(&DURING_ARG), "{code:?}");
        }
        assert!(!ErrorCode::ALL.contains(&ErrorCode::Unknown));
    }
}
