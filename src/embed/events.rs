//! What the module tells its host page: DOM `CustomEvent`s dispatched on the
//! mount element (bubbling, composed), each with a typed `detail`.
//!
//! Screens reach the host through the [`Host`] context that `App` provides.
//! The standalone app's `Host` has no sink, so emitting there does nothing.
//! A detail carries ids, dates, counts and user-facing messages only: never a
//! token, key or password (the E2E journey collects every event and checks).

use crate::api::ClientError;
use crate::i18n::Locale;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wire::{DateTime, OrganizationId};
use yew::prelude::*;

/// One event to the host. [`HostEvent::name`] is the DOM event type.
#[derive(Clone, Debug, PartialEq)]
pub enum HostEvent {
    /// The cloud issued (or showed) the organization's billing sync token.
    TokenGenerated {
        organization_id: OrganizationId,
        revision_date: DateTime,
    },
    /// The token was rotated: the previous one no longer works.
    TokenRotated {
        organization_id: OrganizationId,
        revision_date: DateTime,
    },
    /// Self-hosted: the billing sync connection was saved (created or changed).
    ConnectionSaved {
        organization_id: OrganizationId,
        enabled: bool,
    },
    /// Self-hosted: Sync License fetched the license from the cloud.
    LicenseSynced { organization_id: OrganizationId },
    /// Self-hosted: a license file was uploaded by hand.
    LicenseUploaded { organization_id: OrganizationId },
    /// A member offered their Free Families sponsorship.
    SponsorshipOffered {
        sponsoring_organization_id: OrganizationId,
    },
    /// A sponsorship was removed (offer revoked or sponsorship ended).
    SponsorshipRevoked {
        sponsoring_organization_id: OrganizationId,
    },
    /// Self-hosted: a sponsorship sync with the cloud finished.
    SponsorshipSyncFinished {
        organization_id: OrganizationId,
        sent: u32,
        updated: u32,
        removed: u32,
    },
    /// The server refused the access token; the module waits for a new one
    /// (`setAccessToken`) or shows its login.
    SessionExpired,
    /// A request failed; `message` is what the module shows the user.
    Error {
        /// `network`, `cors`, `http`, `decode`, `crypto`, `unauthorized`, or
        /// `mismatch` (see [`super::deployment`]).
        kind: &'static str,
        /// The HTTP status for `http`.
        status: Option<u16>,
        message: String,
    },
}

impl HostEvent {
    /// The DOM event type.
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::TokenGenerated { .. } => "billing-sync-token-generated",
            HostEvent::TokenRotated { .. } => "billing-sync-token-rotated",
            HostEvent::ConnectionSaved { .. } => "billing-sync-connection-saved",
            HostEvent::LicenseSynced { .. } => "license-synced",
            HostEvent::LicenseUploaded { .. } => "license-uploaded",
            HostEvent::SponsorshipOffered { .. } => "sponsorship-offered",
            HostEvent::SponsorshipRevoked { .. } => "sponsorship-revoked",
            HostEvent::SponsorshipSyncFinished { .. } => "sponsorship-sync-finished",
            HostEvent::SessionExpired => "session-expired",
            HostEvent::Error { .. } => "error",
        }
    }

    /// The `error` event for a failed request, in the module's language.
    pub fn from_client_error(error: &ClientError, locale: Locale) -> Self {
        let (kind, status) = match error {
            ClientError::Network(_) => ("network", None),
            ClientError::CrossOrigin { .. } => ("cors", None),
            ClientError::Status { code, .. } => ("http", Some(*code)),
            ClientError::Unauthorized => ("unauthorized", Some(401)),
            ClientError::Decode(_) => ("decode", None),
            ClientError::Crypto(_) => ("crypto", None),
        };
        HostEvent::Error {
            kind,
            status,
            message: error.user_message(locale),
        }
    }

    /// The `detail` fields, camelCase as JavaScript expects.
    pub fn detail_fields(&self) -> Vec<(&'static str, JsValue)> {
        let id = |id: &OrganizationId| JsValue::from_str(&id.to_string());
        let date = |date: &DateTime| JsValue::from_str(&date.to_rfc3339());
        match self {
            HostEvent::TokenGenerated {
                organization_id,
                revision_date,
            }
            | HostEvent::TokenRotated {
                organization_id,
                revision_date,
            } => vec![
                ("organizationId", id(organization_id)),
                ("revisionDate", date(revision_date)),
            ],
            HostEvent::ConnectionSaved {
                organization_id,
                enabled,
            } => vec![
                ("organizationId", id(organization_id)),
                ("enabled", JsValue::from_bool(*enabled)),
            ],
            HostEvent::LicenseSynced { organization_id }
            | HostEvent::LicenseUploaded { organization_id } => {
                vec![("organizationId", id(organization_id))]
            }
            HostEvent::SponsorshipOffered {
                sponsoring_organization_id,
            }
            | HostEvent::SponsorshipRevoked {
                sponsoring_organization_id,
            } => vec![("sponsoringOrganizationId", id(sponsoring_organization_id))],
            HostEvent::SponsorshipSyncFinished {
                organization_id,
                sent,
                updated,
                removed,
            } => vec![
                ("organizationId", id(organization_id)),
                ("sent", JsValue::from(*sent)),
                ("updated", JsValue::from(*updated)),
                ("removed", JsValue::from(*removed)),
            ],
            HostEvent::SessionExpired => vec![],
            HostEvent::Error {
                kind,
                status,
                message,
            } => vec![
                ("kind", JsValue::from_str(kind)),
                ("status", status.map_or(JsValue::NULL, JsValue::from)),
                ("message", JsValue::from_str(message)),
            ],
        }
    }
}

