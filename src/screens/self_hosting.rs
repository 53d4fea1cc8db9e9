//! Cloud: the Subscription page's "Self-hosting" section. Owners download the
//! organization license for their self-hosted installation and set up billing
//! sync (the token dialog lives in [`super::billing_sync`]).

use crate::api::billing::LicenseDownload;
use crate::api::billing::{self, has_billing_sync_key};
use crate::api::ClientError;
use crate::components::{
    input_value, AsyncView, Button, ButtonKind, Callout, CalloutKind, Dialog, FormField,
};
use crate::hooks::{use_action, use_api, use_profile, Loadable};
use crate::i18n::{use_i18n, Key, Locale};
use crate::screens::billing_sync::BillingSync;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};
use wire::api_keys::OrganizationApiKeyType;
use wire::capabilities::{allows, Action, Caller, ServerRole};
use wire::identity::ProfileResponse;
use wire::ids::InstallationId;
use wire::organizations::{OrganizationSubscriptionResponse, OrganizationUserType, ProductTier};
use wire::OrganizationId;
use yew::prelude::*;

/// The file name Bitwarden's web vault saves the license under.
pub const LICENSE_FILE_NAME: &str = "bitwarden_organization_license.json";

/// What the section offers the current member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelfHostingAccess {
    /// Not an owner: only an explanation.
    OwnersOnly,
    /// An owner: Download license, and billing sync when the plan allows it.
    Owner { billing_sync: bool },
}

/// What the capability table lets this member do on the cloud: download
/// the license (owners; the server answers 404 to anyone else) and see the
/// billing sync token (owners of an Enterprise or Teams plan).
pub fn self_hosting_access(
    role: Option<OrganizationUserType>,
    tier: ProductTier,
) -> SelfHostingAccess {
    let caller = Caller::on(ServerRole::Cloud)
        .with_role(role)
        .with_tier(tier);
    if allows(Action::DownloadLicense, &caller) {
        SelfHostingAccess::Owner {
            billing_sync: allows(Action::ViewBillingSyncToken, &caller),
        }
    } else {
        SelfHostingAccess::OwnersOnly
    }
}

/// Checks the typed installation id: required, and a UUID (any form the
/// `uuid` crate reads, surrounding spaces ignored); the nil UUID is a
/// placeholder, never an installation.
pub fn parse_installation_id(raw: &str) -> Result<InstallationId, Key> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Key::InstallationIdRequired);
    }
    match raw.parse::<InstallationId>() {
        Ok(id) if id != InstallationId::NIL => Ok(id),
        _ => Err(Key::InvalidInstallationIdFormat),
    }
}

/// The license JSON as the file stores it: the server's body re-indented
/// with 2 spaces (field order and values unchanged). `None` if it is not JSON.
pub fn pretty_license_json(raw: &str) -> Option<String> {
    let value = js_sys::JSON::parse(raw).ok()?;
    js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from_f64(2.0))
        .ok()?
        .as_string()
}

/// Saves `contents` as a download named `file_name`: a Blob, an object URL,
/// a click on a hidden `<a download>`, and the URL revoked afterwards.
pub fn save_file(file_name: &str, contents: &str, mime: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let link: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.set_attribute("hidden", "")?;
    body.append_child(&link)?;
    link.click();
    let _ = body.remove_child(&link);
    // Give the browser a moment to start reading the Blob before letting go.
    wasm_bindgen_futures::spawn_local(async move {
        yew::platform::time::sleep(Duration::from_secs(1)).await;
        let _ = Url::revoke_object_url(&url);
    });
    Ok(())
}

/// Why the license could not be downloaded.
#[derive(Clone, Debug, PartialEq)]
pub enum LicenseError {
    /// A message of ours (validation, unknown installation, saving failed).
    Field(Key),
    /// Anything else the server or network said.
    Client(ClientError),
}

impl LicenseError {
    /// Reads a failed request: the cloud's "Invalid installation id" gets a
    /// text that says what to check; other messages are shown as sent.
    pub fn from_client(error: ClientError) -> Self {
        match &error {
            ClientError::Status { code: 400, body }
                if body
                    .user_message()
                    .trim()
                    .trim_end_matches('.')
                    .eq_ignore_ascii_case("Invalid installation id") =>
            {
                LicenseError::Field(Key::InstallationIdUnknown)
            }
            _ => LicenseError::Client(error),
        }
    }

    /// The text to show under the field.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            LicenseError::Field(key) => locale.text(*key).to_owned(),
            LicenseError::Client(error) => error.user_message(locale),
        }
    }
}

/// The "Download license" dialog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LicenseDialog {
    pub open: bool,
    pub busy: bool,
    pub error: Option<LicenseError>,
    /// True once a license was saved (the section then says what to do next).
    pub downloaded: bool,
    /// Counts openings; answers for an earlier opening are ignored.
    pub attempt: u32,
}

