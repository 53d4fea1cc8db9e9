//! The "Manage billing sync" dialog: paste the billing sync token from the
//! cloud organization, save it (the server checks it with the cloud right
//! away), or delete it after a confirmation.

use crate::api::{connections, ClientError};
use crate::components::{input_value, Button, ButtonKind, Dialog, FormField, ProgressNote};
use crate::hooks::use_action;
use crate::i18n::{use_i18n, Key, Locale};
use std::rc::Rc;
use wire::connections::{OrganizationConnectionRequest, OrganizationConnectionResponse};
use wire::{OrganizationId, Secret};
use yew::prelude::*;

/// What the dialog is waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyDialogBusy {
    /// Saving: the server checks the token with the cloud (a few seconds).
    Saving,
    Deleting,
}

/// The dialog's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyDialogState {
    pub busy: Option<KeyDialogBusy>,
    /// Our own validation message.
    pub invalid: Option<Key>,
    /// The server's answer to the last save or delete.
    pub failed: Option<ClientError>,
    /// The delete confirmation is showing.
    pub confirming_delete: bool,
}

impl KeyDialogState {
    /// The message under the field (or under the confirmation).
    pub fn error_text(&self, locale: Locale) -> Option<String> {
        match (&self.invalid, &self.failed) {
            (Some(key), _) => Some(locale.text(*key).to_owned()),
            (None, Some(error)) => Some(error.user_message(locale)),
            (None, None) => None,
        }
    }
}

/// Everything that moves the dialog.
#[derive(Debug)]
pub enum KeyDialogAction {
    Invalid(Key),
    Save,
    AskDelete,
    CancelDelete,
    Delete,
    Failed(ClientError),
}

impl Reducible for KeyDialogState {
    type Action = KeyDialogAction;

    fn reduce(self: Rc<Self>, action: KeyDialogAction) -> Rc<Self> {
        if self.busy.is_some() && !matches!(action, KeyDialogAction::Failed(_)) {
            return self;
        }
        let mut next = (*self).clone();
        match action {
            KeyDialogAction::Invalid(key) => {
                next.invalid = Some(key);
                next.failed = None;
            }
            KeyDialogAction::Save => {
                next = KeyDialogState {
                    busy: Some(KeyDialogBusy::Saving),
                    ..KeyDialogState::default()
                };
            }
            KeyDialogAction::AskDelete => {
                next = KeyDialogState {
                    confirming_delete: true,
                    ..KeyDialogState::default()
                };
            }
            KeyDialogAction::CancelDelete => next = KeyDialogState::default(),
            KeyDialogAction::Delete => {
                next.busy = Some(KeyDialogBusy::Deleting);
                next.invalid = None;
                next.failed = None;
            }
            KeyDialogAction::Failed(error) => {
                next.busy = None;
                next.failed = Some(error);
            }
        }
        Rc::new(next)
    }
}

/// Props of [`BillingSyncKeyDialog`].
#[derive(Properties, PartialEq)]
pub struct BillingSyncKeyDialogProps {
    pub org_id: OrganizationId,
    /// The stored connection, if any (prefills the token, enables Delete).
    pub connection: Option<OrganizationConnectionResponse>,
    pub on_close: Callback<()>,
    /// After a save (the stored connection) or a delete (`None`).
    pub on_changed: Callback<Option<OrganizationConnectionResponse>>,
}

