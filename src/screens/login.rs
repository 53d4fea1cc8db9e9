//! Login: e-mail step, then master password step. The password is hashed in
//! the browser (see [`crate::kdf`]); only the hash is sent.

use crate::account::{log_in, LoginError};
use crate::components::{input_value, Button, Callout, CalloutKind, FormField, Shell};
use crate::hooks::use_action;
use crate::i18n::{use_i18n, Key};
use crate::session::SessionTokens;
use crate::session::{use_session, SessionAction};
use std::rc::Rc;
use std::time::Duration;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Which form the login screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginStep {
    /// Asking for the e-mail address.
    Email,
    /// Asking for the master password of `LoginState::email`.
    Password,
}

/// The login screen's steps; the request itself is a [`use_action`].
#[derive(Clone, Debug, PartialEq)]
pub struct LoginState {
    pub step: LoginStep,
    pub email: String,
    /// Input rejected before anything was sent.
    pub field_error: Option<Key>,
}

/// Everything that moves the login screen.
pub enum LoginAction {
    /// A valid e-mail was entered.
    EmailEntered(String),
    /// "Not you?": back to the e-mail step.
    ChangeEmail,
    /// Input failed validation.
    Invalid(Key),
    /// The password was submitted.
    Submitting,
}

impl Reducible for LoginState {
    type Action = LoginAction;

    fn reduce(self: Rc<Self>, action: LoginAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.field_error = None;
        match action {
            LoginAction::EmailEntered(email) => {
                next.email = email;
                next.step = LoginStep::Password;
            }
            LoginAction::ChangeEmail => next.step = LoginStep::Email,
            LoginAction::Invalid(key) => next.field_error = Some(key),
            LoginAction::Submitting => {}
        }
        Rc::new(next)
    }
}

/// A rough check; the server decides whether the account exists.
fn validate_email(raw: &str) -> Result<String, Key> {
    let email = raw.trim();
    match email.split_once('@') {
        _ if email.is_empty() => Err(Key::EmailRequired),
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => Ok(email.to_owned()),
        _ => Err(Key::InvalidEmail),
    }
}

/// The login route: the form, and once logged in, on to where the user
/// was going.
#[component]
pub fn Login() -> Html {
    if use_session().is_logged_in() {
        // Back to a waiting Free Families offer, else the vault.
        html! { <crate::screens::families::AfterLoginRedirect /> }
    } else {
        html! { <LoginForm /> }
    }
}

/// The login form alone: what the standalone page's first wasm shows
/// (`crate::standalone`), which hands over to the full app after a login
/// instead of routing on.
#[component]
pub fn LoginForm() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let state = use_reducer(|| LoginState {
        step: LoginStep::Email,
        email: session.email.clone().unwrap_or_default(),
        field_error: None,
    });
    let login = use_action::<SessionTokens, LoginError>();
    let busy = login.busy();
    let email_ref = use_node_ref();
    let password_ref = use_node_ref();

    // Move focus to the field of the step just shown.
    {
        let (email_ref, password_ref) = (email_ref.clone(), password_ref.clone());
        use_effect_with(state.step, move |step| {
            let target = match step {
                LoginStep::Email => email_ref,
                LoginStep::Password => password_ref,
            };
            if let Some(input) = target.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }

    let on_email_submit = {
        let (state, login, email_ref) = (state.clone(), login.clone(), email_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            login.reset();
            match validate_email(&input_value(&email_ref)) {
                Ok(email) => state.dispatch(LoginAction::EmailEntered(email)),
                Err(key) => state.dispatch(LoginAction::Invalid(key)),
            }
        })
    };

    let on_password_submit = {
        let (state, login, session) = (state.clone(), login.clone(), session.clone());
        let password_ref = password_ref.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let password = input_value(&password_ref);
            if password.is_empty() {
                login.reset();
                state.dispatch(LoginAction::Invalid(Key::MasterPasswordRequired));
                return;
            }
            state.dispatch(LoginAction::Submitting);
            let email = state.email.clone();
            let session = session.clone();
            login.run_then(
                {
                    let email = email.clone();
                    move |client| async move {
                        // Let the busy state paint before Argon2 occupies the thread.
                        yew::platform::time::sleep(Duration::from_millis(16)).await;
                        log_in(&client, &email, &password).await
                    }
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

    let on_change_email = {
        let (state, login) = (state.clone(), login.clone());
        Callback::from(move |_: MouseEvent| {
            login.reset();
            state.dispatch(LoginAction::ChangeEmail);
        })
    };

    let field_error = |key: Key| -> Option<AttrValue> {
        (state.field_error == Some(key)).then(|| AttrValue::Static(i18n.t(key)))
    };
    let email_error = field_error(Key::EmailRequired).or(field_error(Key::InvalidEmail));
    let password_error = field_error(Key::MasterPasswordRequired);
    let failure = login.error().map(|error| error.message(i18n.locale));

    html! {
        <Shell main_class="centered">
            <section class="card login-card" aria-labelledby="login-title">
                <h1 id="login-title">{ i18n.t(Key::LogIn) }</h1>
                if session.expired {
                    <Callout kind={CalloutKind::Warning} id="session-expired">
                        { i18n.t(Key::SessionExpired) }
                    </Callout>
                }
                if state.step == LoginStep::Email {
                    <form id="login-email-form" novalidate=true onsubmit={on_email_submit}>
                        <FormField
                            id="email"
                            label={i18n.t(Key::EmailAddress)}
                            input_type="email"
                            autocomplete="email"
                            node_ref={email_ref}
                            value={AttrValue::from(state.email.clone())}
                            error={email_error}
                            autofocus=true
                        />
                        <Button id="login-continue" submit=true>{ i18n.t(Key::Continue) }</Button>
                    </form>
                } else {
                    <form id="login-password-form" novalidate=true onsubmit={on_password_submit}>
                        <p class="login-as">
                            { i18n.t(Key::LoggingInAs) }{ " " }
                            <strong id="login-email">{ state.email.clone() }</strong>
                            { " " }
                            <button id="login-change-email" type="button" class="link-button"
                                onclick={on_change_email} disabled={busy}>
                                { i18n.t(Key::NotYou) }
                            </button>
                        </p>
                        <FormField
                            id="master-password"
                            label={i18n.t(Key::MasterPassword)}
                            input_type="password"
                            autocomplete="current-password"
                            node_ref={password_ref}
                            error={password_error}
                            disabled={busy}
                        />
                        if let Some(message) = failure {
                            <Callout kind={CalloutKind::Danger} id="login-error">{ message }</Callout>
                        }
                        <Button id="login-submit" submit=true busy={busy}>
                            { if busy { i18n.t(Key::LoggingIn) } else { i18n.t(Key::LogInWithMasterPassword) } }
                        </Button>
                    </form>
                }
            </section>
        </Shell>
    }
}
