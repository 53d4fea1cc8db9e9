//! Cloud: the "billing sync token" dialog behind the Self-hosting section's
//! billing sync button.
//!
//! A step machine kept in one reducer ([`TokenDialog`] + [`TokenAction`]):
//! closed → verify the master password (A) → token shown (B) → rotate
//! confirmation (C) → back to B with a new token. The password and the token
//! live only in this state (as [`Secret`]s, which never print) and are
//! dropped when the dialog closes.

use crate::api::{billing, identity, Client, ClientError};
use crate::components::{AsyncView, Button, ButtonKind, Callout, CalloutKind, Dialog, FormField};
use crate::format::{medium_date_time, now_millis};
use crate::hooks::Loadable;
use crate::i18n::{use_i18n, Key, Locale};
use crate::kdf::master_password_hash;
use crate::session::{use_session, SessionAction, SessionContext};
use std::rc::Rc;
use std::time::Duration;
use web_sys::HtmlInputElement;
use wire::api_keys::{OrganizationApiKeyRequest, OrganizationApiKeyType};
use wire::sponsorships::SyncStatusResponse;
use wire::{DateTime, OrganizationId, Secret};
use yew::prelude::*;

/// Which screen of the dialog shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenStep {
    /// The dialog is not open.
    Closed,
    /// A: confirm the master password.
    Verify,
    /// B: the token, its dates, Copy and Rotate.
    Token,
    /// C: "rotating invalidates the previous token", confirm or cancel.
    ConfirmRotate,
}

/// Why a submit failed; rendered in the active language.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenError {
    /// A message of ours (empty password, wrong password, …).
    Field(Key),
    /// Anything else the server or network said.
    Client(ClientError),
    /// The browser could not derive the key.
    Kdf,
}

impl TokenError {
    /// The text to show.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            TokenError::Field(key) => locale.text(*key).to_owned(),
            TokenError::Client(error) => error.user_message(locale),
            TokenError::Kdf => locale.text(Key::KdfFailed).to_owned(),
        }
    }
}

/// A one-line confirmation in state B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenNotice {
    /// "Token rotated".
    Rotated,
    /// "Billing sync token copied".
    Copied,
    /// The clipboard refused; the token is selected instead.
    CopyFailed,
}

/// The token as the server issued it.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuedToken {
    pub api_key: Secret,
    pub revision_date: DateTime,
}

/// Everything the dialog shows.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenDialog {
    pub step: TokenStep,
    /// True when the organization already has a billing sync key: state A
    /// then reads "View … / Continue" instead of "Generate … / Generate token".
    pub has_key: bool,
    pub token: Option<IssuedToken>,
    /// The password confirmed in A, kept to re-derive the hash for a rotation.
    pub password: Option<Secret>,
    /// When a self-hosted installation last synced (loaded after each token).
    pub sync: Loadable<SyncStatusResponse>,
    /// True while deriving the key and waiting for the server.
    pub busy: bool,
    pub error: Option<TokenError>,
    pub notice: Option<TokenNotice>,
    /// Counts openings; answers for an earlier opening are ignored.
    pub attempt: u32,
}

impl Default for TokenDialog {
    fn default() -> Self {
        Self {
            step: TokenStep::Closed,
            has_key: false,
            token: None,
            password: None,
            sync: Loadable::Loading,
            busy: false,
            error: None,
            notice: None,
            attempt: 0,
        }
    }
}

impl TokenDialog {
    /// The dialog title: "Rotate …" while confirming a rotation, otherwise
    /// "Generate …" until a key exists, then "View …".
    pub fn title(&self) -> Key {
        if self.step == TokenStep::ConfirmRotate {
            Key::RotateBillingSyncToken
        } else if self.has_key {
            Key::ViewBillingSyncToken
        } else {
            Key::GenerateBillingSyncToken
        }
    }

    /// The label of state A's submit button.
    pub fn submit_label(&self) -> Key {
        match (self.busy, self.has_key) {
            (true, _) => Key::Verifying,
            (false, true) => Key::Continue,
            (false, false) => Key::GenerateToken,
        }
    }