/// The dialog (`#billing-sync-key-dialog`).
#[component]
pub fn BillingSyncKeyDialog(props: &BillingSyncKeyDialogProps) -> Html {
    let i18n = use_i18n();
    let dialog = use_reducer(KeyDialogState::default);
    // Save and delete: both end with the connection as it now stands.
    let request = use_action::<Option<OrganizationConnectionResponse>, ClientError>();
    let key_ref = use_node_ref();
    let org_id = props.org_id;
    let connection_id = props.connection.as_ref().and_then(|c| c.id);
    let existing_key = props
        .connection
        .as_ref()
        .and_then(|c| c.config.as_ref())
        .map(|c| AttrValue::from(c.billing_sync_key.expose().to_owned()));

    // Moves the dialog and the page once the server answered.
    let finish = {
        let (dialog, on_changed) = (dialog.dispatcher(), props.on_changed.clone());
        let host = crate::embed::use_host();
        move |answer: Result<Rc<Option<OrganizationConnectionResponse>>, ClientError>| match answer
        {
            Ok(connection) => {
                if let Some(saved) = connection.as_ref() {
                    host.emit(crate::embed::HostEvent::ConnectionSaved {
                        organization_id: saved.organization_id,
                        enabled: saved.enabled,
                    });
                }
                on_changed.emit((*connection).clone())
            }
            Err(error) => dialog.dispatch(KeyDialogAction::Failed(error)),
        }
    };
    let on_submit = {
        let (dialog, request, key_ref) = (dialog.clone(), request.clone(), key_ref.clone());
        let finish = finish.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if dialog.busy.is_some() {
                return;
            }
            // Sent verbatim, as Bitwarden's client does; only blank is refused.
            let key = input_value(&key_ref);
            if key.trim().is_empty() {
                dialog.dispatch(KeyDialogAction::Invalid(Key::BillingSyncTokenRequired));
                return;
            }
            dialog.dispatch(KeyDialogAction::Save);
            let body = OrganizationConnectionRequest::billing_sync(org_id, Secret::new(key));
            request.run_then(
                move |client| async move {
                    match connection_id {
                        Some(id) => connections::update_connection(&client, id, &body).await,
                        None => connections::create_connection(&client, &body).await,
                    }
                    .map(Some)
                },
                finish.clone(),
            );
        })
    };
    let on_delete = {
        let (dialog, request) = (dialog.clone(), request.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(id) = connection_id else {
                return;
            };
            if dialog.busy.is_some() {
                return;
            }
            dialog.dispatch(KeyDialogAction::Delete);
            request.run_then(
                move |client| async move {
                    connections::delete_connection(&client, id)
                        .await
                        .map(|()| None)
                },
                finish.clone(),
            );
        })
    };
    let ask_delete = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.dispatch(KeyDialogAction::AskDelete))
    };
    let cancel_delete = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.dispatch(KeyDialogAction::CancelDelete))
    };
    // Closing while a request runs would lose its answer; wait for it.
    let on_close = {
        let (dialog, on_close) = (dialog.clone(), props.on_close.clone());
        Callback::from(move |()| {
            if dialog.busy.is_none() {
                on_close.emit(());
            }
        })
    };
    let close_click = on_close.reform(|_: MouseEvent| ());
    let saving = dialog.busy == Some(KeyDialogBusy::Saving);
    let deleting = dialog.busy == Some(KeyDialogBusy::Deleting);
    let error_text = dialog.error_text(i18n.locale);

    let body = if dialog.confirming_delete {
        html! {
            <>
                <div class="dialog-body">
                    <p id="billing-sync-key-delete-question">{ i18n.t(Key::DeleteBillingSyncTokenConfirm) }</p>
                    if let Some(error) = error_text {
                        <p id="billing-sync-key-error" class="field-error" role="alert">{ error }</p>
                    }
                </div>
                <div class="dialog-footer">
                    <Button id="billing-sync-key-delete-confirm" kind={ButtonKind::Danger}
                        busy={deleting} onclick={on_delete}>
                        { i18n.t(Key::Delete) }
                    </Button>
                    <Button id="billing-sync-key-delete-cancel" kind={ButtonKind::Secondary}
                        onclick={cancel_delete} disabled={deleting}>
                        { i18n.t(Key::Cancel) }
                    </Button>
                </div>
            </>
        }
    } else {
        html! {
            <form id="billing-sync-key-form" novalidate=true onsubmit={on_submit}>
                <div class="dialog-body">
                    <p>{ i18n.t(Key::BillingSyncKeyDesc) }</p>
                    <FormField
                        id="billing-sync-key"
                        label={i18n.t(Key::BillingSyncToken)}
                        node_ref={key_ref}
                        value={existing_key}
                        autocomplete="off"
                        input_class={classes!("mono")}
                        error={error_text.map(AttrValue::from)}
                        readonly={saving}
                        autofocus=true
                    />
                    if saving {
                        <ProgressNote id="billing-sync-key-checking" text={i18n.t(Key::CheckingTokenWithCloud)} />
                    }
                </div>
                <div class="dialog-footer">
                    <Button id="billing-sync-key-save" submit=true busy={saving}>
                        { i18n.t(Key::Save) }
                    </Button>
                    <Button id="billing-sync-key-cancel" kind={ButtonKind::Secondary}
                        onclick={close_click} disabled={saving}>
                        { i18n.t(Key::Cancel) }
                    </Button>
                    if connection_id.is_some() {
                        <button id="billing-sync-key-delete" type="button" class="btn btn-danger btn-end"
                            disabled={saving} onclick={ask_delete}>
                            { i18n.t(Key::Delete) }
                        </button>
                    }
                </div>
            </form>
        }
    };

    html! {
        <Dialog
            id="billing-sync-key-dialog"
            title={i18n.t(Key::ManageBillingSync)}
            {on_close}
            step={if dialog.confirming_delete { "confirm-delete" } else { "token" }}
        >
            { body }
        </Dialog>
    }
}
