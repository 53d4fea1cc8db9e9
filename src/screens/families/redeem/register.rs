//! The offer page's "create account" step: name, master password twice →
//! register with PBKDF2 600,000 and the account's keys made in this browser
//! (user key, RSA key pair; only their encrypted forms are sent, see
//! [`crate::account::register_and_log_in`]) → log in.

use super::LinkProps;
use crate::account::{register_and_log_in, LoginError};
use crate::components::{input_value, Button, Callout, CalloutKind, FormField};
use crate::hooks::use_action;
use crate::i18n::{use_i18n, Key};
use crate::screens::families::rules::{register_password_hint, validate_register, RegisterErrors};
use crate::session::SessionTokens;
use crate::session::{use_session, SessionAction};
use std::time::Duration;
use wire::kdf::normalize_email;
use yew::prelude::*;

/// Name, master password twice, and "Create account".
#[component]
pub(super) fn RegisterForm(props: &LinkProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let register = use_action::<SessionTokens, LoginError>();
    let fields = use_state(RegisterErrors::default);
    let name_ref = use_node_ref();
    let password_ref = use_node_ref();
    let confirm_ref = use_node_ref();
    let busy = register.busy();

    let on_submit = {
        let (register, fields, session) = (register.clone(), fields.clone(), session.clone());
        let (name_ref, password_ref, confirm_ref) =
            (name_ref.clone(), password_ref.clone(), confirm_ref.clone());
        let email = normalize_email(&props.link.email);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if register.busy() {
                return;
            }
            let password = input_value(&password_ref);
            let errors = validate_register(&password, &input_value(&confirm_ref));
            if !errors.is_empty() {
                register.reset();
                fields.set(errors);
                return;
            }
            let name = Some(input_value(&name_ref).trim().to_owned()).filter(|n| !n.is_empty());
            fields.set(RegisterErrors::default());
            let (session, email) = (session.clone(), email.clone());
            let for_register = email.clone();
            register.run_then(
                move |client| async move {
                    yew::platform::time::sleep(Duration::from_millis(16)).await;
                    register_and_log_in(&client, &for_register, name, &password).await
                },
                move |answer| {
                    if let Ok(token) = answer {
                        let token = (*token).clone();
                        session.dispatch(SessionAction::LoggedIn {
                            tokens: token,
                            email,
                        });
                    }
                },
            );
        })
    };

    let message = register.error().map(|error| error.message(i18n.locale));
    let text = |key: Option<Key>| key.map(|k| AttrValue::Static(i18n.t(k)));
    html! {
        <form id="register-form" novalidate=true onsubmit={on_submit}>
            <FormField id="register-email" label={i18n.t(Key::EmailAddress)} input_type="email"
                value={AttrValue::from(props.link.email.clone())} readonly=true />
            <FormField id="register-name" label={i18n.t(Key::Name)} autocomplete="name"
                node_ref={name_ref} readonly={busy} autofocus=true />
            <FormField id="register-password" label={i18n.t(Key::MasterPassword)} input_type="password"
                autocomplete="new-password" node_ref={password_ref}
                hint={text(register_password_hint(fields.password))}
                error={text(fields.password)} readonly={busy} />
            <FormField id="register-password-confirm" label={i18n.t(Key::ConfirmMasterPassword)}
                input_type="password" autocomplete="new-password" node_ref={confirm_ref}
                error={text(fields.confirm)} readonly={busy} />
            if let Some(message) = message {
                <Callout kind={CalloutKind::Danger} id="register-error">{ message }</Callout>
            }
            <Button id="register-submit" submit=true {busy}>
                { if busy { i18n.t(Key::CreatingAccount) } else { i18n.t(Key::CreateAccount) } }
            </Button>
        </form>
    }
}
