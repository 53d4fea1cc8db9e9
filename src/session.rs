//! Who is logged in: the access token, the e-mail and the loaded profile,
//! shared through a reducer-backed context.
//!
//! The token lives in memory and, in the standalone app, is mirrored to
//! `sessionStorage` (never `localStorage`) by one effect, so a reload keeps
//! the user logged in while closing the tab logs them out. An embedded
//! module keeps it in memory only: several mounts on one page must not share
//! or overwrite each other's session, and the host owns its tokens.

use crate::api::Client;
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use wire::identity::ProfileResponse;
use wire::Secret;
use yew::prelude::*;

/// The `sessionStorage` key holding [`StoredSession`].
const STORAGE_KEY: &str = "billing-sync.session";

/// The session state every screen reads.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionState {
    client: Client,
    /// The Bearer token, when logged in.
    pub token: Option<Secret>,
    /// The logged-in e-mail (known at login, or from the profile).
    pub email: Option<String>,
    /// The profile, once a screen has loaded it.
    pub profile: Option<Rc<ProfileResponse>>,
    /// True after the server rejected the token, so the login screen can say why.
    pub expired: bool,
}

impl SessionState {
    /// A client for the configured servers carrying the current token.
    pub fn client(&self) -> Client {
        self.client.clone().with_token(self.token.clone())
    }

    /// True when a token is present.
    pub fn is_logged_in(&self) -> bool {
        self.token.is_some()
    }
}

/// Everything that changes the session.
#[derive(Debug)]
pub enum SessionAction {
    /// A successful login.
    LoggedIn {
        /// The new access token.
        token: Secret,
        /// The e-mail the user logged in with.
        email: String,
    },
    /// The profile arrived.
    ProfileLoaded(Rc<ProfileResponse>),
    /// The user pressed "Log out".
    LoggedOut,
    /// The server answered 401: the token is no longer valid.
    Expired,
    /// The host page handed over a new token (an embed's `setAccessToken`).
    TokenReplaced(Secret),
}

impl Reducible for SessionState {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SessionAction::LoggedIn { token, email } => {
                next.token = Some(token);
                next.email = Some(email);
                next.profile = None;
                next.expired = false;
            }
            SessionAction::TokenReplaced(token) => {
                next.token = Some(token);
                next.email = None;
                next.profile = None;
                next.expired = false;
            }
            SessionAction::ProfileLoaded(profile) => {
                next.email = Some(profile.email.clone());
                next.profile = Some(profile);
            }
            SessionAction::LoggedOut | SessionAction::Expired => {
                next.token = None;
                next.profile = None;
                next.expired = matches!(action, SessionAction::Expired);
            }
        }
        Rc::new(next)
    }
}

/// The context type: read the state, `dispatch` a [`SessionAction`].
pub type SessionContext = UseReducerHandle<SessionState>;

/// What `sessionStorage` keeps across reloads.
#[derive(Serialize, Deserialize)]
struct StoredSession {
    token: Secret,
    email: Option<String>,
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn load_stored() -> Option<StoredSession> {
    let raw = session_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    crate::api::json::from_str(&raw).ok()
}

fn store(token: Option<&Secret>, email: Option<&String>) {
    let Some(storage) = session_storage() else {
        return;
    };
    // Storage failures (quota, privacy mode) only cost the reload convenience.
    match token {
        Some(token) => {
            let stored = StoredSession {
                token: token.clone(),
                email: email.cloned(),
            };
            if let Ok(json) = crate::api::json::to_string(&stored) {
                let _ = storage.set_item(STORAGE_KEY, &json);
            }
        }
        None => {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}

/// Props of [`SessionProvider`].
#[derive(Properties, PartialEq)]
pub struct SessionProviderProps {
    /// Base URL of the API server, e.g. `/api`.
    pub api_base: AttrValue,
    /// Base URL of the Identity server, e.g. `/identity`.
    pub identity_base: AttrValue,
    /// A token to start with; without one, a token kept in `sessionStorage` is used.
    #[prop_or_default]
    pub token: Option<Secret>,
    /// Mirror the token to `sessionStorage` (the standalone app only).
    #[prop_or(true)]
    pub persist: bool,
    /// Ends every request when signalled (an embed's unmount).
    #[prop_or_default]
    pub abort: Option<web_sys::AbortSignal>,
    #[prop_or_default]
    pub children: Html,
}

/// Provides [`SessionContext`] to everything below it.
#[component]
pub fn SessionProvider(props: &SessionProviderProps) -> Html {
    let session = use_reducer(|| {
        let (token, email) = match &props.token {
            Some(token) => (Some(token.clone()), None),
            None if props.persist => {
                load_stored().map_or((None, None), |s| (Some(s.token), s.email))
            }
            None => (None, None),
        };
        SessionState {
            client: Client::new(&props.api_base, &props.identity_base)
                .with_abort(props.abort.clone()),
            token,
            email,
            profile: None,
            expired: false,
        }
    });
    // The only place that writes to storage.
    use_effect_with(
        (session.token.clone(), session.email.clone(), props.persist),
        |(token, email, persist)| {
            if *persist {
                store(token.as_ref(), email.as_ref());
            }
        },
    );
    // A token handed over later by the host replaces the session's (the
    // first run sees the token the session started with and does nothing).
    {
        let session = session.clone();
        use_effect_with(props.token.clone(), move |token| {
            if let Some(token) = token {
                if session.token.as_ref() != Some(token) {
                    session.dispatch(SessionAction::TokenReplaced(token.clone()));
                }
            }
        });
    }
    html! {
        <ContextProvider<SessionContext> context={session}>
            { props.children.clone() }
        </ContextProvider<SessionContext>>
    }
}

/// The session. Panics outside a [`SessionProvider`], which `App` always mounts.
#[hook]
pub fn use_session() -> SessionContext {
    use_context::<SessionContext>()
        .expect("use_session needs a SessionProvider above it (App mounts one)")
}
