//! The offer page while logged in: check the token, then hand over to the
//! organization choice ([`super::form`]).

use super::form::RedeemForm;
use crate::api::sponsorships;
use crate::components::{AsyncView, Callout, CalloutKind};
use crate::hooks::{use_api, use_profile, Loadable};
use crate::i18n::{use_i18n, Key};
use crate::screens::families::rules::RedeemLink;
use crate::session::use_session;
use std::rc::Rc;
use wire::identity::ProfileResponse;
use wire::sponsorships::PreValidateSponsorshipResponse;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct RedeemOfferProps {
    pub link: RedeemLink,
    /// Called once the offer has been redeemed.
    pub on_redeemed: Callback<()>,
    /// Called when the server says the offer cannot be redeemed any more.
    pub on_closed: Callback<()>,
}

/// Why a validated token cannot be redeemed, if it cannot.
fn refusal(validation: &PreValidateSponsorshipResponse) -> Option<(&'static str, Key)> {
    if !validation.is_token_valid {
        Some(("redeem-bad-token", Key::BadToken))
    } else if validation.is_free_family_policy_enabled {
        Some(("redeem-policy-disabled", Key::OfferNoLongerValid))
    } else {
        None
    }
}

/// Logged in: validate the token, then the organization choice.
#[component]
pub(super) fn RedeemOffer(props: &RedeemOfferProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let validation = use_api(props.link.token.clone(), |client, token| async move {
        sponsorships::validate_token(&client, token.expose()).await
    });
    let profile = use_profile();
    {
        // A dead offer no longer waits for a login (the page forgets it).
        let refused = validation.state.ready().map(|v| refusal(v).is_some());
        let on_closed = props.on_closed.clone();
        use_effect_with(refused, move |refused| {
            if *refused == Some(true) {
                on_closed.emit(());
            }
        });
    }
    let other_account = session
        .email
        .as_deref()
        .filter(|me| !me.trim().eq_ignore_ascii_case(props.link.email.trim()))
        .map(str::to_owned);

    // Both requests feed one view.
    let state: Loadable<(PreValidateSponsorshipResponse, Rc<ProfileResponse>)> =
        match (&validation.state, &profile.state) {
            (Loadable::Failed(e), _) | (_, Loadable::Failed(e)) => Loadable::Failed(e.clone()),
            (Loadable::Ready(v), Loadable::Ready(p)) => {
                Loadable::Ready(Rc::new(((**v).clone(), Rc::clone(p))))
            }
            _ => Loadable::Loading,
        };
    let on_retry = {
        let (a, b) = (validation.refetch.clone(), profile.refetch.clone());
        Callback::from(move |()| {
            a.emit(());
            b.emit(());
        })
    };
    let render = {
        let link = props.link.clone();
        let on_redeemed = props.on_redeemed.clone();
        let i18n = i18n.clone();
        Callback::from(
            move |loaded: Rc<(PreValidateSponsorshipResponse, Rc<ProfileResponse>)>| {
                let (validation, profile) = &*loaded;
                if let Some((id, key)) = refusal(validation) {
                    return html! { <p id={id} class="text-danger">{ i18n.t(key) }</p> };
                }
                html! {
                    <RedeemForm link={link.clone()} profile={Rc::clone(profile)}
                        on_redeemed={on_redeemed.clone()} />
                }
            },
        )
    };
    html! {
        <>
            if let Some(account) = other_account {
                <Callout kind={CalloutKind::Warning} id="redeem-other-account">
                    { i18n.t_with(Key::OfferForOtherAccount, &[("email", &props.link.email), ("account", &account)]) }
                </Callout>
            }
            <AsyncView<(PreValidateSponsorshipResponse, Rc<ProfileResponse>)> {state} {on_retry} {render} />
        </>
    }
}
