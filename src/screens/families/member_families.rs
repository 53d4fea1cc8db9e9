//! Admin Console → Members → Free Bitwarden Families
//! (`/organizations/:org_id/members/sponsored-families`, as in Bitwarden's
//! web vault): every sponsorship the organization's members offered, its
//! status, and for owners and admins Resend (cloud, offer not yet redeemed)
//! and Remove (revoke by friendly name, after a confirmation).

use super::rules::{local_offset_minutes, mm_dd_yyyy, SponsorshipStatus};
use crate::api::{organizations, sponsorships, ClientError};
use crate::components::{AsyncView, Button, ButtonKind, Callout, CalloutKind, Dialog};
use crate::hooks::{use_action, use_api, use_profile};
use crate::i18n::{use_i18n, Key};
use std::rc::Rc;
use wire::capabilities::{allows, Action, Caller, ServerRole};
use wire::sponsorships::OrganizationSponsorshipInvite;
use wire::OrganizationId;
use yew::prelude::*;

/// What the page loads: the kind of server and the organization's sponsorships.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberFamiliesData {
    pub self_hosted: bool,
    pub sponsorships: Vec<OrganizationSponsorshipInvite>,
}

/// The last action that worked, confirmed in a green line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    EmailSent,
    Removed,
}

/// Props of [`MemberFamilies`].
#[derive(Properties, PartialEq)]
pub struct MemberFamiliesProps {
    pub org_id: OrganizationId,
}

