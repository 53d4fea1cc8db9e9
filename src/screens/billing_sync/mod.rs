//! Cloud: the "billing sync token" dialog behind the Self-hosting section's
//! billing sync button.
//!
//! One module per step of the dialog: [`state`] holds the step machine
//! (closed → verify the master password (A, [`verify`]) → token shown
//! (B, [`show`]) → rotate confirmation (C, [`rotate`]) → back to B with a
//! new token); [`requests`] sends what A and C confirm; [`sync_status`]
//! words the line under the token.

mod requests;
mod rotate;
mod show;
mod state;
mod sync_status;
mod verify;

pub use requests::{get_or_create_token, is_wrong_password, rotate_token};
pub use state::{IssuedToken, TokenAction, TokenDialog, TokenError, TokenNotice, TokenStep};
pub use sync_status::{awaiting_sync_text, days_since, sync_line, SyncLine};

use crate::api::{billing, Client, ClientError};
use crate::components::{input_value, Button, ButtonKind, Dialog};
use crate::embed::{use_host, Host, HostEvent};
use crate::hooks::{use_action, UseActionHandle};
use crate::i18n::{use_i18n, Key};
use crate::session::{use_session, SessionContext};
use requests::copy_to_clipboard;
use rotate::RotateConfirm;
use show::TokenView;
use std::future::Future;
use std::time::Duration;
use verify::VerifyForm;
use web_sys::HtmlInputElement;
use wire::sponsorships::SyncStatusResponse;
use wire::{OrganizationId, Secret};
use yew::prelude::*;

/// Props of [`BillingSync`].
#[derive(Properties, PartialEq)]
pub struct BillingSyncProps {
    pub org_id: OrganizationId,
    /// Whether a billing sync key exists (from `api-key-information`).
    pub has_key: bool,
    /// Called whenever the dialog closes, so the page can reload the key state.
    #[prop_or_default]
    pub on_closed: Callback<()>,
}

/// The dialog's two requests: the token (A and C) and the sync status
/// loaded after each token.
#[derive(Clone)]
struct DialogRequests {
    token: UseActionHandle<IssuedToken, TokenError>,
    sync: UseActionHandle<SyncStatusResponse, ClientError>,
    /// Told when a token is issued (never the token itself).
    host: Host,
}

/// Which host event an issued token is: generated/shown (A) or rotated (C).
type IssuedEvent = fn(OrganizationId, wire::DateTime) -> HostEvent;

fn generated(organization_id: OrganizationId, revision_date: wire::DateTime) -> HostEvent {
    HostEvent::TokenGenerated {
        organization_id,
        revision_date,
    }
}

fn rotated(organization_id: OrganizationId, revision_date: wire::DateTime) -> HostEvent {
    HostEvent::TokenRotated {
        organization_id,
        revision_date,
    }
}

impl DialogRequests {
    /// Loads the sync status for opening `attempt` into the dialog; a
    /// newer load replaces an older one.
    fn load_sync_status(
        &self,
        org_id: OrganizationId,
        dialog: UseReducerDispatcher<TokenDialog>,
        attempt: u32,
    ) {
        dialog.dispatch(TokenAction::SyncLoading);
        self.sync.restart_then(
            move |client| async move { billing::sync_status(&client, org_id).await },
            move |answer| {
                let result = answer.map(|status| (*status).clone());
                dialog.dispatch(TokenAction::SyncLoaded { attempt, result });
            },
        );
    }

    /// Sends `request` (get-or-create in A, rotate in C) with the user's
    /// e-mail and the confirmed password, then shows the token it issued.
    fn issue<F, Fut>(
        &self,
        org_id: OrganizationId,
        dialog: &UseReducerHandle<TokenDialog>,
        session: &SessionContext,
        password: Secret,
        (event, request): (IssuedEvent, F),
    ) where
        F: FnOnce(Client, String, Secret) -> Fut + Clone + 'static,
        Fut: Future<Output = Result<IssuedToken, TokenError>> + 'static,
    {
        if password.is_empty() {
            dialog.dispatch(TokenAction::Invalid(Key::MasterPasswordRequired));
            return;
        }
        let email = session
            .email
            .clone()
            .or_else(|| session.profile.as_ref().map(|p| p.email.clone()));
        let Some(email) = email else {
            dialog.dispatch(TokenAction::Invalid(Key::SessionExpired));
            return;
        };
        dialog.dispatch(TokenAction::Submit);
        let attempt = dialog.attempt;
        let (dispatcher, requests) = (dialog.dispatcher(), self.clone());
        let host = self.host.clone();
        let sent = password.clone();
        self.token.run_then(
            move |client| async move {
                // Let "Verifying…" paint before the key derivation occupies the thread.
                yew::platform::time::sleep(Duration::from_millis(16)).await;
                request(client, email, sent).await
            },
            move |answer| match answer {
                Ok(token) => {
                    host.emit(event(org_id, token.revision_date));
                    dispatcher.dispatch(TokenAction::Issued {
                        attempt,
                        token: (*token).clone(),
                        password,
                    });
                    requests.load_sync_status(org_id, dispatcher, attempt);
                }
                Err(error) => dispatcher.dispatch(TokenAction::Failed { attempt, error }),
            },
        );
    }

