//! Settings → "Free Bitwarden Families" (the sponsor's side): offer the
//! sponsorship an Enterprise membership includes, see its status, remove it
//! or (cloud) resend the offer e-mail. The list comes from the profile's
//! `familySponsorship*` fields, so every action reloads the profile. The
//! offer form ([`offer_form`]) and each offer's row ([`row`]) are modules
//! of their own.

mod offer_form;
mod row;

pub use offer_form::{OfferFormAction, OfferFormState, OfferInvalid};
pub use row::{RowAction, RowState, RowStep};

use super::rules::{
    families_intro, offered_sponsorships, shows_pending_sync_help, sponsoring_orgs,
    SponsorshipStatus,
};
use crate::api::{organizations, ClientError};
use crate::components::{AsyncView, Callout, CalloutKind};
use crate::hooks::use_api;
use crate::i18n::{use_i18n, Key};
use crate::session::{use_session, SessionAction};
use offer_form::OfferForm;
use row::SponsorshipRow;
use std::rc::Rc;
use wire::identity::ProfileResponse;
use wire::organizations::ProfileOrganization;
use yew::prelude::*;

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
        <>
            <div id="families-page" class="families-page">
                <h1 id="families-title">{ i18n.t(Key::SponsoredFamilies) }</h1>
                if let Some(done) = *notice {
                    <Callout kind={CalloutKind::Success} id="sponsorship-notice">{ i18n.t(done.key()) }</Callout>
                }
                <AsyncView<FamiliesData> state={data.state.clone()} on_retry={data.refetch.clone()} {render} />
            </div>
        </>
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
                    <div class="table-scroll"><table id="sponsorships-table" class="table">
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
                    </table></div>
                    if pending_help {
                        <p id="pending-sync-help" class="pending-sync-help">{ i18n.t(Key::PendingSyncHelp) }</p>
                    }
                    <p class="small muted" id="families-leave-copy">{ i18n.t(Key::SponsoredFamiliesLeaveCopy) }</p>
                </section>
            }
        </>
    }
}
