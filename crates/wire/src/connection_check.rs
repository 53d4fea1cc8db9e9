//! Check connection (self-hosted License and billing management): each step
//! between this installation and the cloud, run one by one, with a pass or
//! fail mark and, for a failure, a coded cause whose text says the fix.
//!
//! Not a Bitwarden endpoint: Bitwarden leaves an administrator guessing when
//! a sync fails. The shape follows the contract's conventions (camelCase,
//! `object`, coded messages as in [`crate::error`]) so the web module shows
//! every result in the user's language from `code` and `args`.

use crate::error::ErrorCode;
use crate::DateTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `POST /api/organizations/{id}/cloud-connection/check`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCheckResponse {
    #[serde(default = "object_name")]
    pub object: String,
    /// The steps in the order they ran.
    pub steps: Vec<CheckStep>,
    pub checked_at: DateTime,
}

fn object_name() -> String {
    "connectionCheck".to_owned()
}

impl ConnectionCheckResponse {
    pub fn new(steps: Vec<CheckStep>, checked_at: DateTime) -> Self {
        Self {
            object: object_name(),
            steps,
            checked_at,
        }
    }

    /// The first failed step, if any.
    pub fn first_failure(&self) -> Option<&CheckStep> {
        self.steps.iter().find(|s| s.status == CheckStatus::Fail)
    }
}

/// One step of the check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CheckStep {
    pub step: CheckStepName,
    pub status: CheckStatus,
    /// Why it failed (status `fail`): the same codes as error bodies, whose
    /// texts name the setting or action that fixes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    /// What the step found (pass) or the values of the failure's message.
    /// Never a secret: names, URLs, dates, counts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

impl CheckStep {
    pub fn pass(step: CheckStepName, args: &[(&str, String)]) -> Self {
        Self::with(step, CheckStatus::Pass, None, args)
    }

    pub fn fail(step: CheckStepName, code: ErrorCode, args: &[(&str, String)]) -> Self {
        Self::with(step, CheckStatus::Fail, Some(code), args)
    }

    /// Not run: an earlier step it needs failed.
    pub fn skipped(step: CheckStepName) -> Self {
        Self::with(step, CheckStatus::Skipped, None, &[])
    }

    fn with(
        step: CheckStepName,
        status: CheckStatus,
        code: Option<ErrorCode>,
        args: &[(&str, String)],
    ) -> Self {
        Self {
            step,
            status,
            code,
            args: args
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }
}

/// The steps, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum CheckStepName {
    /// The settings read: cloud communication, region, URIs, and where they
    /// came from. Pass args: `region`, `identity`, `api`, `source`.
    Settings,
    /// The cloud's identity server answers. Pass arg: `uri`.
    IdentityReachable,
    /// It accepts this installation's id and key. Pass args: `region`.
    InstallationAccepted,
    /// The cloud's API answers. Pass arg: `uri`.
    ApiReachable,
    /// The saved billing sync token is accepted for this organization.
    BillingSyncToken,
    /// The cloud's license equals the one in use here. Pass args: `seats`,
    /// `expires`.
    LicenseMatches,
    /// When Sync license last worked. Pass arg `date`; fails when it never ran.
    LastLicenseSync,
    /// The last Free Families sync and its result. Pass args `date`, `sent`;
    /// fails with the run's error when the last run failed.
    LastSponsorshipSync,
}

impl CheckStepName {
    pub const ALL: [CheckStepName; 8] = [
        Self::Settings,
        Self::IdentityReachable,
        Self::InstallationAccepted,
        Self::ApiReachable,
        Self::BillingSyncToken,
        Self::LicenseMatches,
        Self::LastLicenseSync,
        Self::LastSponsorshipSync,
    ];
}

/// A step's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum CheckStatus {
    Pass,
    Fail,
    Skipped,
}
