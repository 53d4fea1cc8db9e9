//! `use_action`: run a request the user started (a submit, a button) and
//! expose busy, error and result. The one place where a 401 from such a
//! request renews the token and retries once ([`super::reauth`]) or ends
//! the session, where a late answer is dropped, and where a failed request is
//! reported to an embedding host (`error` event).

use crate::api::{Client, ClientError};
use crate::embed::{use_host, Host, HostEvent};
use crate::hooks::reauth::with_reauth;
use crate::i18n::use_i18n;
use crate::session::{use_session, SessionAction, SessionContext};
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use yew::prelude::*;

/// An error an action can end with. `is_unauthorized` says the server
/// rejected the token, which ends the session.
pub trait ActionError: Clone + 'static {
    /// True for the server's 401.
    fn is_unauthorized(&self) -> bool;

    /// The request failure inside, if any (not a validation message of
    /// ours): what an embedding host hears about as an `error` event.
    fn client_error(&self) -> Option<&ClientError> {
        None
    }
}

impl ActionError for ClientError {
    fn is_unauthorized(&self) -> bool {
        matches!(self, ClientError::Unauthorized)
    }

    fn client_error(&self) -> Option<&ClientError> {
        Some(self)
    }
}

/// Tells an embedding host that a request failed (a 401 is reported as
/// `session-expired` instead, by the app).
pub fn report_failure(host: &Host, error: &ClientError, locale: crate::i18n::Locale) {
    if !matches!(error, ClientError::Unauthorized) {
        host.emit(HostEvent::from_client_error(error, locale));
    }
}

/// Ends the session when the server rejected the token: the login screen
/// then says why. Every request path goes through here.
pub fn expire_if_unauthorized(session: &SessionContext, error: &impl ActionError) {
    if error.is_unauthorized() {
        session.dispatch(SessionAction::Expired);
    }
}

/// Where an action stands.
#[derive(Debug)]
pub enum ActionState<T, E> {
    /// Not started, or reset.
    Idle,
    /// Running.
    Busy,
    /// The last run succeeded.
    Done(Rc<T>),
    /// The last run failed.
    Failed(E),
}

// Manual impl: deriving would demand `T: Clone`, but only the `Rc` is cloned.
impl<T, E: Clone> Clone for ActionState<T, E> {
    fn clone(&self) -> Self {
        match self {
            ActionState::Idle => ActionState::Idle,
            ActionState::Busy => ActionState::Busy,
            ActionState::Done(value) => ActionState::Done(Rc::clone(value)),
            ActionState::Failed(error) => ActionState::Failed(error.clone()),
        }
    }
}

/// Which run an answer belongs to, read when it arrives (not when the
/// callback was made, so it is never stale).
#[derive(Default)]
struct Runs {
    /// Bumped by every start, reset and the unmount: an answer whose number
    /// is no longer current is dropped.
    current: Cell<u32>,
    /// A run is in flight (guards double submits between renders).
    running: Cell<bool>,
}

impl Runs {
    fn next(&self) -> u32 {
        let next = self.current.get().wrapping_add(1);
        self.current.set(next);
        next
    }
}

/// What [`use_action`] returns; cheap to clone into callbacks.
pub struct UseActionHandle<T, E = ClientError> {
    state: UseStateHandle<ActionState<T, E>>,
    runs: Rc<Runs>,
    session: SessionContext,
    host: Host,
    locale: crate::i18n::Locale,
}

impl<T, E> Clone for UseActionHandle<T, E> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            runs: Rc::clone(&self.runs),
            session: self.session.clone(),
            host: self.host.clone(),
            locale: self.locale,
        }
    }
}

