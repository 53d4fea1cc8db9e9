//! `use_profile`: the session's profile, loaded once if no screen has yet.

use crate::api::organizations;
use crate::hooks::{use_api, Loadable, UseApiHandle};
use crate::session::{use_session, SessionAction};
use std::rc::Rc;
use wire::identity::ProfileResponse;
use yew::prelude::*;

/// The logged-in user's profile (memberships and roles). Uses the one the
/// session already holds; otherwise loads it and shares it with the session,
/// so a page opened directly (a reload, a bookmark) still knows the roles.
#[hook]
pub fn use_profile() -> UseApiHandle<ProfileResponse> {
    let session = use_session();
    let cached = session.profile.clone();
    let fetched = use_api(cached.is_some(), |client, cached| async move {
        if cached {
            Ok(None)
        } else {
            organizations::profile(&client).await.map(Some)
        }
    });
    {
        let session = session.clone();
        use_effect_with(fetched.state.ready().cloned(), move |loaded| {
            if let Some(Some(profile)) = loaded.as_deref() {
                session.dispatch(SessionAction::ProfileLoaded(Rc::new(profile.clone())));
            }
        });
    }
    let state = match (cached, fetched.state) {
        (Some(profile), _) => Loadable::Ready(profile),
        // Loaded: the effect above hands it to the session on this render.
        (None, Loadable::Ready(_) | Loadable::Loading) => Loadable::Loading,
        (None, Loadable::Empty) => Loadable::Empty,
        (None, Loadable::Failed(error)) => Loadable::Failed(error),
    };
    UseApiHandle {
        state,
        refetch: fetched.refetch,
    }
}
