//! Settings → "Free Bitwarden Families" (the sponsor's side): offer the
//! sponsorship an Enterprise membership includes, see its status, remove it
//! or (cloud) resend the offer e-mail. The list comes from the profile's
//! `familySponsorship*` fields, so every action reloads the profile.

use super::rules::{
    families_intro, friendly_name, local_offset_minutes, mm_dd_yyyy, offered_sponsorships,
    shows_families_nav, shows_pending_sync_help, sponsoring_orgs, validate_sponsor_email,
    SponsorshipStatus, FAMILIES_ANNUAL_PRICE,
};
use crate::api::{organizations, sponsorships, ClientError};
use crate::app::Route;
use crate::components::{
    AsyncView, Button, ButtonKind, Callout, CalloutKind, Dialog, FormField, Shell,
};
use crate::hooks::use_api;
use crate::i18n::{use_i18n, Key};
use crate::screens::license_billing::expire_if_unauthorized;
use crate::session::{use_session, SessionAction};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use wire::identity::ProfileResponse;
use wire::organizations::ProfileOrganization;
use wire::sponsorships::{OrganizationSponsorshipCreateRequest, FAMILIES_FOR_ENTERPRISE};
use wire::OrganizationId;
use yew::prelude::*;
use yew_router::prelude::*;

/// What the page shows: the profile and the kind of server.
#[derive(Clone, Debug, PartialEq)]
pub struct FamiliesData {
    pub profile: Rc<ProfileResponse>,
    /// From `GET {api}/config`; decides paths, statuses and Resend.
    pub self_hosted: bool,
}

/// The last action that worked, confirmed in a green line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Created,
    EmailSent,
    Removed,
}

impl Notice {
    fn key(self) -> Key {
        match self {
            Notice::Created => Key::SponsorshipCreated,
            Notice::EmailSent => Key::EmailSent,
            Notice::Removed => Key::ReclaimedFreePlan,
        }
    }
}

/// The "Free Bitwarden Families" link of the vault; shown when a membership
/// includes a sponsorship or one has been offered.
#[component]
pub fn FamiliesNavLink() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let visible = session.profile.as_deref().is_some_and(shows_families_nav);
    if !visible {
        return html! {};
    }
    let onclick = Callback::from(move |event: MouseEvent| {
        if let Some(navigator) = &navigator {
            event.prevent_default();
            navigator.push(&Route::SponsoredFamilies);
        }
    });
    html! {
        <nav class="settings-nav" aria-label={i18n.t(Key::SponsoredFamilies)}>
            <a id="families-nav" class="nav-item" href={Route::SponsoredFamilies.to_path()} {onclick}>
                { i18n.t(Key::SponsoredFamilies) }
            </a>
        </nav>
    }
}

/// The `/settings/sponsored-families` route.
#[component]
pub fn SponsoredFamilies() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let notice = use_state(|| None::<Notice>);
    let data = use_api((), |client, ()| async move {
        let profile = organizations::profile(&client).await?;
        let config = organizations::config(&client).await?;
        Ok(FamiliesData {
            profile: Rc::new(profile),
            self_hosted: config.self_hosted,
        })
    });
    // Share the fresh profile (the vault's link and the header use it).
    {
        let session = session.clone();
        use_effect_with(data.state.ready().cloned(), move |loaded| {
            if let Some(data) = loaded {
                session.dispatch(SessionAction::ProfileLoaded(Rc::clone(&data.profile)));
            }
        });
    }
    let on_changed = {
        let (notice, refetch) = (notice.clone(), data.refetch.clone());
        Callback::from(move |done: Notice| {
            notice.set(Some(done));
            if done != Notice::EmailSent {
                refetch.emit(());
            }
        })
    };
    let render = {
        let on_changed = on_changed.clone();
        Callback::from(move |data: Rc<FamiliesData>| {
            html! { <FamiliesBody data={(*data).clone()} on_changed={on_changed.clone()} /> }
        })
    };
    html! {
        <Shell>
            <div id="families-page" class="families-page">
                <h1 id="families-title">{ i18n.t(Key::SponsoredFamilies) }</h1>
                if let Some(done) = *notice {
                    <Callout kind={CalloutKind::Success} id="sponsorship-notice">{ i18n.t(done.key()) }</Callout>
                }
                <AsyncView<FamiliesData> state={data.state.clone()} on_retry={data.refetch.clone()} {render} />
            </div>
        </Shell>
    }
}

#[derive(Properties, PartialEq)]
struct FamiliesBodyProps {
    data: FamiliesData,
    on_changed: Callback<Notice>,
}

