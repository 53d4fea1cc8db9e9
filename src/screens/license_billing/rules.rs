//! The decisions behind the section, without any rendering: which radio is
//! selected, whether "Sync license" is enabled, the expiration row and its
//! grace note (ui-reference §4.3, §4.5), what to tell the user after a
//! failed license request, and the section's reducer.

use crate::api::ClientError;
use crate::i18n::Key;
use std::rc::Rc;
use wire::connections::OrganizationConnectionResponse;
use wire::organizations::OrganizationSubscriptionResponse;
use wire::DateTime;
use yew::prelude::*;

/// How the license is kept current: the radio group's value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UpdateMethod {
    /// Automatic sync from the cloud with the billing sync token.
    Sync,
    /// Manual upload of a license file.
    #[default]
    Upload,
}

/// The radio selected after the connection was loaded or changed: automatic
/// sync when an enabled connection exists, otherwise manual upload.
pub fn update_method_for(connection: Option<&OrganizationConnectionResponse>) -> UpdateMethod {
    if can_sync_license(connection) {
        UpdateMethod::Sync
    } else {
        UpdateMethod::Upload
    }
}

/// "Sync license" is enabled only for a stored, enabled connection.
pub fn can_sync_license(connection: Option<&OrganizationConnectionResponse>) -> bool {
    connection.is_some_and(|c| c.exists() && c.enabled)
}

/// The "Subscription expiration" row of a self-hosted license.
#[derive(Clone, Debug, PartialEq)]
pub enum LicenseExpiration {
    /// No expiration date at all.
    Never,
    /// The date to show, whether to show it as expired (red), and the end
    /// of the grace period when the note about it is shown.
    On {
        date: DateTime,
        expired: bool,
        grace_period_ends: Option<DateTime>,
    },
}

impl LicenseExpiration {
    /// Decides the row from the subscription's `expiration` (with grace) and
    /// `expirationWithoutGracePeriod` (null for licenses before version 12).
    /// With both dates the license has a separate grace period: the date
    /// shown is the one without grace and the note names the grace end,
    /// unless both are equal, which marks a trial (no grace period).
    pub fn of(
        with_grace: Option<DateTime>,
        without_grace: Option<DateTime>,
        now_millis: i64,
    ) -> Self {
        let Some(with_grace) = with_grace else {
            return LicenseExpiration::Never;
        };
        let past = |date: DateTime| date.timestamp_millis() < now_millis;
        match without_grace {
            Some(without_grace) => {
                let trial = without_grace.timestamp_millis() == with_grace.timestamp_millis();
                LicenseExpiration::On {
                    date: without_grace,
                    expired: past(without_grace),
                    grace_period_ends: (!trial).then_some(with_grace),
                }
            }
            None => LicenseExpiration::On {
                date: with_grace,
                expired: past(with_grace),
                grace_period_ends: None,
            },
        }
    }

    /// For a subscription response.
    pub fn of_subscription(subscription: &OrganizationSubscriptionResponse, now: i64) -> Self {
        Self::of(
            subscription.expiration,
            subscription.expiration_without_grace_period,
            now,
        )
    }
}

/// True when a server message says the license file's version is not
/// supported by this server (e.g. `Version 17 is not supported.`).
pub fn is_unsupported_version(message: &str) -> bool {
    message.to_ascii_lowercase().contains("is not supported")
}

/// What the user tried when a license request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenseOperation {
    /// "Sync license".
    Sync,
    /// Manual upload to an existing organization.
    Upload,
    /// Creating an organization from a license file.
    CreateOrganization,
}

/// What to do about a failed license request, shown under the server's
/// message: set up billing sync first (sync answered 404: no connection),
/// or update the server (the license version is too new for it).
pub fn failure_hint(operation: LicenseOperation, error: &ClientError) -> Option<Key> {
    let ClientError::Status { code, body } = error else {
        return None;
    };
    let unsupported = body.code == Some(wire::error::ErrorCode::LicenseVersionUnsupported)
        || is_unsupported_version(body.user_message());
    if unsupported {
        Some(Key::UnsupportedLicenseVersionHint)
    } else if operation == LicenseOperation::Sync && *code == 404 {
        Some(Key::SyncNeedsBillingSync)
    } else {
        None
    }
}

