//! The offer page's last step: pick a Families organization the user owns
//! or name a new one, "Accept offer", and the result.

use crate::api::{organizations, sponsorships, ClientError};
use crate::app::Route;
use crate::components::{input_value, selected_value, Button, Callout, CalloutKind, FormField};
use crate::hooks::use_action;
use crate::i18n::{split_at_placeholder, use_i18n, Key};
use crate::screens::families::rules::{owned_families_orgs, RedeemLink};
use crate::session::{use_session, SessionAction};
use std::rc::Rc;
use wire::identity::ProfileResponse;
use wire::organizations::ProfileOrganization;
use wire::sponsorships::{OrganizationSponsorshipRedeemRequest, FAMILIES_FOR_ENTERPRISE};
use wire::OrganizationId;
use yew::prelude::*;
use yew_router::prelude::*;

/// The select's value for a new organization.
const NEW_ORG: &str = "createNew";

/// What the user picked.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    New,
    Existing(OrganizationId),
}

impl Target {
    fn parse(value: &str) -> Option<Self> {
        match value {
            NEW_ORG => Some(Target::New),
            other => other.parse().ok().map(Target::Existing),
        }
    }

    fn value(target: Option<&Target>) -> String {
        match target {
            None => String::new(),
            Some(Target::New) => NEW_ORG.to_owned(),
            Some(Target::Existing(id)) => id.to_string(),
        }
    }
}

/// The form's choices; the request itself is a [`use_action`].
#[derive(Clone, Debug, PartialEq)]
pub struct RedeemFormState {
    /// The organization picked (a new one preselected when the user owns none).
    pub target: Option<Target>,
    /// Input rejected before anything was sent.
    pub field_error: Option<Key>,
}

/// Everything that moves the form.
pub enum RedeemFormAction {
    /// The select changed.
    Select(Option<Target>),
    /// The input was refused.
    Invalid(Key),
    /// The request is being sent.
    Submitting,
}

impl Reducible for RedeemFormState {
    type Action = RedeemFormAction;

    fn reduce(self: Rc<Self>, action: RedeemFormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.field_error = None;
        match action {
            RedeemFormAction::Select(target) => next.target = target,
            RedeemFormAction::Invalid(key) => next.field_error = Some(key),
            RedeemFormAction::Submitting => {}
        }
        Rc::new(next)
    }
}

/// The request body for `target` (with the typed name for a new one).
fn redeem_request(
    target: Option<&Target>,
    new_name: &str,
) -> Result<OrganizationSponsorshipRedeemRequest, Key> {
    match target {
        None => Err(Key::SelectOrganizationRequired),
        Some(Target::New) if new_name.trim().is_empty() => Err(Key::OrganizationNameRequired),
        Some(Target::New) => Ok(OrganizationSponsorshipRedeemRequest {
            plan_sponsorship_type: Some(FAMILIES_FOR_ENTERPRISE),
            sponsored_organization_id: None,
            new_organization_name: Some(new_name.trim().to_owned()),
            key: None,
        }),
        Some(Target::Existing(id)) => Ok(OrganizationSponsorshipRedeemRequest {
            plan_sponsorship_type: Some(FAMILIES_FOR_ENTERPRISE),
            sponsored_organization_id: Some(*id),
            new_organization_name: None,
            key: None,
        }),
    }
}

/// What a redemption brings back.
struct Redeemed {
    /// The sponsored organization, when the reloaded profile shows it.
    organization: Option<(OrganizationId, String)>,
    /// The reloaded profile (it now lists the sponsored organization).
    profile: Option<ProfileResponse>,
}

/// The organization `body` sponsored: the one picked, or the new one of
/// that name that was not there `before`.
fn sponsored_org(
    profile: &ProfileResponse,
    body: &OrganizationSponsorshipRedeemRequest,
    before: &[OrganizationId],
) -> Option<(OrganizationId, String)> {
    profile
        .organizations
        .iter()
        .find(
            |o| match (body.sponsored_organization_id, &body.new_organization_name) {
                (Some(id), _) => o.id == id,
                (None, Some(name)) => !before.contains(&o.id) && &o.name == name,
                (None, None) => false,
            },
        )
        .map(|o| (o.id, o.name.clone()))
}

/// Redeems, then reloads the profile to find the sponsored organization
/// (a failed reload only costs its name). A new organization's key is made
/// here, in the browser, for the redeemer's public key (`owner_public_key`,
/// from the profile); an account without a key pair leaves it to the server.
async fn redeem(
    client: crate::api::Client,
    token: wire::Secret,
    mut body: OrganizationSponsorshipRedeemRequest,
    before: Vec<OrganizationId>,
    owner_public_key: Option<String>,
) -> Result<Redeemed, ClientError> {
    if let (Some(_), Some(public_key)) = (&body.new_organization_name, owner_public_key) {
        body.key = Some(crate::keys::new_organization_key(&public_key).await?);
    }
    sponsorships::redeem(&client, token.expose(), &body).await?;
    let profile = organizations::profile(&client).await.ok();
    Ok(Redeemed {
        organization: profile
            .as_ref()
            .and_then(|p| sponsored_org(p, &body, &before)),
        profile,
    })
}

#[derive(Properties, PartialEq)]
pub(super) struct RedeemFormProps {
    pub link: RedeemLink,
    pub profile: Rc<ProfileResponse>,
    pub on_redeemed: Callback<()>,
}

