//! Renewing the session on a 401: the refresh-token grant runs once for all
//! requests that failed together (refresh tokens are single use), then each
//! request is sent again, once, with the new token. Only when the refresh
//! fails does the 401 stand, and [`super::use_action`] / [`super::use_api`]
//! end the session with it.

use crate::api::{identity, Client};
use crate::hooks::ActionError;
use crate::session::{SessionAction, SessionContext, SessionTokens};
use std::future::Future;
use std::time::Duration;
use wire::Secret;

/// Why no new access token could be had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefreshFailure {
    /// No refresh token (a host's token, or logged out).
    NoRefreshToken,
    /// Identity refused the refresh token: the session is over.
    Rejected,
    /// Identity could not be reached; the session may still be good.
    Unreachable,
}

/// How long a request waits for another one's refresh.
const WAIT_FOR_OTHERS: Duration = Duration::from_secs(15);

/// A fresh access token for a request that was sent with `stale`: the one
/// another request already got, or a new one from the refresh-token grant.
pub async fn refreshed_token(
    session: &SessionContext,
    stale: Option<&Secret>,
) -> Result<Secret, RefreshFailure> {
    let cell = std::rc::Rc::clone(&session.shared.0);
    let newer = |cell: &crate::session::TokenCell| {
        cell.get()
            .map(|t| t.access)
            .filter(|access| Some(access) != stale)
    };
    if let Some(access) = newer(&cell) {
        return Ok(access);
    }
    if cell.is_refreshing() {
        let mut waited = Duration::ZERO;
        while cell.is_refreshing() && waited < WAIT_FOR_OTHERS {
            yew::platform::time::sleep(Duration::from_millis(50)).await;
            waited += Duration::from_millis(50);
        }
        return newer(&cell).ok_or(RefreshFailure::Rejected);
    }
    let refresh = cell
        .get()
        .and_then(|t| t.refresh)
        .ok_or(RefreshFailure::NoRefreshToken)?;
    cell.set_refreshing(true);
    let answer = identity::refresh(&session.anonymous_client(), refresh).await;
    cell.set_refreshing(false);
    match answer {
        Ok(response) => {
            let tokens = SessionTokens::from_response(&response, js_sys::Date::now());
            let access = tokens.access.clone();
            // Visible at once to requests under way; the state follows.
            cell.set(Some(tokens.clone()));
            session.dispatch(SessionAction::Refreshed(tokens));
            Ok(access)
        }
        Err(crate::api::ClientError::Network(_)) => Err(RefreshFailure::Unreachable),
        Err(_) => Err(RefreshFailure::Rejected),
    }
}

/// Runs `call` with `client`; on a 401 renews the token and runs it once
/// more. The answer of the last run is returned (a second 401, or the
/// first when no new token could be had, ends the session in the caller).
pub async fn with_reauth<T, E, F, Fut>(
    session: &SessionContext,
    client: Client,
    call: F,
) -> Result<T, E>
where
    E: ActionError,
    F: FnOnce(Client) -> Fut + Clone,
    Fut: Future<Output = Result<T, E>>,
{
    let sent_with = client.token().cloned();
    let first = (call.clone())(client.clone()).await;
    match first {
        Err(error) if error.is_unauthorized() => {
            match refreshed_token(session, sent_with.as_ref()).await {
                Ok(token) => call(client.with_token(Some(token))).await,
                Err(_) => Err(error),
            }
        }
        other => other,
    }
}
