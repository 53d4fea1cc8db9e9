//! The words under "Sync now" while a sponsorship sync runs: which batch
//! the run is sending ("batch 3 of 12"), read from the run's own record,
//! which the server updates after every batch the cloud answers.

use crate::api::sponsorships;
use crate::components::ProgressNote;
use crate::format::number;
use crate::i18n::{use_i18n, Key};
use crate::session::use_session;
use std::cell::Cell;
use std::rc::Rc;
use wire::sponsorships::{SponsorshipSyncRunsResponse, SYNC_BATCH_SIZE};
use wire::OrganizationId;
use yew::prelude::*;

/// How often the running sync's progress is read, in milliseconds.
const POLL_MS: i32 = 1000;

/// Props of [`SyncNowProgress`].
#[derive(Properties, PartialEq)]
pub struct SyncNowProgressProps {
    pub org_id: OrganizationId,
}

/// Batches sent and in all of the run in flight, if it recorded them.
fn running_batches(runs: &SponsorshipSyncRunsResponse) -> Option<(u32, u32)> {
    let run = runs.runs.iter().find(|run| run.finished_at.is_none())?;
    Some((run.batches_sent?, run.batches_total?)).filter(|&(_, total)| total > 0)
}

/// Resolves after `ms` milliseconds (the browser's timer).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            // Without a timer the wait never ends; the poll then simply stops.
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Shown only while "Sync now" runs: reads the runs every second and says
/// which batch the running one is at; until the first reading (or from a
/// server that records no progress) it says how the sync works.
#[component]
pub fn SyncNowProgress(props: &SyncNowProgressProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let progress = use_state_eq(|| None::<(u32, u32)>);
    {
        let progress = progress.setter();
        use_effect_with(props.org_id, move |&org_id| {
            let mounted = Rc::new(Cell::new(true));
            let polling = Rc::clone(&mounted);
            let client = session.client();
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    sleep(POLL_MS).await;
                    if !polling.get() {
                        break;
                    }
                    // A failed reading keeps the last words; the sync's own
                    // answer reports any error.
                    if let Ok(runs) = sponsorships::sync_runs(&client, org_id).await {
                        if polling.get() {
                            progress.set(running_batches(&runs));
                        }
                    }
                }
            });
            move || mounted.set(false)
        });
    }
    let locale = i18n.locale;
    let text = match *progress {
        Some((sent, total)) if sent < total => i18n.t_with(
            Key::SyncNowBatchProgress,
            &[
                ("batch", &number(u64::from(sent) + 1, locale)),
                ("batches", &number(u64::from(total), locale)),
            ],
        ),
        Some((_, total)) => i18n.t_with(
            Key::SyncNowApplying,
            &[("batches", &number(u64::from(total), locale))],
        ),
        None => i18n.t_with(
            Key::SyncNowProgress,
            &[("batch", &number(SYNC_BATCH_SIZE as u64, locale))],
        ),
    };
    html! { <ProgressNote id="sync-now-progress" {text} /> }
}
