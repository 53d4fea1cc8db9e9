//! The sponsored side, on a Families organization's Billing → Subscription
//! page (cloud): the plan is sponsored, and its owner can remove the
//! sponsorship after a confirmation. It then ends at the paid-through date.

use super::rules::{local_offset_minutes, mm_dd_yyyy};
use crate::api::{sponsorships, ClientError};
use crate::components::{Button, ButtonKind, Callout, CalloutKind, Dialog};
use crate::hooks::{use_action, use_profile};
use crate::i18n::{use_i18n, Key};
use wire::capabilities::{allows, Action, Caller, ServerRole};
use wire::organizations::OrganizationSubscriptionResponse;
use yew::prelude::*;

/// Props of [`SponsoredSubscription`].
#[derive(Properties, PartialEq)]
pub struct SponsoredSubscriptionProps {
    pub subscription: OrganizationSubscriptionResponse,
    /// After a removal, to reload the page.
    pub on_changed: Callback<()>,
}

/// Shown only for a sponsored organization.
#[component]
pub fn SponsoredSubscription(props: &SponsoredSubscriptionProps) -> Html {
    let i18n = use_i18n();
    let profile = use_profile();
    let confirming = use_state(|| false);
    let removed = use_state(|| false);
    let remove = use_action::<(), ClientError>();
    let sub = &props.subscription;
    let Some(billing) = sub.subscription.as_ref().filter(|_| sub.is_sponsored()) else {
        return html! {};
    };
    let role = profile.state.ready().and_then(|p| {
        p.organizations
            .iter()
            .find(|o| o.id == sub.id)
            .map(|o| o.role)
    });
    let may_remove = allows(
        Action::RemoveSponsorship,
        &Caller::on(ServerRole::Cloud).with_role(role),
    );
    let org_id = sub.id;
    let close = {
        let (confirming, remove) = (confirming.clone(), remove.clone());
        Callback::from(move |()| {
            if !remove.busy() {
                confirming.set(false);
            }
        })
    };
    let ask = {
        let (confirming, remove) = (confirming.clone(), remove.clone());
        Callback::from(move |_: MouseEvent| {
            remove.reset();
            confirming.set(true);
        })
    };
    let on_confirm = {
        let (confirming, removed, remove) = (confirming.clone(), removed.clone(), remove.clone());
        let on_changed = props.on_changed.clone();
        Callback::from(move |_: MouseEvent| {
            let (confirming, removed, on_changed) =
                (confirming.clone(), removed.clone(), on_changed.clone());
            remove.run_then(
                move |client| async move { sponsorships::remove_sponsored(&client, org_id).await },
                move |answer| {
                    if answer.is_ok() {
                        confirming.set(false);
                        removed.set(true);
                        on_changed.emit(());
                    }
                },
            );
        })
    };
    let count = sub.seats.map_or_else(String::new, |n| n.to_string());
    let ends = billing
        .period_end_date
        .map(|d| mm_dd_yyyy(&d, local_offset_minutes(&d)))
        .unwrap_or_default();
    let busy = remove.busy();
    html! {
        <section class="card" id="sponsored-subscription" aria-labelledby="sponsored-subscription-title">
            <h2 id="sponsored-subscription-title">{ i18n.t(Key::Sponsored) }</h2>
            <p>{ i18n.t_with(Key::SubscriptionSponsoredFamiliesPlan, &[("count", &count)]) }</p>
            if *removed {
                <Callout kind={CalloutKind::Success} id="remove-sponsorship-done">
                    { i18n.t(Key::RemoveSponsorshipSuccess) }
                </Callout>
            }
            if billing.cancel_at_end_date {
                <p id="sponsorship-ends">{ i18n.t_with(Key::SponsorshipEndsOn, &[("date", &ends)]) }</p>
            } else if may_remove {
                <button type="button" class="btn btn-danger" onclick={ask} disabled={busy}>
                    { i18n.t(Key::RemoveSponsorship) }
                </button>
            }
            if *confirming {
                <Dialog id="remove-sponsorship-dialog" title={i18n.t(Key::RemoveSponsorship)} on_close={close.clone()}>
                    <div class="dialog-body">
                        <p>{ i18n.t(Key::RemoveSponsorshipConfirmation) }</p>
                        if let Some(failure) = remove.error() {
                            <Callout kind={CalloutKind::Danger} id="remove-sponsorship-error">
                                { failure.user_message(i18n.locale) }
                            </Callout>
                        }
                    </div>
                    <div class="dialog-footer">
                        <button type="button" class="btn btn-danger" disabled={busy}
                            aria-busy={busy.to_string()} onclick={on_confirm}>
                            if busy {
                                <span class="spinner spinner-inline" aria-hidden="true"></span>
                            }
                            { i18n.t(Key::Remove) }
                        </button>
                        <Button id="remove-sponsorship-cancel" kind={ButtonKind::Secondary} disabled={busy}
                            onclick={close.reform(|_: MouseEvent| ())}>
                            { i18n.t(Key::Cancel) }
                        </Button>
                    </div>
                </Dialog>
            }
        </section>
    }
}
