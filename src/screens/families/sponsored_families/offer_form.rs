//! The sponsor's offer form: organization, recipient e-mail, friendly
//! name, and "Redeem".

use crate::api::{sponsorships, ClientError};
use crate::components::{input_value, selected_value, Button, Callout, CalloutKind, FormField};
use crate::hooks::use_action;
use crate::i18n::{use_i18n, Key};
use crate::screens::families::rules::{friendly_name, validate_sponsor_email};
use std::rc::Rc;
use wire::organizations::ProfileOrganization;
use wire::sponsorships::{OrganizationSponsorshipCreateRequest, FAMILIES_FOR_ENTERPRISE};
use wire::OrganizationId;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct OfferFormProps {
    pub orgs: Vec<ProfileOrganization>,
    pub own_email: String,
    pub self_hosted: bool,
    pub on_created: Callback<()>,
}

/// What the offer form refused before sending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferInvalid {
    /// No sponsoring organization chosen.
    Org(Key),
    /// The recipient's e-mail.
    Email(Key),
}

/// The offer form's choices; sending is a [`use_action`].
#[derive(Clone, Debug, PartialEq)]
pub struct OfferFormState {
    pub selected: Option<OrganizationId>,
    pub invalid: Option<OfferInvalid>,
}

/// Everything that moves the offer form.
pub enum OfferFormAction {
    /// The organization select changed.
    Select(Option<OrganizationId>),
    /// The input was refused.
    Invalid(OfferInvalid),
    /// The offer is being sent.
    Submitting,
}

impl Reducible for OfferFormState {
    type Action = OfferFormAction;

    fn reduce(self: Rc<Self>, action: OfferFormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            OfferFormAction::Select(selected) => next.selected = selected,
            OfferFormAction::Invalid(invalid) => next.invalid = Some(invalid),
            OfferFormAction::Submitting => next.invalid = None,
        }
        Rc::new(next)
    }
}

/// Organization, recipient e-mail, friendly name, Redeem.
#[component]
pub(super) fn OfferForm(props: &OfferFormProps) -> Html {
    let i18n = use_i18n();
    // Preselected when there is exactly one organization to choose from.
    let state = use_reducer(|| OfferFormState {
        selected: match props.orgs.as_slice() {
            [only] => Some(only.id),
            _ => None,
        },
        invalid: None,
    });
    let offer = use_action::<(), ClientError>();
    let host = crate::embed::use_host();
    let busy = offer.busy();
    let email_ref = use_node_ref();
    let name_ref = use_node_ref();

    let on_select = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let selected = selected_value(&event).parse::<OrganizationId>().ok();
            state.dispatch(OfferFormAction::Select(selected));
        })
    };

    let on_submit = {
        let (state, offer) = (state.clone(), offer.clone());
        let (email_ref, name_ref) = (email_ref.clone(), name_ref.clone());
        let own_email = props.own_email.clone();
        let self_hosted = props.self_hosted;
        let on_created = props.on_created.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if offer.busy() {
                return;
            }
            let invalid = |invalid: OfferInvalid| {
                offer.reset();
                state.dispatch(OfferFormAction::Invalid(invalid));
            };
            let Some(org_id) = state.selected else {
                return invalid(OfferInvalid::Org(Key::SelectOrganizationRequired));
            };
            let email = match validate_sponsor_email(&input_value(&email_ref), Some(&own_email)) {
                Ok(email) => email,
                Err(key) => return invalid(OfferInvalid::Email(key)),
            };
            let body = OrganizationSponsorshipCreateRequest {
                plan_sponsorship_type: Some(FAMILIES_FOR_ENTERPRISE),
                friendly_name: Some(friendly_name(&input_value(&name_ref), &email)),
                sponsored_email: Some(email),
                is_admin_initiated: false,
                notes: None,
            };
            state.dispatch(OfferFormAction::Submitting);
            let (on_created, host) = (on_created.clone(), host.clone());
            offer.run_then(
                move |client| async move {
                    sponsorships::create(&client, self_hosted, org_id, &body).await
                },
                move |answer| {
                    if answer.is_ok() {
                        host.emit(crate::embed::HostEvent::SponsorshipOffered {
                            sponsoring_organization_id: org_id,
                        });
                        on_created.emit(());
                    }
                },
            );
        })
    };

    let org_error = match state.invalid {
        Some(OfferInvalid::Org(key)) => Some(i18n.t(key)),
        _ => None,
    };
    let email_error = match state.invalid {
        Some(OfferInvalid::Email(key)) => Some(AttrValue::Static(i18n.t(key))),
        _ => None,
    };
    let server_error = offer
        .error()
        .map(|failure| failure.user_message(i18n.locale));
    let selected = state.selected;
    let selected_id = selected.map(|id| id.to_string()).unwrap_or_default();

    html! {
        <form id="sponsor-form" class="sponsor-form" novalidate=true onsubmit={on_submit}>
            <div class="form-field">
                <label for="sponsor-org">{ i18n.t(Key::FamiliesSponsoringOrgSelect) }</label>
                <select id="sponsor-org" name="sponsor-org" onchange={on_select} disabled={busy}
                    aria-invalid={org_error.is_some().to_string()}
                    aria-describedby={org_error.map(|_| "sponsor-org-error")}>
                    <option value="" disabled=true selected={selected.is_none()}>
                        { format!("-- {} --", i18n.t(Key::SelectPlaceholder)) }
                    </option>
                    for org in props.orgs.iter() {
                        <option value={org.id.to_string()} selected={selected_id == org.id.to_string()}>
                            { org.name.clone() }
                        </option>
                    }
                </select>
                if let Some(message) = org_error {
                    <p id="sponsor-org-error" class="field-error" role="alert">{ message }</p>
                }
            </div>
            <FormField
                id="sponsor-email"
                label={format!("{}:", i18n.t(Key::SponsoredFamiliesEmail))}
                input_type="email"
                autocomplete="off"
                node_ref={email_ref}
                error={email_error}
                readonly={busy}
            />
            <FormField
                id="sponsor-friendly-name"
                label={i18n.t(Key::FriendlyName)}
                node_ref={name_ref}
                hint={AttrValue::Static(i18n.t(Key::FriendlyNameHint))}
                readonly={busy}
            />
            if let Some(message) = server_error {
                <Callout kind={CalloutKind::Danger} id="sponsor-error">{ message }</Callout>
            }
            <div class="button-row">
                <Button id="sponsor-submit" submit=true {busy}>{ i18n.t(Key::Redeem) }</Button>
            </div>
        </form>
    }
}
