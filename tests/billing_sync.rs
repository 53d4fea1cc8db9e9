//! Pure logic of the cloud billing sync token dialog: its reducer, the line
//! under the token, and the section's texts in both languages (the rest of
//! the Self-hosting section: `tests/self_hosting.rs`).
#![cfg(target_arch = "wasm32")]

use billing_sync_web::api::ClientError;
use billing_sync_web::hooks::Loadable;
use billing_sync_web::screens::billing_sync::{
    awaiting_sync_text, days_since, sync_line, IssuedToken, SyncLine, TokenAction, TokenDialog,
    TokenError, TokenNotice, TokenStep,
};
use billing_sync_web::{Key, Locale};
use std::rc::Rc;
use wasm_bindgen_test::*;
use wire::sponsorships::SyncStatusResponse;
use wire::{DateTime, Secret};
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn date(text: &str) -> DateTime {
    text.parse().expect("RFC 3339 date")
}

fn token(key: &str, revision: &str) -> IssuedToken {
    IssuedToken {
        api_key: Secret::new(key),
        revision_date: date(revision),
    }
}

fn apply(state: Rc<TokenDialog>, action: TokenAction) -> Rc<TokenDialog> {
    state.reduce(action)
}

fn opened(has_key: bool) -> Rc<TokenDialog> {
    apply(
        Rc::new(TokenDialog::default()),
        TokenAction::Open { has_key },
    )
}

#[wasm_bindgen_test]
fn dialog_opens_in_verify_with_generate_or_view_wording() {
    let closed = TokenDialog::default();
    assert_eq!(closed.step, TokenStep::Closed);

    let fresh = opened(false);
    assert_eq!(fresh.step, TokenStep::Verify);
    assert_eq!(fresh.title(), Key::GenerateBillingSyncToken);
    assert_eq!(fresh.submit_label(), Key::GenerateToken);
    assert_eq!(fresh.attempt, 1);

    let existing = opened(true);
    assert_eq!(existing.title(), Key::ViewBillingSyncToken);
    assert_eq!(existing.submit_label(), Key::Continue);
}

#[wasm_bindgen_test]
fn verify_handles_empty_password_busy_and_wrong_password() {
    let state = opened(false);
    let state = apply(state, TokenAction::Invalid(Key::MasterPasswordRequired));
    assert_eq!(state.step, TokenStep::Verify);
    assert_eq!(
        state.error,
        Some(TokenError::Field(Key::MasterPasswordRequired))
    );

    let state = apply(state, TokenAction::Submit);
    assert!(state.busy);
    assert_eq!(state.error, None, "a new attempt clears the old error");
    assert_eq!(state.submit_label(), Key::Verifying);
    // A second submit while busy changes nothing (no double request).
    let same = apply(Rc::clone(&state), TokenAction::Submit);
    assert!(Rc::ptr_eq(&same, &state));

    let state = apply(
        state,
        TokenAction::Failed {
            attempt: 1,
            error: TokenError::Field(Key::InvalidMasterPassword),
        },
    );
    assert_eq!(state.step, TokenStep::Verify, "stays in A");
    assert!(!state.busy);
    assert_eq!(
        state.error,
        Some(TokenError::Field(Key::InvalidMasterPassword))
    );
}

