//! State C: "rotating invalidates the previous token", confirm or cancel.

use crate::components::{Button, ButtonKind, Callout, CalloutKind};
use crate::i18n::{use_i18n, Key};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct RotateConfirmProps {
    pub busy: bool,
    pub error: Option<String>,
    pub on_submit: Callback<SubmitEvent>,
    pub on_cancel: Callback<MouseEvent>,
}

/// The confirmation form (`#billing-sync-rotate-form`).
#[component]
pub(super) fn RotateConfirm(props: &RotateConfirmProps) -> Html {
    let i18n = use_i18n();
    let busy = props.busy;
    html! {
        <form id="billing-sync-rotate-form" novalidate=true onsubmit={props.on_submit.clone()}>
            <div class="dialog-body">
                <p id="billing-sync-rotate-text">{ i18n.t(Key::RotateBillingSyncTokenTitle) }</p>
                <Callout kind={CalloutKind::Warning} id="billing-sync-rotate-warning">
                    { i18n.t(Key::RotateBillingSyncTokenWarning) }
                </Callout>
                if let Some(message) = props.error.clone() {
                    <Callout kind={CalloutKind::Danger} id="billing-sync-error">{ message }</Callout>
                }
            </div>
            <div class="dialog-footer">
                <Button id="billing-sync-rotate-confirm" kind={ButtonKind::Danger} submit=true {busy}>
                    { i18n.t(if busy { Key::Verifying } else { Key::RotateToken }) }
                </Button>
                <Button id="billing-sync-cancel" kind={ButtonKind::Secondary}
                    disabled={busy} onclick={props.on_cancel.clone()}>
                    { i18n.t(Key::Cancel) }
                </Button>
            </div>
        </form>
    }
}
