//! Self-hosted License and billing management → Check connection: runs the
//! server's step-by-step check of the way to the cloud and lists each step
//! with a mark, what it found, and for a failure the cause and the fix in
//! the user's language (from the step's code, as for error bodies).

use crate::api::{connections, translate, ClientError};
use crate::components::{Button, ButtonKind, Callout, CalloutKind};
use crate::format::medium_date_time;
use crate::hooks::{use_action, use_profile, ActionState};
use crate::i18n::{use_i18n, Key, Locale};
use std::collections::BTreeMap;
use wire::capabilities::{allows, Action, Caller, ServerRole};
use wire::connection_check::{CheckStatus, CheckStep, CheckStepName, ConnectionCheckResponse};
use wire::error::{ErrorCode, ErrorResponse};
use wire::OrganizationId;
use yew::prelude::*;

/// Props of [`ConnectionCheck`].
#[derive(Properties, PartialEq)]
pub struct ConnectionCheckProps {
    pub org_id: OrganizationId,
}

/// The section: owners and admins get the button and the results.
#[component]
pub fn ConnectionCheck(props: &ConnectionCheckProps) -> Html {
    let i18n = use_i18n();
    let profile = use_profile();
    let check = use_action::<ConnectionCheckResponse, ClientError>();
    let role = profile.state.ready().and_then(|p| {
        p.organizations
            .iter()
            .find(|o| o.id == props.org_id)
            .map(|o| o.role)
    });
    if !allows(
        Action::CheckCloudConnection,
        &Caller::on(ServerRole::SelfHosted).with_role(role),
    ) {
        return Html::default();
    }
    let on_check = {
        let (check, org_id) = (check.clone(), props.org_id);
        Callback::from(move |_: MouseEvent| {
            check.run(move |client| async move {
                connections::check_cloud_connection(&client, org_id).await
            });
        })
    };
    let busy = check.busy();
    html! {
        <section class="card" id="connection-check" aria-labelledby="connection-check-title">
            <h2 id="connection-check-title">{ i18n.t(Key::CheckConnectionTitle) }</h2>
            <p class="muted">{ i18n.t(Key::CheckConnectionDesc) }</p>
            <div class="button-row">
                <Button id="check-connection" kind={ButtonKind::Secondary} onclick={on_check} {busy}>
                    { i18n.t(if busy { Key::CheckingConnection } else { Key::CheckConnection }) }
                </Button>
            </div>
            <div aria-live="polite">
                { match check.state() {
                    ActionState::Done(answer) => results(answer, i18n.locale),
                    ActionState::Failed(error) => html! {
                        <Callout kind={CalloutKind::Danger} id="connection-check-error">
                            { error.user_message(i18n.locale) }
                        </Callout>
                    },
                    ActionState::Idle | ActionState::Busy => Html::default(),
                } }
            </div>
        </section>
    }
}

/// The summary line, then one list item per step.
fn results(answer: &ConnectionCheckResponse, locale: Locale) -> Html {
    let when = medium_date_time(&answer.checked_at, locale);
    let (kind, summary) = match answer.first_failure() {
        None => (CalloutKind::Success, Key::CheckConnectionAllPassed),
        Some(_) => (CalloutKind::Danger, Key::CheckConnectionFailed),
    };
    html! {
        <>
            <Callout {kind} id="connection-check-summary">
                { locale.text_with(summary, &[("date", &when)]) }
            </Callout>
            <ol class="check-list" id="connection-check-results">
                for step in answer.steps.iter() {
                    { step_item(step, locale) }
                }
            </ol>
        </>
    }
}

fn step_item(step: &CheckStep, locale: Locale) -> Html {
    let (mark, status_key, class) = match step.status {
        CheckStatus::Pass => ("✓", Key::CheckPassed, "check-pass"),
        CheckStatus::Fail => ("✗", Key::CheckFailed, "check-fail"),
        CheckStatus::Skipped => ("–", Key::CheckSkipped, "check-skipped"),
    };
    let status = match step.status {
        CheckStatus::Pass => "pass",
        CheckStatus::Fail => "fail",
        CheckStatus::Skipped => "skipped",
    };
    html! {
        <li class={classes!("check-step", class)} data-step={step_id(step.step)} data-status={status}>
            <span class="check-mark" aria-hidden="true">{ mark }</span>
            <span class="visually-hidden">{ format!("{}: ", locale.text(status_key)) }</span>
            <span class="check-text">
                <strong>{ locale.text(step_title(step.step)) }</strong>
                <span class="check-detail">{ detail(step, locale) }</span>
            </span>
        </li>
    }
}

