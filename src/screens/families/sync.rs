//! Self-hosted Admin Console → Billing → Subscription, below "License and
//! billing management": the Free Bitwarden Families sync. When it last ran,
//! "Sync now" for owners, and a 30-day chart of the recorded runs.

use super::rules::{
    chart_axis_labels, daily_buckets, run_totals, runs_summary, sync_result_text, DayBucket,
    CHART_DAYS,
};
use crate::api::{sponsorships, ClientError};
use crate::components::{AsyncView, Button, ButtonKind, Callout, CalloutKind, ProgressNote};
use crate::format::{iso_date, medium_date_time, now_millis};
use crate::hooks::{use_action, use_api, use_profile, ActionState};
use crate::i18n::{use_i18n, Key, Locale};
use chrono::NaiveDate;
use std::rc::Rc;
use wire::capabilities::{allows, Action, Caller, ServerRole};
use wire::sponsorships::{SponsorshipSyncRun, SponsorshipSyncRunsResponse};
use wire::{DateTime, OrganizationId};
use yew::prelude::*;

/// Props of [`SponsorshipSync`].
#[derive(Properties, PartialEq)]
pub struct SponsorshipSyncProps {
    pub org_id: OrganizationId,
}

/// The viewer's local date now, and their UTC offset in minutes.
fn local_today() -> (NaiveDate, i32) {
    let now = DateTime::from_timestamp_millis(now_millis()).unwrap_or_default();
    let offset = super::rules::local_offset_minutes(&now);
    let today = (now + chrono::Duration::minutes(i64::from(offset))).date_naive();
    (today, offset)
}

