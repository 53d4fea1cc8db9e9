//! Every text exists in both languages, and the seed's Dutch labels are exact.
#![cfg(target_arch = "wasm32")]

use billing_sync_web::{Key, Locale};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_key_has_english_and_dutch_text() {
    for key in Key::all() {
        for locale in Locale::ALL {
            assert!(
                !locale.text(key).trim().is_empty(),
                "{key:?} has no {locale:?} text"
            );
        }
    }
}

/// Texts that are the same in both languages on purpose: names, and words
/// Dutch borrows unchanged.
const SAME_IN_DUTCH: &[Key] = &[
    Key::AppName,
    Key::ProductPasswordManager,
    Key::ProductAdminConsole,
    Key::Status,
];

#[wasm_bindgen_test]
fn no_dutch_screen_shows_an_english_text() {
    let untranslated: Vec<Key> = Key::all()
        .into_iter()
        .filter(|key| !SAME_IN_DUTCH.contains(key))
        .filter(|&key| Locale::Nl.text(key) == Locale::En.text(key))
        .collect();
    assert!(
        untranslated.is_empty(),
        "Dutch text missing (equal to the English) for {untranslated:?}"
    );
    for key in SAME_IN_DUTCH {
        assert_eq!(Locale::Nl.text(*key), Locale::En.text(*key), "{key:?}");
    }
}

#[wasm_bindgen_test]
fn placeholders_are_the_same_in_both_languages() {
    for key in Key::all() {
        assert_eq!(
            placeholder_names(Locale::En.text(key)),
            placeholder_names(Locale::Nl.text(key)),
            "{key:?}"
        );
    }
}

#[wasm_bindgen_test]
fn navigation_labels_are_bitwardens_and_the_seeds() {
    let labels = [
        (Key::SwitchProducts, "Switch products", "Producten wisselen"),
        (Key::ProductAdminConsole, "Admin Console", "Admin Console"),
        (
            Key::ProductPasswordManager,
            "Password Manager",
            "Password Manager",
        ),
        (
            Key::PasswordManager,
            "Password Manager",
            "Wachtwoordbeheerder",
        ),
        (Key::AdminConsole, "Admin Console", "Beheerconsole"),
        (Key::Vaults, "Vaults", "Kluizen"),
        (Key::Settings, "Settings", "Instellingen"),
        (Key::Members, "Members", "Leden"),
        (
            Key::SponsoredFamilies,
            "Free Bitwarden Families",
            "Gratis Bitwarden Families",
        ),
        (
            Key::CopyGeneratedToken,
            "Copy the generated token",
            "Kopieer het gegenereerde token",
        ),
    ];
    for (key, english, dutch) in labels {
        assert_eq!(Locale::En.text(key), english, "{key:?}");
        assert_eq!(Locale::Nl.text(key), dutch, "{key:?}");
    }
}

/// The seed's guidance, sentence by sentence as the help page writes it
/// (its line breaks joined).
const SEED_SENTENCES: &[(Key, &str)] = &[
    (
        Key::CloudCommunicationDisabledIntro,
        "Zet de volgende regel in bwdata/env/global.override.env op true om cloudcommunicatie in te schakelen:",
    ),
    (
        Key::CloudRegionEu,
        "Als je cloudorganisatie is aangemaakt op EU-servers, moet je ook de volgende waarden instellen:",
    ),
    (
        Key::CloudRegionNote,
        "De waarde voor globalSettings__baseServiceUri__cloudRegion moet overeenkomen met de gegevensregio die is geselecteerd bij het ophalen van uw installatie-id en -sleutel.",
    ),
    (
        Key::FirewallHosts,
        "Het inschakelen van automatische synchronisatie vereist communicatie met de cloudsystemen van Bitwarden. Als je omgeving een firewall gebruikt om uitgaand verkeer te blokkeren, moet je https://api.bitwarden.com of .eu en https://identity.bitwarden.com of .eu toestaan.",
    ),
    (
        Key::UnsupportedLicenseVersionHint,
        "Als je een foutmelding krijgt over een versie die niet wordt ondersteund, werk dan je server bij en probeer je licentiebestand opnieuw te uploaden.",
    ),
    (
        Key::BackUpBeforeUpdate,
        "Om je server bij te werken, maak je een back-up van de map bwdata en volg je deze instructies.",
    ),
];

