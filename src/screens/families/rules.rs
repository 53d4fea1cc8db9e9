//! The pure rules of the Free Bitwarden Families screens: the status of a
//! sponsorship row, the offer form's e-mail check, the offer link (the
//! e-mail's hash URL and its query), the recipient's account form, and the
//! daily buckets of the sponsorship sync chart.

use crate::i18n::{Key, Locale};
use chrono::{Datelike, Duration, NaiveDate};
use wire::capabilities::{allows, Action, Caller, ServerRole};
use wire::identity::ProfileResponse;
use wire::organizations::ProfileOrganization;
use wire::sponsorships::SponsorshipSyncRun;
use wire::{DateTime, Secret};

/// Bitwarden's annual Families price in USD, named in the removal warning of
/// an accepted sponsorship (the sponsored organization starts paying it).
pub const FAMILIES_ANNUAL_PRICE: &str = "$40";

/// The route of the offer page; the e-mail links to it as a hash URL.
pub const ACCEPT_PATH: &str = "/accept-families-for-enterprise";

/// Days shown by the sync chart (the server keeps runs for 30 days).
pub const CHART_DAYS: usize = 30;

/// Shortest master password a new account may have.
pub const MIN_MASTER_PASSWORD_LENGTH: usize = 12;

/// The status of the member's sponsorship, decided as Bitwarden's sponsor row
/// does (first matching rule wins).
#[derive(Clone, Debug, PartialEq)]
pub enum SponsorshipStatus {
    /// Removed after it was accepted: ends on this date. Red.
    Expires(DateTime),
    /// Removed, and the removal has not reached the cloud yet. Red.
    RemovedAwaitingSync,
    /// The recipient accepted the offer. Green.
    Active,
    /// The offer reached the cloud (it e-mails the recipient). Green.
    Sent,
    /// Self-hosted and never synced: the offer has not left this server.
    /// Neutral (amber).
    PendingSync,
    /// Sent, but the mail server has not taken the offer e-mail (delivery
    /// keeps retrying); the sponsor can Resend. Amber: not a removal.
    EmailNotDelivered,
}

/// The colour of a status in the Status column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusTone {
    /// Done: the offer reached the cloud, or was accepted.
    Success,
    /// Waiting for the next sync; nothing went wrong, nothing is done yet.
    Pending,
    /// Marked for removal.
    Danger,
}

impl StatusTone {
    /// The CSS class of the `.sponsorship-status` span.
    pub fn class(self) -> &'static str {
        match self {
            StatusTone::Success => "text-success",
            StatusTone::Pending => "status-pending",
            StatusTone::Danger => "text-danger",
        }
    }
}

impl SponsorshipStatus {
    /// The status for a row's `familySponsorship*` fields on this kind of server.
    pub fn of(
        to_delete: bool,
        valid_until: Option<DateTime>,
        last_sync_date: Option<DateTime>,
        self_hosted: bool,
    ) -> Self {
        match (to_delete, valid_until) {
            (true, Some(date)) => SponsorshipStatus::Expires(date),
            (true, None) => SponsorshipStatus::RemovedAwaitingSync,
            (false, Some(_)) => SponsorshipStatus::Active,
            (false, None) if !self_hosted || last_sync_date.is_some() => SponsorshipStatus::Sent,
            (false, None) => SponsorshipStatus::PendingSync,
        }
    }

    /// The status of one organization membership in the profile.
    pub fn of_membership(org: &ProfileOrganization, self_hosted: bool) -> Self {
        match Self::of(
            org.family_sponsorship_to_delete.unwrap_or(false),
            org.family_sponsorship_valid_until,
            org.family_sponsorship_last_sync_date,
            self_hosted,
        ) {
            SponsorshipStatus::Sent if org.family_sponsorship_offer_email_failed => {
                SponsorshipStatus::EmailNotDelivered
            }
            status => status,
        }
    }

    /// Red exactly when the sponsorship is marked for removal.
    pub fn is_danger(&self) -> bool {
        matches!(
            self,
            SponsorshipStatus::Expires(_) | SponsorshipStatus::RemovedAwaitingSync
        )
    }