/// Intro, offer form and the table of offers.
#[component]
fn FamiliesBody(props: &FamiliesBodyProps) -> Html {
    let i18n = use_i18n();
    let action_error = use_state(|| None::<ClientError>);
    let profile = &props.data.profile;
    let available: Vec<ProfileOrganization> =
        sponsoring_orgs(profile).into_iter().cloned().collect();
    let offered: Vec<ProfileOrganization> =
        offered_sponsorships(profile).into_iter().cloned().collect();
    let on_error = {
        let action_error = action_error.clone();
        Callback::from(move |error: Option<ClientError>| action_error.set(error))
    };
    let intro = families_intro(available.len(), offered.len());
    let statuses: Vec<SponsorshipStatus> = offered
        .iter()
        .map(|org| SponsorshipStatus::of_membership(org, props.data.self_hosted))
        .collect();
    let pending_help = shows_pending_sync_help(props.data.self_hosted, &statuses);
    html! {
        <>
            <section class="card" aria-labelledby="families-title">
                <p id="families-eligible" data-used={(intro == Key::SponsorshipUsed).to_string()}>
                    { i18n.t(intro) }
                </p>
                <p class="families-include">{ i18n.t(Key::SponsoredFamiliesIncludeMessage) }{ ":" }</p>
                <ul class="families-benefits">
                    <li>{ i18n.t(Key::SponsoredFamiliesPremiumAccess) }</li>
                    <li>{ i18n.t(Key::SponsoredFamiliesSharedCollections) }</li>
                </ul>
                if !available.is_empty() {
                    <OfferForm
                        orgs={available}
                        own_email={profile.email.clone()}
                        self_hosted={props.data.self_hosted}
                        on_created={props.on_changed.reform(|()| Notice::Created)}
                    />
                }
            </section>
            if !offered.is_empty() {
                <section class="card">
                    if let Some(error) = &*action_error {
                        <Callout kind={CalloutKind::Danger} id="sponsorship-action-error">
                            { error.user_message(i18n.locale) }
                        </Callout>
                    }
                    <table id="sponsorships-table" class="table">
                        <thead>
                            <tr>
                                <th scope="col">{ i18n.t(Key::Recipient) }</th>
                                <th scope="col">{ i18n.t(Key::SponsoringOrg) }</th>
                                <th scope="col">{ i18n.t(Key::Status) }</th>
                                <th scope="col"><span class="visually-hidden">{ i18n.t(Key::Options) }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            for org in offered.iter() {
                                <SponsorshipRow
                                    key={org.id.to_string()}
                                    org={org.clone()}
                                    self_hosted={props.data.self_hosted}
                                    on_changed={props.on_changed.clone()}
                                    on_error={on_error.clone()}
                                />
                            }
                        </tbody>
                    </table>
                    if pending_help {
                        <p id="pending-sync-help" class="pending-sync-help">{ i18n.t(Key::PendingSyncHelp) }</p>
                    }
                    <p class="small muted" id="families-leave-copy">{ i18n.t(Key::SponsoredFamiliesLeaveCopy) }</p>
                </section>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct OfferFormProps {
    orgs: Vec<ProfileOrganization>,
    own_email: String,
    self_hosted: bool,
    on_created: Callback<()>,
}

/// Why the offer form refused or failed.
#[derive(Clone, Debug, PartialEq)]
enum OfferError {
    Org(Key),
    Email(Key),
    Server(ClientError),
}

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|input| input.value())
        .unwrap_or_default()
}

/// Organization, recipient e-mail, friendly name, Redeem.
#[component]
fn OfferForm(props: &OfferFormProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    // Preselected when there is exactly one organization to choose from.
    let selected = use_state(|| match props.orgs.as_slice() {
        [only] => Some(only.id),
        _ => None,
    });
    let busy = use_state(|| false);
    let error = use_state(|| None::<OfferError>);
    let email_ref = use_node_ref();
    let name_ref = use_node_ref();

    let on_select = {
        let selected = selected.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            selected.set(value.parse::<OrganizationId>().ok());
        })
    };

    let on_submit = {
        let (selected, busy, error) = (selected.clone(), busy.clone(), error.clone());
        let (email_ref, name_ref) = (email_ref.clone(), name_ref.clone());
        let own_email = props.own_email.clone();
        let self_hosted = props.self_hosted;
        let on_created = props.on_created.clone();
        let session = session.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let Some(org_id) = *selected else {
                error.set(Some(OfferError::Org(Key::SelectOrganizationRequired)));
                return;
            };
            let email = match validate_sponsor_email(&input_value(&email_ref), Some(&own_email)) {
                Ok(email) => email,
                Err(key) => {
                    error.set(Some(OfferError::Email(key)));
                    return;
                }
            };
            let body = OrganizationSponsorshipCreateRequest {
                plan_sponsorship_type: Some(FAMILIES_FOR_ENTERPRISE),
                friendly_name: Some(friendly_name(&input_value(&name_ref), &email)),
                sponsored_email: Some(email),
                is_admin_initiated: false,
                notes: None,
            };
            error.set(None);
            busy.set(true);
            let (busy, error, on_created, session) = (
                busy.clone(),
                error.clone(),
                on_created.clone(),
                session.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result =
                    sponsorships::create(&session.client(), self_hosted, org_id, &body).await;
                busy.set(false);
                match result {
                    Ok(()) => on_created.emit(()),
                    Err(failure) => {
                        expire_if_unauthorized(&session, &failure);
                        error.set(Some(OfferError::Server(failure)));
                    }
                }
            });
        })
    };

    let org_error = match &*error {
        Some(OfferError::Org(key)) => Some(i18n.t(*key)),
        _ => None,
    };
    let email_error = match &*error {
        Some(OfferError::Email(key)) => Some(AttrValue::Static(i18n.t(*key))),
        _ => None,
    };
    let server_error = match &*error {
        Some(OfferError::Server(failure)) => Some(failure.user_message(i18n.locale)),
        _ => None,
    };
    let selected_value = selected.map(|id| id.to_string()).unwrap_or_default();

    html! {
        <form id="sponsor-form" class="sponsor-form" novalidate=true onsubmit={on_submit}>
            <div class="form-field">
                <label for="sponsor-org">{ i18n.t(Key::FamiliesSponsoringOrgSelect) }</label>
                <select id="sponsor-org" name="sponsor-org" onchange={on_select} disabled={*busy}
                    aria-invalid={org_error.is_some().to_string()}
                    aria-describedby={org_error.map(|_| "sponsor-org-error")}>
                    <option value="" disabled=true selected={selected.is_none()}>
                        { format!("-- {} --", i18n.t(Key::SelectPlaceholder)) }
                    </option>
                    for org in props.orgs.iter() {
                        <option value={org.id.to_string()} selected={selected_value == org.id.to_string()}>
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
                readonly={*busy}
            />
            <FormField
                id="sponsor-friendly-name"
                label={i18n.t(Key::FriendlyName)}
                node_ref={name_ref}
                hint={AttrValue::Static(i18n.t(Key::FriendlyNameHint))}
                readonly={*busy}
            />
            if let Some(message) = server_error {
                <Callout kind={CalloutKind::Danger} id="sponsor-error">{ message }</Callout>
            }
            <div class="button-row">
                <Button id="sponsor-submit" submit=true busy={*busy}>{ i18n.t(Key::Redeem) }</Button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct SponsorshipRowProps {
    org: ProfileOrganization,
    self_hosted: bool,
    on_changed: Callback<Notice>,
    on_error: Callback<Option<ClientError>>,
}

/// One offer: recipient, organization, status and the options menu.
#[component]
fn SponsorshipRow(props: &SponsorshipRowProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let menu_open = use_state(|| false);
    let confirming = use_state(|| false);
    let busy = use_state(|| false);
    let remove_error = use_state(|| None::<ClientError>);

    let org = &props.org;
    let name = org
        .family_sponsorship_friendly_name
        .clone()
        .unwrap_or_default();
    let status = SponsorshipStatus::of_membership(org, props.self_hosted);
    let to_delete = org.family_sponsorship_to_delete.unwrap_or(false);
    let can_resend = !props.self_hosted && org.family_sponsorship_valid_until.is_none();
    let status_class = status.tone().class();

    let toggle_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |_: MouseEvent| menu_open.set(!*menu_open))
    };
    let on_menu_key = {
        let menu_open = menu_open.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                menu_open.set(false);
            }
        })
    };
    let on_remove = {
        let (menu_open, confirming, remove_error) =
            (menu_open.clone(), confirming.clone(), remove_error.clone());
        Callback::from(move |_: MouseEvent| {
            menu_open.set(false);
            remove_error.set(None);
            confirming.set(true);
        })
    };
    let on_resend = {
        let (menu_open, busy, session) = (menu_open.clone(), busy.clone(), session.clone());
        let (on_changed, on_error) = (props.on_changed.clone(), props.on_error.clone());
        let (org_id, name) = (org.id, name.clone());
        Callback::from(move |_: MouseEvent| {
            menu_open.set(false);
            busy.set(true);
            on_error.emit(None);
            let (busy, session, on_changed, on_error, name) = (
                busy.clone(),
                session.clone(),
                on_changed.clone(),
                on_error.clone(),
                name.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = sponsorships::resend(&session.client(), org_id, &name).await;
                busy.set(false);
                match result {
                    Ok(()) => on_changed.emit(Notice::EmailSent),
                    Err(failure) => {
                        expire_if_unauthorized(&session, &failure);
                        on_error.emit(Some(failure));
                    }
                }
            });
        })
    };
    let close_dialog = {
        let (confirming, busy) = (confirming.clone(), busy.clone());
        Callback::from(move |()| {
            if !*busy {
                confirming.set(false);
            }
        })
    };
    let on_confirm_remove = {
        let (busy, remove_error, session) = (busy.clone(), remove_error.clone(), session.clone());
        let (confirming, on_changed, on_error) = (
            confirming.clone(),
            props.on_changed.clone(),
            props.on_error.clone(),
        );
        let (org_id, self_hosted) = (org.id, props.self_hosted);
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            on_error.emit(None);
            let (busy, remove_error, session, confirming, on_changed) = (
                busy.clone(),
                remove_error.clone(),
                session.clone(),
                confirming.clone(),
                on_changed.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = sponsorships::revoke(&session.client(), self_hosted, org_id).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        confirming.set(false);
                        on_changed.emit(Notice::Removed);
                    }
                    Err(failure) => {
                        expire_if_unauthorized(&session, &failure);
                        remove_error.set(Some(failure));
                    }
                }
            });
        })
    };

    let confirmation = match org.family_sponsorship_valid_until {
        Some(date) => i18n.t_with(
            Key::RevokeAcceptedSponsorshipConfirmation,
            &[
                ("email", &name),
                ("price", FAMILIES_ANNUAL_PRICE),
                ("date", &mm_dd_yyyy(&date, local_offset_minutes(&date))),
            ],
        ),
        None => i18n.t_with(Key::RevokeSentSponsorshipConfirmation, &[("email", &name)]),
    };
    let menu_id = format!("sponsorship-menu-{}", org.id);

    html! {
        <tr class="sponsorship-row" data-friendly-name={name.clone()} data-org-id={org.id.to_string()}>
            <td class="sponsorship-recipient">{ name.clone() }</td>
            <td class="sponsorship-org">{ org.name.clone() }</td>
            <td>
                <span class={classes!("sponsorship-status", status_class)}
                    data-danger={status.is_danger().to_string()}>
                    { status.text(i18n.locale) }
                </span>
            </td>
            <td class="sponsorship-options">
                if !to_delete {
                    <div class="menu" onkeydown={on_menu_key}>
                        <button type="button" class="sponsorship-menu icon-button"
                            aria-label={i18n.t(Key::Options)} title={i18n.t(Key::Options)}
                            aria-haspopup="menu" aria-expanded={menu_open.to_string()}
                            aria-controls={menu_id.clone()}
                            disabled={*busy} onclick={toggle_menu}>
                            <span aria-hidden="true">{ "⋮" }</span>
                        </button>
                        if *menu_open {
                            <div id={menu_id} class="menu-list" role="menu">
                                if can_resend {
                                    <button type="button" role="menuitem" class="menu-item sponsorship-resend"
                                        aria-label={i18n.t_with(Key::ResendEmailLabel, &[("name", &name)])}
                                        onclick={on_resend}>
                                        { i18n.t(Key::ResendEmail) }
                                    </button>
                                }
                                <button type="button" role="menuitem" class="menu-item text-danger sponsorship-remove"
                                    aria-label={i18n.t_with(Key::RevokeAccount, &[("name", &name)])}
                                    onclick={on_remove}>
                                    { i18n.t(Key::Remove) }
                                </button>
                            </div>
                        }
                    </div>
                }
                if *confirming {
                    <Dialog id="sponsorship-remove-dialog"
                        title={format!("{}?", i18n.t(Key::RemoveSponsorship))}
                        on_close={close_dialog.clone()}>
                        <div class="dialog-body">
                            <p id="sponsorship-remove-text">{ confirmation }</p>
                            if let Some(failure) = &*remove_error {
                                <Callout kind={CalloutKind::Danger} id="sponsorship-remove-error">
                                    { failure.user_message(i18n.locale) }
                                </Callout>
                            }
                        </div>
                        <div class="dialog-footer">
                            <button id="sponsorship-remove-confirm" type="button" class="btn btn-danger"
                                disabled={*busy} aria-busy={busy.to_string()} onclick={on_confirm_remove}>
                                if *busy {
                                    <span class="spinner spinner-inline" aria-hidden="true"></span>
                                }
                                { i18n.t(Key::Remove) }
                            </button>
                            <Button id="sponsorship-remove-cancel" kind={ButtonKind::Secondary}
                                disabled={*busy} onclick={close_dialog.reform(|_: MouseEvent| ())}>
                                { i18n.t(Key::Cancel) }
                            </Button>
                        </div>
                    </Dialog>
                }
            </td>
        </tr>
    }
}
