//! State B: the token, its dates, Copy and Rotate.

use super::state::{IssuedToken, TokenNotice};
use super::sync_status::{awaiting_sync_text, sync_line, SyncLine};
use crate::components::{AsyncView, Button, ButtonKind, Callout, CalloutKind};
use crate::format::{medium_date_time, now_millis};
use crate::hooks::Loadable;
use crate::i18n::{use_i18n, Key};
use std::rc::Rc;
use wire::sponsorships::SyncStatusResponse;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct TokenViewProps {
    pub token: Option<IssuedToken>,
    pub notice: Option<TokenNotice>,
    pub sync: Loadable<SyncStatusResponse>,
    pub token_ref: NodeRef,
    pub on_copy: Callback<MouseEvent>,
    pub on_retry_sync: Callback<()>,
    pub on_close: Callback<MouseEvent>,
    pub on_rotate: Callback<MouseEvent>,
}

/// The token and what the user can do with it.
#[component]
pub(super) fn TokenView(props: &TokenViewProps) -> Html {
    let i18n = use_i18n();
    let token = props.token.clone();
    let notice = props.notice;
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
                if notice == Some(TokenNotice::Rotated) {
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
                            ref={props.token_ref.clone()}
                            value={token.as_ref().map(|t| t.api_key.expose().to_owned()).unwrap_or_default()}
                        />
                        <Button id="billing-sync-copy" kind={ButtonKind::Secondary} onclick={props.on_copy.clone()}>
                            { i18n.t(Key::CopyGeneratedToken) }
                        </Button>
                    </div>
                </div>
                <div aria-live="polite">
                    if notice == Some(TokenNotice::Copied) {
                        <p id="billing-sync-copied" class="text-success small">
                            <span aria-hidden="true">{ "✓ " }</span>
                            { i18n.t(Key::BillingSyncTokenCopied) }
                        </p>
                    }
                    if notice == Some(TokenNotice::CopyFailed) {
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
                    state={props.sync.clone()}
                    on_retry={props.on_retry_sync.clone()}
                    render={render_sync}
                />
            </div>
            <div class="dialog-footer">
                <Button id="billing-sync-close" kind={ButtonKind::Secondary} onclick={props.on_close.clone()}>
                    { i18n.t(Key::Close) }
                </Button>
                <Button id="billing-sync-rotate" kind={ButtonKind::Secondary} onclick={props.on_rotate.clone()}>
                    { i18n.t(Key::RotateToken) }
                </Button>
            </div>
        </>
    }
}