    /// The status colour. Red stays exactly Bitwarden's rule (marked for
    /// removal), so "Removed (awaiting sync)" is red too. Bitwarden paints
    /// every other status green, but "Pending sync" is not a success: the
    /// help page says users see it between syncs, while the self-hosted
    /// server still waits to send the offer to the Bitwarden cloud. It gets
    /// the neutral amber of a waiting state, so it cannot be mistaken for
    /// "Sent" or "Active".
    pub fn tone(&self) -> StatusTone {
        match self {
            SponsorshipStatus::Expires(_) | SponsorshipStatus::RemovedAwaitingSync => {
                StatusTone::Danger
            }
            SponsorshipStatus::PendingSync | SponsorshipStatus::EmailNotDelivered => {
                StatusTone::Pending
            }
            SponsorshipStatus::Active | SponsorshipStatus::Sent => StatusTone::Success,
        }
    }

    /// The text shown in the Status column; dates as `MM/dd/yyyy` in the
    /// browser's time zone.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            SponsorshipStatus::Expires(date) => locale.text_with(
                Key::RevokeWhenExpired,
                &[("date", &mm_dd_yyyy(date, local_offset_minutes(date)))],
            ),
            SponsorshipStatus::RemovedAwaitingSync => locale.text(Key::RequestRemoved).to_owned(),
            SponsorshipStatus::Active => locale.text(Key::StatusActive).to_owned(),
            SponsorshipStatus::Sent => locale.text(Key::StatusSent).to_owned(),
            SponsorshipStatus::PendingSync => locale.text(Key::PendingSync).to_owned(),
            SponsorshipStatus::EmailNotDelivered => {
                locale.text(Key::StatusEmailNotDelivered).to_owned()
            }
        }
    }
}

/// `MM/dd/yyyy` of `date` shifted by `utc_offset_minutes` (local = UTC + offset).
pub fn mm_dd_yyyy(date: &DateTime, utc_offset_minutes: i32) -> String {
    crate::format::us_date((*date + Duration::minutes(i64::from(utc_offset_minutes))).date_naive())
}

/// The browser's UTC offset at `date` in minutes (Amsterdam in summer: +120).
pub fn local_offset_minutes(date: &DateTime) -> i32 {
    let js = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        date.timestamp_millis() as f64
    ));
    -(js.get_timezone_offset() as i32)
}

/// Checks the recipient address of an offer: required, an e-mail address,
/// and not the logged-in account's own (compared case-insensitively).
/// Spaces are dropped, as the form's input does. Returns the address to send.
pub fn validate_sponsor_email(raw: &str, own_email: Option<&str>) -> Result<String, Key> {
    let email: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if email.is_empty() {
        return Err(Key::EmailRequired);
    }
    if !is_email(&email) {
        return Err(Key::InvalidEmail);
    }
    if own_email.is_some_and(|own| own.trim().eq_ignore_ascii_case(&email)) {
        return Err(Key::CannotSponsorSelf);
    }
    Ok(email)
}

/// A strict-enough address check: one `@`, a local part, and a domain of
/// dot-separated non-empty labels with at least one dot.
pub fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let labels_ok = domain.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "()<>[]\\,;:\"@".contains(c))
        && domain.contains('.')
        && labels_ok
        && email.len() <= 256
}

/// The friendly name of an offer: what the member typed, else the address.
pub fn friendly_name(raw: &str, email: &str) -> String {
    match raw.trim() {
        "" => email.to_owned(),
        name => name.to_owned(),
    }
}

/// Organizations whose sponsorship the member can still offer.
pub fn sponsoring_orgs(profile: &ProfileResponse) -> Vec<&ProfileOrganization> {
    profile
        .organizations
        .iter()
        .filter(|o| o.family_sponsorship_available)
        .collect()
}

/// Organizations where the member has offered their sponsorship (the table).
pub fn offered_sponsorships(profile: &ProfileResponse) -> Vec<&ProfileOrganization> {
    profile
        .organizations
        .iter()
        .filter(|o| o.family_sponsorship_friendly_name.is_some())
        .collect()
}

/// The page's intro: eligibility while an offer can still be made; once the
/// member's sponsorship is used (no organization left to offer from, an
/// offer in the table), how to get it back.
pub fn families_intro(available: usize, offered: usize) -> Key {
    if available == 0 && offered > 0 {
        Key::SponsorshipUsed
    } else {
        Key::SponsoredFamiliesEligible
    }
}

