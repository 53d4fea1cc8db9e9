//! `use_api`: run a request when its inputs change, expose every state.

use crate::api::{Client, ClientError};
use crate::embed::use_host;
use crate::hooks::expire_if_unauthorized;
use crate::hooks::reauth::with_reauth;
use crate::hooks::use_action::report_failure;
use crate::i18n::use_i18n;
use crate::session::use_session;
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use yew::prelude::*;

/// The state of data loaded from the server. [`crate::components::AsyncView`]
/// renders all four, so no screen can forget the error or empty case.
#[derive(Debug)]
pub enum Loadable<T> {
    /// The request is in flight.
    Loading,
    /// The data arrived.
    Ready(Rc<T>),
    /// The data arrived but there is nothing to show.
    Empty,
    /// The request failed.
    Failed(ClientError),
}

impl<T> Loadable<T> {
    /// Turns `Ready` into `Empty` when `is_empty` says so (e.g. an empty list).
    pub fn empty_when(self, is_empty: impl Fn(&T) -> bool) -> Self {
        match self {
            Loadable::Ready(value) if is_empty(&value) => Loadable::Empty,
            other => other,
        }
    }

    /// The data, if it is ready.
    pub fn ready(&self) -> Option<&Rc<T>> {
        match self {
            Loadable::Ready(value) => Some(value),
            _ => None,
        }
    }
}

// Manual impls: deriving would demand `T: Clone`, but only the `Rc` is cloned.
impl<T> Clone for Loadable<T> {
    fn clone(&self) -> Self {
        match self {
            Loadable::Loading => Loadable::Loading,
            Loadable::Ready(value) => Loadable::Ready(Rc::clone(value)),
            Loadable::Empty => Loadable::Empty,
            Loadable::Failed(error) => Loadable::Failed(error.clone()),
        }
    }
}

// Each response is a fresh `Rc`, so pointer equality is "same response".
impl<T> PartialEq for Loadable<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Loadable::Loading, Loadable::Loading) | (Loadable::Empty, Loadable::Empty) => true,
            (Loadable::Ready(a), Loadable::Ready(b)) => Rc::ptr_eq(a, b),
            (Loadable::Failed(a), Loadable::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// What [`use_api`] returns.
pub struct UseApiHandle<T> {
    /// The current state of the request.
    pub state: Loadable<T>,
    /// Runs the request again (the "Try again" button).
    pub refetch: Callback<()>,
}

/// Runs `fetch(client, deps)` whenever `deps` or the servers change, and on
/// `refetch` (a renewed token does not reload the screen). A 401 renews the
/// token and fetches once more ([`super::reauth`]); if that fails the session
/// ends, which sends the user to the login screen. A response that arrives
/// after the inputs changed is dropped.
///
/// ```text
/// let sub = use_api(org_id, |client, id| async move { subscription(&client, id).await });
/// html! { <AsyncView<Sub> state={sub.state.clone()} on_retry={sub.refetch.clone()} render={…} /> }
/// ```
#[hook]
pub fn use_api<T, D, F, Fut>(deps: D, fetch: F) -> UseApiHandle<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(Client, D) -> Fut + Clone + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let session = use_session();
    let (host, locale) = (use_host(), use_i18n().locale);
    let state = use_state(|| Loadable::Loading);
    let generation = use_state(|| 0u32);
    {
        let state = state.setter();
        let session = session.clone();
        // Keyed on the servers and whether there is a token, not on the
        // token itself: a refresh must not reload what is on screen.
        let servers = (session.anonymous_client(), session.is_logged_in());
        use_effect_with((deps, servers, *generation), move |(deps, _, _)| {
            let current = Rc::new(Cell::new(true));
            state.set(Loadable::Loading);
            let deps = deps.clone();
            let client = session.client();
            let still_current = Rc::clone(&current);
            wasm_bindgen_futures::spawn_local(async move {
                let result = with_reauth(&session, client, move |client| fetch(client, deps)).await;
                if !still_current.get() {
                    return;
                }
                match result {
                    Ok(value) => state.set(Loadable::Ready(Rc::new(value))),
                    Err(error) => {
                        expire_if_unauthorized(&session, &error);
                        report_failure(&host, &error, locale);
                        state.set(Loadable::Failed(error));
                    }
                }
            });
            move || current.set(false)
        });
    }
    let refetch = {
        let generation = generation.clone();
        Callback::from(move |()| generation.set(generation.wrapping_add(1)))
    };
    UseApiHandle {
        state: (*state).clone(),
        refetch,
    }
}
