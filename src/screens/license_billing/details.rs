//! The definition list: plan, seats, last license sync and the expiration
//! with its grace-period note.

use super::LicenseExpiration;
use crate::format::{medium_date, medium_date_time, now_millis};
use crate::i18n::{use_i18n, Key, Locale};
use wire::organizations::OrganizationSubscriptionResponse;
use wire::DateTime;
use yew::prelude::*;

/// Bitwarden's help page on updating an organization license.
const LICENSE_HELP_URL: &str =
    "https://bitwarden.com/help/licensing-on-premise/#update-organization-license";

/// Props of [`LicenseDetails`].
#[derive(Properties, PartialEq)]
pub struct LicenseDetailsProps {
    pub subscription: OrganizationSubscriptionResponse,
    /// `Some` when a connection exists: its last sync (`None` = never).
    pub last_license_sync: Option<Option<DateTime>>,
}

/// Plan, seats, last license sync and expiration (with the grace note).
#[component]
pub fn LicenseDetails(props: &LicenseDetailsProps) -> Html {
    let i18n = use_i18n();
    let sub = &props.subscription;
    let seats = sub
        .seats
        .map_or_else(|| i18n.t(Key::Unlimited).to_owned(), |n| n.to_string());
    let expiration = LicenseExpiration::of_subscription(sub, now_millis());
    let expired = matches!(expiration, LicenseExpiration::On { expired: true, .. });
    let expired_class = expired.then_some("text-danger");
    html! {
        <dl class="details" id="license-details">
            <dt>{ i18n.t(Key::BillingPlan) }</dt>
            <dd id="plan-name">{ sub.plan.name.clone() }</dd>
            <dt>{ i18n.t(Key::Seats) }</dt>
            <dd id="seats">{ seats }</dd>
            if let Some(last) = props.last_license_sync {
                <dt>{ i18n.t(Key::LastLicenseSync) }</dt>
                <dd id="last-license-sync" data-never={last.is_none().to_string()}>
                    { last.map_or_else(|| i18n.t(Key::Never).to_owned(), |d| medium_date_time(&d, i18n.locale)) }
                </dd>
            }
            <dt class={classes!(expired_class)}>
                { i18n.t(Key::SubscriptionExpiration) }
                { " " }
                <a class="help-link" href={LICENSE_HELP_URL} target="_blank" rel="noreferrer"
                    aria-label={i18n.t(Key::LicensePaidFeaturesHelp)} title={i18n.t(Key::LicensePaidFeaturesHelp)}>{ "?" }</a>
            </dt>
            <dd id="subscription-expiration" data-expired={expired.to_string()}>
                { expiration_view(&expiration, i18n.locale, expired_class) }
            </dd>
        </dl>
    }
}

fn expiration_view(
    expiration: &LicenseExpiration,
    locale: Locale,
    class: Option<&'static str>,
) -> Html {
    match expiration {
        LicenseExpiration::Never => html! { <span>{ locale.text(Key::NeverExpires) }</span> },
        LicenseExpiration::On {
            date,
            grace_period_ends,
            ..
        } => html! {
            <>
                <span class={classes!(class)} data-test="expiration-date">{ medium_date(date, locale) }</span>
                if let Some(ends) = grace_period_ends {
                    <p id="grace-period-note" class="muted small">
                        { locale.text_with(Key::SelfHostGracePeriodHelp, &[("date", &medium_date(ends, locale))]) }
                    </p>
                }
            </>
        },
    }
}
