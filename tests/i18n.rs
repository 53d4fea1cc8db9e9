//! Every text exists in both languages, and the seed's Dutch labels are exact.
#![cfg(target_arch = "wasm32")]

use billing_sync_web::{Key, Locale};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_key_has_english_and_dutch_text() {
    for &key in Key::ALL {
        for locale in Locale::ALL {
            assert!(
                !locale.text(key).trim().is_empty(),
                "{key:?} has no {locale:?} text"
            );
        }
    }
}

#[wasm_bindgen_test]
fn seed_dutch_labels_appear_verbatim() {
    let seed = [
        (Key::Billing, "Facturering"),
        (Key::Subscription, "Abonnement"),
        (Key::SelfHostingTitle, "Zelf hosten"),
        (
            Key::SetUpBillingSync,
            "Factureringssynchronisatie instellen",
        ),
        (Key::ManageBillingSync, "Factureringssynchronisatie beheren"),
        (Key::GenerateToken, "Genereer token"),
        (
            Key::LicenseAndBillingManagement,
            "Licentie- en factureringsbeheer",
        ),
        (Key::AutomaticSync, "Automatische synchronisatie"),
        (Key::Save, "Opslaan"),
        (Key::SyncLicense, "Licentie synchroniseren"),
        (Key::LastSync, "Laatste synchronisatie"),
        (Key::Never, "Nooit"),
        (Key::PendingSync, "In afwachting van synchronisatie"),
    ];
    for (key, dutch) in seed {
        assert_eq!(Locale::Nl.text(key), dutch, "{key:?}");
    }
}

#[wasm_bindgen_test]
fn login_labels_in_both_languages() {
    let labels = [
        (Key::EmailAddress, "Email address", "E-mailadres"),
        (Key::MasterPassword, "Master password", "Hoofdwachtwoord"),
        (Key::Continue, "Continue", "Doorgaan"),
        (
            Key::LogInWithMasterPassword,
            "Log in with master password",
            "Inloggen met hoofdwachtwoord",
        ),
        (Key::LogOut, "Log out", "Uitloggen"),
        (
            Key::InvalidUsernameOrPassword,
            "Username or password is incorrect. Try again.",
            "Gebruikersnaam of wachtwoord is onjuist. Probeer het opnieuw.",
        ),
    ];
    for (key, english, dutch) in labels {
        assert_eq!(Locale::En.text(key), english);
        assert_eq!(Locale::Nl.text(key), dutch);
    }
}

#[wasm_bindgen_test]
fn browser_language_tags_pick_the_locale() {
    assert_eq!(Locale::from_tag("nl"), Locale::Nl);
    assert_eq!(Locale::from_tag("nl-BE"), Locale::Nl);
    assert_eq!(Locale::from_tag("en-US"), Locale::En);
    assert_eq!(Locale::from_tag("de"), Locale::En);
    assert_eq!(Locale::from_tag(""), Locale::En);
}