/// The section. Owners and admins see the runs; only owners can start a sync.
#[component]
pub fn SponsorshipSync(props: &SponsorshipSyncProps) -> Html {
    let i18n = use_i18n();
    let profile = use_profile();
    let role = profile.state.ready().and_then(|p| {
        p.organizations
            .iter()
            .find(|o| o.id == props.org_id)
            .map(|o| o.role)
    });
    let caller = Caller::on(ServerRole::SelfHosted).with_role(role);
    let can_view = allows(Action::ViewSponsorshipSyncRuns, &caller);
    html! {
        <section class="card" id="sponsorship-sync" aria-labelledby="sponsorship-sync-title">
            <h2 id="sponsorship-sync-title">{ i18n.t(Key::SponsorshipSyncTitle) }</h2>
            <p class="muted">{ i18n.t(Key::SponsorshipSyncDesc) }</p>
            if can_view {
                <SponsorshipSyncRuns
                    org_id={props.org_id}
                    can_sync={allows(Action::SyncSponsorshipsNow, &caller)}
                />
            } else if profile.state.ready().is_some() {
                <p id="sponsorship-sync-owners-only" class="muted">{ i18n.t(Key::SponsorshipSyncOwnersOnly) }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SponsorshipSyncRunsProps {
    org_id: OrganizationId,
    /// Owners only; admins see the runs read-only.
    can_sync: bool,
}

#[component]
fn SponsorshipSyncRuns(props: &SponsorshipSyncRunsProps) -> Html {
    let i18n = use_i18n();
    let runs = use_api(props.org_id, |client, org_id| async move {
        sponsorships::sync_runs(&client, org_id).await
    });
    let sync = use_action::<SponsorshipSyncRun, ClientError>();
    let syncing = sync.busy();
    let host = crate::embed::use_host();

    let on_sync = {
        let sync = sync.clone();
        let (refetch, org_id) = (runs.refetch.clone(), props.org_id);
        Callback::from(move |_: MouseEvent| {
            let (refetch, host) = (refetch.clone(), host.clone());
            sync.run_then(
                move |client| async move { sponsorships::sync_now(&client, org_id).await },
                move |answer| {
                    if let Ok(run) = answer {
                        host.emit(crate::embed::HostEvent::SponsorshipSyncFinished {
                            organization_id: org_id,
                            sent: run.sent,
                            updated: run.updated,
                            removed: run.removed,
                        });
                        refetch.emit(());
                    }
                },
            );
        })
    };

    let (result_line, error_line) = match sync.state() {
        ActionState::Done(run) => (
            Some((
                sync_result_text(run.sent, run.updated, run.removed, i18n.locale),
                [run.sent, run.updated, run.removed],
            )),
            run.error
                .clone()
                .map(|text| run_error_text(run, text, i18n.locale)),
        ),
        ActionState::Failed(failure) => (None, Some(failure.user_message(i18n.locale))),
        ActionState::Idle | ActionState::Busy => (None, None),
    };

    let render = Callback::from(|data: Rc<SponsorshipSyncRunsResponse>| {
        html! { <SyncRunsView data={(*data).clone()} /> }
    });

    html! {
        <>
            <AsyncView<SponsorshipSyncRunsResponse>
                state={runs.state.clone()}
                on_retry={runs.refetch.clone()}
                {render}
            />
            if props.can_sync {
                <div class="button-row">
                    <Button id="sync-now" kind={ButtonKind::Secondary} busy={syncing} onclick={on_sync}>
                        { if syncing { i18n.t(Key::Syncing) } else { i18n.t(Key::SyncNow) } }
                    </Button>
                </div>
                if syncing {
                    <ProgressNote id="sync-now-progress" text={i18n.t_with(Key::SyncNowProgress,
                        &[("batch", &crate::format::number(wire::sponsorships::SYNC_BATCH_SIZE as u64, i18n.locale))])} />
                }
            } else {
                <p id="sponsorship-sync-owners-only" class="muted">{ i18n.t(Key::SponsorshipSyncOwnersOnly) }</p>
            }
            if let Some((line, [sent, updated, removed])) = result_line {
                <p id="sync-now-result" role="status"
                    data-sent={sent.to_string()} data-updated={updated.to_string()}
                    data-removed={removed.to_string()}
                    class={classes!(error_line.is_none().then_some("text-success"))}>
                    { line }
                </p>
            }
            if let Some(error) = error_line {
                <Callout kind={CalloutKind::Danger} id="sync-now-error">
                    <p>{ i18n.t(Key::SyncRunFailed) }</p>
                    <p>{ error }</p>
                </Callout>
            }
        </>
    }
}

/// A failed run's reason in the user's language when the server gave it a
/// code (a slow or unreachable cloud), else the server's text.
fn run_error_text(run: &SponsorshipSyncRun, text: String, locale: crate::i18n::Locale) -> String {
    let body = wire::ErrorResponse {
        code: run.error_code,
        code_args: run.error_code_args.clone(),
        ..wire::ErrorResponse::message(text.clone())
    };
    crate::api::translate::coded_message(&body, locale).unwrap_or(text)
}

#[derive(Properties, PartialEq)]
struct SyncRunsViewProps {
    data: SponsorshipSyncRunsResponse,
}

/// Last sync line, then the chart or the empty state.
#[component]
fn SyncRunsView(props: &SyncRunsViewProps) -> Html {
    let i18n = use_i18n();
    let last = props.data.last_sync_date.map_or_else(
        || i18n.t(Key::Never).to_owned(),
        |date| medium_date_time(&date, i18n.locale),
    );
    let (today, offset) = local_today();
    let buckets = daily_buckets(&props.data.runs, today, offset);
    let (total, _) = run_totals(&buckets);
    html! {
        <>
            <dl class="details sponsorship-sync-details">
                <dt>{ i18n.t(Key::LastSponsorshipSync) }</dt>
                <dd id="last-sponsorship-sync"
                    data-never={props.data.last_sync_date.is_none().to_string()}>{ last }</dd>
            </dl>
            <p id="sync-runs-explain" class="small muted">{ i18n.t(Key::SyncRunsExplain) }</p>
            if total == 0 {
                <p id="sync-runs-empty" class="empty">{ i18n.t(Key::NoSyncRunsYet) }</p>
            } else {
                { sync_chart(&buckets, i18n.locale) }
            }
        </>
    }
}

const BAR_WIDTH: f64 = 10.0;
const BAR_GAP: f64 = 2.0;
const CHART_HEIGHT: f64 = 60.0;

/// One bar per day (green = successful runs, red = failed runs stacked on
/// top), with an accessible title and a text summary.
pub fn sync_chart(buckets: &[DayBucket], locale: Locale) -> Html {
    let max = buckets
        .iter()
        .map(|b| b.succeeded + b.failed)
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = CHART_HEIGHT / f64::from(max);
    let width = (BAR_WIDTH + BAR_GAP) * CHART_DAYS as f64;
    let title = locale.text_with(
        Key::SyncRunsChartTitle,
        &[("days", &CHART_DAYS.to_string())],
    );
    let summary = runs_summary(buckets, locale);
    let (first_day, last_day) = chart_axis_labels(buckets, locale);
    let bars = buckets.iter().enumerate().map(|(i, bucket)| {
        let x = i as f64 * (BAR_WIDTH + BAR_GAP);
        let ok_height = f64::from(bucket.succeeded) * scale;
        let failed_height = f64::from(bucket.failed) * scale;
        let label = format!(
            "{}: {} {}, {} {}",
            iso_date(bucket.date),
            bucket.succeeded,
            locale.text(Key::SyncRunsSucceeded),
            bucket.failed,
            locale.text(Key::SyncRunsFailed),
        );
        html! {
            <g class="chart-day" data-date={iso_date(bucket.date)}
                data-succeeded={bucket.succeeded.to_string()} data-failed={bucket.failed.to_string()}>
                <title>{ label }</title>
                // Full-height hit area so every day's tooltip can be reached.
                <rect class="chart-slot" x={x.to_string()} y="0" width={BAR_WIDTH.to_string()}
                    height={CHART_HEIGHT.to_string()} />
                if bucket.succeeded > 0 {
                    <rect class="bar-ok" x={x.to_string()} y={(CHART_HEIGHT - ok_height).to_string()}
                        width={BAR_WIDTH.to_string()} height={ok_height.to_string()} />
                }
                if bucket.failed > 0 {
                    <rect class="bar-failed" x={x.to_string()}
                        y={(CHART_HEIGHT - ok_height - failed_height).to_string()}
                        width={BAR_WIDTH.to_string()} height={failed_height.to_string()} />
                }
            </g>
        }
    });
    html! {
        <figure class="sync-chart">
            <svg id="sync-runs-chart" role="img" viewBox={format!("0 0 {width} {CHART_HEIGHT}")}
                width={width.to_string()} height={CHART_HEIGHT.to_string()}
                aria-labelledby="sync-runs-chart-title sync-runs-summary"
                xmlns="http://www.w3.org/2000/svg">
                <title id="sync-runs-chart-title">{ title }</title>
                { for bars }
            </svg>
            // Same width as the bars, so the labels sit under the first and last day.
            <div class="chart-axis" aria-hidden="true" style={format!("max-width: {width}px")}>
                <span id="sync-runs-first-day">{ first_day }</span>
                <span id="sync-runs-last-day">{ last_day }</span>
            </div>
            <figcaption id="sync-runs-summary">{ summary }</figcaption>
        </figure>
    }
}