/// Whether the table explains what happens to an offer next: on a
/// self-hosted server, while some offer waits for the sync.
pub fn shows_pending_sync_help(self_hosted: bool, statuses: &[SponsorshipStatus]) -> bool {
    self_hosted && statuses.contains(&SponsorshipStatus::PendingSync)
}

/// Whether the vault shows the "Free Bitwarden Families" link.
pub fn shows_families_nav(profile: &ProfileResponse) -> bool {
    profile
        .organizations
        .iter()
        .any(|o| o.family_sponsorship_available || o.family_sponsorship_friendly_name.is_some())
}

/// Families organizations the user owns: where an offer can be redeemed
/// (on the cloud, by the capability table).
pub fn owned_families_orgs(profile: &ProfileResponse) -> Vec<&ProfileOrganization> {
    profile
        .organizations
        .iter()
        .filter(|o| {
            let caller = Caller::on(ServerRole::Cloud)
                .with_role(Some(o.role))
                .with_tier(o.product_tier_type);
            allows(Action::RedeemSponsorshipInto, &caller)
                && allows(Action::ReceiveSponsorship, &caller)
        })
        .collect()
}

/// The offer link's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedeemLink {
    /// The opaque offer token (`BWOrganizationSponsorship_…`): whoever
    /// holds it can take the offer, so it is never printed.
    pub token: Secret,
    /// The address the offer was sent to.
    pub email: String,
    /// True when the recipient has no account yet (`register=true`).
    pub register: bool,
}

impl RedeemLink {
    /// Reads `token`, `email` and `register` from a query string (with or
    /// without the leading `?`). `None` when the token or the e-mail is
    /// missing. A `+` stays a `+`: the token is put into the link without
    /// URL-encoding, and addresses may contain `+`.
    pub fn parse(query: &str) -> Option<Self> {
        let (mut token, mut email, mut register) = (None, None, false);
        for pair in query.trim_start_matches('?').split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match name {
                "token" => token = Some(value),
                "email" => email = Some(value.trim().to_owned()),
                "register" => register = value.eq_ignore_ascii_case("true"),
                _ => {}
            }
        }
        match (token, email) {
            (Some(token), Some(email)) if !token.is_empty() && !email.is_empty() => Some(Self {
                token: Secret::new(token),
                email,
                register,
            }),
            _ => None,
        }
    }

    /// The page's path and query for this link (kept across a login).
    pub fn to_path(&self) -> String {
        let mut query = serde_urlencoded::to_string(vec![
            ("token", self.token.expose()),
            ("email", self.email.as_str()),
        ])
        .unwrap_or_default();
        if self.register {
            query.push_str("&register=true");
        }
        format!("{ACCEPT_PATH}?{query}")
    }
}

/// Decodes `%XX` escapes; anything malformed is kept as written.
pub fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The offer e-mail links to `{vault}/#/accept-families-for-enterprise?…`
/// (Bitwarden's hash URL). For such a `location.hash`, the path this app
/// serves the page at, query kept as sent; `None` for any other hash.
pub fn accept_hash_target(hash: &str) -> Option<String> {
    let rest = hash.strip_prefix('#')?.strip_prefix(ACCEPT_PATH)?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    match rest.chars().next() {
        None => Some(ACCEPT_PATH.to_owned()),
        Some('?') => Some(format!("{ACCEPT_PATH}{rest}")),
        Some(_) => None,
    }
}

/// What the new-account form found wrong, per field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegisterErrors {
    pub password: Option<Key>,
    pub confirm: Option<Key>,
}

impl RegisterErrors {
    /// True when the form may be sent.
    pub fn is_empty(&self) -> bool {
        self.password.is_none() && self.confirm.is_none()
    }
}

/// The new-account form: a master password of at least 12 characters,
/// typed twice the same.
pub fn validate_register(password: &str, confirm: &str) -> RegisterErrors {
    let password_error = if password.is_empty() {
        Some(Key::MasterPasswordRequired)
    } else if password.chars().count() < MIN_MASTER_PASSWORD_LENGTH {
        Some(Key::MasterPasswordMinLength)
    } else {
        None
    };
    let confirm_error = if confirm.is_empty() && password.is_empty() {
        None
    } else if confirm != password {
        Some(Key::MasterPasswordDoesNotMatch)
    } else {
        None
    };
    RegisterErrors {
        password: password_error,
        confirm: confirm_error,
    }
}