/// The step's name as the wire spells it (tests find steps by it).
fn step_id(step: CheckStepName) -> &'static str {
    match step {
        CheckStepName::Settings => "settings",
        CheckStepName::IdentityReachable => "identityReachable",
        CheckStepName::InstallationAccepted => "installationAccepted",
        CheckStepName::ApiReachable => "apiReachable",
        CheckStepName::BillingSyncToken => "billingSyncToken",
        CheckStepName::LicenseMatches => "licenseMatches",
        CheckStepName::LastLicenseSync => "lastLicenseSync",
        CheckStepName::LastSponsorshipSync => "lastSponsorshipSync",
    }
}

fn step_title(step: CheckStepName) -> Key {
    match step {
        CheckStepName::Settings => Key::CheckStepSettings,
        CheckStepName::IdentityReachable => Key::CheckStepIdentity,
        CheckStepName::InstallationAccepted => Key::CheckStepInstallation,
        CheckStepName::ApiReachable => Key::CheckStepApi,
        CheckStepName::BillingSyncToken => Key::CheckStepToken,
        CheckStepName::LicenseMatches => Key::CheckStepLicense,
        CheckStepName::LastLicenseSync => Key::CheckStepLastLicenseSync,
        CheckStepName::LastSponsorshipSync => Key::CheckStepLastFamiliesSync,
    }
}

/// What the step found, its failure's cause and fix, or why it did not run.
fn detail(step: &CheckStep, locale: Locale) -> String {
    let args = readable_args(&step.args, locale);
    let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    match (step.status, step.code) {
        // Bitwarden's own message for this code names no fix; here it can.
        (CheckStatus::Fail, Some(ErrorCode::CloudCommunicationDisabled)) => {
            locale.text_with(Key::CheckStepSettingsCloudOff, &pairs)
        }
        (CheckStatus::Fail, Some(code)) => {
            let body = ErrorResponse {
                code: Some(code),
                code_args: args.clone(),
                ..ErrorResponse::message(String::new())
            };
            translate::coded_message(&body, locale).unwrap_or_default()
        }
        (CheckStatus::Pass, _) => match pass_key(step.step) {
            Some(key) => locale.text_with(key, &pairs),
            None => String::new(),
        },
        (CheckStatus::Skipped, _) if step.step == CheckStepName::LastSponsorshipSync => {
            locale.text(Key::CheckStepLastFamiliesSyncNone).to_owned()
        }
        _ => locale.text(Key::CheckSkippedDetail).to_owned(),
    }
}

fn pass_key(step: CheckStepName) -> Option<Key> {
    Some(match step {
        CheckStepName::Settings => Key::CheckStepSettingsPass,
        CheckStepName::IdentityReachable | CheckStepName::ApiReachable => {
            Key::CheckStepReachablePass
        }
        CheckStepName::InstallationAccepted => Key::CheckStepInstallationPass,
        CheckStepName::BillingSyncToken => Key::CheckStepTokenPass,
        CheckStepName::LicenseMatches => Key::CheckStepLicensePass,
        CheckStepName::LastLicenseSync => Key::CheckStepLastLicenseSyncPass,
        CheckStepName::LastSponsorshipSync => Key::CheckStepLastFamiliesSyncPass,
    })
}

/// Dates in the user's format, the settings' source in words; everything
/// else (URLs, file paths, counts) as the server sent it.
fn readable_args(args: &BTreeMap<String, String>, locale: Locale) -> BTreeMap<String, String> {
    let source = |value: &str| match value {
        "default" => Some(Key::CheckSourceDefault),
        "environment" => Some(Key::CheckSourceEnvironment),
        "settings" => Some(Key::CheckSourceSettings),
        _ => None,
    };
    args.iter()
        .map(|(name, value)| {
            if let Some(key) = source(value).filter(|_| name == "source") {
                return (name.clone(), locale.text(key).to_owned());
            }
            let date = value
                .parse::<wire::DateTime>()
                .ok()
                .map(|d| medium_date_time(&d, locale));
            (name.clone(), date.unwrap_or_else(|| value.clone()))
        })
        .collect()
}