    fn is_submitting_step(&self) -> bool {
        matches!(self.step, TokenStep::Verify | TokenStep::ConfirmRotate)
    }
}

/// Everything that moves the dialog.
#[derive(Debug)]
pub enum TokenAction {
    /// The billing sync button was pressed.
    Open { has_key: bool },
    /// Close, Escape: forget the token and the password.
    Close,
    /// The input was refused before anything was sent.
    Invalid(Key),
    /// A request started (A: get-or-create, C: rotate).
    Submit,
    /// The server issued a token for opening `attempt`.
    Issued {
        attempt: u32,
        token: IssuedToken,
        password: Secret,
    },
    /// The request of opening `attempt` failed; stay on the same step.
    Failed { attempt: u32, error: TokenError },
    /// The sync status is being (re)loaded.
    SyncLoading,
    /// The sync status of opening `attempt` arrived.
    SyncLoaded {
        attempt: u32,
        result: Result<SyncStatusResponse, ClientError>,
    },
    /// B → C ("Rotate token"); nothing is sent yet.
    AskRotate,
    /// C → B ("Cancel").
    CancelRotate,
    /// The token was copied to the clipboard.
    Copied,
    /// The clipboard refused.
    CopyFailed,
}

impl Reducible for TokenDialog {
    type Action = TokenAction;

    fn reduce(self: Rc<Self>, action: TokenAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            TokenAction::Open { has_key } => {
                next = TokenDialog {
                    step: TokenStep::Verify,
                    has_key,
                    attempt: self.attempt.wrapping_add(1),
                    ..TokenDialog::default()
                };
            }
            TokenAction::Close => {
                next = TokenDialog {
                    has_key: self.has_key,
                    attempt: self.attempt,
                    ..TokenDialog::default()
                };
            }
            TokenAction::Invalid(key) if self.step == TokenStep::Verify && !self.busy => {
                next.error = Some(TokenError::Field(key));
            }
            TokenAction::Submit if self.is_submitting_step() && !self.busy => {
                next.busy = true;
                next.error = None;
                next.notice = None;
            }
            TokenAction::Issued {
                attempt,
                token,
                password,
            } if attempt == self.attempt && self.is_submitting_step() => {
                next.notice =
                    (self.step == TokenStep::ConfirmRotate).then_some(TokenNotice::Rotated);
                next.step = TokenStep::Token;
                next.token = Some(token);
                next.password = Some(password);
                next.has_key = true;
                next.busy = false;
                next.error = None;
                next.sync = Loadable::Loading;
            }
            TokenAction::Failed { attempt, error }
                if attempt == self.attempt && self.is_submitting_step() =>
            {
                next.busy = false;
                next.error = Some(error);
            }
            TokenAction::SyncLoading if self.token.is_some() => next.sync = Loadable::Loading,
            TokenAction::SyncLoaded { attempt, result }
                if attempt == self.attempt && self.token.is_some() =>
            {
                next.sync = match result {
                    Ok(status) => Loadable::Ready(Rc::new(status)),
                    Err(error) => Loadable::Failed(error),
                };
            }
            TokenAction::AskRotate if self.step == TokenStep::Token => {
                next.step = TokenStep::ConfirmRotate;
                next.notice = None;
                next.error = None;
            }
            TokenAction::CancelRotate if self.step == TokenStep::ConfirmRotate && !self.busy => {
                next.step = TokenStep::Token;
                next.error = None;
            }
            TokenAction::Copied if self.step == TokenStep::Token => {
                next.notice = Some(TokenNotice::Copied);
            }
            TokenAction::CopyFailed if self.step == TokenStep::Token => {
                next.notice = Some(TokenNotice::CopyFailed);
            }
            // Late answers, double clicks, actions for another step.
            _ => return self,
        }
        Rc::new(next)
    }
}

/// The line under the token.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncLine {
    /// Never synced: nothing to say.
    Nothing,
    /// Synced with the current token: "Last sync: <date>".
    LastSync(DateTime),
    /// Nothing synced since the token was (re)issued `days` ago: the red
    /// "Token rotated N day(s) ago. Update …" warning.
    AwaitingSync { days: i64 },
}

