//! Dutch texts. The labels of the seed help page are used verbatim, even where
//! Bitwarden's own Dutch translation differs (e.g. "Genereer token").

use super::Key;

/// The Dutch text for `key`.
pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::AppName => "Billing Sync",
        Key::Language => "Taal",
        Key::LogIn => "Inloggen",
        Key::EmailAddress => "E-mailadres",
        Key::MasterPassword => "Hoofdwachtwoord",
        Key::Continue => "Doorgaan",
        Key::LogInWithMasterPassword => "Inloggen met hoofdwachtwoord",
        Key::LoggingIn => "Bezig met inloggen…",
        Key::LoggingInAs => "Inloggen als",
        Key::NotYou => "Ben jij dit niet?",
        Key::EmailRequired => "E-mailadres is vereist.",
        Key::InvalidEmail => "Ongeldig e-mailadres.",
        Key::MasterPasswordRequired => "Hoofdwachtwoord vereist.",
        Key::InvalidUsernameOrPassword => {
            "Gebruikersnaam of wachtwoord is onjuist. Probeer het opnieuw."
        }
        Key::KdfFailed => "Je hoofdwachtwoord kon in deze browser niet worden verwerkt.",
        Key::LogOut => "Uitloggen",
        Key::Vault => "Kluis",
        Key::Organizations => "Organisaties",
        Key::NoOrganizations => "Je bent geen lid van een organisatie.",
        Key::AdminConsole => "Beheerconsole",
        Key::RoleOwner => "Eigenaar",
        Key::RoleAdmin => "Beheerder",
        Key::RoleUser => "Gebruiker",
        Key::RoleCustom => "Aangepast",
        Key::Billing => "Facturering",
        Key::Subscription => "Abonnement",
        Key::BillingPlan => "Abonnement",
        Key::Seats => "Zitplaatsen",
        Key::Unlimited => "Onbeperkt",
        Key::SubscriptionExpiration => "Abonnement vervaldatum",
        Key::NeverExpires => "Vervalt nooit",
        Key::Expired => "Verlopen",
        Key::SelfHostingTitle => "Zelf hosten",
        Key::SetUpBillingSync => "Factureringssynchronisatie instellen",
        Key::ManageBillingSync => "Factureringssynchronisatie beheren",
        Key::GenerateToken => "Genereer token",
        Key::LicenseAndBillingManagement => "Licentie- en factureringsbeheer",
        Key::AutomaticSync => "Automatische synchronisatie",
        Key::Save => "Opslaan",
        Key::SyncLicense => "Licentie synchroniseren",
        Key::LastSync => "Laatste synchronisatie",
        Key::LastLicenseSync => "Laatste licentie-synchronisatie",
        Key::Never => "Nooit",
        Key::PendingSync => "In afwachting van synchronisatie",
        Key::SelfHostingCopy => {
            "Voor het instellen van je organisatie op je eigen server, moet je je licentiebestand uploaden. Om gratis Families-plannen en geavanceerde factureringsmogelijkheden voor je zelfgehoste organisatie te ondersteunen, moet je factureringssynchronisatie instellen."
        }
        Key::SelfHostingOwnersOnly => {
            "Alleen eigenaren van de organisatie kunnen factureringssynchronisatie instellen of de licentie downloaden."
        }
        Key::BillingSyncPlanRequired => {
            "Factureringssynchronisatie is beschikbaar voor Enterprise- en Teams-organisaties."
        }
        Key::DownloadLicense => "Licentie downloaden",
        Key::LicenseDownloaded => {
            "Licentie opgeslagen als bitwarden_organization_license.json. Upload het bestand daarna in je zelfgehoste organisatie."
        }
        Key::EnterInstallationId => "Installatie-id invoeren",
        Key::InstallationIdHint => {
            "Je vindt deze op je zelfgehoste server in bwdata/env/global.override.env (globalSettings__installation__id)."
        }
        Key::InstallationIdRequired => "Installatie-id is vereist.",
        Key::InvalidInstallationIdFormat => {
            "Voer een geldige installatie-id in (een UUID zoals 0f8fad5b-d9cb-469f-a165-70867728950e)."
        }
        Key::InstallationIdUnknown => {
            "Deze installatie-id is niet bij Bitwarden geregistreerd. Controleer de id in de configuratie van je zelfgehoste server en probeer het opnieuw."
        }
        Key::LicenseSaveFailed => {
            "Deze browser kon de licentie niet opslaan. Sta downloads voor deze site toe en probeer het opnieuw."
        }
        Key::Submit => "Verzenden",
        Key::Cancel => "Annuleren",
        Key::Close => "Sluiten",
        Key::GenerateBillingSyncToken => "Factureringssynchronisatietoken genereren",
        Key::ViewBillingSyncToken => "Factureringssynchronisatietoken bekijken",
        Key::ConfirmIdentity => "Bevestig je identiteit om door te gaan.",
        Key::InvalidMasterPassword => "Ongeldig hoofdwachtwoord",
        Key::Verifying => "Bezig met verifiëren…",
        Key::CopyPasteBillingSync => {
            "Kopieer en plak dit token in de factureringssynchronisatie-instellingen van je zelfgehoste organisatie."
        }
        Key::BillingSyncToken => "Factureringssynchronisatietoken",
        Key::Copy => "Kopiëren",
        Key::BillingSyncTokenCopied => "Factureringssynchronisatietoken gekopieerd",
        Key::CopyFailed => {
            "Deze browser stond kopiëren niet toe. Het token is geselecteerd: druk op Ctrl+C (⌘C op een Mac) om het te kopiëren."
        }
        Key::TokenRevisionDate => "Token aangemaakt/geroteerd",
        Key::AwaitingSyncSingular => {
            "Token is {days} dag geleden geroteerd. Werk het factureringssynchronisatietoken in de instellingen van je zelfgehoste organisatie bij."
        }
        Key::AwaitingSyncPlural => {
            "Token is {days} dagen geleden geroteerd. Werk het factureringssynchronisatietoken in de instellingen van je zelfgehoste organisatie bij."
        }
        Key::RotateToken => "Token roteren",
        Key::RotateBillingSyncTokenTitle => {
            "Het roteren van het factureringssynchronisatietoken maakt het vorige token ongeldig."
        }
        Key::RotateBillingSyncTokenWarning => {
            "Als je doorgaat, moet je factureringssynchronisatie opnieuw instellen op je zelfgehoste server."
        }
        Key::BillingSyncTokenRotated => "Token geroteerd",
        Key::Loading => "Laden",
        Key::TryAgain => "Opnieuw proberen",
        Key::NothingToShow => "Nog niets om te tonen.",
        Key::ErrorOccurred => "Er is een fout opgetreden.",
        Key::UnexpectedError => "Er is een onverwachte fout opgetreden.",
        Key::NetworkError => {
            "De server is niet bereikbaar. Controleer je verbinding en probeer het opnieuw."
        }
        Key::SessionExpired => "Je sessie is verlopen. Log opnieuw in.",
        Key::DecodeError => "De server stuurde een antwoord dat deze pagina niet begrijpt.",
        Key::PageNotFound => "Pagina niet gevonden",
        Key::PageNotFoundDetails => "De pagina die je zoekt bestaat niet.",
        Key::BackToVault => "Terug naar de kluis",
    }
}
