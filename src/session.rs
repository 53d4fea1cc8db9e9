//! Who is logged in: the access and refresh tokens, the e-mail and the
//! loaded profile, shared through a reducer-backed context.
//!
//! The tokens live in memory and, in the standalone app, are mirrored to
//! `sessionStorage` (never `localStorage`) by one effect, so a reload keeps
//! the user logged in while closing the tab logs them out. An embedded
//! module keeps them in memory only: several mounts on one page must not
//! share or overwrite each other's session, and the host owns its tokens.
//! The access token is renewed with the refresh-token grant a minute before
//! it expires ([`SessionProvider`]) and once when the server answers 401
//! (`hooks::reauth`).

use crate::api::Client;
use crate::hooks::reauth::RefreshFailure;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wire::identity::{ProfileResponse, TokenResponse};
use wire::Secret;
use yew::prelude::*;

/// The `sessionStorage` key holding [`StoredSession`].
const STORAGE_KEY: &str = "billing-sync.session";
/// The `sessionStorage` key of the screen to return to after a new login.
const RETURN_TO_KEY: &str = "billing-sync.return-to";
/// How long before its expiry the access token is renewed.
const REFRESH_AHEAD_MS: f64 = 60_000.0;

/// The tokens of a login, as the session keeps them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionTokens {
    pub access: Secret,
    /// For the refresh-token grant; single use, replaced by every refresh.
    #[serde(default)]
    pub refresh: Option<Secret>,
    /// When the access token expires (milliseconds since the epoch).
    #[serde(default)]
    pub expires_at_ms: Option<f64>,
}

impl SessionTokens {
    /// The tokens of an Identity answer received at `now_ms`.
    pub fn from_response(response: &TokenResponse, now_ms: f64) -> Self {
        Self {
            access: response.access_token.clone(),
            refresh: response.refresh_token.clone(),
            // u64 seconds to f64 milliseconds: exact for any real lifetime.
            expires_at_ms: (response.expires_in > 0)
                .then_some(now_ms + response.expires_in as f64 * 1000.0),
        }
    }

    /// Only an access token (a host's, or one without a refresh token).
    pub fn access_only(access: Secret) -> Self {
        Self {
            access,
            refresh: None,
            expires_at_ms: None,
        }
    }
}

/// The tokens as of now, shared by every copy of the state, so requests
/// that fail together refresh once (refresh tokens are single use).
#[derive(Default)]
pub struct TokenCell {
    current: RefCell<Option<SessionTokens>>,
    refreshing: Cell<bool>,
}

impl TokenCell {
    /// The current tokens.
    pub fn get(&self) -> Option<SessionTokens> {
        self.current.borrow().clone()
    }

    /// Replaces the current tokens.
    pub fn set(&self, tokens: Option<SessionTokens>) {
        *self.current.borrow_mut() = tokens;
    }

    /// True while a refresh is running.
    pub fn is_refreshing(&self) -> bool {
        self.refreshing.get()
    }

    /// Marks a refresh as started or finished.
    pub fn set_refreshing(&self, running: bool) {
        self.refreshing.set(running);
    }
}

/// A shared [`TokenCell`]; equal when it is the same cell.
#[derive(Clone, Default)]
pub struct SharedTokens(pub Rc<TokenCell>);

impl PartialEq for SharedTokens {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SharedTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedTokens(..)")
    }
}

/// The session state every screen reads.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionState {
    client: Client,
    /// The Bearer token, when logged in.
    pub token: Option<Secret>,
    /// The refresh token and the access token's expiry, when known.
    pub refresh: Option<Secret>,
    pub expires_at_ms: Option<f64>,
    /// The same tokens, readable by requests already under way.
    pub shared: SharedTokens,
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

    /// A client for the configured servers without a token (Identity calls).
    pub fn anonymous_client(&self) -> Client {
        self.client.clone()
    }

    fn set_tokens(&mut self, tokens: Option<SessionTokens>) {
        self.token = tokens.as_ref().map(|t| t.access.clone());
        self.refresh = tokens.as_ref().and_then(|t| t.refresh.clone());
        self.expires_at_ms = tokens.as_ref().and_then(|t| t.expires_at_ms);
        self.shared.0.set(tokens);
    }
}