/// Decides the line under the token as Bitwarden's dialog does: nothing
/// without a sync; "Last sync" when the sync came after the token's revision;
/// otherwise the warning with the days since the revision, rounded.
pub fn sync_line(
    revision_date: DateTime,
    last_sync: Option<DateTime>,
    now_millis: i64,
) -> SyncLine {
    match last_sync {
        None => SyncLine::Nothing,
        Some(last) if last > revision_date => SyncLine::LastSync(last),
        Some(_) => SyncLine::AwaitingSync {
            days: days_since(revision_date, now_millis),
        },
    }
}

/// Whole days between `date` and now, rounded to the nearest day.
pub fn days_since(date: DateTime, now_millis: i64) -> i64 {
    const DAY_MILLIS: f64 = 86_400_000.0;
    let elapsed = now_millis.abs_diff(date.timestamp_millis()) as f64;
    (elapsed / DAY_MILLIS).round() as i64
}

/// "Token rotated 1 day ago…" / "Token rotated 0 days ago…": the singular
/// only for exactly one day.
pub fn awaiting_sync_text(locale: Locale, days: i64) -> String {
    let key = if days == 1 {
        Key::AwaitingSyncSingular
    } else {
        Key::AwaitingSyncPlural
    };
    locale.text_with(key, &[("days", &days.to_string())])
}

/// True for the 400 the server sends for a wrong master password
/// (`validationErrors: {"MasterPasswordHash": ["Invalid password."]}`).
pub fn is_wrong_password(error: &ClientError) -> bool {
    match error {
        ClientError::Status { code: 400, body } => {
            body.validation_errors.as_ref().is_some_and(|errors| {
                errors
                    .keys()
                    .any(|field| field.eq_ignore_ascii_case("MasterPasswordHash"))
            })
        }
        _ => false,
    }
}

/// Prelogin (for the KDF settings) → master password hash → get-or-create
/// (`rotate == false`) or rotate the billing sync key.
async fn issue_token(
    client: &Client,
    organization_id: OrganizationId,
    email: &str,
    password: &Secret,
    rotate: bool,
) -> Result<IssuedToken, TokenError> {
    let prelogin = identity::prelogin(client, email)
        .await
        .map_err(TokenError::Client)?;
    let salt = prelogin.salt.clone().unwrap_or_else(|| email.to_owned());
    let hash = master_password_hash(password.expose(), &salt, prelogin.settings())
        .await
        .map_err(|_| TokenError::Kdf)?;
    let body = OrganizationApiKeyRequest {
        key_type: OrganizationApiKeyType::BillingSync,
        master_password_hash: Some(hash),
        otp: None,
    };
    let response = if rotate {
        billing::rotate_api_key(client, organization_id, &body).await
    } else {
        billing::api_key(client, organization_id, &body).await
    };
    match response {
        Ok(key) => Ok(IssuedToken {
            api_key: key.api_key,
            revision_date: key.revision_date,
        }),
        Err(error) if is_wrong_password(&error) => {
            Err(TokenError::Field(Key::InvalidMasterPassword))
        }
        Err(error) => Err(TokenError::Client(error)),
    }
}

/// Loads the sync status for opening `attempt` into the dialog.
fn load_sync_status(
    session: SessionContext,
    organization_id: OrganizationId,
    dialog: UseReducerDispatcher<TokenDialog>,
    attempt: u32,
) {
    dialog.dispatch(TokenAction::SyncLoading);
    wasm_bindgen_futures::spawn_local(async move {
        let result = billing::sync_status(&session.client(), organization_id).await;
        if result == Err(ClientError::Unauthorized) {
            session.dispatch(SessionAction::Expired);
        }
        dialog.dispatch(TokenAction::SyncLoaded { attempt, result });
    });
}

/// Writes `text` to the clipboard; false when the browser has no clipboard
/// (an insecure origin) or refuses.
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|input| input.value())
        .unwrap_or_default()
}

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

