//! Self-hosted: "New organization" (`/create-organization`). The license
//! file downloaded from the cloud organization creates the organization on
//! this server; the page then refreshes the profile and opens the new
//! organization's Billing → Subscription with `?created=1`, which that page
//! turns into a one-time "Organization created" confirmation.
//!
//! As Bitwarden's web vault does, the browser makes the organization's key
//! (64 random bytes) and sends it encrypted for the owner's public key
//! (EncString type 4, the multipart field `key`); the server never sees the
//! key itself.

use crate::api::{licenses, organizations, Client, ClientError};
use crate::app::Route;
use crate::components::{Button, Callout, CalloutKind, Shell};
use crate::hooks::{use_action, use_api};
use crate::i18n::{use_i18n, Key};
use crate::screens::license_billing::{
    selected_file, LicenseFailure, LicenseFileField, LicenseOperation,
};
use crate::session::{use_session, SessionAction};
use std::rc::Rc;
use web_sys::File;
use wire::identity::ProfileResponse;
use wire::OrganizationId;
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

/// What creating the organization brings back.
struct Created {
    org_id: OrganizationId,
    /// The refreshed profile, listing the new membership (`None` if the
    /// refresh failed: the subscription page then loads it itself).
    profile: Option<ProfileResponse>,
}

/// The owner's public key: from the profile the session holds, or loaded.
async fn owner_public_key(
    client: &Client,
    known: Option<Rc<ProfileResponse>>,
) -> Result<Option<String>, ClientError> {
    let profile = match known {
        Some(profile) => profile,
        None => Rc::new(organizations::profile(client).await?),
    };
    Ok(profile
        .account_keys
        .as_ref()
        .map(|k| k.public_key_encryption_key_pair.public_key.clone()))
}

/// Makes the organization's key for its owner, creates the organization
/// from the license file, then refreshes the profile: the new membership
/// must be in it before the Admin Console asks for the member's role. An
/// account without a key pair (made before accounts had keys) leaves the
/// key to the server.
async fn create(
    client: Client,
    file: File,
    known: Option<Rc<ProfileResponse>>,
) -> Result<Created, ClientError> {
    let key = match owner_public_key(&client, known).await? {
        Some(public_key) => Some(crate::keys::new_organization_key(&public_key).await?),
        None => None,
    };
    let organization = licenses::create_organization(&client, &file, key.as_ref()).await?;
    Ok(Created {
        org_id: organization.id,
        profile: organizations::profile(&client).await.ok(),
    })
}

/// The page.
#[component]
pub fn NewOrganization() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let creating = use_action::<Created, ClientError>();
    // Stopped before sending (no file chosen).
    let invalid = use_state(|| None::<Key>);
    let file_ref = use_node_ref();

    let on_submit = {
        let (creating, invalid, file_ref) = (creating.clone(), invalid.clone(), file_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if creating.busy() {
                return;
            }
            let Some(file) = selected_file(&file_ref) else {
                creating.reset();
                invalid.set(Some(Key::SelectFile));
                return;
            };
            invalid.set(None);
            let (session, navigator) = (session.clone(), navigator.clone());
            let known = session.profile.clone();
            creating.run_then(
                move |client| create(client, file, known),
                move |answer| {
                    let Ok(created) = answer else {
                        return;
                    };
                    if let Some(profile) = &created.profile {
                        session.dispatch(SessionAction::ProfileLoaded(Rc::new(profile.clone())));
                    }
                    if let Some(navigator) = navigator {
                        let route = Route::Subscription {
                            org_id: created.org_id,
                        };
                        if navigator
                            .push_with_query(&route, &[(CREATED_PARAM, "1")])
                            .is_err()
                        {
                            navigator.push(&route);
                        }
                    }
                },
            );
        })
    };

    let busy = creating.busy();
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
                        match (*invalid, creating.error()) {
                            (Some(key), _) => html! {
                                <Callout kind={CalloutKind::Danger} id="new-organization-error">
                                    { i18n.t(key) }
                                </Callout>
                            },
                            (None, Some(error)) => html! {
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
