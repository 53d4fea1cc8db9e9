//! Admin Console → Billing → Subscription: plan, seats and expiration.
//!
//! The deployment-specific billing sections (cloud "Self-hosting",
//! self-hosted "License and billing management") plug into
//! [`DeploymentSections`].

use crate::api::organizations;
use crate::app::Route;
use crate::components::{AsyncView, Callout, CalloutKind};
use crate::format::{medium_date, now_millis};
use crate::hooks::use_api;
use crate::i18n::{use_i18n, Key};
use crate::screens::license_billing::LicenseBilling;
use crate::screens::new_organization::is_created_query;
use crate::screens::self_hosting::SelfHosting;
use std::rc::Rc;
use wire::config::ConfigResponse;
use wire::organizations::OrganizationSubscriptionResponse;
use wire::{DateTime, OrganizationId};
use yew::prelude::*;
use yew_router::prelude::*;

/// What the page loads: the subscription, and the server config that says
/// whether this is the cloud or a self-hosted installation.
#[derive(Clone, Debug, PartialEq)]
pub struct SubscriptionPage {
    pub subscription: OrganizationSubscriptionResponse,
    pub config: ConfigResponse,
}

/// The expiration line, decided as Bitwarden's subscription pages do.
#[derive(Clone, Debug, PartialEq)]
pub enum Expiration {
    /// No expiration date at all.
    Never,
    /// The date to show and whether it is already past.
    On { date: DateTime, expired: bool },
}

impl Expiration {
    /// With a separate grace period (licenses v12+) the date shown is the end
    /// without grace; otherwise the plain expiration.
    pub fn of(subscription: &OrganizationSubscriptionResponse, now_millis: i64) -> Self {
        let date = match (
            subscription.expiration,
            subscription.expiration_without_grace_period,
        ) {
            (Some(_), Some(without_grace)) => without_grace,
            (Some(with_grace), None) => with_grace,
            (None, _) => return Expiration::Never,
        };
        Expiration::On {
            date,
            expired: date.timestamp_millis() < now_millis,
        }
    }
}

/// Props of [`Subscription`].
#[derive(Properties, PartialEq)]
pub struct SubscriptionProps {
    pub org_id: OrganizationId,
}

/// The subscription route.
#[component]
pub fn Subscription(props: &SubscriptionProps) -> Html {
    let i18n = use_i18n();
    let org_id = props.org_id;
    // Opened right after "New organization" (`?created=1`): confirm it once,
    // then drop the parameter so a reload or a bookmark does not repeat it.
    let location = use_location();
    let navigator = use_navigator();
    let created_for = use_state(|| {
        location
            .as_ref()
            .is_some_and(|l| is_created_query(l.query_str()))
            .then_some(org_id)
    });
    use_effect_with(*created_for, move |created_for| {
        if let (Some(org_id), Some(navigator)) = (created_for, navigator) {
            navigator.replace(&Route::Subscription { org_id: *org_id });
        }
    });
    let page = use_api(props.org_id, |client, org_id| async move {
        let subscription = organizations::subscription(&client, org_id).await?;
        let config = organizations::config(&client).await?;
        Ok(SubscriptionPage {
            subscription,
            config,
        })
    });
    let render = {
        let refetch = page.refetch.clone();
        Callback::from(move |page: Rc<SubscriptionPage>| {
            html! {
                <>
                    // Self-hosted: the license section shows plan and expiration itself.
                    if !page.config.self_hosted {
                        <SubscriptionDetails subscription={page.subscription.clone()} />
                        <crate::screens::families::SponsoredSubscription
                            subscription={page.subscription.clone()}
                            on_changed={refetch.clone()}
                        />
                    }
                    <DeploymentSections
                        self_hosted={page.config.self_hosted}
                        subscription={page.subscription.clone()}
                    />
                </>
            }
        })
    };

    html! {
        <>
            <div class="admin-content">
                <h1 id="page-title">{ i18n.t(Key::Subscription) }</h1>
                if *created_for == Some(org_id) {
                    <Callout kind={CalloutKind::Success} id="organization-created">
                        { i18n.t(Key::OrganizationCreatedFromLicense) }
                    </Callout>
                }
                <AsyncView<SubscriptionPage>
                    state={page.state.clone()}
                    on_retry={page.refetch.clone()}
                    {render}
                />
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SubscriptionDetailsProps {
    subscription: OrganizationSubscriptionResponse,
}

/// Plan, seats and expiration as a definition list.
#[component]
fn SubscriptionDetails(props: &SubscriptionDetailsProps) -> Html {
    let i18n = use_i18n();
    let sub = &props.subscription;
    let seats = sub
        .seats
        .map_or_else(|| i18n.t(Key::Unlimited).to_owned(), |n| n.to_string());
    let (expiration, expired) = match Expiration::of(sub, now_millis()) {
        Expiration::Never => (i18n.t(Key::NeverExpires).to_owned(), false),
        Expiration::On { date, expired } => (medium_date(&date, i18n.locale), expired),
    };
    let expired_class = expired.then_some("text-danger");
    html! {
        <section class="card" aria-labelledby="page-title">
            <dl class="details">
                <dt>{ i18n.t(Key::BillingPlan) }</dt>
                <dd id="plan-name">{ sub.plan.name.clone() }</dd>
                <dt>{ i18n.t(Key::Seats) }</dt>
                <dd id="seats">{ seats }</dd>
                <dt class={classes!(expired_class)}>{ i18n.t(Key::SubscriptionExpiration) }</dt>
                <dd id="expiration" class={classes!(expired_class)} data-expired={expired.to_string()}>
                    { expiration }
                </dd>
            </dl>
        </section>
    }
}

/// Props of [`DeploymentSections`].
#[derive(Properties, PartialEq)]
pub struct DeploymentSectionsProps {
    /// From `GET /api/config`: which kind of server this page runs against.
    pub self_hosted: bool,
    pub subscription: OrganizationSubscriptionResponse,
}

/// The billing sections that depend on the deployment: the cloud's
/// "Self-hosting" section (license download, billing sync token) and the
/// self-hosted "License and billing management" section (plan, last license
/// sync, expiration with grace period, automatic sync or manual upload).
#[component]
pub fn DeploymentSections(props: &DeploymentSectionsProps) -> Html {
    match props.self_hosted {
        false => html! { <SelfHosting subscription={props.subscription.clone()} /> },
        true => html! {
            <>
                <LicenseBilling subscription={props.subscription.clone()} />
                <crate::screens::license_billing::ConnectionCheck org_id={props.subscription.id} />
                <crate::screens::families::SponsorshipSync org_id={props.subscription.id} />
            </>
        },
    }
}
