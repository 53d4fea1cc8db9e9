//! Self-hosted: the Subscription page's "License and billing management".
//! Owners choose how the license is kept current: automatic sync from the
//! cloud (with the billing sync token, [`billing_sync_key`]) or manual
//! upload of a license file ([`upload`]). Admins see the state read-only.
//! When the operator has not enabled cloud communication, automatic sync is
//! unavailable and [`cloud_communication`] says how to enable it.

mod billing_sync_key;
mod cloud_communication;
mod connection_check;
mod details;
mod rules;
mod upload;

pub use crate::i18n::split_at_placeholder;
pub use billing_sync_key::{BillingSyncKeyDialog, KeyDialogAction, KeyDialogState};
pub use cloud_communication::{
    CloudCommunicationDisabled, BITWARDEN_RESTART, EU_SETTINGS, US_SETTINGS,
};
pub use connection_check::ConnectionCheck;
pub use details::LicenseDetails;
pub use rules::{
    can_sync_license, failure_hint, is_unsupported_version, update_method_for, KeyNotice,
    LicenseBillingAction, LicenseBillingState, LicenseExpiration, LicenseOperation, Outcome,
    UpdateMethod,
};
pub use upload::{selected_file, LicenseFileField, LicenseUpload};

use crate::api::{connections, licenses, organizations, ClientError};
use crate::components::{AsyncView, Button, ButtonKind, Callout, CalloutKind, ProgressNote};
use crate::hooks::{use_action, use_api, use_profile};
use crate::i18n::{use_i18n, Key};
use std::rc::Rc;
use wire::capabilities::{allows, Action, Caller, ServerRole};
use wire::connections::OrganizationConnectionResponse;
use wire::identity::ProfileResponse;
use wire::organizations::{OrganizationSubscriptionResponse, ProductTier};
use yew::prelude::*;

/// Bitwarden's help page on billing sync for self-hosted organizations.
const BILLING_SYNC_HELP_URL: &str =
    "https://bitwarden.com/help/families-for-enterprise-self-hosted/";

/// Props of [`LicenseFailure`].
#[derive(Properties, PartialEq)]
pub struct LicenseFailureProps {
    pub id: AttrValue,
    pub operation: LicenseOperation,
    pub error: ClientError,
}

/// Bitwarden's instructions for updating a self-hosted server.
const UPDATE_HELP_URL: &str = "https://bitwarden.com/help/updating-on-premise/";

/// A red callout with the server's message and, when known, what to do.
#[component]
pub fn LicenseFailure(props: &LicenseFailureProps) -> Html {
    let i18n = use_i18n();
    let hint = failure_hint(props.operation, &props.error);
    html! {
        <Callout kind={CalloutKind::Danger} id={props.id.clone()}>
            <p data-test="error-message">{ props.error.user_message(i18n.locale) }</p>
            if let Some(hint) = hint {
                <p data-test="error-hint" data-hint={format!("{hint:?}")}>{ i18n.t(hint) }</p>
                if hint == Key::UnsupportedLicenseVersionHint {
                    <p data-test="error-backup">
                        { i18n.t(Key::BackUpBeforeUpdate) }{ " " }
                        <a href={UPDATE_HELP_URL} target="_blank" rel="noreferrer">{ UPDATE_HELP_URL }</a>
                    </p>
                }
            }
        </Callout>
    }
}

/// Props of [`LicenseBilling`].
#[derive(Properties, PartialEq)]
pub struct LicenseBillingProps {
    pub subscription: OrganizationSubscriptionResponse,
}

/// The self-hosted section (`#license-billing`): waits for the profile to
/// know whether the member is an owner.
#[component]
pub fn LicenseBilling(props: &LicenseBillingProps) -> Html {
    let i18n = use_i18n();
    let profile = use_profile();
    let render = {
        let subscription = props.subscription.clone();
        Callback::from(move |profile: Rc<ProfileResponse>| {
            let role = profile
                .organizations
                .iter()
                .find(|o| o.id == subscription.id)
                .map(|o| o.role);
            // Owners keep the license current (sync or upload); others read.
            let owner = allows(
                Action::SyncLicense,
                &Caller::on(ServerRole::SelfHosted).with_role(role),
            );
            html! { <LicenseBillingBody subscription={subscription.clone()} {owner} /> }
        })
    };
    html! {
        <section class="card section" id="license-billing" aria-label={i18n.t(Key::LicenseAndBillingManagement)}>
            <AsyncView<ProfileResponse>
                state={profile.state.clone()}
                on_retry={profile.refetch.clone()}
                {render}
            />
        </section>
    }
}

/// What the section loads besides the subscription.
#[derive(Clone, Debug, PartialEq)]
pub struct LicenseBillingData {
    /// `GET /organizations/connections/enabled`.
    pub cloud_enabled: bool,
    /// The billing sync connection; loaded for owners when the cloud is
    /// reachable (the server refuses it to everyone else).
    pub connection: Option<OrganizationConnectionResponse>,
}