#[wasm_bindgen_test]
fn issued_token_shows_b_then_rotate_confirm_cancel_and_rotate() {
    let state = apply(opened(false), TokenAction::Submit);
    let state = apply(
        state,
        TokenAction::Issued {
            attempt: 1,
            token: token("first", "2026-01-01T00:00:00Z"),
            password: Secret::new("pw"),
        },
    );
    assert_eq!(state.step, TokenStep::Token);
    assert!(state.has_key, "the title switches to the view variant");
    assert_eq!(state.title(), Key::ViewBillingSyncToken);
    assert_eq!(state.notice, None, "no 'rotated' message after generating");
    assert_eq!(state.password, Some(Secret::new("pw")));
    assert!(matches!(state.sync, Loadable::Loading));

    let state = apply(
        state,
        TokenAction::SyncLoaded {
            attempt: 1,
            result: Ok(SyncStatusResponse::new(None)),
        },
    );
    assert!(matches!(state.sync, Loadable::Ready(_)));

    let state = apply(state, TokenAction::Copied);
    assert_eq!(state.notice, Some(TokenNotice::Copied));

    // B → C sends nothing; Cancel returns to B with the same token.
    let state = apply(state, TokenAction::AskRotate);
    assert_eq!(state.step, TokenStep::ConfirmRotate);
    assert_eq!(state.notice, None);
    assert_eq!(
        state.title(),
        Key::RotateBillingSyncToken,
        "C has its own title"
    );
    let state = apply(state, TokenAction::CancelRotate);
    assert_eq!(state.step, TokenStep::Token);
    assert_eq!(state.title(), Key::ViewBillingSyncToken);
    assert_eq!(
        state.token.as_ref().map(|t| t.api_key.clone()),
        Some(Secret::new("first"))
    );

    // C → confirm → B with the new token and "Token rotated".
    let state = apply(state, TokenAction::AskRotate);
    let state = apply(state, TokenAction::Submit);
    assert!(state.busy);
    let cancel_while_busy = apply(Rc::clone(&state), TokenAction::CancelRotate);
    assert!(Rc::ptr_eq(&cancel_while_busy, &state));
    let state = apply(
        state,
        TokenAction::Issued {
            attempt: 1,
            token: token("second", "2026-02-01T00:00:00Z"),
            password: Secret::new("pw"),
        },
    );
    assert_eq!(state.step, TokenStep::Token);
    assert_eq!(state.notice, Some(TokenNotice::Rotated));
    assert_eq!(
        state.token.as_ref().map(|t| t.api_key.clone()),
        Some(Secret::new("second"))
    );
    assert!(
        matches!(state.sync, Loadable::Loading),
        "sync status reloads"
    );
}

#[wasm_bindgen_test]
fn rotate_failure_stays_in_c() {
    let state = apply(opened(true), TokenAction::Submit);
    let state = apply(
        state,
        TokenAction::Issued {
            attempt: 1,
            token: token("k", "2026-01-01T00:00:00Z"),
            password: Secret::new("pw"),
        },
    );
    let state = apply(state, TokenAction::AskRotate);
    let state = apply(state, TokenAction::Submit);
    let error = TokenError::Client(ClientError::Network("offline".into()));
    let state = apply(
        state,
        TokenAction::Failed {
            attempt: 1,
            error: error.clone(),
        },
    );
    assert_eq!(state.step, TokenStep::ConfirmRotate);
    assert_eq!(state.error, Some(error));
    assert!(!state.busy);
}

#[wasm_bindgen_test]
fn close_forgets_secrets_and_late_answers_are_ignored() {
    let state = apply(opened(false), TokenAction::Submit);
    let state = apply(state, TokenAction::Close);
    assert_eq!(state.step, TokenStep::Closed);
    assert_eq!(state.token, None);
    assert_eq!(state.password, None);
    // The answer to the closed attempt arrives: ignored.
    let late = apply(
        Rc::clone(&state),
        TokenAction::Issued {
            attempt: 1,
            token: token("late", "2026-01-01T00:00:00Z"),
            password: Secret::new("pw"),
        },
    );
    assert!(Rc::ptr_eq(&late, &state));

    // Reopened (attempt 2): an answer for attempt 1 is still ignored.
    let state = apply(state, TokenAction::Open { has_key: true });
    assert_eq!(state.attempt, 2);
    let state = apply(state, TokenAction::Submit);
    let stale = apply(
        Rc::clone(&state),
        TokenAction::Failed {
            attempt: 1,
            error: TokenError::Kdf,
        },
    );
    assert!(Rc::ptr_eq(&stale, &state));
    assert!(state.busy);

    // Closing after a token was shown drops it.
    let state = apply(
        state,
        TokenAction::Issued {
            attempt: 2,
            token: token("shown", "2026-01-01T00:00:00Z"),
            password: Secret::new("pw"),
        },
    );
    let state = apply(state, TokenAction::Close);
    assert_eq!(state.token, None);
    assert_eq!(state.password, None);
    assert!(state.has_key, "the next opening says View/Continue");
}

