//! The Free Families sync history: the result line of a run (plurals, en
//! and nl) and the 30-day chart of recorded runs (days in the viewer's
//! zone, successful and failed runs per day, axis labels).
#![cfg(target_arch = "wasm32")]

use billing_sync_web::screens::families::rules::*;
use billing_sync_web::Locale;
use chrono::{NaiveDate, TimeZone, Utc};
use wasm_bindgen_test::*;
use wire::sponsorships::{SponsorshipSyncRun, SyncTrigger};
use wire::DateTime;

wasm_bindgen_test_configure!(run_in_browser);

/// Noon UTC, so the local date is the same in every time zone within ±11 h.
fn noon(y: i32, m: u32, d: u32) -> DateTime {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

#[wasm_bindgen_test]
fn sync_result_is_worded_with_plurals() {
    assert_eq!(
        sync_result_text(0, 0, 0, Locale::En),
        "0 sponsorships sent to the cloud · 0 updated from the cloud's answer · 0 removed because the cloud removed them"
    );
    assert_eq!(
        sync_result_text(1, 1, 1, Locale::En),
        "1 sponsorship sent to the cloud · 1 updated from the cloud's answer · 1 removed because the cloud removed it"
    );
    assert_eq!(
        sync_result_text(2, 3, 4, Locale::En),
        "2 sponsorships sent to the cloud · 3 updated from the cloud's answer · 4 removed because the cloud removed them"
    );
    assert_eq!(
        sync_result_text(1, 0, 1, Locale::Nl),
        "1 sponsorschap naar de cloud verzonden · 0 bijgewerkt met het antwoord van de cloud · 1 verwijderd omdat de cloud het heeft verwijderd"
    );
    assert_eq!(
        sync_result_text(0, 2, 2, Locale::Nl),
        "0 sponsorschappen naar de cloud verzonden · 2 bijgewerkt met het antwoord van de cloud · 2 verwijderd omdat de cloud ze heeft verwijderd"
    );
}

#[wasm_bindgen_test]
fn chart_axis_names_the_first_day_and_today() {
    let today = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
    let buckets = daily_buckets(&[], today, 0);
    assert_eq!(
        chart_axis_labels(&buckets, Locale::En),
        ("Nov 1".to_owned(), "Today".to_owned())
    );
    assert_eq!(
        chart_axis_labels(&buckets, Locale::Nl),
        ("1 nov".to_owned(), "Vandaag".to_owned())
    );
    let march = NaiveDate::from_ymd_opt(2025, 3, 9).unwrap();
    assert_eq!(short_day(march, Locale::En), "Mar 9");
    assert_eq!(short_day(march, Locale::Nl), "9 mrt");
}

fn run(started_at: DateTime, error: Option<&str>) -> SponsorshipSyncRun {
    SponsorshipSyncRun {
        trigger: SyncTrigger::Scheduled,
        started_at,
        finished_at: Some(started_at),
        sent: 1,
        updated: 0,
        removed: 0,
        error: error.map(str::to_owned),
        error_code: None,
        error_code_args: Default::default(),
        batches_sent: None,
        batches_total: None,
    }
}

#[wasm_bindgen_test]
fn chart_has_thirty_days_oldest_first() {
    let today = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let buckets = daily_buckets(&[], today, 0);
    assert_eq!(buckets.len(), 30);
    assert_eq!(
        buckets[0].date,
        NaiveDate::from_ymd_opt(2025, 3, 2).unwrap()
    );
    assert_eq!(buckets[29].date, today);
    assert!(buckets.iter().all(|b| b.succeeded == 0 && b.failed == 0));
    assert_eq!(run_totals(&buckets), (0, 0));
}

#[wasm_bindgen_test]
fn chart_counts_successful_and_failed_runs_per_day() {
    let today = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let runs = [
        run(noon(2025, 3, 31), None),
        run(noon(2025, 3, 31), Some("The cloud could not be reached.")),
        run(noon(2025, 3, 30), None),
        run(noon(2025, 3, 2), None),
        // Outside the 30 days, or in the future: left out.
        run(noon(2025, 3, 1), None),
        run(noon(2025, 4, 1), None),
    ];
    let buckets = daily_buckets(&runs, today, 0);
    assert_eq!((buckets[29].succeeded, buckets[29].failed), (1, 1));
    assert_eq!((buckets[28].succeeded, buckets[28].failed), (1, 0));
    assert_eq!((buckets[0].succeeded, buckets[0].failed), (1, 0));
    assert_eq!(run_totals(&buckets), (4, 1));
    assert_eq!(
        runs_summary(&buckets, Locale::En),
        "4 runs in the last 30 days, 1 failed"
    );
    assert_eq!(
        runs_summary(&buckets, Locale::Nl),
        "4 synchronisaties in de afgelopen 30 dagen, 1 mislukt"
    );
    let one = daily_buckets(&runs[..1], today, 0);
    assert_eq!(
        runs_summary(&one, Locale::En),
        "1 run in the last 30 days, 0 failed"
    );
}

#[wasm_bindgen_test]
fn chart_days_are_the_viewers_days() {
    let today = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    // 23:30 UTC on 30 March is 31 March in Amsterdam (UTC+2 in summer time).
    let late = Utc.with_ymd_and_hms(2025, 3, 30, 23, 30, 0).unwrap();
    let utc = daily_buckets(&[run(late, None)], today, 0);
    assert_eq!(utc[28].succeeded, 1);
    let amsterdam = daily_buckets(&[run(late, None)], today, 120);
    assert_eq!(amsterdam[29].succeeded, 1);
    assert_eq!(amsterdam[28].succeeded, 0);
}
