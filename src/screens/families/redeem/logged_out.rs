//! The offer page while logged out: log in in place, or switch to creating
//! the account ([`super::register`]) when the link says there is none.

use super::register::RegisterForm;
use super::LinkProps;
use crate::account::{log_in, LoginError};
use crate::components::{input_value, Button, Callout, CalloutKind, FormField};
use crate::hooks::use_action;
use crate::i18n::{use_i18n, Key};
use crate::session::SessionTokens;
use crate::session::{use_session, SessionAction};
use std::time::Duration;
use yew::prelude::*;

/// Log in, or create the account when the link says there is none.
#[component]
pub(super) fn RedeemLoggedOut(props: &LinkProps) -> Html {
    let i18n = use_i18n();
    let register = use_state(|| props.link.register);
    let toggle = {
        let register = register.clone();
        Callback::from(move |_: MouseEvent| register.set(!*register))
    };
    html! {
        <div id="redeem-login" data-mode={if *register { "register" } else { "login" }}>
            if *register {
                <p>{ i18n.t_with(Key::SetupSponsoredFamiliesRegisterDesc, &[("email", &props.link.email)]) }</p>
                <RegisterForm link={props.link.clone()} />
                <p><button id="redeem-login-instead" type="button" class="link-button" onclick={toggle}>
                    { i18n.t(Key::LogInInstead) }
                </button></p>
            } else {
                <p>{ i18n.t(Key::SetupSponsoredFamiliesLoginDesc) }</p>
                <RedeemLoginForm link={props.link.clone()} />
                <p><button id="redeem-register-instead" type="button" class="link-button" onclick={toggle}>
                    { i18n.t(Key::CreateAccountInstead) }
                </button></p>
            }
        </div>
    }
}

/// The login form's own input check, before anything is sent.
fn check_login(email: &str, password: &str) -> Result<(), Key> {
    if email.is_empty() {
        Err(Key::EmailRequired)
    } else if password.is_empty() {
        Err(Key::MasterPasswordRequired)
    } else {
        Ok(())
    }
}

/// E-mail (prefilled with the offer's) and master password.
#[component]
fn RedeemLoginForm(props: &LinkProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let login = use_action::<SessionTokens, LoginError>();
    let field_error = use_state(|| None::<Key>);
    let email_ref = use_node_ref();
    let password_ref = use_node_ref();
    let busy = login.busy();

    let on_submit = {
        let (login, field_error, session) = (login.clone(), field_error.clone(), session.clone());
        let (email_ref, password_ref) = (email_ref.clone(), password_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if login.busy() {
                return;
            }
            let email = input_value(&email_ref).trim().to_owned();
            let password = input_value(&password_ref);
            if let Err(key) = check_login(&email, &password) {
                login.reset();
                field_error.set(Some(key));
                return;
            }
            field_error.set(None);
            let session = session.clone();
            let for_login = email.clone();
            login.run_then(
                move |client| async move {
                    // Let the busy state paint before the key derivation runs.
                    yew::platform::time::sleep(Duration::from_millis(16)).await;
                    log_in(&client, &for_login, &password).await
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

    let error_for = |key: Key| (*field_error == Some(key)).then(|| AttrValue::Static(i18n.t(key)));
    let failure = login.error().map(|error| error.message(i18n.locale));
    html! {
        <form id="redeem-login-form" novalidate=true onsubmit={on_submit}>
            <FormField id="redeem-login-email" label={i18n.t(Key::EmailAddress)} input_type="email"
                autocomplete="email" node_ref={email_ref}
                value={AttrValue::from(props.link.email.clone())}
                error={error_for(Key::EmailRequired)} readonly={busy} />
            <FormField id="redeem-login-password" label={i18n.t(Key::MasterPassword)} input_type="password"
                autocomplete="current-password" node_ref={password_ref}
                error={error_for(Key::MasterPasswordRequired)} readonly={busy} autofocus=true />
            if let Some(message) = failure {
                <Callout kind={CalloutKind::Danger} id="redeem-login-error">{ message }</Callout>
            }
            <Button id="redeem-login-submit" submit=true {busy}>
                { if busy { i18n.t(Key::LoggingIn) } else { i18n.t(Key::LogInWithMasterPassword) } }
            </Button>
        </form>
    }
}
