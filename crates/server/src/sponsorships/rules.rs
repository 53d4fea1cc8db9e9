//! Sponsorship rules as pure functions: offer validation and the cloud's
//! handling of a sync batch (contract §1.3, §3.3). Tested without HTTP.

use super::store::Sponsorship;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use wire::error::ErrorCode;
use wire::ids::{OrganizationUserId, SponsorshipId};
use wire::sponsorships::{OrganizationSponsorshipData, FAMILIES_FOR_ENTERPRISE};
use wire::OrganizationId;

/// Bitwarden's limit on an offer's friendly name, in characters.
pub const MAX_FRIENDLY_NAME: usize = 256;

/// A rule violation, with Bitwarden's message.
#[derive(Debug, PartialEq, Eq)]
pub enum OfferError {
    /// A model-state error on a field, with its code.
    Field(&'static str, ErrorCode, &'static str),
    /// A plain 400 message, with its code.
    Message(ErrorCode, &'static str),
}

/// The validated offer: recipient e-mail and friendly name.
#[derive(Debug, PartialEq, Eq)]
pub struct Offer {
    pub email: String,
    pub friendly_name: String,
}

/// Checks an offer by `sponsor_email`. Whether the organization's plan may
/// sponsor is the capability table's `SponsorFamilies`, checked after this.
pub fn validate_offer(
    email: Option<&str>,
    friendly_name: Option<&str>,
    plan_type: Option<u8>,
    sponsor_email: &str,
) -> Result<Offer, OfferError> {
    let email = email.map(wire::kdf::normalize_email).unwrap_or_default();
    if email.is_empty() {
        return Err(OfferError::Field(
            "SponsoredEmail",
            ErrorCode::FieldRequired,
            "The SponsoredEmail field is required.",
        ));
    }
    if email.len() > 256 || !crate::identity::looks_like_email(&email) {
        return Err(OfferError::Field(
            "SponsoredEmail",
            ErrorCode::EmailInvalid,
            "The SponsoredEmail field is not a supported e-mail address format.",
        ));
    }
    let friendly_name = friendly_name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&email)
        .to_owned();
    if friendly_name.chars().count() > MAX_FRIENDLY_NAME {
        return Err(OfferError::Field(
            "FriendlyName",
            ErrorCode::FriendlyNameTooLong,
            "The field FriendlyName must be a string with a maximum length of 256.",
        ));
    }
    if plan_type.is_some_and(|t| t != FAMILIES_FOR_ENTERPRISE) {
        return Err(OfferError::Message(
            ErrorCode::SponsorshipTypeUnknown,
            "Cannot set up sponsorship without a known sponsorship type.",
        ));
    }
    if email == wire::kdf::normalize_email(sponsor_email) {
        return Err(OfferError::Message(
            ErrorCode::SponsorSelf,
            "Cannot offer a Families Organization Sponsorship to yourself. Choose a different email.",
        ));
    }
    Ok(Offer {
        email,
        friendly_name,
    })
}

/// What the cloud knows about the sponsoring organization.
pub struct SponsoringOrg {
    pub id: OrganizationId,
    /// The capability table's `SponsorFamilies` for the organization's plan.
    pub may_sponsor: bool,
    pub enabled: bool,
    pub expiration: Option<DateTime<Utc>>,
}

/// The outcome of a sync batch: rows to insert (new offers), field-wise
/// changes to existing rows, rows to delete, offers to e-mail, and the
/// answer for the self-hosted server. Existing rows are never written whole,
/// so a redeem or revoke that commits meanwhile is not overwritten.
#[derive(Debug, Default)]
pub struct SyncPlan {
    pub inserts: Vec<Sponsorship>,
    pub updates: Vec<RowUpdate>,
    pub deletes: Vec<SponsorshipId>,
    /// New offers and offers whose recipient changed: their recipient gets the e-mail.
    pub mails: Vec<Sponsorship>,
    pub response: Vec<OrganizationSponsorshipData>,
}

/// Days after which a disabled organization may offer nothing new (and its
/// redeemed sponsorships stop being valid).
pub(super) const DISABLED_GRACE_DAYS: i64 = 93;