impl<T: 'static, E: ActionError> UseActionHandle<T, E> {
    /// True while a run is in flight (as of this render).
    pub fn busy(&self) -> bool {
        matches!(*self.state, ActionState::Busy)
    }

    /// The last run's error, until the next run or a reset.
    pub fn error(&self) -> Option<&E> {
        match &*self.state {
            ActionState::Failed(error) => Some(error),
            _ => None,
        }
    }

    /// The last run's result, until the next run or a reset.
    pub fn result(&self) -> Option<&Rc<T>> {
        match &*self.state {
            ActionState::Done(value) => Some(value),
            _ => None,
        }
    }

    /// The whole state.
    pub fn state(&self) -> &ActionState<T, E> {
        &self.state
    }

    /// Starts `action` with a client carrying the session's token, unless a
    /// run is already in flight (a double submit); returns whether it started.
    pub fn run<F, Fut>(&self, action: F) -> bool
    where
        F: FnOnce(Client) -> Fut + Clone + 'static,
        Fut: Future<Output = Result<T, E>> + 'static,
    {
        self.run_then(action, |_| ())
    }

    /// [`Self::run`], then `done` with the answer once it applies (never for
    /// a dropped answer), e.g. to move a screen's reducer or reload data.
    pub fn run_then<F, Fut, D>(&self, action: F, done: D) -> bool
    where
        F: FnOnce(Client) -> Fut + Clone + 'static,
        Fut: Future<Output = Result<T, E>> + 'static,
        D: FnOnce(Result<Rc<T>, E>) + 'static,
    {
        if self.runs.running.get() {
            return false;
        }
        self.start(action, done);
        true
    }

    /// Starts `action` even while one runs; the earlier run's answer is
    /// dropped (a reload where only the newest answer counts).
    pub fn restart_then<F, Fut, D>(&self, action: F, done: D)
    where
        F: FnOnce(Client) -> Fut + Clone + 'static,
        Fut: Future<Output = Result<T, E>> + 'static,
        D: FnOnce(Result<Rc<T>, E>) + 'static,
    {
        self.start(action, done);
    }

    /// Back to idle; the answer of a run in flight is dropped.
    pub fn reset(&self) {
        self.runs.next();
        self.runs.running.set(false);
        self.state.set(ActionState::Idle);
    }

    fn start<F, Fut, D>(&self, action: F, done: D)
    where
        F: FnOnce(Client) -> Fut + Clone + 'static,
        Fut: Future<Output = Result<T, E>> + 'static,
        D: FnOnce(Result<Rc<T>, E>) + 'static,
    {
        let run = self.runs.next();
        self.runs.running.set(true);
        self.state.set(ActionState::Busy);
        let (state, runs, session) = (
            self.state.setter(),
            Rc::clone(&self.runs),
            self.session.clone(),
        );
        let (host, locale) = (self.host.clone(), self.locale);
        let client = session.client();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = with_reauth(&session, client, action).await;
            // Re-run, reset or unmounted since: this answer is stale.
            if runs.current.get() != run {
                return;
            }
            runs.running.set(false);
            let answer = answer.map(Rc::new);
            match &answer {
                Ok(value) => state.set(ActionState::Done(Rc::clone(value))),
                Err(error) => {
                    expire_if_unauthorized(&session, error);
                    if let Some(failure) = error.client_error() {
                        report_failure(&host, failure, locale);
                    }
                    state.set(ActionState::Failed(error.clone()));
                }
            }
            done(answer);
        });
    }
}

/// One action: `run` it from a callback, read `busy()`, `error()` and
/// `result()` when rendering.
///
/// ```text
/// let sync = use_action::<SyncRun, ClientError>();
/// let on_click = { let sync = sync.clone(); Callback::from(move |_| {
///     sync.run(move |client| async move { sponsorships::sync_now(&client, org_id).await });
/// }) };
/// html! { <Button busy={sync.busy()} onclick={on_click}>{ "Sync now" }</Button> }
/// ```
#[hook]
pub fn use_action<T, E>() -> UseActionHandle<T, E>
where
    T: 'static,
    E: ActionError,
{
    let session = use_session();
    let host = use_host();
    let locale = use_i18n().locale;
    let state = use_state(|| ActionState::Idle);
    let runs = use_memo((), |_| Runs::default());
    {
        let runs = Rc::clone(&runs);
        // Unmounting makes every answer in flight stale.
        use_effect_with((), move |_| {
            move || {
                runs.next();
            }
        });
    }
    UseActionHandle {
        state,
        runs,
        session,
        host,
        locale,
    }
}