    /// Forgets both requests: their late answers are dropped.
    fn reset(&self) {
        self.token.reset();
        self.sync.reset();
    }
}

/// The billing sync button and its token dialog.
#[component]
pub fn BillingSync(props: &BillingSyncProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let dialog = use_reducer(TokenDialog::default);
    let token = use_action();
    let sync = use_action();
    let requests = DialogRequests {
        token,
        sync,
        host: use_host(),
    };
    let password_ref = use_node_ref();
    let token_ref = use_node_ref();
    let org_id = props.org_id;

    let on_open = {
        let (dialog, has_key) = (dialog.clone(), props.has_key);
        Callback::from(move |_: MouseEvent| dialog.dispatch(TokenAction::Open { has_key }))
    };
    let on_close = {
        let (dialog, requests) = (dialog.clone(), requests.clone());
        let on_closed = props.on_closed.clone();
        Callback::from(move |()| {
            requests.reset();
            dialog.dispatch(TokenAction::Close);
            on_closed.emit(());
        })
    };
    let on_verify = {
        let (dialog, session, requests) = (dialog.clone(), session.clone(), requests.clone());
        let password_ref = password_ref.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if dialog.busy {
                return;
            }
            let password = Secret::new(input_value(&password_ref));
            requests.issue(
                org_id,
                &dialog,
                &session,
                password,
                (generated, move |client, email, password| async move {
                    get_or_create_token(&client, org_id, &email, &password).await
                }),
            );
        })
    };
    let on_confirm_rotate = {
        let (dialog, session, requests) = (dialog.clone(), session.clone(), requests.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if dialog.busy {
                return;
            }
            let password = dialog.password.clone().unwrap_or_default();
            requests.issue(
                org_id,
                &dialog,
                &session,
                password,
                (rotated, move |client, email, password| async move {
                    rotate_token(&client, org_id, &email, &password).await
                }),
            );
        })
    };
    let on_copy = {
        let (dialog, token_ref) = (dialog.clone(), token_ref.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(token) = dialog.token.as_ref().map(|t| t.api_key.clone()) else {
                return;
            };
            let (dispatcher, token_ref) = (dialog.dispatcher(), token_ref.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if copy_to_clipboard(token.expose()).await {
                    dispatcher.dispatch(TokenAction::Copied);
                } else {
                    // Leave the token selected so Ctrl+C / ⌘C copies it.
                    if let Some(input) = token_ref.cast::<HtmlInputElement>() {
                        let _ = input.focus();
                        input.select();
                    }
                    dispatcher.dispatch(TokenAction::CopyFailed);
                }
            });
        })
    };
    let on_rotate = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.dispatch(TokenAction::AskRotate))
    };
    let on_cancel_rotate = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.dispatch(TokenAction::CancelRotate))
    };
    let on_retry_sync = {
        let (dialog, requests) = (dialog.clone(), requests.clone());
        Callback::from(move |()| {
            requests.load_sync_status(org_id, dialog.dispatcher(), dialog.attempt)
        })
    };
    let close_click = on_close.reform(|_: MouseEvent| ());

    let button_label = if props.has_key {
        Key::ManageBillingSync
    } else {
        Key::SetUpBillingSync
    };
    let error = dialog.error.as_ref().map(|e| e.message(i18n.locale));

    let (body, step_name) = match dialog.step {
        TokenStep::Closed => (Html::default(), "closed"),
        TokenStep::Verify => (
            html! {
                <VerifyForm password_ref={password_ref} busy={dialog.busy}
                    submit_label={dialog.submit_label()} {error}
                    on_submit={on_verify} on_close={close_click} />
            },
            "verify",
        ),
        TokenStep::Token => (
            html! {
                <TokenView token={dialog.token.clone()} notice={dialog.notice}
                    sync={dialog.sync.clone()} token_ref={token_ref}
                    {on_copy} {on_retry_sync} on_close={close_click} {on_rotate} />
            },
            "token",
        ),
        TokenStep::ConfirmRotate => (
            html! {
                <RotateConfirm busy={dialog.busy} {error}
                    on_submit={on_confirm_rotate} on_cancel={on_cancel_rotate} />
            },
            "rotate",
        ),
    };

    html! {
        <>
            <Button id="billing-sync-button" kind={ButtonKind::Secondary} onclick={on_open}>
                { i18n.t(button_label) }
            </Button>
            if dialog.step != TokenStep::Closed {
                <Dialog
                    id="billing-sync-dialog"
                    title={i18n.t(dialog.title())}
                    on_close={on_close}
                    step={step_name}
                >
                    { body }
                </Dialog>
            }
        </>
    }
}