/// What a batch changes on one existing cloud row (LastSyncDate always).
#[derive(Debug, PartialEq)]
pub struct RowUpdate {
    pub id: SponsorshipId,
    /// Revocation of a redeemed sponsorship: it ends at ValidUntil.
    pub to_delete: bool,
    /// A new recipient (e-mail, friendly name) for an unredeemed offer.
    pub new_recipient: Option<(String, Option<String>)>,
}

/// Applies the cloud's sync rules, in Bitwarden's order, to one batch.
pub fn plan_cloud_sync(
    org: &SponsoringOrg,
    existing: &HashMap<OrganizationUserId, Sponsorship>,
    batch: Vec<OrganizationSponsorshipData>,
    now: DateTime<Utc>,
) -> SyncPlan {
    let mut plan = SyncPlan::default();
    if !org.may_sponsor {
        return plan;
    }
    let lapsed = !org.enabled
        && org
            .expiration
            .is_none_or(|e| e < now - Duration::days(DISABLED_GRACE_DAYS));
    let mut seen = std::collections::HashSet::new();
    for mut item in batch {
        // A member appears once per batch; Bitwarden fails on duplicates, we keep the first.
        if !seen.insert(item.sponsoring_organization_user_id) {
            continue;
        }
        let (mut row, is_new) = match existing.get(&item.sponsoring_organization_user_id) {
            Some(row) => (row.clone(), false),
            None if item.to_delete && item.last_sync_date.is_none() => continue,
            None if lapsed => continue,
            None => (new_row(org.id, &item), true),
        };
        row.last_sync_date = Some(now);
        if item.to_delete {
            if row.sponsored_organization_id.is_none() {
                // Never redeemed: gone at once. A new row is simply not created
                // (Bitwarden would insert and e-mail it first).
                if !is_new {
                    plan.deletes.push(row.id);
                }
                item.cloud_sponsorship_removed = true;
            } else {
                row.to_delete = true;
            }
        }
        if !item.cloud_sponsorship_removed {
            if is_new {
                plan.inserts.push(row.clone());
                plan.mails.push(row.clone());
            } else {
                let new_recipient = changed_recipient(&row, &item);
                if let Some((email, name)) = &new_recipient {
                    row.offered_to_email = Some(email.clone());
                    row.friendly_name.clone_from(name);
                    plan.mails.push(row.clone());
                }
                plan.updates.push(RowUpdate {
                    id: row.id,
                    to_delete: item.to_delete,
                    new_recipient,
                });
            }
        }
        item.valid_until = row.valid_until;
        item.last_sync_date = Some(now);
        item.is_admin_initiated = false;
        plan.response.push(item);
    }
    plan
}

/// The item's recipient, when it changed on an offer nobody redeemed yet:
/// the member offered to another address (contract §1.3, create rule 7).
fn changed_recipient(
    row: &Sponsorship,
    item: &OrganizationSponsorshipData,
) -> Option<(String, Option<String>)> {
    let email = item.offered_to_email.as_deref()?;
    let same = row
        .offered_to_email
        .as_deref()
        .is_some_and(|old| old.eq_ignore_ascii_case(email));
    (row.sponsored_organization_id.is_none() && !item.to_delete && !same)
        .then(|| (email.to_owned(), item.friendly_name.clone()))
}

/// Most items one sync batch may carry (Bitwarden's self-hosted job sends 1,000).
pub const MAX_BATCH: usize = 1000;

/// A refused sync batch: the model-state key and Bitwarden's kind of message.
#[derive(Debug, PartialEq, Eq)]
pub struct BatchError {
    pub field: String,
    pub message: &'static str,
}