/// Organization select, new organization name, Accept offer, and the result.
#[component]
pub(super) fn RedeemForm(props: &RedeemFormProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let owned: Vec<ProfileOrganization> = owned_families_orgs(&props.profile)
        .into_iter()
        .cloned()
        .collect();
    let state = use_reducer(|| RedeemFormState {
        target: owned.is_empty().then_some(Target::New),
        field_error: None,
    });
    let redeeming = use_action::<Redeemed, ClientError>();
    let name_ref = use_node_ref();
    let busy = redeeming.busy();

    let on_select = {
        let (state, redeeming) = (state.clone(), redeeming.clone());
        Callback::from(move |event: Event| {
            redeeming.reset();
            state.dispatch(RedeemFormAction::Select(Target::parse(&selected_value(
                &event,
            ))));
        })
    };

    let on_submit = {
        let (state, redeeming, session) = (state.clone(), redeeming.clone(), session.clone());
        let name_ref = name_ref.clone();
        let token = props.link.token.clone();
        let on_redeemed = props.on_redeemed.clone();
        let before: Vec<OrganizationId> =
            props.profile.organizations.iter().map(|o| o.id).collect();
        let public_key = props
            .profile
            .account_keys
            .as_ref()
            .map(|k| k.public_key_encryption_key_pair.public_key.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if redeeming.busy() {
                return;
            }
            let body = match redeem_request(state.target.as_ref(), &input_value(&name_ref)) {
                Ok(body) => body,
                Err(key) => {
                    redeeming.reset();
                    state.dispatch(RedeemFormAction::Invalid(key));
                    return;
                }
            };
            state.dispatch(RedeemFormAction::Submitting);
            let (token, before, public_key) = (token.clone(), before.clone(), public_key.clone());
            let (session, on_redeemed) = (session.clone(), on_redeemed.clone());
            redeeming.run_then(
                move |client| redeem(client, token, body, before, public_key),
                move |answer| {
                    if let Ok(redeemed) = answer {
                        if let Some(profile) = &redeemed.profile {
                            session
                                .dispatch(SessionAction::ProfileLoaded(Rc::new(profile.clone())));
                        }
                        on_redeemed.emit(());
                    }
                },
            );
        })
    };

    if let Some(redeemed) = redeeming.result() {
        return redeem_success(&i18n, redeemed.organization.as_ref());
    }

    let field_error = |key: Key| (state.field_error == Some(key)).then(|| i18n.t(key));
    let select_error = field_error(Key::SelectOrganizationRequired);
    let name_error = field_error(Key::OrganizationNameRequired).map(AttrValue::Static);
    let server_error = redeeming.error().map(|e| e.user_message(i18n.locale));
    let value = Target::value(state.target.as_ref());
    html! {
        <form id="redeem-form" novalidate=true onsubmit={on_submit}>
            <p>{ i18n.t(Key::AcceptBitwardenFamiliesHelp) }</p>
            <div class="form-field">
                <label for="redeem-org-select">{ i18n.t(Key::SponsoredFamiliesSelectOffer) }</label>
                <select id="redeem-org-select" name="redeem-org-select" onchange={on_select} disabled={busy}
                    aria-invalid={select_error.is_some().to_string()}
                    aria-describedby={select_error.map(|_| "redeem-org-select-error")}>
                    <option value="" disabled=true selected={value.is_empty()}>
                        { format!("-- {} --", i18n.t(Key::SelectPlaceholder)) }
                    </option>
                    <option value={NEW_ORG} selected={value == NEW_ORG}>{ i18n.t(Key::NewFamiliesOrganization) }</option>
                    for org in owned.iter() {
                        <option value={org.id.to_string()} selected={value == org.id.to_string()}>
                            { org.name.clone() }
                        </option>
                    }
                </select>
                if let Some(message) = select_error {
                    <p id="redeem-org-select-error" class="field-error" role="alert">{ message }</p>
                }
            </div>
            if state.target == Some(Target::New) {
                <FormField id="redeem-new-org-name" label={i18n.t(Key::OrganizationName)}
                    autocomplete="organization" node_ref={name_ref} error={name_error} readonly={busy} />
            }
            if let Some(message) = server_error {
                <Callout kind={CalloutKind::Danger} id="redeem-error">{ message }</Callout>
            }
            <Button id="redeem-submit" submit=true {busy}>
                { if busy { i18n.t(Key::Accepting) } else { i18n.t(Key::AcceptOffer) } }
            </Button>
        </form>
    }
}

/// "<name> is now sponsored" and a link to it (or to the vault when the
/// reloaded profile did not show it).
fn redeem_success(
    i18n: &crate::i18n::I18n,
    organization: Option<&(OrganizationId, String)>,
) -> Html {
    let (before, after) = split_at_placeholder(i18n.t(Key::RedeemedOrganizationSponsored), "name");
    html! {
        <div id="redeem-success">
            if let Some((org_id, name)) = organization {
                <Callout kind={CalloutKind::Success} id="redeem-success-message">
                    <p>{ before }<strong class="redeemed-org-name">{ name.clone() }</strong>{ after.unwrap_or_default() }</p>
                </Callout>
                <p>
                    <Link<Route> to={Route::Subscription { org_id: *org_id }} classes="redeemed-org btn btn-primary">
                        { i18n.t_with(Key::OpenOrganization, &[("name", name)]) }
                    </Link<Route>>
                </p>
            } else {
                <Callout kind={CalloutKind::Success} id="redeem-success-message">
                    <p>{ i18n.t(Key::RedeemedOrganizationSponsoredNoName) }</p>
                </Callout>
                <p>
                    <Link<Route> to={Route::Vault} classes="redeemed-org">{ i18n.t(Key::BackToVault) }</Link<Route>>
                </p>
            }
        </div>
    }
}
