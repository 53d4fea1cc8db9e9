//! The recipient's side: `/accept-families-for-enterprise?token=…&email=…`.
//!
//! The offer e-mail links to Bitwarden's hash URL; [`redirect_offer_hash`]
//! turns that into this route at startup. One module per step: logged out,
//! the page logs in ([`logged_out`]) or, with `register=true`, creates the
//! account ([`register`]) in place; logged in, it checks the token
//! ([`offer`]), lets the user pick a Families organization they own or name
//! a new one, and redeems ([`form`]). Until the offer is redeemed or found
//! dead, the link is kept in `sessionStorage` ([`pending`]), so a login
//! through the regular login page comes back here.

mod form;
mod logged_out;
mod offer;
mod pending;
mod register;

pub use pending::pending_redeem_path;

use super::rules::{accept_hash_target, RedeemLink};
use crate::app::Route;
use crate::components::{Callout, CalloutKind, Shell};
use crate::i18n::{use_i18n, Key};
use crate::session::use_session;
use logged_out::RedeemLoggedOut;
use offer::RedeemOffer;
use pending::{clear_pending, store_pending};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::history::{BrowserHistory, History};
use yew_router::prelude::*;

/// At startup: if the address is the offer e-mail's hash URL
/// (`/#/accept-families-for-enterprise?…`), replace it with this app's
/// route, query kept. Returns true when it did.
pub fn redirect_offer_hash() -> bool {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    match accept_hash_target(&hash) {
        Some(target) => {
            BrowserHistory::new().replace(target);
            true
        }
        None => false,
    }
}

/// Where the login page goes after a login: back to a waiting offer, else
/// to the screen the user was on when the session ended, else the vault.
#[component]
pub fn AfterLoginRedirect() -> Html {
    let navigator = use_navigator();
    let pending = pending_redeem_path();
    let return_to = use_memo((), |()| {
        crate::session::take_return_to().and_then(|path| Route::recognize(&path))
    });
    use_effect_with(pending.clone(), move |pending| {
        if let (Some(path), Some(navigator)) = (pending, navigator) {
            let query = path.split_once('?').map_or("", |(_, q)| q);
            match RedeemLink::parse(query) {
                Some(link) => {
                    let _ = navigator.replace_with_query(
                        &Route::AcceptFamiliesForEnterprise,
                        &[
                            ("token", link.token.expose()),
                            ("email", link.email.as_str()),
                        ],
                    );
                }
                None => navigator.replace(&Route::Vault),
            }
        }
    });
    if pending.is_none() {
        let to = match &*return_to {
            Some(route) if *route != Route::Login && *route != Route::NotFound => route.clone(),
            _ => Route::Vault,
        };
        return html! { <Redirect<Route> {to} /> };
    }
    html! {}
}

/// Where the offer stands, as far as the page (title, stored link) cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RedeemPage {
    /// The offer has been redeemed: the title says so.
    pub accepted: bool,
    /// The server said the offer cannot be redeemed (bad token, policy).
    pub closed: bool,
}

/// Everything that moves [`RedeemPage`].
pub enum RedeemPageAction {
    Redeemed,
    Closed,
}

impl Reducible for RedeemPage {
    type Action = RedeemPageAction;

    fn reduce(self: Rc<Self>, action: RedeemPageAction) -> Rc<Self> {
        let mut next = *self;
        match action {
            RedeemPageAction::Redeemed => next.accepted = true,
            RedeemPageAction::Closed => next.closed = true,
        }
        Rc::new(next)
    }
}

#[derive(Properties, PartialEq)]
struct LinkProps {
    link: RedeemLink,
}

/// The `/accept-families-for-enterprise` route.
#[component]
pub fn AcceptFamiliesForEnterprise() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let page = use_reducer(RedeemPage::default);
    // Embedded, the login happens in place and the page is the host's:
    // nothing to come back to, so nothing is kept in `sessionStorage`.
    let standalone = !crate::embed::use_host().is_embedded();
    let link = location
        .as_ref()
        .and_then(|l| RedeemLink::parse(l.query_str()));
    // The only place that writes the waiting link: kept while the offer
    // may still be redeemed, forgotten otherwise.
    use_effect_with(
        (link.clone(), page.accepted || page.closed, standalone),
        |(link, finished, standalone)| match link {
            _ if !standalone => {}
            Some(link) if !finished => store_pending(&link.to_path()),
            _ => clear_pending(),
        },
    );
    let dispatch = |action: fn() -> RedeemPageAction| {
        let page = page.clone();
        Callback::from(move |()| page.dispatch(action()))
    };
    let body = match &link {
        None => html! {
            <Callout kind={CalloutKind::Danger} id="redeem-invalid-link">
                { i18n.t(Key::InviteAcceptFailed) }
            </Callout>
        },
        Some(link) if !session.is_logged_in() => html! { <RedeemLoggedOut link={link.clone()} /> },
        Some(link) => html! {
            <RedeemOffer link={link.clone()}
                on_redeemed={dispatch(|| RedeemPageAction::Redeemed)}
                on_closed={dispatch(|| RedeemPageAction::Closed)} />
        },
    };
    let title = if page.accepted {
        Key::SponsoredFamiliesAccepted
    } else {
        Key::SponsoredFamiliesOffer
    };
    html! {
        <Shell main_class="centered">
            <section id="redeem-page" class="card redeem-card" aria-labelledby="redeem-title"
                data-accepted={page.accepted.to_string()}>
                <h1 id="redeem-title">{ i18n.t(title) }</h1>
                { body }
            </section>
        </Shell>
    }
}