#[wasm_bindgen_test]
fn actions_for_other_steps_change_nothing() {
    let closed = Rc::new(TokenDialog::default());
    for action in [
        TokenAction::Submit,
        TokenAction::AskRotate,
        TokenAction::CancelRotate,
        TokenAction::Copied,
        TokenAction::Invalid(Key::MasterPasswordRequired),
    ] {
        let next = apply(Rc::clone(&closed), action);
        assert!(Rc::ptr_eq(&next, &closed));
    }
    let verify = opened(false);
    let next = apply(Rc::clone(&verify), TokenAction::AskRotate);
    assert!(Rc::ptr_eq(&next, &verify), "no rotate without a token");
}

const DAY: i64 = 86_400_000;

#[wasm_bindgen_test]
fn sync_line_decision_table() {
    let revision = date("2026-03-10T12:00:00Z");
    let r = revision.timestamp_millis();
    let cases: &[(&str, Option<&str>, i64, SyncLine)] = &[
        ("never synced", None, r + 5 * DAY, SyncLine::Nothing),
        (
            "synced after the revision",
            Some("2026-03-11T08:00:00Z"),
            r + 5 * DAY,
            SyncLine::LastSync(date("2026-03-11T08:00:00Z")),
        ),
        (
            "synced at the revision instant counts as not synced",
            Some("2026-03-10T12:00:00Z"),
            r + 3 * DAY,
            SyncLine::AwaitingSync { days: 3 },
        ),
        (
            "synced before a rotation, same day",
            Some("2026-03-01T00:00:00Z"),
            r + DAY / 3,
            SyncLine::AwaitingSync { days: 0 },
        ),
        (
            "one day",
            Some("2026-03-01T00:00:00Z"),
            r + DAY,
            SyncLine::AwaitingSync { days: 1 },
        ),
        (
            "rounds 1.5 days up",
            Some("2026-03-01T00:00:00Z"),
            r + DAY + DAY / 2,
            SyncLine::AwaitingSync { days: 2 },
        ),
        (
            "rounds 1.4 days down",
            Some("2026-03-01T00:00:00Z"),
            r + DAY + DAY * 4 / 10,
            SyncLine::AwaitingSync { days: 1 },
        ),
        (
            "clock behind the server: absolute difference",
            Some("2026-03-01T00:00:00Z"),
            r - 2 * DAY,
            SyncLine::AwaitingSync { days: 2 },
        ),
    ];
    for (name, last_sync, now, expected) in cases {
        let last_sync = last_sync.map(date);
        assert_eq!(
            &sync_line(revision, last_sync, *now),
            expected,
            "case: {name}"
        );
    }
    assert_eq!(days_since(revision, r + 10 * DAY), 10);
}

#[wasm_bindgen_test]
fn awaiting_sync_text_is_singular_only_for_one_day() {
    assert_eq!(
        awaiting_sync_text(Locale::En, 0),
        "Token rotated 0 days ago. Update the billing sync token in your self-hosted organization settings."
    );
    assert_eq!(
        awaiting_sync_text(Locale::En, 1),
        "Token rotated 1 day ago. Update the billing sync token in your self-hosted organization settings."
    );
    assert_eq!(
        awaiting_sync_text(Locale::En, 2),
        "Token rotated 2 days ago. Update the billing sync token in your self-hosted organization settings."
    );
    assert_eq!(
        awaiting_sync_text(Locale::Nl, 1),
        "Token is 1 dag geleden geroteerd. Werk het factureringssynchronisatietoken in de instellingen van je zelfgehoste organisatie bij."
    );
    assert_eq!(
        awaiting_sync_text(Locale::Nl, 0),
        "Token is 0 dagen geleden geroteerd. Werk het factureringssynchronisatietoken in de instellingen van je zelfgehoste organisatie bij."
    );
}

