//! The texts every binary may show: the login, the header and navigation,
//! async states and errors, the embed's loading and wrong-server notices, not
//! found.

use crate::i18n::keys::{Key, Texts};

texts! {
    AppName {
        en: "Billing Sync",
        nl: "Billing Sync",
    }
    Language {
        en: "Language",
        nl: "Taal",
    }

    // Login
    LogIn {
        en: "Log in",
        nl: "Inloggen",
    }
    EmailAddress {
        en: "Email address",
        nl: "E-mailadres",
    }
    MasterPassword {
        en: "Master password",
        nl: "Hoofdwachtwoord",
    }
    Continue {
        en: "Continue",
        nl: "Doorgaan",
    }
    LogInWithMasterPassword {
        en: "Log in with master password",
        nl: "Inloggen met hoofdwachtwoord",
    }
    LoggingIn {
        en: "Logging in…",
        nl: "Bezig met inloggen…",
    }
    LoggingInAs {
        en: "Logging in as",
        nl: "Inloggen als",
    }
    NotYou {
        en: "Not you?",
        nl: "Ben jij dit niet?",
    }
    EmailRequired {
        en: "Email address is required.",
        nl: "E-mailadres is vereist.",
    }
    InvalidEmail {
        en: "Invalid email address.",
        nl: "Ongeldig e-mailadres.",
    }
    MasterPasswordRequired {
        en: "Master password is required.",
        nl: "Hoofdwachtwoord vereist.",
    }
    InvalidUsernameOrPassword {
        en: "Username or password is incorrect. Try again.",
        nl: "Gebruikersnaam of wachtwoord is onjuist. Probeer het opnieuw.",
    }
    KdfFailed {
        en: "Your master password could not be processed in this browser.",
        nl: "Je hoofdwachtwoord kon in deze browser niet worden verwerkt.",
    }
    KeysFailed {
        en: "This browser could not create the encryption keys. Try again in a current browser.",
        nl: "Deze browser kon de versleutelingssleutels niet maken. Probeer het opnieuw in een recente browser.",
    }
    LogOut {
        en: "Log out",
        nl: "Uitloggen",
    }

    // Vault
    Vault {
        en: "Vault",
        nl: "Kluis",
    }
    Organizations {
        en: "Organizations",
        nl: "Organisaties",
    }
    NoOrganizations {
        en: "You are not a member of any organization.",
        nl: "Je bent geen lid van een organisatie.",
    }
    AdminConsole {
        en: "Admin Console",
        nl: "Beheerconsole",
    }
    RoleOwner {
        en: "Owner",
        nl: "Eigenaar",
    }
    RoleAdmin {
        en: "Admin",
        nl: "Beheerder",
    }
    RoleUser {
        en: "User",
        nl: "Gebruiker",
    }
    RoleCustom {
        en: "Custom",
        nl: "Aangepast",
    }

    // Navigation: product switcher, side navigations, organization picker
    SwitchProducts {
        en: "Switch products",
        nl: "Producten wisselen",
    }
    /// A product name: Bitwarden keeps it in English in every language.
    ProductPasswordManager {
        en: "Password Manager",
        nl: "Password Manager",
    }
    /// A product name: Bitwarden keeps it in English in every language.
    ProductAdminConsole {
        en: "Admin Console",
        nl: "Admin Console",
    }
    /// The Password Manager's side navigation (its landmark's name).
    PasswordManager {
        en: "Password Manager",
        nl: "Wachtwoordbeheerder",
    }
    Vaults {
        en: "Vaults",
        nl: "Kluizen",
    }
    Settings {
        en: "Settings",
        nl: "Instellingen",
    }
    /// Placeholder `{name}`: the organization switcher's accessible name.
    OrganizationNamed {
        en: "Organization {name}",
        nl: "Organisatie {name}",
    }
    OtherOrganizations {
        en: "Other organizations",
        nl: "Andere organisaties",
    }
    ChooseOrganization {
        en: "Choose an organization",
        nl: "Kies een organisatie",
    }
    ChooseOrganizationDesc {
        en: "Open the Admin Console of the organization you want to manage.",
        nl: "Open de beheerconsole van de organisatie die je wilt beheren.",
    }
    NoAdminOrganizations {
        en: "You do not manage any organization.",
        nl: "Je beheert geen organisatie.",
    }
    AdminConsoleHomeDesc {
        en: "Manage this organization's billing, its license and Free Bitwarden Families from the navigation.",
        nl: "Beheer via de navigatie de facturering, de licentie en Gratis Bitwarden Families van deze organisatie.",
    }

    // The seed's guidance
    CopyGeneratedToken {
        en: "Copy the generated token",
        nl: "Kopieer het gegenereerde token",
    }
    CloudRegionNote {
        en: "The value for globalSettings__baseServiceUri__cloudRegion must match the data region that was selected when you retrieved your installation id and key.",
        nl: "De waarde voor globalSettings__baseServiceUri__cloudRegion moet overeenkomen met de gegevensregio die is geselecteerd bij het ophalen van uw installatie-id en -sleutel.",
    }
    FirewallHosts {
        en: "Enabling automatic sync requires communication with Bitwarden's cloud systems. If your environment uses a firewall to block outbound traffic, you must allow https://api.bitwarden.com or .eu and https://identity.bitwarden.com or .eu.",
        nl: "Het inschakelen van automatische synchronisatie vereist communicatie met de cloudsystemen van Bitwarden. Als je omgeving een firewall gebruikt om uitgaand verkeer te blokkeren, moet je https://api.bitwarden.com of .eu en https://identity.bitwarden.com of .eu toestaan.",
    }
    FirstSyncRunsNow {
        en: "The first Families sync starts right after you save the token or sync the license; after that it runs once a day.",
        nl: "De eerste synchronisatie voor Families start direct nadat je het token opslaat of de licentie synchroniseert; daarna vindt ze eenmaal per dag plaats.",
    }
    BackUpBeforeUpdate {
        en: "To update your server, back up the bwdata folder first.",
        nl: "Om je server bij te werken, maak je een back-up van de map bwdata en volg je deze instructies.",
    }

    // Server messages, translated by their code (the English is the server's)
    ErrLicenseSyncFailed {
        en: "An error has occurred. Check your internet connection and ensure the billing token is correct.",
        nl: "Er is een fout opgetreden. Controleer je internetverbinding en zorg ervoor dat het factureringstoken juist is.",
    }
    LicenseProblemDisabled {
        en: "Your cloud-hosted organization is currently disabled.",
        nl: "Je cloudorganisatie is momenteel uitgeschakeld.",
    }
    LicenseProblemNotYetIssued {
        en: "The license hasn't been issued yet.",
        nl: "De licentie is nog niet uitgegeven.",
    }
    LicenseProblemExpired {
        en: "The license has expired.",
        nl: "De licentie is verlopen.",
    }
    LicenseProblemInstallationMismatch {
        en: "The installation ID does not match the current installation.",
        nl: "De installatie-ID komt niet overeen met de huidige installatie.",
    }
    LicenseProblemNotSelfHost {
        en: "The license does not allow for on-premise hosting of organizations.",
        nl: "De licentie staat het zelf hosten van organisaties niet toe.",
    }
    LicenseProblemPremiumLicense {
        en: "Premium licenses cannot be applied to an organization vault. Upload this license from your personal account Settings page.",
        nl: "Premium-licenties kunnen niet op een organisatiekluis worden toegepast. Upload deze licentie via de instellingen van je persoonlijke account.",
    }
    LicenseProblemVerificationFailed {
        en: "The license verification failed.",
        nl: "De verificatie van de licentie is mislukt.",
    }

    // Async states and errors
    Loading {
        en: "Loading",
        nl: "Laden",
    }
    TryAgain {
        en: "Try again",
        nl: "Opnieuw proberen",
    }
    NothingToShow {
        en: "Nothing to show yet.",
        nl: "Nog niets om te tonen.",
    }
    ErrorOccurred {
        en: "An error has occurred.",
        nl: "Er is een fout opgetreden.",
    }
    UnexpectedError {
        en: "An unexpected error has occurred.",
        nl: "Er is een onverwachte fout opgetreden.",
    }
    NetworkError {
        en: "The server could not be reached. Check your connection and try again.",
        nl: "De server is niet bereikbaar. Controleer je verbinding en probeer het opnieuw.",
    }
    /// A request to another origin failed (refused by CORS, or the server
    /// is down: a browser cannot tell which). Placeholder `{origin}`.
    NetworkErrorCors {
        en: "The server at {origin} could not be reached from this page. Either it is down, or it does not accept requests from this page's origin (CORS): its administrator must add this origin to globalSettings__billingSync__allowedOrigins.",
        nl: "De server op {origin} is vanaf deze pagina niet bereikbaar. Hij is niet beschikbaar, of hij accepteert geen verzoeken van de origin van deze pagina (CORS): de beheerder moet deze origin toevoegen aan globalSettings__billingSync__allowedOrigins.",
    }
    SessionExpired {
        en: "Your session has expired. Please log in again.",
        nl: "Je sessie is verlopen. Log opnieuw in.",
    }
    /// Embedded with the host's token: the host must hand over a new one.
    SessionExpiredEmbedded {
        en: "Your session has expired. Sign in to your vault again to continue here.",
        nl: "Je sessie is verlopen. Log opnieuw in op je kluis om hier verder te gaan.",
    }
    DecodeError {
        en: "The server sent a response this page does not understand.",
        nl: "De server stuurde een antwoord dat deze pagina niet begrijpt.",
    }

    // An embedded screen mounted on the wrong kind of server
    ServerKindCloud {
        en: "a Bitwarden cloud server",
        nl: "een Bitwarden-cloudserver",
    }
    ServerKindSelfHosted {
        en: "a self-hosted installation",
        nl: "een zelf gehoste installatie",
    }
    /// Placeholders `{screen}`, `{apiUrl}`, `{actual}` (a ServerKind text).
    ScreenServerMismatch {
        en: "The \"{screen}\" screen cannot open here: {apiUrl} is {actual}.",
        nl: "Het scherm \"{screen}\" kan hier niet openen: {apiUrl} is {actual}.",
    }
    /// Placeholder `{other}`: the screen option for this kind of server.
    ScreenServerMismatchOther {
        en: "For this server, mount the \"{other}\" screen instead.",
        nl: "Koppel voor deze server in plaats daarvan het scherm \"{other}\".",
    }
    /// Placeholder `{expected}` (a ServerKind text).
    ScreenServerMismatchUrl {
        en: "Point apiUrl and identityUrl at {expected} instead.",
        nl: "Laat apiUrl en identityUrl in plaats daarvan naar {expected} wijzen.",
    }

    // Not found
    PageNotFound {
        en: "Page not found",
        nl: "Pagina niet gevonden",
    }
    PageNotFoundDetails {
        en: "The page you are looking for does not exist.",
        nl: "De pagina die je zoekt bestaat niet.",
    }
    BackToVault {
        en: "Back to vault",
        nl: "Terug naar de kluis",
    }

    // The embed's entry while it loads a screen's module (src/embed/entry.rs)
    EmbedLoading {
        en: "Loading…",
        nl: "Laden…",
    }
    /// Placeholder `{url}`: the module that did not load.
    EmbedLoadFailed {
        en: "This screen could not be loaded from {url}. Check that the server serves the whole embed/v1 folder of one build (the module and its screens folder), then reload the page.",
        nl: "Dit scherm kon niet worden geladen van {url}. Controleer of de server de hele map embed/v1 van één build aanbiedt (de module en haar map screens) en laad de pagina daarna opnieuw.",
    }

    // A page an embedded screen links to but does not include (src/embed/groups.rs)
    /// Placeholder `{page}`: the page's name.
    EmbedPageElsewhere {
        en: "{page} is not part of this embedded screen. Open it in your vault.",
        nl: "{page} hoort niet bij dit ingesloten scherm. Open het in je kluis.",
    }
    Back {
        en: "Back",
        nl: "Terug",
    }
}