/// The master password's help line, unless an error is shown in its place
/// (hint or error under the field, never both).
pub fn register_password_hint(error: Option<Key>) -> Option<Key> {
    match error {
        Some(_) => None,
        None => Some(Key::MasterPasswordMinLength),
    }
}

/// The result of one sync run in words, e.g. "1 sponsorship sent to the
/// cloud · 0 updated from the cloud's answer · 2 removed because the cloud
/// removed them". English and Dutch both use the singular for exactly 1.
pub fn sync_result_text(sent: u32, updated: u32, removed: u32, locale: Locale) -> String {
    let part = |key_one: Key, key_other: Key, count: u32| {
        let key = if count == 1 { key_one } else { key_other };
        locale.text_with(key, &[("count", &count.to_string())])
    };
    [
        part(Key::SyncResultSentOne, Key::SyncResultSent, sent),
        part(Key::SyncResultUpdated, Key::SyncResultUpdated, updated),
        part(Key::SyncResultRemovedOne, Key::SyncResultRemoved, removed),
    ]
    .join(" · ")
}

/// A short day for the chart's axis: "Nov 1" / "1 nov".
pub fn short_day(date: NaiveDate, locale: Locale) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const NL: [&str; 12] = [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    let month = date.month0() as usize;
    match locale {
        Locale::En => format!("{} {}", EN[month], date.day()),
        Locale::Nl => format!("{} {}", date.day(), NL[month]),
    }
}

/// The labels under the chart's first and last bar: the first day, and
/// "Today" for the last one (the chart always ends today).
pub fn chart_axis_labels(buckets: &[DayBucket], locale: Locale) -> (String, String) {
    let first = buckets
        .first()
        .map(|b| short_day(b.date, locale))
        .unwrap_or_default();
    (first, locale.text(Key::Today).to_owned())
}

/// One day of the sync chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayBucket {
    pub date: NaiveDate,
    /// Runs without an error.
    pub succeeded: u32,
    /// Runs that recorded an error.
    pub failed: u32,
}

/// The runs of the last [`CHART_DAYS`] days counted per local day, oldest
/// first, ending with `today`. Runs outside the window are left out.
/// `utc_offset_minutes` maps a run's start to the viewer's day.
pub fn daily_buckets(
    runs: &[SponsorshipSyncRun],
    today: NaiveDate,
    utc_offset_minutes: i32,
) -> Vec<DayBucket> {
    let first = today - Duration::days(CHART_DAYS as i64 - 1);
    let mut buckets: Vec<DayBucket> = (0..CHART_DAYS as i64)
        .map(|i| DayBucket {
            date: first + Duration::days(i),
            succeeded: 0,
            failed: 0,
        })
        .collect();
    for run in runs {
        let day = (run.started_at + Duration::minutes(i64::from(utc_offset_minutes))).date_naive();
        let Ok(index) = usize::try_from((day - first).num_days()) else {
            continue;
        };
        if let Some(bucket) = buckets.get_mut(index) {
            if run.error.is_some() {
                bucket.failed += 1;
            } else {
                bucket.succeeded += 1;
            }
        }
    }
    buckets
}

/// Totals of the chart: (runs, failed runs).
pub fn run_totals(buckets: &[DayBucket]) -> (u32, u32) {
    buckets.iter().fold((0, 0), |(runs, failed), b| {
        (runs + b.succeeded + b.failed, failed + b.failed)
    })
}

/// The chart's text summary, e.g. "12 runs in the last 30 days, 1 failed".
pub fn runs_summary(buckets: &[DayBucket], locale: Locale) -> String {
    let (runs, failed) = run_totals(buckets);
    let key = if runs == 1 {
        Key::SyncRunsSummaryOne
    } else {
        Key::SyncRunsSummary
    };
    locale.text_with(
        key,
        &[
            ("count", &runs.to_string()),
            ("days", &CHART_DAYS.to_string()),
            ("failed", &failed.to_string()),
        ],
    )
}
