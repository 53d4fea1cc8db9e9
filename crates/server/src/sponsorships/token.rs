//! Offer tokens in redeem links: `BWOrganizationSponsorship_` + payload +
//! MAC. Only the issuing cloud can check them (contract §3.5: the format is
//! opaque). Ours expire, so a leaked old e-mail stops working.

use crate::auth::TokenKeys;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use wire::ids::SponsorshipId;

const PREFIX: &str = "BWOrganizationSponsorship_";
const IDENTIFIER: &str = "OrganizationSponsorshipOfferToken";
/// How long a redeem link works.
const VALID_DAYS: i64 = 183;

/// What an offer token says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OfferToken {
    identifier: String,
    pub id: SponsorshipId,
    pub sponsorship_type: u8,
    pub email: String,
    expires: i64,
}

/// Issues a token for an offer to `email`.
pub fn issue(keys: &TokenKeys, id: SponsorshipId, email: &str, now: DateTime<Utc>) -> String {
    let token = OfferToken {
        identifier: IDENTIFIER.into(),
        id,
        sponsorship_type: wire::sponsorships::FAMILIES_FOR_ENTERPRISE,
        email: email.to_owned(),
        expires: (now + Duration::days(VALID_DAYS)).timestamp(),
    };
    // Serializing a struct of strings and numbers cannot fail.
    let payload = B64.encode(serde_json::to_vec(&token).expect("offer token serializes"));
    let mac = B64.encode(keys.offer_mac(payload.as_bytes()));
    format!("{PREFIX}{payload}.{mac}")
}

/// Reads a token: `None` if it is malformed, forged or expired.
pub fn read(keys: &TokenKeys, text: &str, now: DateTime<Utc>) -> Option<OfferToken> {
    let (payload, mac) = text.trim().strip_prefix(PREFIX)?.split_once('.')?;
    let mac = B64.decode(mac).ok()?;
    if !bool::from(keys.offer_mac(payload.as_bytes()).ct_eq(&mac)) {
        return None;
    }
    let token: OfferToken = serde_json::from_slice(&B64.decode(payload).ok()?).ok()?;
    (token.identifier == IDENTIFIER && token.expires > now.timestamp()).then_some(token)
}