/// The state of one button's request.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Outcome {
    #[default]
    Idle,
    Busy,
    Succeeded,
    /// Stopped before sending (e.g. no file chosen).
    Invalid(Key),
    Failed(ClientError),
}

impl Outcome {
    pub fn is_busy(&self) -> bool {
        matches!(self, Outcome::Busy)
    }
}

/// The confirmation shown on the page after the token dialog saved or
/// deleted the billing sync token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyNotice {
    /// "Billing sync token saved. Select Sync License …".
    Saved,
    /// "Billing sync token deleted.".
    Deleted,
}

impl KeyNotice {
    /// The text to show.
    pub fn key(self) -> Key {
        match self {
            KeyNotice::Saved => Key::BillingSyncKeySaved,
            KeyNotice::Deleted => Key::BillingSyncKeyDeleted,
        }
    }

    /// The element id (`#billing-sync-key-saved` / `#billing-sync-key-deleted`).
    pub fn id(self) -> &'static str {
        match self {
            KeyNotice::Saved => "billing-sync-key-saved",
            KeyNotice::Deleted => "billing-sync-key-deleted",
        }
    }
}

/// The section once everything is loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct LicenseBillingState {
    pub method: UpdateMethod,
    pub connection: Option<OrganizationConnectionResponse>,
    /// A reloaded subscription (after a sync or upload); the page's until then.
    pub subscription: Option<OrganizationSubscriptionResponse>,
    pub sync: Outcome,
    pub dialog_open: bool,
    /// Set by a save or delete in the token dialog; cleared by the next
    /// step (choosing a method, opening the dialog, syncing).
    pub key_notice: Option<KeyNotice>,
}

impl LicenseBillingState {
    /// The state for freshly loaded data.
    pub fn new(connection: Option<OrganizationConnectionResponse>) -> Self {
        Self {
            method: update_method_for(connection.as_ref()),
            connection,
            subscription: None,
            sync: Outcome::Idle,
            dialog_open: false,
            key_notice: None,
        }
    }
}

/// Everything that changes [`LicenseBillingState`].
#[derive(Debug)]
pub enum LicenseBillingAction {
    Choose(UpdateMethod),
    /// The connection was saved (`Some`) or deleted (`None`): the radio
    /// follows it and the page confirms the change.
    ConnectionLoaded(Option<OrganizationConnectionResponse>),
    /// The connection was re-read after a sync or upload (for "Last license
    /// sync"): the user's chosen method stays, so an upload's result stays visible.
    ConnectionRefreshed(Option<OrganizationConnectionResponse>),
    SubscriptionLoaded(OrganizationSubscriptionResponse),
    SyncStarted,
    SyncSucceeded,
    SyncFailed(ClientError),
    OpenDialog,
    CloseDialog,
}

impl Reducible for LicenseBillingState {
    type Action = LicenseBillingAction;

    fn reduce(self: Rc<Self>, action: LicenseBillingAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            LicenseBillingAction::Choose(method) => {
                next.method = method;
                next.key_notice = None;
            }
            LicenseBillingAction::ConnectionLoaded(connection) => {
                next.method = update_method_for(connection.as_ref());
                next.key_notice = Some(match connection {
                    Some(_) => KeyNotice::Saved,
                    None => KeyNotice::Deleted,
                });
                next.connection = connection;
            }
            LicenseBillingAction::ConnectionRefreshed(connection) => next.connection = connection,
            LicenseBillingAction::SubscriptionLoaded(subscription) => {
                next.subscription = Some(subscription);
            }
            LicenseBillingAction::SyncStarted if !self.sync.is_busy() => {
                next.method = UpdateMethod::Sync;
                next.sync = Outcome::Busy;
                next.key_notice = None;
            }
            LicenseBillingAction::SyncSucceeded => next.sync = Outcome::Succeeded,
            LicenseBillingAction::SyncFailed(error) => next.sync = Outcome::Failed(error),
            LicenseBillingAction::OpenDialog => {
                next.dialog_open = true;
                next.key_notice = None;
            }
            LicenseBillingAction::CloseDialog => next.dialog_open = false,
            LicenseBillingAction::SyncStarted => return self,
        }
        Rc::new(next)
    }
}
