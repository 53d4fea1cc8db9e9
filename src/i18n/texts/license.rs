//! The self-hosted License and billing management texts: billing sync
//! settings, license upload and sync, the connection check.

use crate::i18n::keys::{Key, Texts};

texts! {
    // Self-hosted license and billing management, new organization
    ManualUpload {
        en: "Manual upload",
        nl: "Handmatig uploaden",
    }
    AutomaticSyncDesc {
        en: "Automatic sync unlocks Families sponsorships and lets you sync your license without uploading a file. After making changes on the Bitwarden cloud server, select Sync License to apply them.",
        nl: "Automatische synchronisatie ontgrendelt Families-sponsorschappen en laat je je licentie synchroniseren zonder een bestand te uploaden. Kies na wijzigingen op de Bitwarden-cloudserver voor Licentie synchroniseren om ze toe te passen.",
    }
    ManualUploadDesc {
        en: "If you do not want to opt into billing sync, manually upload your license here. This will not automatically unlock Families sponsorships.",
        nl: "Als je geen gebruik wilt maken van factureringssynchronisatie, upload dan hier je licentie. Dit ontgrendelt Families-sponsorschappen niet automatisch.",
    }
    LicenseAndBillingManagementDesc {
        en: "After making updates in the Bitwarden cloud server, upload your license file to apply the most recent changes.",
        nl: "Upload na het bijwerken op de Bitwarden-cloudserver je licentiebestand om de meest recente wijzigingen toe te passen.",
    }
    LicenseBillingOwnersOnly {
        en: "Only organization owners can change license and billing management.",
        nl: "Alleen eigenaren van de organisatie kunnen het licentie- en factureringsbeheer wijzigen.",
    }
    BillingSyncHelp {
        en: "Billing sync help",
        nl: "Hulp bij factureringssynchronisatie",
    }
    LicensePaidFeaturesHelp {
        en: "License paid features help",
        nl: "Licentiehulp betaalde functionaliteit",
    }
    /// Placeholder `{date}`.
    SelfHostGracePeriodHelp {
        en: "After your subscription expires, you have 60 days to apply an updated license file to your organization. Grace period ends {date}.",
        nl: "Als je abonnement is verlopen, heb je 60 dagen om een bijgewerkt licentiebestand op je organisatie toe te passen. De gratieperiode eindigt {date}.",
    }
    Syncing {
        en: "Syncing…",
        nl: "Synchroniseren…",
    }
    LicenseSyncSuccess {
        en: "Successfully synced license",
        nl: "Licentie gesynchroniseerd",
    }
    SyncNeedsBillingSync {
        en: "Set up billing sync first: paste the billing sync token under Manage billing sync.",
        nl: "Stel eerst factureringssynchronisatie in: plak het factureringssynchronisatietoken onder Factureringssynchronisatie beheren.",
    }
    UnsupportedLicenseVersionHint {
        en: "If you get an error about an unsupported version, update your server and try uploading your license file again.",
        nl: "Als je een foutmelding krijgt over een versie die niet wordt ondersteund, werk dan je server bij en probeer je licentiebestand opnieuw te uploaden.",
    }
    BillingSyncKeyDesc {
        en: "A billing sync token from your cloud organization's subscription settings is required to complete this form.",
        nl: "Er is een factureringssynchronisatietoken van de abonnementsinstellingen van je cloudorganisatie vereist voor het afronden van dit formulier.",
    }
    BillingSyncTokenRequired {
        en: "Billing sync token is required.",
        nl: "Factureringssynchronisatietoken is vereist.",
    }
    CheckingTokenWithCloud {
        en: "Checking the token with the cloud…",
        nl: "Het token wordt gecontroleerd bij de cloud…",
    }
    /// Placeholders `{file}`, `{size}` (KB).
    UploadingLicenseProgress {
        en: "Sending {file} ({size} KB) to the server, which checks its signature, installation and seats…",
        nl: "{file} ({size} KB) wordt naar de server gestuurd, die de handtekening, installatie en zitplaatsen controleert…",
    }
    SyncLicenseProgress {
        en: "Fetching the current license from the cloud, then checking and applying it…",
        nl: "De actuele licentie wordt uit de cloud opgehaald en daarna gecontroleerd en toegepast…",
    }
    /// Placeholder `{batch}`: rows per request.
    SyncNowProgress {
        en: "Sending the sponsorships to the cloud in batches of {batch}, then applying its answers…",
        nl: "De sponsorschappen worden in delen van {batch} naar de cloud gestuurd, daarna worden de antwoorden verwerkt…",
    }
    /// Placeholders `{batch}`, `{batches}`.
    SyncNowBatchProgress {
        en: "Sending batch {batch} of {batches} to the cloud…",
        nl: "Deel {batch} van {batches} wordt naar de cloud gestuurd…",
    }
    /// Placeholder `{batches}`.
    SyncNowApplying {
        en: "All {batches} batches sent; applying the cloud's answers…",
        nl: "Alle {batches} delen zijn verstuurd; de antwoorden van de cloud worden verwerkt…",
    }
    Delete {
        en: "Delete",
        nl: "Verwijderen",
    }
    DeleteBillingSyncTokenConfirm {
        en: "Delete the billing sync token? Automatic sync and Families sponsorships stop until you save a token again.",
        nl: "Het factureringssynchronisatietoken verwijderen? Automatische synchronisatie en Families-sponsorschappen stoppen totdat je opnieuw een token opslaat.",
    }
    BillingSyncKeySaved {
        en: "Billing sync token saved. Select Sync License to fetch your license from the cloud.",
        nl: "Factureringssynchronisatietoken opgeslagen. Selecteer Licentie synchroniseren om je licentie uit de cloud op te halen.",
    }
    BillingSyncKeyDeleted {
        en: "Billing sync token deleted.",
        nl: "Factureringssynchronisatietoken verwijderd.",
    }
    UploadLicense {
        en: "Upload license",
        nl: "Licentie uploaden",
    }
    Upload {
        en: "Upload",
        nl: "Uploaden",
    }
    Uploading {
        en: "Uploading…",
        nl: "Uploaden…",
    }
    LicenseFile {
        en: "License file",
        nl: "Licentiebestand",
    }
    /// Placeholder `{file}`.
    LicenseFileDesc {
        en: "Your license file will be named something like {file}",
        nl: "Je licentiebestand heeft een naam als {file}",
    }
    SelectFile {
        en: "Select a file.",
        nl: "Selecteer een bestand.",
    }
    LicenseUploadSuccess {
        en: "Successfully uploaded license",
        nl: "Licentie geüpload",
    }
    CloudCommunicationDisabledTitle {
        en: "This server may not talk to the Bitwarden cloud, so automatic sync is off.",
        nl: "Deze server mag niet communiceren met de cloud van Bitwarden, dus automatische synchronisatie staat uit.",
    }
    CloudCommunicationDisabledIntro {
        en: "Set the following line in bwdata/env/global.override.env to true to enable cloud communication:",
        nl: "Zet de volgende regel in bwdata/env/global.override.env op true om cloudcommunicatie in te schakelen:",
    }
    CloudRegionEu {
        en: "For an organization in the EU cloud, add these lines as well:",
        nl: "Als je cloudorganisatie is aangemaakt op EU-servers, moet je ook de volgende waarden instellen:",
    }
    /// Placeholder `{command}`.
    CloudCommunicationRestart {
        en: "Once you have set these values, apply the changes by running the command {command}.",
        nl: "Zodra je deze waarden hebt ingesteld, pas je de wijzigingen toe door het commando {command} uit te voeren.",
    }
    NewOrganization {
        en: "New organization",
        nl: "Nieuwe organisatie",
    }
    NewOrganizationDesc {
        en: "Upload the license file you downloaded from your cloud organization (Billing → Subscription → Download license).",
        nl: "Upload het licentiebestand dat je hebt gedownload van je cloudorganisatie (Facturering → Abonnement → Licentie downloaden).",
    }
    OrganizationCreatedFromLicense {
        en: "Organization created from your license.",
        nl: "Organisatie aangemaakt op basis van je licentie.",
    }

    // Check connection (self-hosted License and billing management)
    CheckConnectionTitle {
        en: "Check connection to the cloud",
        nl: "Verbinding met de cloud controleren",
    }
    CheckConnectionDesc {
        en: "Runs each step between this server and the cloud on its own and shows which one fails, why, and what to change. Nothing secret is shown.",
        nl: "Voert elke stap tussen deze server en de cloud apart uit en laat zien welke mislukt, waarom en wat je moet aanpassen. Er wordt niets geheims getoond.",
    }
    CheckConnection {
        en: "Check connection",
        nl: "Verbinding controleren",
    }
    CheckingConnection {
        en: "Checking each step…",
        nl: "Elke stap wordt gecontroleerd…",
    }
    /// Placeholder `{date}`.
    CheckConnectionAllPassed {
        en: "Every step passed ({date}).",
        nl: "Alle stappen geslaagd ({date}).",
    }
    /// Placeholder `{date}`.
    CheckConnectionFailed {
        en: "A step failed ({date}): see the first ✗ below for the cause and the fix.",
        nl: "Een stap is mislukt ({date}): zie de eerste ✗ hieronder voor de oorzaak en de oplossing.",
    }
    CheckPassed {
        en: "Passed",
        nl: "Geslaagd",
    }
    CheckFailed {
        en: "Failed",
        nl: "Mislukt",
    }
    CheckSkipped {
        en: "Not checked",
        nl: "Niet gecontroleerd",
    }
    CheckSkippedDetail {
        en: "Not checked: a step it needs failed.",
        nl: "Niet gecontroleerd: een stap die ervoor nodig is, is mislukt.",
    }
    CheckStepSettings {
        en: "Settings",
        nl: "Instellingen",
    }
    /// Placeholders `{region}`, `{identity}`, `{api}`, `{source}`.
    CheckStepSettingsPass {
        en: "Cloud communication on; region {region}; identity {identity}; API {api} (read from {source}).",
        nl: "Cloudcommunicatie aan; regio {region}; identiteit {identity}; API {api} (gelezen uit {source}).",
    }
    /// The settings step when cloud communication is off. Placeholder `{source}`.
    CheckStepSettingsCloudOff {
        en: "Cloud communication is off (read from {source}). Set globalSettings__enableCloudCommunication=true in bwdata/env/global.override.env, then restart the server.",
        nl: "Cloudcommunicatie staat uit (gelezen uit {source}). Zet globalSettings__enableCloudCommunication=true in bwdata/env/global.override.env en start de server opnieuw.",
    }
    CheckSourceDefault {
        en: "no setting: the default",
        nl: "geen instelling: de standaardwaarde",
    }
    CheckSourceEnvironment {
        en: "the server's environment variables",
        nl: "de omgevingsvariabelen van de server",
    }
    CheckSourceSettings {
        en: "the server's settings",
        nl: "de instellingen van de server",
    }
    CheckStepIdentity {
        en: "Cloud identity server reachable",
        nl: "Identiteitsserver van de cloud bereikbaar",
    }
    CheckStepInstallation {
        en: "Installation id and key accepted",
        nl: "Installatie-id en -sleutel geaccepteerd",
    }
    /// Placeholder `{region}`.
    CheckStepInstallationPass {
        en: "The cloud accepts this installation ({region} region).",
        nl: "De cloud accepteert deze installatie (regio {region}).",
    }
    CheckStepApi {
        en: "Cloud API reachable",
        nl: "API van de cloud bereikbaar",
    }
    /// Placeholder `{uri}`.
    CheckStepReachablePass {
        en: "{uri} answers.",
        nl: "{uri} antwoordt.",
    }
    CheckStepToken {
        en: "Billing sync token accepted",
        nl: "Sync-token voor facturering geaccepteerd",
    }
    CheckStepTokenPass {
        en: "The cloud accepts the saved token for this organization.",
        nl: "De cloud accepteert het opgeslagen token voor deze organisatie.",
    }
    CheckStepLicense {
        en: "License matches the cloud",
        nl: "Licentie gelijk aan die in de cloud",
    }
    /// Placeholders `{seats}`, `{expires}`.
    CheckStepLicensePass {
        en: "Same license: {seats} seats, expires {expires}.",
        nl: "Zelfde licentie: {seats} zitplaatsen, verloopt {expires}.",
    }
    CheckStepLastLicenseSync {
        en: "Last license sync",
        nl: "Laatste licentiesynchronisatie",
    }
    /// Placeholder `{date}`.
    CheckStepLastLicenseSyncPass {
        en: "Worked on {date}.",
        nl: "Gelukt op {date}.",
    }
    CheckStepLastFamiliesSync {
        en: "Last Free Families sync",
        nl: "Laatste synchronisatie van gratis Families",
    }
    /// Placeholders `{date}`, `{sent}`.
    CheckStepLastFamiliesSyncPass {
        en: "Worked on {date}; {sent} sponsorships sent.",
        nl: "Gelukt op {date}; {sent} sponsorschappen verzonden.",
    }
    CheckStepLastFamiliesSyncNone {
        en: "No Free Families sync has run yet; it runs after Sync license, then once a day.",
        nl: "Er is nog geen synchronisatie van gratis Families uitgevoerd; die volgt na Licentie synchroniseren en daarna eenmaal per dag.",
    }
}