/// Checks every field of a sync batch with the limits of Bitwarden's offer
/// model (e-mail ≤ 256 and well-formed, friendly name ≤ 256, the one known
/// sponsorship type) before the cloud stores or e-mails anything.
pub fn validate_sync_batch(batch: &[OrganizationSponsorshipData]) -> Result<(), BatchError> {
    if batch.len() > MAX_BATCH {
        return Err(BatchError {
            field: "SponsorshipsBatch".into(),
            message: "A sync batch holds at most 1000 sponsorships.",
        });
    }
    for (n, item) in batch.iter().enumerate() {
        let field = |name: &str| format!("SponsorshipsBatch[{n}].{name}");
        if let Some(email) = &item.offered_to_email {
            if email.len() > 256 || !crate::identity::looks_like_email(email) {
                return Err(BatchError {
                    field: field("OfferedToEmail"),
                    message: "The OfferedToEmail field is not a supported e-mail address format.",
                });
            }
        }
        if item
            .friendly_name
            .as_ref()
            .is_some_and(|name| name.chars().count() > 256)
        {
            return Err(BatchError {
                field: field("FriendlyName"),
                message: "The field FriendlyName must be a string with a maximum length of 256.",
            });
        }
        if item
            .plan_sponsorship_type
            .is_some_and(|t| t != FAMILIES_FOR_ENTERPRISE)
        {
            return Err(BatchError {
                field: field("PlanSponsorshipType"),
                message: "Cannot set up sponsorship without a known sponsorship type.",
            });
        }
    }
    Ok(())
}

fn new_row(org: OrganizationId, item: &OrganizationSponsorshipData) -> Sponsorship {
    Sponsorship {
        id: SponsorshipId(uuid::Uuid::new_v4()),
        sponsoring_organization_id: Some(org),
        sponsoring_organization_user_id: item.sponsoring_organization_user_id,
        sponsored_organization_id: None,
        friendly_name: item.friendly_name.clone(),
        offered_to_email: item.offered_to_email.clone(),
        plan_sponsorship_type: item.plan_sponsorship_type,
        last_sync_date: None,
        valid_until: None,
        to_delete: false,
        is_admin_initiated: false,
    }
}

/// The first sponsorship whose friendly name equals `name`, ignoring case
/// (how admins name a member's sponsorship to revoke or resend it).
pub fn by_friendly_name<'a>(rows: &'a [Sponsorship], name: &str) -> Option<&'a Sponsorship> {
    let name = name.to_lowercase();
    rows.iter().find(|row| {
        row.friendly_name
            .as_deref()
            .is_some_and(|f| f.to_lowercase() == name)
    })
}