#[wasm_bindgen_test]
fn the_seeds_guidance_sentences_are_verbatim() {
    for (key, sentence) in SEED_SENTENCES {
        assert_eq!(Locale::Nl.text(*key), *sentence, "{key:?}");
    }
    assert_eq!(
        Locale::Nl.text_with(
            Key::CloudCommunicationRestart,
            &[("command", "./bitwarden.sh restart")]
        ),
        "Zodra je deze waarden hebt ingesteld, pas je de wijzigingen toe door het commando ./bitwarden.sh restart uit te voeren."
    );
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

/// The `{name}` placeholders of a text, sorted.
fn placeholder_names(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect();
    found.sort();
    found
}

/// Every message a server sends carries an `ErrorCode` (the server's error
/// type takes no message without one). Here, each code: an English and a
/// Dutch text, the Dutch not a copy of the English, the same placeholders in
/// both, and no placeholder the server does not send for that code.
#[wasm_bindgen_test]
fn every_server_message_is_written_in_both_languages() {
    use billing_sync_web::i18n::server;
    use wire::error::ErrorCode;
    use wire::error_code::DURING_ARG;
    assert!(ErrorCode::ALL.len() > 70, "{}", ErrorCode::ALL.len());
    for &code in ErrorCode::ALL {
        let en = server::text(Locale::En, code).unwrap_or_else(|| panic!("{code:?}: no English"));
        let nl = server::text(Locale::Nl, code).unwrap_or_else(|| panic!("{code:?}: no Dutch"));
        assert!(en.trim().len() > 10 && nl.trim().len() > 10, "{code:?}");
        assert_ne!(en, nl, "{code:?}: the Dutch text is the English one");
        let names = placeholder_names(en);
        assert_eq!(names, placeholder_names(nl), "{code:?}");
        for name in &names {
            assert!(
                code.args().contains(&name.as_str()) || name == DURING_ARG,
                "{code:?} uses {{{name}}}, but the server sends only {:?}",
                code.args()
            );
        }
    }
    assert_eq!(server::text(Locale::Nl, ErrorCode::Unknown), None);
}

/// A Dutch screen shows a server's 4xx in Dutch with the values the server
/// sent, and a body from a server without codes as it came.
#[wasm_bindgen_test]
fn server_errors_show_in_the_screens_language() {
    use billing_sync_web::api::ClientError;
    use wire::error::{ErrorCode, ErrorResponse};
    let status = |body: ErrorResponse| ClientError::Status {
        code: 429,
        body: Box::new(body),
    };
    let wait = status(ErrorResponse::coded(
        "Too many failed master password attempts. Wait 15 minutes, then try again.",
        ErrorCode::TooManyPasswordAttempts,
        [("minutes", "15".to_owned())],
    ));
    assert_eq!(
        wait.user_message(Locale::Nl),
        "Te vaak een verkeerd hoofdwachtwoord. Wacht 15 minuten en probeer het dan opnieuw."
    );
    assert_eq!(
        wait.user_message(Locale::En),
        "Too many wrong master passwords. Wait 15 minutes, then try again."
    );
    let field = status(ErrorResponse {
        code: Some(ErrorCode::SponsorSelf),
        ..ErrorResponse::validation("SponsoredEmail", "Cannot offer … to yourself.")
    });
    assert!(
        field
            .user_message(Locale::Nl)
            .starts_with("Je kunt geen Families-sponsorschap"),
        "{}",
        field.user_message(Locale::Nl)
    );
    let foreign = status(ErrorResponse::message("Some other server's words."));
    assert_eq!(
        foreign.user_message(Locale::Nl),
        "Some other server's words."
    );
    let newer = status(ErrorResponse {
        code: Some(ErrorCode::Unknown),
        ..ErrorResponse::message("A newer server's words.")
    });
    assert_eq!(newer.user_message(Locale::Nl), "A newer server's words.");
}
