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
