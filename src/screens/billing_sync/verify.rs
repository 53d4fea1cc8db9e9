//! State A: confirm the master password before the token is shown.

use crate::components::{Button, ButtonKind, FormField};
use crate::i18n::{use_i18n, Key};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct VerifyFormProps {
    pub password_ref: NodeRef,
    pub busy: bool,
    /// "Generate token" / "Continue" / "Verifying…".
    pub submit_label: Key,
    pub error: Option<String>,
    pub on_submit: Callback<SubmitEvent>,
    pub on_close: Callback<MouseEvent>,
}

/// The password form (`#billing-sync-form`).
#[component]
pub(super) fn VerifyForm(props: &VerifyFormProps) -> Html {
    let i18n = use_i18n();
    html! {
        <form id="billing-sync-form" novalidate=true onsubmit={props.on_submit.clone()}>
            <div class="dialog-body">
                <FormField
                    id="billing-sync-password"
                    label={i18n.t(Key::MasterPassword)}
                    input_type="password"
                    autocomplete="current-password"
                    node_ref={props.password_ref.clone()}
                    hint={AttrValue::Static(i18n.t(Key::ConfirmIdentity))}
                    error={props.error.clone().map(AttrValue::from)}
                    readonly={props.busy}
                    autofocus=true
                />
            </div>
            <div class="dialog-footer">
                <Button id="billing-sync-submit" submit=true busy={props.busy}>
                    { i18n.t(props.submit_label) }
                </Button>
                <Button id="billing-sync-close" kind={ButtonKind::Secondary} onclick={props.on_close.clone()}>
                    { i18n.t(Key::Close) }
                </Button>
            </div>
        </form>
    }
}
