//! The Subscription screens' texts: plan, self-hosting, the license download
//! and the billing sync token dialogs.

use crate::i18n::keys::{Key, Texts};

texts! {
    // Billing
    Billing {
        en: "Billing",
        nl: "Facturering",
    }
    Subscription {
        en: "Subscription",
        nl: "Abonnement",
    }
    BillingPlan {
        en: "Plan",
        nl: "Abonnement",
    }
    Seats {
        en: "Seats",
        nl: "Zitplaatsen",
    }
    Unlimited {
        en: "Unlimited",
        nl: "Onbeperkt",
    }
    SubscriptionExpiration {
        en: "Subscription expiration",
        nl: "Abonnement vervaldatum",
    }
    NeverExpires {
        en: "Never expires",
        nl: "Vervalt nooit",
    }
    Expired {
        en: "Expired",
        nl: "Verlopen",
    }

    // Used by the billing sync and license screens that follow.
    SelfHostingTitle {
        en: "Self-hosting",
        nl: "Zelf hosten",
    }
    SetUpBillingSync {
        en: "Set up billing sync",
        nl: "Factureringssynchronisatie instellen",
    }
    ManageBillingSync {
        en: "Manage billing sync",
        nl: "Factureringssynchronisatie beheren",
    }
    GenerateToken {
        en: "Generate token",
        nl: "Genereer token",
    }
    LicenseAndBillingManagement {
        en: "License and billing management",
        nl: "Licentie- en factureringsbeheer",
    }
    AutomaticSync {
        en: "Automatic sync",
        nl: "Automatische synchronisatie",
    }
    Save {
        en: "Save",
        nl: "Opslaan",
    }
    SyncLicense {
        en: "Sync License",
        nl: "Licentie synchroniseren",
    }
    LastSync {
        en: "Last sync",
        nl: "Laatste synchronisatie",
    }
    LastLicenseSync {
        en: "Last license sync",
        nl: "Laatste synchronisatie",
    }
    Never {
        en: "Never",
        nl: "Nooit",
    }
    PendingSync {
        en: "Pending sync",
        nl: "In afwachting van synchronisatie",
    }

    // Cloud "Self-hosting" section
    SelfHostingCopy {
        en: "To set up your organization on your own server, you will need to upload your license file. To support Free Families plans and advanced billing capabilities for your self-hosted organization, you will need to set up billing sync.",
        nl: "Voor het instellen van je organisatie op je eigen server, moet je je licentiebestand uploaden. Om gratis Families-plannen en geavanceerde factureringsmogelijkheden voor je zelfgehoste organisatie te ondersteunen, moet je factureringssynchronisatie instellen.",
    }
    SelfHostingOwnersOnly {
        en: "Only organization owners can set up billing sync or download the license.",
        nl: "Alleen eigenaren van de organisatie kunnen factureringssynchronisatie instellen of de licentie downloaden.",
    }
    BillingSyncPlanRequired {
        en: "Billing sync is available for Enterprise and Teams organizations.",
        nl: "Factureringssynchronisatie is beschikbaar voor Enterprise- en Teams-organisaties.",
    }
    DownloadLicense {
        en: "Download license",
        nl: "Licentie downloaden",
    }
    LicenseDownloaded {
        en: "License saved as bitwarden_organization_license.json. Next, upload it to your self-hosted organization.",
        nl: "Licentie opgeslagen als bitwarden_organization_license.json. Upload het bestand daarna in je zelfgehoste organisatie.",
    }

    // Download license dialog
    EnterInstallationId {
        en: "Enter your installation id",
        nl: "Installatie-id invoeren",
    }
    InstallationIdHint {
        en: "You find it on your self-hosted server in bwdata/env/global.override.env (globalSettings__installation__id).",
        nl: "Je vindt deze op je zelfgehoste server in bwdata/env/global.override.env (globalSettings__installation__id).",
    }
    InstallationIdRequired {
        en: "Installation id is required.",
        nl: "Installatie-id is vereist.",
    }
    InvalidInstallationIdFormat {
        en: "Enter a valid installation id (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e).",
        nl: "Voer een geldige installatie-id in (een UUID zoals 0f8fad5b-d9cb-469f-a165-70867728950e).",
    }
    InstallationIdUnknown {
        en: "This installation id is not registered with Bitwarden. Check the id in your self-hosted server's configuration and try again.",
        nl: "Deze installatie-id is niet bij Bitwarden geregistreerd. Controleer de id in de configuratie van je zelfgehoste server en probeer het opnieuw.",
    }
    LicenseSaveFailed {
        en: "The license could not be saved by this browser. Allow downloads for this site and try again.",
        nl: "Deze browser kon de licentie niet opslaan. Sta downloads voor deze site toe en probeer het opnieuw.",
    }
    Submit {
        en: "Submit",
        nl: "Verzenden",
    }
    Cancel {
        en: "Cancel",
        nl: "Annuleren",
    }
    Close {
        en: "Close",
        nl: "Sluiten",
    }

    // Billing sync token dialog
    GenerateBillingSyncToken {
        en: "Generate billing sync token",
        nl: "Factureringssynchronisatietoken genereren",
    }
    ViewBillingSyncToken {
        en: "View billing sync token",
        nl: "Factureringssynchronisatietoken bekijken",
    }
    ConfirmIdentity {
        en: "Confirm your identity to continue.",
        nl: "Bevestig je identiteit om door te gaan.",
    }
    InvalidMasterPassword {
        en: "Invalid master password. Check it and try again.",
        nl: "Ongeldig hoofdwachtwoord. Controleer het en probeer het opnieuw.",
    }
    Verifying {
        en: "Verifying…",
        nl: "Bezig met verifiëren…",
    }
    CopyPasteBillingSync {
        en: "Copy and paste this token into the billing sync settings of your self-hosted organization.",
        nl: "Kopieer en plak dit token in de factureringssynchronisatie-instellingen van je zelfgehoste organisatie.",
    }
    BillingSyncToken {
        en: "Billing sync token",
        nl: "Factureringssynchronisatietoken",
    }
    Copy {
        en: "Copy",
        nl: "Kopiëren",
    }
    BillingSyncTokenCopied {
        en: "Billing sync token copied",
        nl: "Factureringssynchronisatietoken gekopieerd",
    }
    CopyFailed {
        en: "This browser did not allow copying. The token is selected: press Ctrl+C (⌘C on a Mac) to copy it.",
        nl: "Deze browser stond kopiëren niet toe. Het token is geselecteerd: druk op Ctrl+C (⌘C op een Mac) om het te kopiëren.",
    }
    TokenRevisionDate {
        en: "Token created/rotated",
        nl: "Token aangemaakt/geroteerd",
    }
    /// Placeholder `{days}`.
    AwaitingSyncSingular {
        en: "Token rotated {days} day ago. Update the billing sync token in your self-hosted organization settings.",
        nl: "Token is {days} dag geleden geroteerd. Werk het factureringssynchronisatietoken in de instellingen van je zelfgehoste organisatie bij.",
    }
    /// Placeholder `{days}`.
    AwaitingSyncPlural {
        en: "Token rotated {days} days ago. Update the billing sync token in your self-hosted organization settings.",
        nl: "Token is {days} dagen geleden geroteerd. Werk het factureringssynchronisatietoken in de instellingen van je zelfgehoste organisatie bij.",
    }
    RotateToken {
        en: "Rotate token",
        nl: "Token roteren",
    }
    RotateBillingSyncToken {
        en: "Rotate billing sync token",
        nl: "Factureringssynchronisatietoken roteren",
    }
    RotateBillingSyncTokenTitle {
        en: "Rotating the billing sync token will invalidate the previous token.",
        nl: "Het roteren van het factureringssynchronisatietoken maakt het vorige token ongeldig.",
    }
    RotateBillingSyncTokenWarning {
        en: "If you proceed, you will need to re-setup billing sync on your self-hosted server.",
        nl: "Als je doorgaat, moet je factureringssynchronisatie opnieuw instellen op je zelfgehoste server.",
    }
    BillingSyncTokenRotated {
        en: "Token rotated",
        nl: "Token geroteerd",
    }
}