/// Where an embedded module's events go: the mount element, until unmounted.
struct Sink {
    element: web_sys::Element,
    /// Cleared by `unmount()`: answers that arrive later stay silent.
    open: Cell<bool>,
}

/// The page the app runs in, as a context: standalone (the app owns the
/// document) or embedded in a host page (events go to the mount element).
#[derive(Clone, Default)]
pub struct Host {
    sink: Option<Rc<Sink>>,
    /// The host handed over the access token (`accessToken`): when it
    /// expires the module asks the host for a new one instead of a login.
    host_token: bool,
}

impl PartialEq for Host {
    fn eq(&self, other: &Self) -> bool {
        self.host_token == other.host_token
            && match (&self.sink, &other.sink) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("embedded", &self.is_embedded())
            .field("host_token", &self.host_token)
            .finish()
    }
}

impl Host {
    /// The standalone app: owns `<html lang>`, `sessionStorage` and the
    /// address bar; emits nothing.
    pub fn standalone() -> Self {
        Self::default()
    }

    /// Embedded in `element`; `host_token` when the host supplies the token.
    pub fn embedded(element: web_sys::Element, host_token: bool) -> Self {
        Self {
            sink: Some(Rc::new(Sink {
                element,
                open: Cell::new(true),
            })),
            host_token,
        }
    }

    /// True inside a host page.
    pub fn is_embedded(&self) -> bool {
        self.sink.is_some()
    }

    /// True when the host supplies the access token (no login screen).
    pub fn supplies_token(&self) -> bool {
        self.host_token
    }

    /// The same host with `host_token` changed (after `setAccessToken`).
    pub fn with_host_token(&self, host_token: bool) -> Self {
        Self {
            sink: self.sink.clone(),
            host_token,
        }
    }

    /// Stops every later event (the module was unmounted).
    pub fn close(&self) {
        if let Some(sink) = &self.sink {
            sink.open.set(false);
        }
    }

    /// Dispatches `event` on the mount element; nothing when standalone or
    /// unmounted. A failing dispatch (a host listener threw) is not ours to
    /// handle: the browser reports it.
    pub fn emit(&self, event: HostEvent) {
        let Some(sink) = self.sink.as_ref().filter(|s| s.open.get()) else {
            return;
        };
        let detail = js_sys::Object::new();
        for (name, value) in event.detail_fields() {
            let _ = js_sys::Reflect::set(&detail, &name.into(), &value);
        }
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(dom_event) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
            let _ = sink.element.dispatch_event(&dom_event);
        }
    }
}

/// The [`Host`] the app runs in (standalone when no `App` provides one).
#[hook]
pub fn use_host() -> Host {
    use_context::<Host>().unwrap_or_default()
}