#[derive(Properties, PartialEq)]
struct LicenseBillingBodyProps {
    subscription: OrganizationSubscriptionResponse,
    owner: bool,
}

#[component]
fn LicenseBillingBody(props: &LicenseBillingBodyProps) -> Html {
    let data = use_api(
        (props.subscription.id, props.owner),
        |client, (org_id, owner)| async move {
            let cloud_enabled = connections::cloud_communication_enabled(&client).await?;
            let connection = match owner && cloud_enabled {
                true => Some(connections::billing_sync_connection(&client, org_id).await?),
                false => None,
            };
            Ok(LicenseBillingData {
                cloud_enabled,
                connection,
            })
        },
    );
    let render = {
        let (subscription, owner) = (props.subscription.clone(), props.owner);
        Callback::from(move |data: Rc<LicenseBillingData>| {
            html! { <LicenseBillingLoaded subscription={subscription.clone()} {owner} {data} /> }
        })
    };
    html! {
        <AsyncView<LicenseBillingData>
            state={data.state.clone()}
            on_retry={data.refetch.clone()}
            {render}
        />
    }
}

#[derive(Properties, PartialEq)]
struct LicenseBillingLoadedProps {
    subscription: OrganizationSubscriptionResponse,
    owner: bool,
    data: Rc<LicenseBillingData>,
}