/// The billing sync button and its token dialog.
#[component]
pub fn BillingSync(props: &BillingSyncProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let dialog = use_reducer(TokenDialog::default);
    let password_ref = use_node_ref();
    let token_ref = use_node_ref();
    let org_id = props.org_id;

    let on_open = {
        let (dialog, has_key) = (dialog.clone(), props.has_key);
        Callback::from(move |_: MouseEvent| dialog.dispatch(TokenAction::Open { has_key }))
    };
    let on_close = {
        let (dialog, on_closed) = (dialog.clone(), props.on_closed.clone());
        Callback::from(move |()| {
            dialog.dispatch(TokenAction::Close);
            on_closed.emit(());
        })
    };

    let on_submit = {
        let (dialog, session, password_ref) =
            (dialog.clone(), session.clone(), password_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if dialog.busy {
                return;
            }
            let rotate = dialog.step == TokenStep::ConfirmRotate;
            let password = if rotate {
                dialog.password.clone().unwrap_or_default()
            } else {
                Secret::new(input_value(&password_ref))
            };
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
            let (dispatcher, session) = (dialog.dispatcher(), session.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Let "Verifying…" paint before the key derivation occupies the thread.
                yew::platform::time::sleep(Duration::from_millis(16)).await;
                match issue_token(&session.client(), org_id, &email, &password, rotate).await {
                    Ok(token) => {
                        dispatcher.dispatch(TokenAction::Issued {
                            attempt,
                            token,
                            password,
                        });
                        load_sync_status(session, org_id, dispatcher, attempt);
                    }
                    Err(error) => {
                        if error == TokenError::Client(ClientError::Unauthorized) {
                            session.dispatch(SessionAction::Expired);
                        }
                        dispatcher.dispatch(TokenAction::Failed { attempt, error });
                    }
                }
            });
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
        let (dialog, session) = (dialog.clone(), session.clone());
        Callback::from(move |()| {
            load_sync_status(session.clone(), org_id, dialog.dispatcher(), dialog.attempt)
        })
    };
    let close_click = on_close.reform(|_: MouseEvent| ());

    let button_label = if props.has_key {
        Key::ManageBillingSync
    } else {
        Key::SetUpBillingSync
    };
    let error_text = dialog.error.as_ref().map(|e| e.message(i18n.locale));

    let body = match dialog.step {
        TokenStep::Closed => Html::default(),
        TokenStep::Verify => html! {
            <form id="billing-sync-form" novalidate=true onsubmit={on_submit}>
                <div class="dialog-body">
                    <FormField
                        id="billing-sync-password"
                        label={i18n.t(Key::MasterPassword)}
                        input_type="password"
                        autocomplete="current-password"
                        node_ref={password_ref}
                        hint={AttrValue::Static(i18n.t(Key::ConfirmIdentity))}
                        error={error_text.map(AttrValue::from)}
                        readonly={dialog.busy}
                        autofocus=true
                    />
                </div>
                <div class="dialog-footer">
                    <Button id="billing-sync-submit" submit=true busy={dialog.busy}>
                        { i18n.t(dialog.submit_label()) }
                    </Button>
                    <Button id="billing-sync-close" kind={ButtonKind::Secondary} onclick={close_click}>
                        { i18n.t(Key::Close) }
                    </Button>
                </div>
            </form>
        },
        TokenStep::Token => {
            let token = dialog.token.clone();
            let revision = token.as_ref().map(|t| t.revision_date);
            let render_sync = {
                let i18n = i18n.clone();
                Callback::from(move |status: Rc<SyncStatusResponse>| {
                    let Some(revision) = revision else {
                        return Html::default();
                    };
                    match sync_line(revision, status.last_sync_date, now_millis()) {
                        SyncLine::Nothing => Html::default(),
                        SyncLine::LastSync(date) => html! {
                            <p id="billing-sync-last-sync" class="muted small">
                                <strong>{ i18n.t(Key::LastSync) }{ ":" }</strong>
                                { " " }{ medium_date_time(&date, i18n.locale) }
                            </p>
                        },
                        SyncLine::AwaitingSync { days } => html! {
                            <p id="billing-sync-awaiting-sync" class="text-danger small" role="status"
                                data-days={days.to_string()}>
                                <span aria-hidden="true">{ "⚠ " }</span>
                                { awaiting_sync_text(i18n.locale, days) }
                            </p>
                        },
                    }
                })
            };
            html! {
                <>
                    <div class="dialog-body">
                        if dialog.notice == Some(TokenNotice::Rotated) {
                            <Callout kind={CalloutKind::Success} id="billing-sync-rotated">
                                { i18n.t(Key::BillingSyncTokenRotated) }
                            </Callout>
                        }
                        <p>{ i18n.t(Key::CopyPasteBillingSync) }</p>
                        <div class="form-field">
                            <label for="billing-sync-token">{ i18n.t(Key::BillingSyncToken) }</label>
                            <div class="input-with-action">
                                <input
                                    id="billing-sync-token"
                                    class="mono"
                                    type="text"
                                    readonly=true
                                    autofocus=true
                                    spellcheck="false"
                                    autocomplete="off"
                                    ref={token_ref}
                                    value={token.as_ref().map(|t| t.api_key.expose().to_owned()).unwrap_or_default()}
                                />
                                <Button id="billing-sync-copy" kind={ButtonKind::Secondary} onclick={on_copy}>
                                    { i18n.t(Key::Copy) }
                                </Button>
                            </div>
                        </div>
                        <div aria-live="polite">
                            if dialog.notice == Some(TokenNotice::Copied) {
                                <p id="billing-sync-copied" class="text-success small">
                                    <span aria-hidden="true">{ "✓ " }</span>
                                    { i18n.t(Key::BillingSyncTokenCopied) }
                                </p>
                            }
                            if dialog.notice == Some(TokenNotice::CopyFailed) {
                                <p id="billing-sync-copy-failed" class="field-error">
                                    { i18n.t(Key::CopyFailed) }
                                </p>
                            }
                        </div>
                        if let Some(revision) = revision {
                            <p id="billing-sync-revision" class="muted small">
                                <strong>{ i18n.t(Key::TokenRevisionDate) }{ ":" }</strong>
                                { " " }{ medium_date_time(&revision, i18n.locale) }
                            </p>
                        }
                        <AsyncView<SyncStatusResponse>
                            state={dialog.sync.clone()}
                            on_retry={on_retry_sync}
                            render={render_sync}
                        />
                    </div>
                    <div class="dialog-footer">
                        <Button id="billing-sync-close" kind={ButtonKind::Secondary} onclick={close_click}>
                            { i18n.t(Key::Close) }
                        </Button>
                        <Button id="billing-sync-rotate" kind={ButtonKind::Secondary} onclick={on_rotate}>
                            { i18n.t(Key::RotateToken) }
                        </Button>
                    </div>
                </>
            }
        }
        TokenStep::ConfirmRotate => html! {
            <form id="billing-sync-rotate-form" novalidate=true onsubmit={on_submit}>
                <div class="dialog-body">
                    <p id="billing-sync-rotate-text">{ i18n.t(Key::RotateBillingSyncTokenTitle) }</p>
                    <Callout kind={CalloutKind::Warning} id="billing-sync-rotate-warning">
                        { i18n.t(Key::RotateBillingSyncTokenWarning) }
                    </Callout>
                    if let Some(message) = error_text {
                        <Callout kind={CalloutKind::Danger} id="billing-sync-error">{ message }</Callout>
                    }
                </div>
                <div class="dialog-footer">
                    <Button id="billing-sync-rotate-confirm" kind={ButtonKind::Danger} submit=true
                        busy={dialog.busy}>
                        { i18n.t(if dialog.busy { Key::Verifying } else { Key::RotateToken }) }
                    </Button>
                    <Button id="billing-sync-cancel" kind={ButtonKind::Secondary}
                        disabled={dialog.busy} onclick={on_cancel_rotate}>
                        { i18n.t(Key::Cancel) }
                    </Button>
                </div>
            </form>
        },
    };

    let step_name = match dialog.step {
        TokenStep::Closed => "closed",
        TokenStep::Verify => "verify",
        TokenStep::Token => "token",
        TokenStep::ConfirmRotate => "rotate",
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
