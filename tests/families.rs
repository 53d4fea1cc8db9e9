//! Free Bitwarden Families rules: the sponsorship status table (cloud and
//! self-hosted, exact Dutch), the offer e-mail check, the offer link (hash
//! URL and query), the new-account form, and the en/nl texts of these
//! screens. The sync history's rules are in `families_sync_history.rs`.
#![cfg(target_arch = "wasm32")]

use billing_sync_web::screens::families::rules::*;
use billing_sync_web::{Key, Locale};
use chrono::{TimeZone, Utc};
use wasm_bindgen_test::*;
use wire::identity::ProfileResponse;
use wire::DateTime;

wasm_bindgen_test_configure!(run_in_browser);

/// Noon UTC, so the local date is the same in every time zone within ±11 h.
fn noon(y: i32, m: u32, d: u32) -> DateTime {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

#[wasm_bindgen_test]
fn status_follows_the_rules_in_order() {
    let valid = Some(noon(2025, 3, 15));
    let synced = Some(noon(2025, 1, 2));
    use SponsorshipStatus::*;
    // (toDelete, validUntil, lastSyncDate, selfHosted) → status
    let table = [
        (true, valid, synced, true, Expires(noon(2025, 3, 15))),
        (true, valid, None, false, Expires(noon(2025, 3, 15))),
        (true, None, synced, true, RemovedAwaitingSync),
        (true, None, None, false, RemovedAwaitingSync),
        (false, valid, None, true, Active),
        (false, valid, synced, false, Active),
        (false, None, synced, true, Sent),
        (false, None, None, false, Sent),
        (false, None, synced, false, Sent),
        (false, None, None, true, PendingSync),
    ];
    for (to_delete, valid_until, last_sync, self_hosted, expected) in table {
        let status = SponsorshipStatus::of(to_delete, valid_until, last_sync, self_hosted);
        assert_eq!(
            status, expected,
            "toDelete={to_delete} validUntil={valid_until:?} lastSync={last_sync:?} selfHosted={self_hosted}"
        );
        assert_eq!(status.is_danger(), to_delete, "red exactly when toDelete");
    }
}

#[wasm_bindgen_test]
fn status_colour_is_red_for_removals_amber_while_pending_green_when_done() {
    use SponsorshipStatus::*;
    let table = [
        (
            Expires(noon(2025, 3, 15)),
            StatusTone::Danger,
            "text-danger",
        ),
        (RemovedAwaitingSync, StatusTone::Danger, "text-danger"),
        (Active, StatusTone::Success, "text-success"),
        (Sent, StatusTone::Success, "text-success"),
        (PendingSync, StatusTone::Pending, "status-pending"),
    ];
    for (status, tone, class) in table {
        assert_eq!(status.tone(), tone, "{status:?}");
        assert_eq!(status.tone().class(), class, "{status:?}");
        // Red stays exactly Bitwarden's rule.
        assert_eq!(tone == StatusTone::Danger, status.is_danger(), "{status:?}");
    }
    // "Pending sync" never shares the green of "Active".
    assert_ne!(PendingSync.tone().class(), Active.tone().class());
}

#[wasm_bindgen_test]
fn pending_offer_is_explained_on_self_hosted_only() {
    use SponsorshipStatus::*;
    assert!(shows_pending_sync_help(true, &[Sent, PendingSync]));
    assert!(!shows_pending_sync_help(true, &[Sent, Active]));
    assert!(!shows_pending_sync_help(true, &[]));
    // A cloud row is never pending; the note is about this server anyway.
    assert!(!shows_pending_sync_help(false, &[PendingSync]));
    assert_eq!(
        Locale::En.text(Key::PendingSyncHelp),
        "Your offer is stored on this server. It is sent to the recipient after the next sync with the Bitwarden cloud (an owner can select Sync now; it also runs once a day)."
    );
    assert!(Locale::Nl
        .text(Key::PendingSyncHelp)
        .contains("Nu synchroniseren"));
}

#[wasm_bindgen_test]
fn used_sponsorship_changes_the_intro() {
    assert_eq!(families_intro(1, 0), Key::SponsoredFamiliesEligible);
    assert_eq!(families_intro(1, 1), Key::SponsoredFamiliesEligible);
    assert_eq!(families_intro(0, 1), Key::SponsorshipUsed);
    assert_eq!(families_intro(0, 0), Key::SponsoredFamiliesEligible);
    assert_eq!(
        Locale::En.text(Key::SponsorshipUsed),
        "You have used your Free Bitwarden Families sponsorship. Remove it below to offer it to someone else."
    );
}

#[wasm_bindgen_test]
fn password_hint_or_error_never_both() {
    assert_eq!(
        register_password_hint(None),
        Some(Key::MasterPasswordMinLength)
    );
    for password in ["", "short"] {
        let error = validate_register(password, password).password;
        assert!(error.is_some());
        assert_eq!(register_password_hint(error), None, "{password:?}");
    }
    let fine = validate_register("correct horse battery", "correct horse battery");
    assert_eq!(
        register_password_hint(fine.password),
        Some(Key::MasterPasswordMinLength)
    );
}

#[wasm_bindgen_test]
fn redeemed_texts_in_both_languages() {
    let texts = [
        (
            Key::SponsoredFamiliesAccepted,
            "Free Bitwarden Families accepted",
            "Gratis Bitwarden Families geaccepteerd",
        ),
        (
            Key::RedeemedOrganizationSponsored,
            "Your Families organization {name} is now sponsored.",
            "Je Families-organisatie {name} wordt nu gesponsord.",
        ),
        (Key::OpenOrganization, "Open {name}", "{name} openen"),
    ];
    for (key, en, nl) in texts {
        assert_eq!(Locale::En.text(key), en, "{key:?}");
        assert_eq!(Locale::Nl.text(key), nl, "{key:?}");
    }
}

#[wasm_bindgen_test]
fn status_texts_in_english_and_dutch() {
    use SponsorshipStatus::*;
    let expires = Expires(noon(2025, 3, 15));
    let texts = [
        (&expires, "Expires 03/15/2025", "Verloopt op 03/15/2025"),
        (
            &RemovedAwaitingSync,
            "Removed (awaiting sync)",
            "Verwijderd (wacht op synchronisatie)",
        ),
        (&Active, "Active", "Actief"),
        (&Sent, "Sent", "Verzonden"),
        (
            &PendingSync,
            "Pending sync",
            "In afwachting van synchronisatie",
        ),
    ];
    for (status, en, nl) in texts {
        assert_eq!(status.text(Locale::En), en);
        assert_eq!(status.text(Locale::Nl), nl);
    }
}

#[wasm_bindgen_test]
fn an_undelivered_offer_email_shows_amber_in_both_languages() {
    let id = "11111111-1111-4111-8111-111111111111";
    let json = org(id, 2, 3, false, Some("r@f.test"));
    let flag = r#""familySponsorshipToDelete":false,"familySponsorshipOfferEmailFailed":true"#;
    let failed = profile(&json.replace(r#""familySponsorshipToDelete":null"#, flag));
    let status = SponsorshipStatus::of_membership(&failed.organizations[0], false);
    assert_eq!(status, SponsorshipStatus::EmailNotDelivered);
    // Amber, not the red of a removal.
    assert!(status.tone() == StatusTone::Pending && !status.is_danger());
    assert_eq!(status.text(Locale::En), "E-mail not delivered");
    assert_eq!(status.text(Locale::Nl), "E-mail niet bezorgd");
    let sent = SponsorshipStatus::of_membership(&profile(&json).organizations[0], false);
    assert_eq!(sent, SponsorshipStatus::Sent);
}

#[wasm_bindgen_test]
fn self_hosted_never_synced_is_the_seed_label_in_dutch() {
    let status = SponsorshipStatus::of(false, None, None, true);
    assert_eq!(status.text(Locale::Nl), "In afwachting van synchronisatie");
    // The cloud never shows it: the cloud e-mails the offer itself.
    let cloud = SponsorshipStatus::of(false, None, None, false);
    assert_eq!(cloud.text(Locale::Nl), "Verzonden");
}

#[wasm_bindgen_test]
fn dates_are_mm_dd_yyyy_in_the_local_zone() {
    let late = Utc.with_ymd_and_hms(2024, 12, 31, 23, 30, 0).unwrap();
    assert_eq!(mm_dd_yyyy(&late, 0), "12/31/2024");
    assert_eq!(mm_dd_yyyy(&late, 60), "01/01/2025");
    assert_eq!(mm_dd_yyyy(&noon(2025, 7, 4), -300), "07/04/2025");
}

#[wasm_bindgen_test]
fn sponsor_email_is_checked() {
    let own = Some("Owner@Acme.test");
    assert_eq!(validate_sponsor_email("", own), Err(Key::EmailRequired));
    assert_eq!(validate_sponsor_email("   ", own), Err(Key::EmailRequired));
    for bad in [
        "family",
        "family@",
        "@example.com",
        "family@example",
        "family@@example.com",
        "family@example..com",
        "fa,mily@example.com",
        "family@-example.com",
        ".family@example.com",
    ] {
        assert_eq!(
            validate_sponsor_email(bad, own),
            Err(Key::InvalidEmail),
            "{bad}"
        );
    }
    assert_eq!(
        validate_sponsor_email("owner@acme.test", own),
        Err(Key::CannotSponsorSelf)
    );
    assert_eq!(
        validate_sponsor_email(" OWNER@ACME.TEST ", own),
        Err(Key::CannotSponsorSelf)
    );
    assert_eq!(
        validate_sponsor_email(" family+home@example.com ", own),
        Ok("family+home@example.com".to_owned())
    );
    // Spaces inside are dropped, as the form's input does.
    assert_eq!(
        validate_sponsor_email("fam ily@example.com", None),
        Ok("family@example.com".to_owned())
    );
    assert_eq!(Locale::En.text(Key::InvalidEmail), "Invalid email address.");
    assert_eq!(Locale::Nl.text(Key::InvalidEmail), "Ongeldig e-mailadres.");
    assert_eq!(
        Locale::En.text(Key::CannotSponsorSelf),
        "You cannot redeem for the active account. Enter a different email."
    );
}

#[wasm_bindgen_test]
fn friendly_name_defaults_to_the_email() {
    assert_eq!(friendly_name("", "a@b.test"), "a@b.test");
    assert_eq!(friendly_name("  ", "a@b.test"), "a@b.test");
    assert_eq!(friendly_name(" Mum ", "a@b.test"), "Mum");
}

#[wasm_bindgen_test]
fn offer_hash_url_becomes_the_route() {
    assert_eq!(
        accept_hash_target("#/accept-families-for-enterprise?token=BWOrganizationSponsorship_abc+/=&email=a%40b.test"),
        Some("/accept-families-for-enterprise?token=BWOrganizationSponsorship_abc+/=&email=a%40b.test".to_owned())
    );
    assert_eq!(
        accept_hash_target("#/accept-families-for-enterprise?token=t&email=e&register=true"),
        Some("/accept-families-for-enterprise?token=t&email=e&register=true".to_owned())
    );
    assert_eq!(
        accept_hash_target("#/accept-families-for-enterprise"),
        Some("/accept-families-for-enterprise".to_owned())
    );
    assert_eq!(
        accept_hash_target("#/accept-families-for-enterprise/?token=t&email=e"),
        Some("/accept-families-for-enterprise?token=t&email=e".to_owned())
    );
    for other in [
        "",
        "#",
        "#/vault",
        "#/accept-families-for-enterprises?token=t",
        "#/accept-organization?token=t",
        "/accept-families-for-enterprise?token=t",
    ] {
        assert_eq!(accept_hash_target(other), None, "{other}");
    }
}

#[wasm_bindgen_test]
fn offer_link_query_is_read() {
    let link =
        RedeemLink::parse("?token=BWOrganizationSponsorship_a+b/c=&email=fam%2Bily%40example.com")
            .expect("complete link");
    // The token is not URL-encoded in the e-mail: a `+` stays a `+`.
    assert_eq!(link.token.expose(), "BWOrganizationSponsorship_a+b/c=");
    assert!(!format!("{link:?}").contains("BWOrg"), "never printed");
    assert_eq!(link.email, "fam+ily@example.com");
    assert!(!link.register);

    let register = RedeemLink::parse("token=t&email=new%40example.com&register=true").unwrap();
    assert!(register.register);
    assert_eq!(register.email, "new@example.com");
    assert_eq!(
        RedeemLink::parse(&register.to_path()[ACCEPT_PATH.len()..]),
        Some(register.clone())
    );
    assert_eq!(
        RedeemLink::parse(&link.to_path()[ACCEPT_PATH.len()..]),
        Some(link)
    );

    assert_eq!(RedeemLink::parse(""), None);
    assert_eq!(RedeemLink::parse("?email=a%40b.test"), None);
    assert_eq!(RedeemLink::parse("?token=t"), None);
    assert_eq!(RedeemLink::parse("?token=&email=a%40b.test"), None);
    assert_eq!(RedeemLink::parse("?token=t&email="), None);
    assert_eq!(
        Locale::Nl.text(Key::InviteAcceptFailed),
        "De uitnodiging is niet geaccepteerd. Vraag een beheerder van de organisatie om een nieuwe uitnodiging te versturen."
    );
}

#[wasm_bindgen_test]
fn percent_decoding_keeps_malformed_escapes() {
    assert_eq!(percent_decode("a%40b"), "a@b");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz%4"), "%zz%4");
    assert_eq!(percent_decode("caf%C3%A9"), "café");
}

#[wasm_bindgen_test]
fn register_form_is_validated() {
    assert_eq!(
        validate_register("", ""),
        RegisterErrors {
            password: Some(Key::MasterPasswordRequired),
            confirm: None
        }
    );
    assert_eq!(
        validate_register("short", "short").password,
        Some(Key::MasterPasswordMinLength)
    );
    assert_eq!(
        validate_register("elevenchars", "elevenchars").password,
        Some(Key::MasterPasswordMinLength)
    );
    // Twelve characters (not bytes) are enough.
    assert!(validate_register("twelve chars", "twelve chars").is_empty());
    assert!(validate_register("wachtwoordé€", "wachtwoordé€").is_empty());
    let mismatch = validate_register("correct horse battery", "correct horse batterY");
    assert_eq!(mismatch.password, None);
    assert_eq!(mismatch.confirm, Some(Key::MasterPasswordDoesNotMatch));
    assert_eq!(
        validate_register("correct horse battery", "").confirm,
        Some(Key::MasterPasswordDoesNotMatch)
    );
    assert_eq!(MIN_MASTER_PASSWORD_LENGTH, 12);
}

fn profile(json_orgs: &str) -> ProfileResponse {
    serde_json::from_str(&format!(
        r#"{{"id":"0b8d3e5c-1f2a-4c3b-9d4e-5f6a7b8c9d0e","name":"M","email":"m@acme.test","organizations":[{json_orgs}]}}"#
    ))
    .expect("profile JSON")
}

fn org(id: &str, role: u8, tier: u8, available: bool, friendly: Option<&str>) -> String {
    format!(
        r#"{{"id":"{id}","name":"Org {id}","type":{role},"status":2,"enabled":true,"planType":{plan},"productTierType":{tier},
        "seats":10,"selfHost":false,"organizationUserId":"9a5ebc7c-b14c-4e9b-b14f-5f5abc516e05",
        "familySponsorshipAvailable":{available},"familySponsorshipFriendlyName":{friendly},
        "familySponsorshipLastSyncDate":null,"familySponsorshipValidUntil":null,"familySponsorshipToDelete":null}}"#,
        plan = if tier == 1 { 7 } else { 20 },
        friendly = friendly.map_or("null".to_owned(), |f| format!("\"{f}\"")),
    )
}

#[wasm_bindgen_test]
fn profile_decides_link_form_table_and_redeem_targets() {
    const A: &str = "11111111-1111-4111-8111-111111111111";
    const B: &str = "22222222-2222-4222-8222-222222222222";
    const C: &str = "33333333-3333-4333-8333-333333333333";
    const D: &str = "44444444-4444-4444-8444-444444444444";
    let none = profile(&org(A, 2, 3, false, None));
    assert!(!shows_families_nav(&none));

    let available = profile(&org(A, 2, 3, true, None));
    assert!(shows_families_nav(&available));
    assert_eq!(sponsoring_orgs(&available).len(), 1);
    assert!(offered_sponsorships(&available).is_empty());

    let offered = profile(
        &[
            org(A, 2, 3, false, Some("fam@example.com")),
            org(B, 0, 1, false, None),
            org(C, 1, 1, false, None),
            org(D, 0, 3, false, None),
        ]
        .join(","),
    );
    assert!(shows_families_nav(&offered));
    assert!(sponsoring_orgs(&offered).is_empty());
    assert_eq!(offered_sponsorships(&offered).len(), 1);
    // Only Families organizations the user owns can take the offer.
    let owned: Vec<String> = owned_families_orgs(&offered)
        .iter()
        .map(|o| o.id.to_string())
        .collect();
    assert_eq!(owned, vec![B.to_owned()]);
}

#[wasm_bindgen_test]
fn new_texts_exist_in_both_languages_with_the_same_placeholders() {
    let placeholders = |text: &str| {
        let mut names: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let all = Key::all();
    let start = all
        .iter()
        .position(|k| *k == Key::SponsoredFamilies)
        .unwrap();
    let end = all
        .iter()
        .position(|k| *k == Key::CreateAccountInstead)
        .unwrap();
    assert!(end - start > 60);
    for &key in &all[start..=end] {
        let (en, nl) = (Locale::En.text(key), Locale::Nl.text(key));
        assert!(!en.trim().is_empty() && !nl.trim().is_empty(), "{key:?}");
        assert_eq!(placeholders(en), placeholders(nl), "{key:?}");
    }
}

#[wasm_bindgen_test]
fn families_texts_follow_the_reference() {
    let texts = [
        (Key::SponsoredFamilies, "Free Bitwarden Families", "Gratis Bitwarden Families"),
        (Key::Redeem, "Redeem", "Verzilveren"),
        (Key::Recipient, "Recipient", "Ontvanger"),
        (Key::SponsoringOrg, "Sponsoring organization", "Sponsoringorganisatie"),
        (Key::Remove, "Remove", "Verwijderen"),
        (Key::ResendEmail, "Resend email", "E-mail opnieuw versturen"),
        (Key::SyncNow, "Sync now", "Nu synchroniseren"),
        (Key::Never, "Never", "Nooit"),
        (
            Key::SponsoredFamiliesOffer,
            "Accept Free Bitwarden Families",
            "Gratis Bitwarden Families-organisatieaanbod verzilveren",
        ),
        (Key::NewFamiliesOrganization, "New Families organization", "Nieuwe Families-organisatie"),
        (Key::AcceptOffer, "Accept offer", "Aanbod accepteren"),
        (
            Key::BadToken,
            "The link is no longer valid. Please have the sponsor resend the offer.",
            "De link is niet langer geldig. Zorg ervoor dat de sponsors de uitnodiging opnieuw versturen.",
        ),
        (
            Key::NoSyncRunsYet,
            "No sync has run yet. It runs as soon as there is an offer to send after the token is saved or the license is synced, then once a day; select Sync now to start one now.",
            "Er is nog geen synchronisatie uitgevoerd. Die start zodra er een aanbod te verzenden is nadat het token is opgeslagen of de licentie is gesynchroniseerd, en vindt daarna eenmaal per dag plaats; selecteer Nu synchroniseren om er nu een te starten.",
        ),
    ];
    for (key, en, nl) in texts {
        assert_eq!(Locale::En.text(key), en, "{key:?}");
        assert_eq!(Locale::Nl.text(key), nl, "{key:?}");
    }
    assert_eq!(
        Locale::En.text_with(Key::RevokeSentSponsorshipConfirmation, &[("email", "fam@example.com")]),
        "If you remove fam@example.com, the sponsorship for this Family plan cannot be redeemed. Are you sure you want to continue?"
    );
}

#[wasm_bindgen_test]
fn offer_link_path_is_exact() {
    let link = RedeemLink {
        token: wire::Secret::new("BWOrganizationSponsorship_a+b"),
        email: "fam@example.com".into(),
        register: true,
    };
    assert_eq!(
        link.to_path(),
        "/accept-families-for-enterprise?token=BWOrganizationSponsorship_a%2Bb&email=fam%40example.com&register=true"
    );
}