#[component]
fn LicenseBillingLoaded(props: &LicenseBillingLoadedProps) -> Html {
    let i18n = use_i18n();
    let state = use_reducer({
        let connection = props.data.connection.clone();
        move || LicenseBillingState::new(connection)
    });
    let org_id = props.subscription.id;
    let cloud_enabled = props.data.cloud_enabled;
    let with_connection = props.owner && cloud_enabled;
    let subscription = state
        .subscription
        .clone()
        .unwrap_or_else(|| props.subscription.clone());

    let reload_connection = use_action::<OrganizationConnectionResponse, ClientError>();
    let reload_subscription = use_action::<OrganizationSubscriptionResponse, ClientError>();
    let sync = use_action::<(), ClientError>();
    let host = crate::embed::use_host();

    // Reloads what a sync, upload or token change may have changed: the
    // subscription (expiration dates) and, when it is shown, the connection
    // (the "Last license sync" date). Only the newest answers count.
    let reload_all = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| {
            if with_connection {
                let dispatcher = dispatcher.clone();
                reload_connection.restart_then(
                    move |client| async move {
                        connections::billing_sync_connection(&client, org_id).await
                    },
                    move |answer| {
                        if let Ok(connection) = answer {
                            dispatcher.dispatch(LicenseBillingAction::ConnectionRefreshed(Some(
                                (*connection).clone(),
                            )));
                        }
                    },
                );
            }
            let dispatcher = dispatcher.clone();
            reload_subscription.restart_then(
                move |client| async move { organizations::subscription(&client, org_id).await },
                move |answer| {
                    if let Ok(subscription) = answer {
                        dispatcher.dispatch(LicenseBillingAction::SubscriptionLoaded(
                            (*subscription).clone(),
                        ));
                    }
                },
            );
        })
    };
    let on_sync = {
        let (state, reload_all) = (state.clone(), reload_all.clone());
        Callback::from(move |_: MouseEvent| {
            if state.sync.is_busy() {
                return;
            }
            state.dispatch(LicenseBillingAction::SyncStarted);
            let (dispatcher, reload_all) = (state.dispatcher(), reload_all.clone());
            let host = host.clone();
            sync.run_then(
                move |client| async move { licenses::sync_license(&client, org_id).await },
                move |answer| match answer {
                    Ok(_) => {
                        host.emit(crate::embed::HostEvent::LicenseSynced {
                            organization_id: org_id,
                        });
                        dispatcher.dispatch(LicenseBillingAction::SyncSucceeded);
                        reload_all.emit(());
                    }
                    Err(error) => dispatcher.dispatch(LicenseBillingAction::SyncFailed(error)),
                },
            );
        })
    };
    let choose = |method: UpdateMethod| {
        let state = state.clone();
        Callback::from(move |_: Event| state.dispatch(LicenseBillingAction::Choose(method)))
    };
    let open_dialog = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(LicenseBillingAction::OpenDialog))
    };
    let close_dialog = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(LicenseBillingAction::CloseDialog))
    };
    let on_key_changed = {
        let (state, reload_all) = (state.clone(), reload_all.clone());
        Callback::from(move |connection: Option<OrganizationConnectionResponse>| {
            state.dispatch(LicenseBillingAction::ConnectionLoaded(connection));
            state.dispatch(LicenseBillingAction::CloseDialog);
            reload_all.emit(());
        })
    };

    let families = subscription.plan.product_tier == ProductTier::Families;
    let connection = state.connection.as_ref().filter(|c| c.exists());
    let upload_form = html! { <LicenseUpload {org_id} on_uploaded={reload_all.clone()} /> };

    html! {
        <>
            <LicenseDetails
                subscription={subscription.clone()}
                last_license_sync={connection.map(|c| c.config.as_ref().and_then(|c| c.last_license_sync))}
            />
            <h2 id="license-billing-title">{ i18n.t(Key::LicenseAndBillingManagement) }</h2>
            if !cloud_enabled {
                <CloudCommunicationDisabled />
            }
            if !props.owner {
                <p id="license-billing-owners-only" class="muted">{ i18n.t(Key::LicenseBillingOwnersOnly) }</p>
            } else if families {
                <p>{ i18n.t(Key::LicenseAndBillingManagementDesc) }</p>
                { upload_form }
            } else {
                <div aria-live="polite">
                    if let Some(notice) = state.key_notice {
                        <Callout kind={CalloutKind::Success} id={notice.id()}>
                            { i18n.t(notice.key()) }
                        </Callout>
                    }
                </div>
                <fieldset class="radio-group" aria-labelledby="license-billing-title">
                    <div class="radio-option">
                        <input
                            type="radio"
                            id="update-method-sync"
                            name="update-method"
                            value="sync"
                            checked={state.method == UpdateMethod::Sync}
                            disabled={!cloud_enabled}
                            aria-describedby="update-method-sync-hint"
                            onchange={choose(UpdateMethod::Sync)}
                        />
                        <label for="update-method-sync">{ i18n.t(Key::AutomaticSync) }</label>
                        { " " }
                        <a class="help-link" href={BILLING_SYNC_HELP_URL} target="_blank" rel="noreferrer"
                            aria-label={i18n.t(Key::BillingSyncHelp)} title={i18n.t(Key::BillingSyncHelp)}>{ "?" }</a>
                        <p id="update-method-sync-hint" class="field-hint">{ i18n.t(Key::AutomaticSyncDesc) }</p>
                    </div>
                    if state.method == UpdateMethod::Sync {
                        <div class="radio-panel">
                            <div class="button-row">
                                <Button id="manage-billing-sync" kind={ButtonKind::Secondary} onclick={open_dialog}
                                    disabled={!cloud_enabled}>
                                    { i18n.t(Key::ManageBillingSync) }
                                </Button>
                                <Button id="sync-license" onclick={on_sync} busy={state.sync.is_busy()}
                                    disabled={!can_sync_license(state.connection.as_ref())}>
                                    { i18n.t(if state.sync.is_busy() { Key::Syncing } else { Key::SyncLicense }) }
                                </Button>
                            </div>
                            if state.sync.is_busy() {
                                <ProgressNote id="sync-license-progress" text={i18n.t(Key::SyncLicenseProgress)} />
                            }
                            <SyncOutcome outcome={state.sync.clone()} />
                            <p id="first-sync-note" class="field-hint">{ i18n.t(Key::FirstSyncRunsNow) }</p>
                            <p id="firewall-note" class="field-hint">{ i18n.t(Key::FirewallHosts) }</p>
                        </div>
                    }
                    <div class="radio-option">
                        <input
                            type="radio"
                            id="update-method-upload"
                            name="update-method"
                            value="upload"
                            checked={state.method == UpdateMethod::Upload}
                            aria-describedby="update-method-upload-hint"
                            onchange={choose(UpdateMethod::Upload)}
                        />
                        <label for="update-method-upload">{ i18n.t(Key::ManualUpload) }</label>
                        <p id="update-method-upload-hint" class="field-hint">{ i18n.t(Key::ManualUploadDesc) }</p>
                    </div>
                    if state.method == UpdateMethod::Upload {
                        <div class="radio-panel">
                            <h3>{ i18n.t(Key::UploadLicense) }</h3>
                            { upload_form }
                        </div>
                    }
                </fieldset>
            }
            if state.dialog_open && props.owner {
                <BillingSyncKeyDialog
                    {org_id}
                    connection={connection.cloned()}
                    on_close={close_dialog}
                    on_changed={on_key_changed}
                />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SyncOutcomeProps {
    outcome: Outcome,
}

#[component]
fn SyncOutcome(props: &SyncOutcomeProps) -> Html {
    let i18n = use_i18n();
    match &props.outcome {
        Outcome::Succeeded => html! {
            <Callout kind={CalloutKind::Success} id="sync-license-result">
                { i18n.t(Key::LicenseSyncSuccess) }
            </Callout>
        },
        Outcome::Failed(error) => html! {
            <LicenseFailure id="sync-license-error" operation={LicenseOperation::Sync} error={error.clone()} />
        },
        Outcome::Invalid(key) => html! {
            <Callout kind={CalloutKind::Danger} id="sync-license-error">{ i18n.t(*key) }</Callout>
        },
        Outcome::Idle | Outcome::Busy => Html::default(),
    }
}