/// How long an unredeemed offer stays redeemable after its last sync (182.5 days).
pub fn offer_expired(last_sync_date: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last_sync_date.is_some_and(|d| now - d > Duration::hours(182 * 24 + 12))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::organizations::ProductTier;

    fn org(tier: ProductTier, enabled: bool, expiration: Option<DateTime<Utc>>) -> SponsoringOrg {
        use wire::capabilities::{allows, Action, Caller, ServerRole};
        SponsoringOrg {
            id: OrganizationId(uuid::Uuid::from_u128(1)),
            may_sponsor: allows(
                Action::SponsorFamilies,
                &Caller::on(ServerRole::Cloud).with_tier(tier),
            ),
            enabled,
            expiration,
        }
    }

    fn item(
        user: u128,
        to_delete: bool,
        last_sync: Option<DateTime<Utc>>,
    ) -> OrganizationSponsorshipData {
        OrganizationSponsorshipData {
            sponsoring_organization_user_id: OrganizationUserId(uuid::Uuid::from_u128(user)),
            friendly_name: Some("a@x.io".into()),
            offered_to_email: Some("a@x.io".into()),
            plan_sponsorship_type: Some(0),
            last_sync_date: last_sync,
            valid_until: None,
            to_delete,
            cloud_sponsorship_removed: false,
            is_admin_initiated: false,
        }
    }

    fn existing_row(user: u128, redeemed: bool) -> Sponsorship {
        let mut row = new_row(
            OrganizationId(uuid::Uuid::from_u128(1)),
            &item(user, false, None),
        );
        if redeemed {
            row.sponsored_organization_id = Some(OrganizationId(uuid::Uuid::from_u128(99)));
            row.valid_until = Some(Utc::now() + Duration::days(300));
        }
        row
    }

    fn map(rows: Vec<Sponsorship>) -> HashMap<OrganizationUserId, Sponsorship> {
        rows.into_iter()
            .map(|r| (r.sponsoring_organization_user_id, r))
            .collect()
    }

    #[test]
    fn a_new_offer_is_created_emailed_and_answered() {
        let now = Utc::now();
        let plan = plan_cloud_sync(
            &org(ProductTier::Enterprise, true, None),
            &HashMap::new(),
            vec![item(7, false, None)],
            now,
        );
        assert_eq!(plan.inserts.len(), 1);
        assert_eq!(plan.mails.len(), 1);
        assert_eq!(plan.response[0].last_sync_date, Some(now));
        assert!(!plan.response[0].cloud_sponsorship_removed);
    }

    #[test]
    fn a_teams_org_gets_nothing_back() {
        let plan = plan_cloud_sync(
            &org(ProductTier::Teams, true, None),
            &HashMap::new(),
            vec![item(7, false, None)],
            Utc::now(),
        );
        assert!(plan.response.is_empty() && plan.inserts.is_empty());
    }

    #[test]
    fn a_new_removal_that_never_synced_is_skipped() {
        let plan = plan_cloud_sync(
            &org(ProductTier::Enterprise, true, None),
            &HashMap::new(),
            vec![item(7, true, None)],
            Utc::now(),
        );
        assert!(plan.response.is_empty() && plan.inserts.is_empty() && plan.mails.is_empty());
    }

    #[test]
    fn an_org_disabled_long_ago_offers_nothing_new_but_existing_rows_sync() {
        let now = Utc::now();
        let lapsed = org(
            ProductTier::Enterprise,
            false,
            Some(now - Duration::days(94)),
        );
        let existing = map(vec![existing_row(8, false)]);
        let plan = plan_cloud_sync(
            &lapsed,
            &existing,
            vec![item(7, false, None), item(8, false, Some(now))],
            now,
        );
        assert_eq!(plan.response.len(), 1);
        assert_eq!(
            plan.response[0].sponsoring_organization_user_id,
            OrganizationUserId(uuid::Uuid::from_u128(8))
        );
        assert!(plan.mails.is_empty());
        let recent = org(
            ProductTier::Enterprise,
            false,
            Some(now - Duration::days(10)),
        );
        assert_eq!(
            plan_cloud_sync(&recent, &HashMap::new(), vec![item(7, false, None)], now)
                .mails
                .len(),
            1
        );
    }

    #[test]
    fn an_unredeemed_removal_is_deleted_and_reported_removed() {
        let existing = map(vec![existing_row(7, false)]);
        let id = existing.values().next().unwrap().id;
        let plan = plan_cloud_sync(
            &org(ProductTier::Enterprise, true, None),
            &existing,
            vec![item(7, true, Some(Utc::now()))],
            Utc::now(),
        );
        assert_eq!(plan.deletes, vec![id]);
        assert!(plan.updates.is_empty() && plan.inserts.is_empty());
        assert!(plan.response[0].cloud_sponsorship_removed);
    }

    #[test]
    fn a_redeemed_removal_is_marked_and_keeps_valid_until() {
        let existing = map(vec![existing_row(7, true)]);
        let valid_until = existing.values().next().unwrap().valid_until;
        let plan = plan_cloud_sync(
            &org(ProductTier::Enterprise, true, None),
            &existing,
            vec![item(7, true, Some(Utc::now()))],
            Utc::now(),
        );
        assert!(plan.deletes.is_empty());
        assert!(plan.updates[0].to_delete);
        assert!(plan.response[0].to_delete);
        assert!(!plan.response[0].cloud_sponsorship_removed);
        assert_eq!(plan.response[0].valid_until, valid_until);
    }

    #[test]
    fn an_existing_row_is_not_offered_again() {
        let existing = map(vec![existing_row(7, false)]);
        let plan = plan_cloud_sync(
            &org(ProductTier::Enterprise, true, None),
            &existing,
            vec![item(7, false, Some(Utc::now()))],
            Utc::now(),
        );
        assert!(plan.mails.is_empty());
        assert_eq!(plan.updates.len(), 1);
        assert_eq!(plan.updates[0].new_recipient, None);
    }

    #[test]
    fn a_changed_recipient_of_an_unredeemed_offer_is_updated_and_emailed() {
        let existing = map(vec![existing_row(7, false), existing_row(8, true)]);
        let mut changed = item(7, false, Some(Utc::now()));
        changed.offered_to_email = Some("b@x.io".into());
        let mut redeemed = item(8, false, Some(Utc::now()));
        redeemed.offered_to_email = Some("c@x.io".into());
        let plan = plan_cloud_sync(
            &org(ProductTier::Enterprise, true, None),
            &existing,
            vec![changed, redeemed],
            Utc::now(),
        );
        assert_eq!(
            plan.updates[0].new_recipient,
            Some(("b@x.io".into(), Some("a@x.io".into())))
        );
        assert_eq!(
            plan.updates[1].new_recipient, None,
            "redeemed: no new recipient"
        );
        assert_eq!(plan.mails.len(), 1);
        assert_eq!(plan.mails[0].offered_to_email.as_deref(), Some("b@x.io"));
    }

    #[test]
    fn sync_batches_are_validated_field_by_field_and_capped() {
        let mut bad_email = item(1, false, None);
        bad_email.offered_to_email = Some("nope".into());
        let mut long_name = item(2, false, None);
        long_name.friendly_name = Some("n".repeat(257));
        let mut plan_type = item(3, false, None);
        plan_type.plan_sponsorship_type = Some(9);
        for (batch, field) in [
            (
                vec![item(9, false, None), bad_email],
                "SponsorshipsBatch[1].OfferedToEmail",
            ),
            (vec![long_name], "SponsorshipsBatch[0].FriendlyName"),
            (vec![plan_type], "SponsorshipsBatch[0].PlanSponsorshipType"),
            (
                vec![item(4, false, None); MAX_BATCH + 1],
                "SponsorshipsBatch",
            ),
        ] {
            assert_eq!(validate_sync_batch(&batch).unwrap_err().field, field);
        }
        assert_eq!(
            validate_sync_batch(&vec![item(4, false, None); MAX_BATCH]),
            Ok(())
        );
    }

    #[test]
    fn offers_are_validated_with_bitwarden_messages() {
        let cases = [
            (None, OfferError::Field("SponsoredEmail", ErrorCode::FieldRequired, "The SponsoredEmail field is required.")),
            (Some("nope"), OfferError::Field("SponsoredEmail", ErrorCode::EmailInvalid, "The SponsoredEmail field is not a supported e-mail address format.")),
            (Some("Me@Acme.test"), OfferError::Message(ErrorCode::SponsorSelf, "Cannot offer a Families Organization Sponsorship to yourself. Choose a different email.")),
        ];
        for (email, expected) in cases {
            assert_eq!(
                validate_offer(email, None, Some(0), "me@acme.test").unwrap_err(),
                expected
            );
        }
        assert_eq!(
            validate_offer(Some("a@x.io"), None, Some(3), "me@acme.test").unwrap_err(),
            OfferError::Message(
                ErrorCode::SponsorshipTypeUnknown,
                "Cannot set up sponsorship without a known sponsorship type."
            )
        );
        let ok = validate_offer(Some(" A@X.io "), Some(""), Some(0), "me@acme.test").unwrap();
        assert_eq!(
            ok,
            Offer {
                email: "a@x.io".into(),
                friendly_name: "a@x.io".into()
            }
        );
    }

    #[test]
    fn admins_find_a_sponsorship_by_its_name_in_any_case() {
        let mut unnamed = existing_row(1, false);
        unnamed.friendly_name = None;
        let mut named = existing_row(2, false);
        named.friendly_name = Some("Ünïcode@Families.test".into());
        let rows = vec![unnamed, named.clone()];
        assert_eq!(
            by_friendly_name(&rows, "ünïcode@families.TEST"),
            Some(&named)
        );
        assert_eq!(by_friendly_name(&rows, "other@families.test"), None);
        assert_eq!(
            by_friendly_name(&rows, ""),
            None,
            "a row without a name matches nothing"
        );
    }

    #[test]
    fn offers_expire_after_half_a_year_without_sync() {
        let now = Utc::now();
        assert!(!offer_expired(None, now));
        assert!(!offer_expired(Some(now - Duration::days(182)), now));
        assert!(offer_expired(Some(now - Duration::days(183)), now));
    }
}