/// The route. Members who may not manage users see why instead of a
/// request the server would refuse (its 401 would end their session).
#[component]
pub fn MemberFamilies(props: &MemberFamiliesProps) -> Html {
    let i18n = use_i18n();
    let profile = use_profile();
    let membership = profile.state.ready().and_then(|p| {
        p.organizations
            .iter()
            .find(|o| o.id == props.org_id)
            .cloned()
    });
    // The server role does not matter for this row (both serve the list).
    let caller = Caller::on(ServerRole::Cloud).with_role(membership.as_ref().map(|m| m.role));
    let may_list = allows(Action::ListSponsorships, &caller);
    html! {
        <>
            <div class="admin-content">
                <h1 id="member-families-title">{ i18n.t(Key::SponsoredFamilies) }</h1>
                if may_list {
                    <MemberFamiliesList org_id={props.org_id} />
                } else if profile.state.ready().is_some() {
                    <Callout kind={CalloutKind::Info} id="member-families-admins-only">
                        { i18n.t(Key::SponsorshipsAdminsOnly) }
                    </Callout>
                }
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    org_id: OrganizationId,
}

#[component]
fn MemberFamiliesList(props: &ListProps) -> Html {
    let i18n = use_i18n();
    let done = use_state(|| None::<Done>);
    let action_error = use_state(|| None::<ClientError>);
    let data = use_api(props.org_id, |client, org_id| async move {
        let config = organizations::config(&client).await?;
        let list = sponsorships::list(&client, config.self_hosted, org_id).await?;
        Ok(MemberFamiliesData {
            self_hosted: config.self_hosted,
            sponsorships: list.data,
        })
    });
    let on_done = {
        let (done, refetch) = (done.clone(), data.refetch.clone());
        Callback::from(move |what: Done| {
            done.set(Some(what));
            if what == Done::Removed {
                refetch.emit(());
            }
        })
    };
    let on_error = {
        let action_error = action_error.clone();
        Callback::from(move |error: Option<ClientError>| action_error.set(error))
    };
    let org_id = props.org_id;
    let render = {
        let i18n = i18n.clone();
        Callback::from(move |data: Rc<MemberFamiliesData>| {
            html! {
                <div class="table-scroll"><table id="member-families-table" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ i18n.t(Key::Recipient) }</th>
                            <th scope="col">{ i18n.t(Key::Status) }</th>
                            <th scope="col"><span class="visually-hidden">{ i18n.t(Key::Options) }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        for invite in data.sponsorships.iter() {
                            <MemberFamilyRow
                                key={invite.sponsoring_organization_user_id.to_string()}
                                {org_id}
                                invite={invite.clone()}
                                self_hosted={data.self_hosted}
                                on_done={on_done.clone()}
                                on_error={on_error.clone()}
                            />
                        }
                    </tbody>
                </table></div>
            }
        })
    };
    let state = data.state.clone().empty_when(|d| d.sponsorships.is_empty());
    html! {
        <section class="card" aria-labelledby="member-families-heading">
            <h2 id="member-families-heading">{ i18n.t(Key::MemberFamilies) }</h2>
            <p class="muted">{ i18n.t(Key::MembersWithSponsoredFamilies) }</p>
            if let Some(what) = *done {
                <Callout kind={CalloutKind::Success} id="member-families-notice">
                    { i18n.t(match what { Done::EmailSent => Key::EmailSent, Done::Removed => Key::RemoveSponsorshipSuccess }) }
                </Callout>
            }
            if let Some(error) = &*action_error {
                <Callout kind={CalloutKind::Danger} id="member-families-error">
                    { error.user_message(i18n.locale) }
                </Callout>
            }
            <AsyncView<MemberFamiliesData>
                {state}
                on_retry={data.refetch.clone()}
                {render}
                empty_text={AttrValue::Static(i18n.t(Key::NoMemberFamilies))}
            />
            <p class="small muted">{ i18n.t(Key::SponsoredFamiliesRemoveActiveSponsorship) }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    org_id: OrganizationId,
    invite: OrganizationSponsorshipInvite,
    self_hosted: bool,
    on_done: Callback<Done>,
    on_error: Callback<Option<ClientError>>,
}

/// One sponsorship: recipient, status, Resend and Remove.
#[component]
fn MemberFamilyRow(props: &RowProps) -> Html {
    let i18n = use_i18n();
    let confirming = use_state(|| false);
    let resend = use_action::<(), ClientError>();
    let remove = use_action::<(), ClientError>();
    let busy = resend.busy() || remove.busy();
    let invite = &props.invite;
    let name = invite.friendly_name.clone().unwrap_or_default();
    let status = SponsorshipStatus::of(
        invite.to_delete,
        invite.valid_until,
        invite.last_sync_date,
        props.self_hosted,
    );
    let can_resend = !props.self_hosted && !invite.to_delete && invite.offered_to_email.is_some();
    let (org_id, self_hosted) = (props.org_id, props.self_hosted);

    let on_resend = {
        let resend = resend.clone();
        let (on_done, on_error, name) =
            (props.on_done.clone(), props.on_error.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            on_error.emit(None);
            let (on_done, on_error, name) = (on_done.clone(), on_error.clone(), name.clone());
            resend.run_then(
                move |client| async move { sponsorships::resend(&client, org_id, &name).await },
                move |answer| match answer {
                    Ok(_) => on_done.emit(Done::EmailSent),
                    Err(failure) => on_error.emit(Some(failure)),
                },
            );
        })
    };
    let ask = {
        let (confirming, remove) = (confirming.clone(), remove.clone());
        Callback::from(move |_: MouseEvent| {
            remove.reset();
            confirming.set(true);
        })
    };
    let close = {
        let (confirming, remove) = (confirming.clone(), remove.clone());
        Callback::from(move |()| {
            if !remove.busy() {
                confirming.set(false);
            }
        })
    };
    let on_confirm = {
        let (confirming, remove) = (confirming.clone(), remove.clone());
        let (on_done, on_error, name) =
            (props.on_done.clone(), props.on_error.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            on_error.emit(None);
            let (confirming, on_done, name) = (confirming.clone(), on_done.clone(), name.clone());
            remove.run_then(
                move |client| async move {
                    sponsorships::revoke_by_name(&client, self_hosted, org_id, &name).await
                },
                move |answer| {
                    if answer.is_ok() {
                        confirming.set(false);
                        on_done.emit(Done::Removed);
                    }
                },
            );
        })
    };
    let confirmation = match invite.valid_until {
        Some(date) => i18n.t_with(
            Key::RevokeActiveSponsorshipConfirmation,
            &[
                ("email", &name),
                ("date", &mm_dd_yyyy(&date, local_offset_minutes(&date))),
            ],
        ),
        None => i18n.t_with(Key::RevokeSentSponsorshipConfirmation, &[("email", &name)]),
    };

    html! {
        <tr class="member-family-row" data-friendly-name={name.clone()}>
            <td>{ name.clone() }</td>
            <td>
                <span class={classes!("sponsorship-status", status.tone().class())}
                    data-danger={status.is_danger().to_string()}>
                    { status.text(i18n.locale) }
                </span>
            </td>
            <td class="sponsorship-options">
                if !invite.to_delete {
                    <div class="row-actions">
                        if can_resend {
                            <button type="button" class="btn btn-secondary btn-small"
                                aria-label={i18n.t_with(Key::ResendEmailLabel, &[("name", &name)])}
                                disabled={busy} aria-busy={resend.busy().to_string()} onclick={on_resend}>
                                { i18n.t(Key::ResendEmail) }
                            </button>
                        }
                        <button type="button" class="btn btn-danger btn-small"
                            aria-label={i18n.t_with(Key::RemoveSponsorshipOf, &[("name", &name)])}
                            disabled={busy} onclick={ask}>
                            { i18n.t(Key::Remove) }
                        </button>
                    </div>
                }
                if *confirming {
                    <Dialog id="member-family-remove-dialog"
                        title={format!("{}?", i18n.t(Key::RemoveSponsorship))}
                        on_close={close.clone()}>
                        <div class="dialog-body">
                            <p>{ confirmation }</p>
                            if let Some(failure) = remove.error() {
                                <Callout kind={CalloutKind::Danger} id="member-family-remove-error">
                                    { failure.user_message(i18n.locale) }
                                </Callout>
                            }
                        </div>
                        <div class="dialog-footer">
                            <button type="button" class="btn btn-danger"
                                disabled={busy} aria-busy={remove.busy().to_string()} onclick={on_confirm}>
                                if remove.busy() {
                                    <span class="spinner spinner-inline" aria-hidden="true"></span>
                                }
                                { i18n.t(Key::Remove) }
                            </button>
                            <Button id="member-family-remove-cancel" kind={ButtonKind::Secondary} disabled={busy}
                                onclick={close.reform(|_: MouseEvent| ())}>
                                { i18n.t(Key::Cancel) }
                            </Button>
                        </div>
                    </Dialog>
                }
            </td>
        </tr>
    }
}