/// Everything that changes the session.
#[derive(Debug)]
pub enum SessionAction {
    /// A successful login.
    LoggedIn {
        /// The new tokens.
        tokens: SessionTokens,
        /// The e-mail the user logged in with.
        email: String,
    },
    /// The refresh-token grant renewed the tokens.
    Refreshed(SessionTokens),
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
            SessionAction::LoggedIn { tokens, email } => {
                next.set_tokens(Some(tokens));
                next.email = Some(email);
                next.profile = None;
                next.expired = false;
            }
            SessionAction::TokenReplaced(token) => {
                next.set_tokens(Some(SessionTokens::access_only(token)));
                next.email = None;
                next.profile = None;
                next.expired = false;
            }
            // Only while still logged in: a late answer after a log out is dropped.
            SessionAction::Refreshed(tokens) if next.token.is_some() => {
                next.set_tokens(Some(tokens));
            }
            SessionAction::Refreshed(_) => {}
            SessionAction::ProfileLoaded(profile) => {
                next.email = Some(profile.email.clone());
                next.profile = Some(profile);
            }
            SessionAction::LoggedOut | SessionAction::Expired => {
                next.set_tokens(None);
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
    #[serde(default)]
    refresh: Option<Secret>,
    #[serde(default)]
    expires_at_ms: Option<f64>,
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn load_stored() -> Option<StoredSession> {
    let raw = session_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    crate::api::json::from_str(&raw).ok()
}

/// True when `sessionStorage` holds a session (the standalone page then
/// goes straight to the full app, see `crate::standalone`).
pub fn has_stored_session() -> bool {
    load_stored().is_some()
}

/// Remembers the screen to show after the next login (the session ended
/// on its own while the user was on it).
pub fn remember_return_to(path: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(RETURN_TO_KEY, path);
    }
}

/// The screen remembered by [`remember_return_to`], forgotten once read.
pub fn take_return_to() -> Option<String> {
    let storage = session_storage()?;
    let path = storage.get_item(RETURN_TO_KEY).ok().flatten()?;
    let _ = storage.remove_item(RETURN_TO_KEY);
    Some(path)
}

fn store(tokens: Option<&SessionTokens>, email: Option<&String>) {
    let Some(storage) = session_storage() else {
        return;
    };
    // Storage failures (quota, privacy mode) only cost the reload convenience.
    match tokens {
        Some(tokens) => {
            let stored = StoredSession {
                token: tokens.access.clone(),
                email: email.cloned(),
                refresh: tokens.refresh.clone(),
                expires_at_ms: tokens.expires_at_ms,
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
        let (tokens, email) = match &props.token {
            Some(token) => (Some(SessionTokens::access_only(token.clone())), None),
            None if props.persist => load_stored().map_or((None, None), |s| {
                let tokens = SessionTokens {
                    access: s.token,
                    refresh: s.refresh,
                    expires_at_ms: s.expires_at_ms,
                };
                (Some(tokens), s.email)
            }),
            None => (None, None),
        };
        let mut state = SessionState {
            client: Client::new(&props.api_base, &props.identity_base)
                .with_abort(props.abort.clone()),
            token: None,
            refresh: None,
            expires_at_ms: None,
            shared: SharedTokens::default(),
            email,
            profile: None,
            expired: false,
        };
        state.set_tokens(tokens);
        state
    });
    // The only place that writes to storage. A host's token is not stored:
    // the host owns it.
    let (host_token, persist) = (props.token.is_some(), props.persist);
    use_effect_with(
        (session.shared.0.get(), session.email.clone()),
        move |(tokens, email)| {
            if persist && !host_token {
                store(tokens.as_ref(), email.as_ref());
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
    // Renew the access token a minute before it expires.
    {
        let handle = session.clone();
        use_effect_with(session.expires_at_ms.map(|ms| ms as i64), move |expires| {
            let alive = Rc::new(Cell::new(true));
            if let Some(expires) = *expires {
                let alive = Rc::clone(&alive);
                let wait = (expires as f64 - REFRESH_AHEAD_MS - js_sys::Date::now()).max(0.0);
                wasm_bindgen_futures::spawn_local(async move {
                    yew::platform::time::sleep(Duration::from_millis(wait as u64)).await;
                    if !alive.get() {
                        return;
                    }
                    let current = handle.shared.0.get().map(|t| t.access);
                    if let Err(RefreshFailure::Rejected) =
                        crate::hooks::reauth::refreshed_token(&handle, current.as_ref()).await
                    {
                        handle.dispatch(SessionAction::Expired);
                    }
                });
            }
            move || alive.set(false)
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