#[wasm_bindgen_test]
fn new_texts_exist_in_english_and_dutch() {
    let keys = [
        (Key::SelfHostingTitle, "Self-hosting", "Zelf hosten"),
        (Key::SetUpBillingSync, "Set up billing sync", "Factureringssynchronisatie instellen"),
        (Key::ManageBillingSync, "Manage billing sync", "Factureringssynchronisatie beheren"),
        (Key::GenerateToken, "Generate token", "Genereer token"),
        (Key::Continue, "Continue", "Doorgaan"),
        (
            Key::GenerateBillingSyncToken,
            "Generate billing sync token",
            "Factureringssynchronisatietoken genereren",
        ),
        (
            Key::ViewBillingSyncToken,
            "View billing sync token",
            "Factureringssynchronisatietoken bekijken",
        ),
        (Key::MasterPassword, "Master password", "Hoofdwachtwoord"),
        (
            Key::ConfirmIdentity,
            "Confirm your identity to continue.",
            "Bevestig je identiteit om door te gaan.",
        ),
        (
            Key::InvalidMasterPassword,
            "Invalid master password. Check it and try again.",
            "Ongeldig hoofdwachtwoord. Controleer het en probeer het opnieuw.",
        ),
        (
            Key::RotateBillingSyncToken,
            "Rotate billing sync token",
            "Factureringssynchronisatietoken roteren",
        ),
        (Key::BillingSyncToken, "Billing sync token", "Factureringssynchronisatietoken"),
        (
            Key::BillingSyncTokenCopied,
            "Billing sync token copied",
            "Factureringssynchronisatietoken gekopieerd",
        ),
        (Key::LastSync, "Last sync", "Laatste synchronisatie"),
        (Key::RotateToken, "Rotate token", "Token roteren"),
        (Key::BillingSyncTokenRotated, "Token rotated", "Token geroteerd"),
        (
            Key::CopyPasteBillingSync,
            "Copy and paste this token into the billing sync settings of your self-hosted organization.",
            "Kopieer en plak dit token in de factureringssynchronisatie-instellingen van je zelfgehoste organisatie.",
        ),
        (
            Key::RotateBillingSyncTokenTitle,
            "Rotating the billing sync token will invalidate the previous token.",
            "Het roteren van het factureringssynchronisatietoken maakt het vorige token ongeldig.",
        ),
        (
            Key::RotateBillingSyncTokenWarning,
            "If you proceed, you will need to re-setup billing sync on your self-hosted server.",
            "Als je doorgaat, moet je factureringssynchronisatie opnieuw instellen op je zelfgehoste server.",
        ),
        (Key::DownloadLicense, "Download license", "Licentie downloaden"),
        (Key::EnterInstallationId, "Enter your installation id", "Installatie-id invoeren"),
        (Key::Billing, "Billing", "Facturering"),
        (Key::Subscription, "Subscription", "Abonnement"),
    ];
    for (key, en, nl) in keys {
        assert_eq!(Locale::En.text(key), en, "{key:?} en");
        assert_eq!(Locale::Nl.text(key), nl, "{key:?} nl");
    }
    for key in [
        Key::SelfHostingCopy,
        Key::SelfHostingOwnersOnly,
        Key::BillingSyncPlanRequired,
        Key::LicenseDownloaded,
        Key::InstallationIdHint,
        Key::InstallationIdRequired,
        Key::InvalidInstallationIdFormat,
        Key::InstallationIdUnknown,
        Key::LicenseSaveFailed,
        Key::Submit,
        Key::Cancel,
        Key::Close,
        Key::Verifying,
        Key::Copy,
        Key::CopyFailed,
        Key::TokenRevisionDate,
        Key::AwaitingSyncSingular,
        Key::AwaitingSyncPlural,
    ] {
        let (en, nl) = (Locale::En.text(key), Locale::Nl.text(key));
        assert!(!en.trim().is_empty() && !nl.trim().is_empty(), "{key:?}");
        assert_ne!(en, nl, "{key:?} is not translated");
    }
}

#[wasm_bindgen_test]
fn placeholders_are_filled() {
    assert_eq!(
        Locale::En.text_with(Key::AwaitingSyncPlural, &[("days", "7")]),
        "Token rotated 7 days ago. Update the billing sync token in your self-hosted organization settings."
    );
}