/// Everything that moves the license dialog.
#[derive(Debug)]
pub enum LicenseAction {
    Open,
    Close,
    Invalid(Key),
    Submit,
    Saved { attempt: u32 },
    Failed { attempt: u32, error: LicenseError },
}

impl Reducible for LicenseDialog {
    type Action = LicenseAction;

    fn reduce(self: Rc<Self>, action: LicenseAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            LicenseAction::Open => {
                next = LicenseDialog {
                    open: true,
                    attempt: self.attempt.wrapping_add(1),
                    ..LicenseDialog::default()
                };
            }
            LicenseAction::Close if self.open => {
                next.open = false;
                next.busy = false;
                next.error = None;
            }
            LicenseAction::Invalid(key) if self.open && !self.busy => {
                next.error = Some(LicenseError::Field(key));
            }
            LicenseAction::Submit if self.open && !self.busy => {
                next.busy = true;
                next.error = None;
            }
            LicenseAction::Saved { attempt } if self.open && attempt == self.attempt => {
                next.open = false;
                next.busy = false;
                next.downloaded = true;
            }
            LicenseAction::Failed { attempt, error } if self.open && attempt == self.attempt => {
                next.busy = false;
                next.error = Some(error);
            }
            _ => return self,
        }
        Rc::new(next)
    }
}

/// Props of [`SelfHosting`].
#[derive(Properties, PartialEq)]
pub struct SelfHostingProps {
    pub subscription: OrganizationSubscriptionResponse,
}

