//! Self-hosted: "New organization" (`/create-organization`). The license
//! file downloaded from the cloud organization creates the organization on
//! this server; the page then refreshes the profile and opens the new
//! organization's Billing → Subscription with `?created=1`, which that page
//! turns into a one-time "Organization created" confirmation.

use crate::api::{licenses, organizations};
use crate::app::Route;
use crate::components::{Button, Callout, CalloutKind, Shell};
use crate::hooks::use_api;
use crate::i18n::{use_i18n, Key};
use crate::screens::license_billing::{
    expire_if_unauthorized, selected_file, LicenseFailure, LicenseFileField, LicenseOperation,
    Outcome,
};
use crate::session::{use_session, SessionAction};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// The query parameter that marks the Subscription page as opened right
/// after creating the organization (`?created=1`).
pub const CREATED_PARAM: &str = "created";

/// True when `query` (with or without its leading `?`) carries `created=1`.
pub fn is_created_query(query: &str) -> bool {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .any(|(name, value)| name == CREATED_PARAM && value == "1")
}

/// The "New organization" link on the vault, shown on self-hosted servers
/// only (the cloud creates organizations through its own sign-up).
#[component]
pub fn NewOrganizationLink() -> Html {
    let i18n = use_i18n();
    let config = use_api((), |client, ()| async move {
        organizations::config(&client).await
    });
    match config.state.ready() {
        Some(config) if config.self_hosted => html! {
            <p class="new-organization">
                <Link<Route> to={Route::CreateOrganization} classes="btn btn-secondary">
                    <span id="new-organization-link">{ i18n.t(Key::NewOrganization) }</span>
                </Link<Route>>
            </p>
        },
        _ => Html::default(),
    }
}

/// The page.
#[component]
pub fn NewOrganization() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let outcome = use_state(|| Outcome::Idle);
    let file_ref = use_node_ref();

    let on_submit = {
        let (outcome, session, file_ref) = (outcome.clone(), session.clone(), file_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if outcome.is_busy() {
                return;
            }
            let Some(file) = selected_file(&file_ref) else {
                outcome.set(Outcome::Invalid(Key::SelectFile));
                return;
            };
            outcome.set(Outcome::Busy);
            let (outcome, session, navigator) =
                (outcome.clone(), session.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let client = session.client();
                let organization = match licenses::create_organization(&client, &file).await {
                    Ok(organization) => organization,
                    Err(error) => {
                        expire_if_unauthorized(&session, &error);
                        outcome.set(Outcome::Failed(error));
                        return;
                    }
                };
                // The new membership must be in the profile before the Admin
                // Console asks for the member's role. If the refresh fails the
                // subscription page loads the profile itself.
                if let Ok(profile) = organizations::profile(&client).await {
                    session.dispatch(SessionAction::ProfileLoaded(Rc::new(profile)));
                }
                outcome.set(Outcome::Succeeded);
                if let Some(navigator) = navigator {
                    let route = Route::Subscription {
                        org_id: organization.id,
                    };
                    if navigator
                        .push_with_query(&route, &[(CREATED_PARAM, "1")])
                        .is_err()
                    {
                        navigator.push(&route);
                    }
                }
            });
        })
    };

    let busy = outcome.is_busy();
    html! {
        <Shell>
            <h1 id="new-organization-title">{ i18n.t(Key::NewOrganization) }</h1>
            <section class="card" aria-labelledby="new-organization-title">
                <p id="new-organization-desc">{ i18n.t(Key::NewOrganizationDesc) }</p>
                <form id="new-organization-form" novalidate=true onsubmit={on_submit}>
                    <LicenseFileField id="new-organization-file" node_ref={file_ref} disabled={busy} />
                    <div class="button-row">
                        <Button id="new-organization-submit" submit=true {busy}>
                            { i18n.t(Key::Submit) }
                        </Button>
                        <Link<Route> to={Route::Vault} classes="btn btn-secondary">
                            { i18n.t(Key::Cancel) }
                        </Link<Route>>
                    </div>
                    {
                        match &*outcome {
                            Outcome::Invalid(key) => html! {
                                <Callout kind={CalloutKind::Danger} id="new-organization-error">
                                    { i18n.t(*key) }
                                </Callout>
                            },
                            Outcome::Failed(error) => html! {
                                <LicenseFailure id="new-organization-error"
                                    operation={LicenseOperation::CreateOrganization}
                                    error={error.clone()} />
                            },
                            _ => Html::default(),
                        }
                    }
                </form>
            </section>
        </Shell>
    }
}