/// The cloud's "Self-hosting" section (`#self-hosting`).
#[component]
pub fn SelfHosting(props: &SelfHostingProps) -> Html {
    let i18n = use_i18n();
    let profile = use_profile();
    let org_id = props.subscription.id;
    let tier = props.subscription.plan.product_tier;
    let render = Callback::from(move |profile: Rc<ProfileResponse>| {
        let role = profile
            .organizations
            .iter()
            .find(|o| o.id == org_id)
            .map(|o| o.role);
        html! { <SelfHostingBody {org_id} access={self_hosting_access(role, tier)} /> }
    });
    html! {
        <section class="card section" id="self-hosting" aria-labelledby="self-hosting-title">
            <h2 id="self-hosting-title">{ i18n.t(Key::SelfHostingTitle) }</h2>
            <AsyncView<ProfileResponse>
                state={profile.state.clone()}
                on_retry={profile.refetch.clone()}
                {render}
            />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SelfHostingBodyProps {
    org_id: OrganizationId,
    access: SelfHostingAccess,
}

#[component]
fn SelfHostingBody(props: &SelfHostingBodyProps) -> Html {
    let i18n = use_i18n();
    let downloaded = use_state_eq(|| false);
    let SelfHostingAccess::Owner { billing_sync } = props.access else {
        return html! {
            <p id="self-hosting-owners-only" class="muted">{ i18n.t(Key::SelfHostingOwnersOnly) }</p>
        };
    };
    let on_downloaded = {
        let downloaded = downloaded.clone();
        Callback::from(move |()| downloaded.set(true))
    };
    html! {
        <>
            <p>{ i18n.t(Key::SelfHostingCopy) }</p>
            <div class="button-row">
                <DownloadLicense org_id={props.org_id} {on_downloaded} />
                if billing_sync {
                    <BillingSyncEntry org_id={props.org_id} />
                }
            </div>
            if !billing_sync {
                <p id="billing-sync-unavailable" class="muted">{ i18n.t(Key::BillingSyncPlanRequired) }</p>
            }
            if *downloaded {
                <Callout kind={CalloutKind::Success} id="license-downloaded">
                    { i18n.t(Key::LicenseDownloaded) }
                </Callout>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BillingSyncEntryProps {
    org_id: OrganizationId,
}

/// Loads whether a billing sync key exists, then shows the button. While it
/// reloads after the dialog closes, the previous answer keeps the button.
#[component]
fn BillingSyncEntry(props: &BillingSyncEntryProps) -> Html {
    let i18n = use_i18n();
    let keys = use_api(props.org_id, |client, org_id| async move {
        billing::api_key_information(&client, org_id, OrganizationApiKeyType::BillingSync).await
    });
    let last_known = use_state_eq(|| None::<bool>);
    {
        let last_known = last_known.clone();
        use_effect_with(keys.state.ready().cloned(), move |ready| {
            if let Some(keys) = ready {
                last_known.set(Some(has_billing_sync_key(keys)));
            }
        });
    }
    let has_key = match &keys.state {
        Loadable::Ready(keys) => Some(has_billing_sync_key(keys)),
        Loadable::Loading => *last_known,
        Loadable::Empty => Some(false),
        Loadable::Failed(_) => None,
    };
    let on_closed = keys.refetch.clone();
    match (&keys.state, has_key) {
        (Loadable::Failed(error), _) => {
            let on_retry = keys.refetch.reform(|_: MouseEvent| ());
            html! {
                <Callout kind={CalloutKind::Danger} id="billing-sync-load-error">
                    <p>{ error.user_message(i18n.locale) }</p>
                    <Button kind={ButtonKind::Secondary} id="billing-sync-retry" onclick={on_retry}>
                        { i18n.t(Key::TryAgain) }
                    </Button>
                </Callout>
            }
        }
        (_, Some(has_key)) => html! {
            <BillingSync org_id={props.org_id} {has_key} {on_closed} />
        },
        (_, None) => html! {
            <span class="loading loading-inline" role="status" aria-live="polite" data-test="billing-sync-loading">
                <span class="spinner spinner-inline" aria-hidden="true"></span>
                <span>{ i18n.t(Key::Loading) }</span>
            </span>
        },
    }
}

/// Saves a downloaded license as the file Bitwarden's web vault saves,
/// and says how opening `attempt` ended.
fn save_license(attempt: u32, answer: Result<Rc<LicenseDownload>, ClientError>) -> LicenseAction {
    let download = match answer {
        Ok(download) => download,
        Err(error) => {
            return LicenseAction::Failed {
                attempt,
                error: LicenseError::from_client(error),
            }
        }
    };
    let saved = pretty_license_json(&download.json)
        .map(|json| save_file(LICENSE_FILE_NAME, &json, "application/json"));
    match saved {
        Some(Ok(())) => LicenseAction::Saved { attempt },
        _ => LicenseAction::Failed {
            attempt,
            error: LicenseError::Field(Key::LicenseSaveFailed),
        },
    }
}

#[derive(Properties, PartialEq)]
struct DownloadLicenseProps {
    org_id: OrganizationId,
    on_downloaded: Callback<()>,
}

/// The "Download license" button and its dialog.
#[component]
fn DownloadLicense(props: &DownloadLicenseProps) -> Html {
    let i18n = use_i18n();
    let dialog = use_reducer(LicenseDialog::default);
    let download = use_action::<LicenseDownload, ClientError>();
    let input_ref = use_node_ref();
    let org_id = props.org_id;

    {
        let on_downloaded = props.on_downloaded.clone();
        use_effect_with(dialog.downloaded, move |downloaded| {
            if *downloaded {
                on_downloaded.emit(());
            }
        });
    }

    let on_open = {
        let (dialog, download) = (dialog.clone(), download.clone());
        Callback::from(move |_: MouseEvent| {
            // A new opening: an answer for the last one is dropped.
            download.reset();
            dialog.dispatch(LicenseAction::Open);
        })
    };
    let on_close = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.dispatch(LicenseAction::Close))
    };
    let on_submit = {
        let (dialog, download, input_ref) = (dialog.clone(), download.clone(), input_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if dialog.busy {
                return;
            }
            let installation_id = match parse_installation_id(&input_value(&input_ref)) {
                Ok(id) => id,
                Err(key) => return dialog.dispatch(LicenseAction::Invalid(key)),
            };
            dialog.dispatch(LicenseAction::Submit);
            let (attempt, dispatcher) = (dialog.attempt, dialog.dispatcher());
            download.run_then(
                move |client| async move { billing::license(&client, org_id, installation_id).await },
                move |answer| dispatcher.dispatch(save_license(attempt, answer)),
            );
        })
    };
    let cancel_click = on_close.reform(|_: MouseEvent| ());
    let error = dialog
        .error
        .as_ref()
        .map(|e| AttrValue::from(e.message(i18n.locale)));

    html! {
        <>
            <Button id="download-license" kind={ButtonKind::Secondary} onclick={on_open}>
                { i18n.t(Key::DownloadLicense) }
            </Button>
            if dialog.open {
                <Dialog id="download-license-dialog" title={i18n.t(Key::DownloadLicense)} {on_close}>
                    <form id="download-license-form" novalidate=true onsubmit={on_submit}>
                        <div class="dialog-body">
                            <FormField
                                id="installation-id"
                                label={i18n.t(Key::EnterInstallationId)}
                                autocomplete="off"
                                node_ref={input_ref}
                                hint={AttrValue::Static(i18n.t(Key::InstallationIdHint))}
                                {error}
                                readonly={dialog.busy}
                                autofocus=true
                            />
                        </div>
                        <div class="dialog-footer">
                            <Button id="download-license-submit" submit=true busy={dialog.busy}>
                                { i18n.t(Key::Submit) }
                            </Button>
                            <Button id="download-license-cancel" kind={ButtonKind::Secondary} onclick={cancel_click}>
                                { i18n.t(Key::Cancel) }
                            </Button>
                        </div>
                    </form>
                </Dialog>
            }
        </>
    }
}
