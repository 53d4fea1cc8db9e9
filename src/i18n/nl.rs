//! Dutch texts. The labels of the seed help page are used verbatim, even where
//! Bitwarden's own Dutch translation differs (e.g. "Genereer token").

use super::Key;

/// The Dutch text for `key`.
#[cfg(feature = "all-texts")]
pub(super) fn text(key: Key) -> &'static str {
    if let Some(text) = first_screen_text(key).or_else(|| entry_text(key)) {
        return text;
    }
    match key {
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
        Key::LastLicenseSync => "Laatste synchronisatie",
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
        Key::InvalidMasterPassword => {
            "Ongeldig hoofdwachtwoord. Controleer het en probeer het opnieuw."
        }
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
        Key::RotateBillingSyncToken => "Factureringssynchronisatietoken roteren",
        Key::RotateBillingSyncTokenTitle => {
            "Het roteren van het factureringssynchronisatietoken maakt het vorige token ongeldig."
        }
        Key::RotateBillingSyncTokenWarning => {
            "Als je doorgaat, moet je factureringssynchronisatie opnieuw instellen op je zelfgehoste server."
        }
        Key::BillingSyncTokenRotated => "Token geroteerd",
        Key::ManualUpload => "Handmatig uploaden",
        Key::AutomaticSyncDesc => {
            "Automatische synchronisatie ontgrendelt Families-sponsorschappen en laat je je licentie synchroniseren zonder een bestand te uploaden. Kies na wijzigingen op de Bitwarden-cloudserver voor Licentie synchroniseren om ze toe te passen."
        }
        Key::ManualUploadDesc => {
            "Als je geen gebruik wilt maken van factureringssynchronisatie, upload dan hier je licentie. Dit ontgrendelt Families-sponsorschappen niet automatisch."
        }
        Key::LicenseAndBillingManagementDesc => {
            "Upload na het bijwerken op de Bitwarden-cloudserver je licentiebestand om de meest recente wijzigingen toe te passen."
        }
        Key::LicenseBillingOwnersOnly => {
            "Alleen eigenaren van de organisatie kunnen het licentie- en factureringsbeheer wijzigen."
        }
        Key::BillingSyncHelp => "Hulp bij factureringssynchronisatie",
        Key::LicensePaidFeaturesHelp => "Licentiehulp betaalde functionaliteit",
        Key::SelfHostGracePeriodHelp => {
            "Als je abonnement is verlopen, heb je 60 dagen om een bijgewerkt licentiebestand op je organisatie toe te passen. De gratieperiode eindigt {date}."
        }
        Key::Syncing => "Synchroniseren…",
        Key::LicenseSyncSuccess => "Licentie gesynchroniseerd",
        Key::SyncNeedsBillingSync => {
            "Stel eerst factureringssynchronisatie in: plak het factureringssynchronisatietoken onder Factureringssynchronisatie beheren."
        }
        Key::UnsupportedLicenseVersionHint => {
            "Als je een foutmelding krijgt over een versie die niet wordt ondersteund, werk dan je server bij en probeer je licentiebestand opnieuw te uploaden."
        }
        Key::BillingSyncKeyDesc => {
            "Er is een factureringssynchronisatietoken van de abonnementsinstellingen van je cloudorganisatie vereist voor het afronden van dit formulier."
        }
        Key::BillingSyncTokenRequired => "Factureringssynchronisatietoken is vereist.",
        Key::CheckingTokenWithCloud => "Het token wordt gecontroleerd bij de cloud…",
        Key::UploadingLicenseProgress => {
            "{file} ({size} KB) wordt naar de server gestuurd, die de handtekening, installatie en zitplaatsen controleert…"
        }
        Key::SyncLicenseProgress => "De actuele licentie wordt uit de cloud opgehaald en daarna gecontroleerd en toegepast…",
        Key::SyncNowProgress => {
            "De sponsorschappen worden in delen van {batch} naar de cloud gestuurd, daarna worden de antwoorden verwerkt…"
        }
        Key::SyncNowBatchProgress => "Deel {batch} van {batches} wordt naar de cloud gestuurd…",
        Key::SyncNowApplying => "Alle {batches} delen zijn verstuurd; de antwoorden van de cloud worden verwerkt…",
        Key::Delete => "Verwijderen",
        Key::DeleteBillingSyncTokenConfirm => {
            "Het factureringssynchronisatietoken verwijderen? Automatische synchronisatie en Families-sponsorschappen stoppen totdat je opnieuw een token opslaat."
        }
        Key::BillingSyncKeySaved => {
            "Factureringssynchronisatietoken opgeslagen. Selecteer Licentie synchroniseren om je licentie uit de cloud op te halen."
        }
        Key::BillingSyncKeyDeleted => "Factureringssynchronisatietoken verwijderd.",
        Key::UploadLicense => "Licentie uploaden",
        Key::Upload => "Uploaden",
        Key::Uploading => "Uploaden…",
        Key::LicenseFile => "Licentiebestand",
        Key::LicenseFileDesc => "Je licentiebestand heeft een naam als {file}",
        Key::SelectFile => "Selecteer een bestand.",
        Key::LicenseUploadSuccess => "Licentie geüpload",
        Key::CloudCommunicationDisabledTitle => {
            "Deze server mag niet communiceren met de cloud van Bitwarden, dus automatische synchronisatie staat uit."
        }
        Key::CloudCommunicationDisabledIntro => {
            "Zet de volgende regel in bwdata/env/global.override.env op true om cloudcommunicatie in te schakelen:"
        }
        Key::CloudRegionEu => {
            "Als je cloudorganisatie is aangemaakt op EU-servers, moet je ook de volgende waarden instellen:"
        }
        Key::CloudCommunicationRestart => {
            "Zodra je deze waarden hebt ingesteld, pas je de wijzigingen toe door het commando {command} uit te voeren."
        }
        Key::NewOrganization => "Nieuwe organisatie",
        Key::NewOrganizationDesc => {
            "Upload het licentiebestand dat je hebt gedownload van je cloudorganisatie (Facturering → Abonnement → Licentie downloaden)."
        }
        Key::OrganizationCreatedFromLicense => "Organisatie aangemaakt op basis van je licentie.",
        Key::SponsoredFamilies => "Gratis Bitwarden Families",
        Key::SponsoredFamiliesEligible => {
            "Jij en je familie komen in aanmerking voor gratis Bitwarden Families. Verzilver met je persoonlijke e-mail om je gegevens veilig te houden, zelfs als je niet op het werk bent."
        }
        Key::SponsorshipUsed => {
            "Je hebt je gratis Bitwarden Families-sponsorschap gebruikt. Verwijder het hieronder om het aan iemand anders aan te bieden."
        }
        Key::SponsoredFamiliesIncludeMessage => "Bitwarden Families omvat",
        Key::SponsoredFamiliesPremiumAccess => "Premium-toegang voor maximaal 6 gebruikers",
        Key::SponsoredFamiliesSharedCollections => "Gedeelde collecties voor familieleden",
        Key::FamiliesSponsoringOrgSelect => "Welke gratis Families wil je inwisselen?",
        Key::SelectPlaceholder => "Selecteren",
        Key::SponsoredFamiliesEmail => {
            "Voer je persoonlijke e-mailadres in om Bitwarden Families te verzilveren"
        }
        Key::FriendlyName => "Weergavenaam",
        Key::FriendlyNameHint => {
            "Wordt getoond in de lijst hieronder. Laat leeg om het e-mailadres te gebruiken."
        }
        Key::Redeem => "Verzilveren",
        Key::CannotSponsorSelf => {
            "Je kunt niet inwisselen voor het actieve account. Voer een ander e-mailadres in."
        }
        Key::SponsorshipCreated => "Sponsoring aangemaakt",
        Key::Recipient => "Ontvanger",
        Key::SponsoringOrg => "Sponsoringorganisatie",
        Key::Status => "Status",
        Key::Options => "Opties",
        Key::SponsoredFamiliesLeaveCopy => {
            "Als je vertrekt of verwijderd wordt uit deze organisatie, vervalt je Families-plan aan het einde van de factureringsperiode."
        }
        Key::PendingSyncHelp => {
            "Je aanbod is op deze server opgeslagen. Het wordt naar de ontvanger verstuurd na de volgende synchronisatie met de Bitwarden-cloud (een eigenaar kan Nu synchroniseren selecteren; de synchronisatie vindt ook eenmaal per dag plaats)."
        }
        Key::ResendEmail => "E-mail opnieuw versturen",
        Key::ResendEmailLabel => "E-mail opnieuw versturen naar {name}",
        Key::EmailSent => "E-mail verzonden",
        Key::Remove => "Verwijderen",
        Key::RemoveSponsorshipOf => "{name} verwijderen",
        Key::RemoveSponsorship => "Sponsoring verwijderen",
        Key::RevokeSentSponsorshipConfirmation => {
            "Als je {email} verwijdert, kun je de sponsoring voor dit Familie-plan niet gebruiken. Weet je zeker dat je door wilt gaan?"
        }
        Key::RevokeAcceptedSponsorshipConfirmation => {
            "Als je {email} verwijdert, eindigt de sponsoring voor dit Familie-plan en brengen we {price} + belasting in rekening op {date}. Je kunt geen nieuwe sponsoring inwisselen tot {date}. Weet je zeker dat je wilt doorgaan?"
        }
        Key::ReclaimedFreePlan => "Gratis abonnement hergebruikt",
        Key::StatusActive => "Actief",
        Key::StatusSent => "Verzonden",
        Key::StatusEmailNotDelivered => "E-mail niet bezorgd",
        Key::RequestRemoved => "Verwijderd (wacht op synchronisatie)",
        Key::RevokeWhenExpired => "Verloopt op {date}",
        Key::Members => "Leden",
        Key::MemberFamilies => "Lid-families",
        Key::MembersWithSponsoredFamilies => {
            "Leden van jouw organisatie komen in aanmerking voor gratis gebruik van Bitwarden Familie. Hier kunt je leden zien die een Familie-organisatie hebben gesponsord."
        }
        // Bitwarden's Dutch text for this key ("Niet-leden families") says the opposite.
        Key::NoMemberFamilies => "Geen lid-families",
        Key::SponsoredFamiliesRemoveActiveSponsorship => {
            "Als je een actieve sponsoring verwijdert, komt er een plaats binnen je organisatie beschikbaar na de verlengingsdatum van de gesponsorde organisatie."
        }
        Key::RevokeActiveSponsorshipConfirmation => {
            "Als je {email} verwijdert, eindigt de sponsoring voor dit Familie-plan. Na de verlengingsdatum van de gesponsorde organisatie op {date} komt er een plaats binnen je organisatie vrij voor leden of sponsoringen."
        }
        Key::SponsorshipsAdminsOnly => {
            "Alleen eigenaren en beheerders van deze organisatie kunnen de sponsoringen zien."
        }
        Key::RemoveSponsorshipConfirmation => {
            "Na het verwijderen van sponsoring ben je verantwoordelijk voor dit abonnement en de bijbehorende facturen. Weet je zeker dat je wilt doorgaan?"
        }
        Key::RemoveSponsorshipSuccess => "Sponsoring verwijderd",
        Key::Sponsored => "Gesponsord",
        Key::SubscriptionSponsoredFamiliesPlan => {
            "Je abonnement staat {count} gebruikers toe. Je abonnement wordt gesponsord en gefactureerd aan een externe organisatie."
        }
        Key::SponsorshipEndsOn => "De sponsoring is verwijderd. Deze eindigt op {date}.",
        Key::SponsorshipSyncTitle => "Synchronisatie van gratis Bitwarden Families",
        Key::SponsorshipSyncDesc => {
            "Sponsorschappen die leden van deze organisatie aanbieden, bereiken de Bitwarden-cloud via deze synchronisatie. Die vindt eenmaal per dag plaats zodra je de eerste synchronisatie hebt geactiveerd; je kunt op elk moment handmatig een synchronisatie starten."
        }
        Key::LastSponsorshipSync => "Laatste synchronisatie van sponsoring",
        Key::SyncNow => "Nu synchroniseren",
        Key::SyncResultSentOne => "{count} sponsorschap naar de cloud verzonden",
        Key::SyncResultSent => "{count} sponsorschappen naar de cloud verzonden",
        Key::SyncResultUpdated => "{count} bijgewerkt met het antwoord van de cloud",
        Key::SyncResultRemovedOne => "{count} verwijderd omdat de cloud het heeft verwijderd",
        Key::SyncResultRemoved => "{count} verwijderd omdat de cloud ze heeft verwijderd",
        Key::SyncRunsExplain => {
            "Bij elke synchronisatie gaan nieuwe aanbiedingen en verwijderingen naar de Bitwarden-cloud en worden de statussen hier bijgewerkt met het antwoord van de cloud."
        }
        Key::Today => "Vandaag",
        Key::SyncRunFailed => "De synchronisatie is niet voltooid:",
        Key::SyncRunsChartTitle => "Sponsoringsynchronisaties per dag, afgelopen {days} dagen",
        Key::SyncRunsSummary => {
            "{count} synchronisaties in de afgelopen {days} dagen, {failed} mislukt"
        }
        Key::SyncRunsSummaryOne => {
            "1 synchronisatie in de afgelopen {days} dagen, {failed} mislukt"
        }
        Key::SyncRunsSucceeded => "geslaagd",
        Key::SyncRunsFailed => "mislukt",
        Key::NoSyncRunsYet => {
            "Er is nog geen synchronisatie uitgevoerd. Die start zodra er een aanbod te verzenden is nadat het token is opgeslagen of de licentie is gesynchroniseerd, en vindt daarna eenmaal per dag plaats; selecteer Nu synchroniseren om er nu een te starten."
        }
        Key::SponsorshipSyncOwnersOnly => {
            "Alleen eigenaren van de organisatie kunnen de synchronisatie van sponsoring starten."
        }
        Key::SponsoredFamiliesOffer => "Gratis Bitwarden Families-organisatieaanbod verzilveren",
        Key::AcceptBitwardenFamiliesHelp => {
            "Accepteer aanbod voor een bestaande organisatie of maak een nieuwe Families-organisatie aan."
        }
        Key::SponsoredFamiliesSelectOffer => "Selecteer de organisatie die je wilt sponsoren",
        Key::NewFamiliesOrganization => "Nieuwe Families-organisatie",
        Key::OrganizationName => "Organisatienaam",
        Key::OrganizationNameRequired => "Organisatienaam is vereist.",
        Key::SelectOrganizationRequired => "Selecteer een organisatie.",
        Key::AcceptOffer => "Aanbod accepteren",
        Key::Accepting => "Accepteren…",
        Key::BadToken => {
            "De link is niet langer geldig. Zorg ervoor dat de sponsors de uitnodiging opnieuw versturen."
        }
        Key::OfferNoLongerValid => {
            "Deze aanbieding is niet langer geldig. Neem contact op met je organisatiebeheerders voor meer informatie."
        }
        Key::SponsoredFamiliesAccepted => "Gratis Bitwarden Families geaccepteerd",
        Key::RedeemedOrganizationSponsored => "Je Families-organisatie {name} wordt nu gesponsord.",
        Key::RedeemedOrganizationSponsoredNoName => "Je Families-organisatie wordt nu gesponsord.",
        Key::OpenOrganization => "{name} openen",
        Key::SetupSponsoredFamiliesLoginDesc => {
            "Je hebt een gratis Bitwarden Families Plan-organisatie aangeboden gekregen. Om door te gaan, moet je inloggen op het account dat de aanbieding heeft ontvangen."
        }
        Key::SetupSponsoredFamiliesRegisterDesc => {
            "Je hebt een gratis Bitwarden Families Plan-organisatie aangeboden gekregen. Maak een account aan voor {email} om door te gaan."
        }
        Key::OfferForOtherAccount => {
            "Deze aanbieding is verstuurd naar {email}, maar je bent ingelogd als {account}. Log uit en log in met {email} om haar te accepteren."
        }
        Key::InviteAcceptFailed => {
            "De uitnodiging is niet geaccepteerd. Vraag een beheerder van de organisatie om een nieuwe uitnodiging te versturen."
        }
        Key::CreateAccount => "Account aanmaken",
        Key::CreatingAccount => "Account aanmaken…",
        Key::Name => "Naam",
        Key::ConfirmMasterPassword => "Hoofdwachtwoord opnieuw invoeren",
        Key::MasterPasswordMinLength => "Het hoofdwachtwoord moet minstens 12 tekens lang zijn.",
        Key::MasterPasswordDoesNotMatch => {
            "Bevestiging van het hoofdwachtwoord komt niet overeen."
        }
        Key::LogInInstead => "Ik heb al een account: inloggen",
        Key::CreateAccountInstead => "Ik heb nog geen account: account aanmaken",
        Key::SwitchProducts => "Producten wisselen",
        Key::ProductPasswordManager => "Password Manager",
        Key::ProductAdminConsole => "Admin Console",
        Key::PasswordManager => "Wachtwoordbeheerder",
        Key::Vaults => "Kluizen",
        Key::Settings => "Instellingen",
        Key::OrganizationNamed => "Organisatie {name}",
        Key::OtherOrganizations => "Andere organisaties",
        Key::ChooseOrganization => "Kies een organisatie",
        Key::ChooseOrganizationDesc => "Open de beheerconsole van de organisatie die je wilt beheren.",
        Key::NoAdminOrganizations => "Je beheert geen organisatie.",
        Key::AdminConsoleHomeDesc => {
            "Beheer via de navigatie de facturering, de licentie en Gratis Bitwarden Families van deze organisatie."
        }
        Key::CopyGeneratedToken => "Kopieer het gegenereerde token",
        Key::CloudRegionNote => {
            "De waarde voor globalSettings__baseServiceUri__cloudRegion moet overeenkomen met de gegevensregio die is geselecteerd bij het ophalen van uw installatie-id en -sleutel."
        }
        Key::FirewallHosts => {
            "Het inschakelen van automatische synchronisatie vereist communicatie met de cloudsystemen van Bitwarden. Als je omgeving een firewall gebruikt om uitgaand verkeer te blokkeren, moet je https://api.bitwarden.com of .eu en https://identity.bitwarden.com of .eu toestaan."
        }
        Key::FirstSyncRunsNow => {
            "De eerste synchronisatie voor Families start direct nadat je het token opslaat of de licentie synchroniseert; daarna vindt ze eenmaal per dag plaats."
        }
        Key::BackUpBeforeUpdate => {
            "Om je server bij te werken, maak je een back-up van de map bwdata en volg je deze instructies."
        }
        Key::ErrLicenseSyncFailed => {
            "Er is een fout opgetreden. Controleer je internetverbinding en zorg ervoor dat het factureringstoken juist is."
        }
        Key::LicenseProblemDisabled => "Je cloudorganisatie is momenteel uitgeschakeld.",
        Key::LicenseProblemNotYetIssued => "De licentie is nog niet uitgegeven.",
        Key::LicenseProblemExpired => "De licentie is verlopen.",
        Key::LicenseProblemInstallationMismatch => {
            "De installatie-ID komt niet overeen met de huidige installatie."
        }
        Key::LicenseProblemNotSelfHost => {
            "De licentie staat het zelf hosten van organisaties niet toe."
        }
        Key::LicenseProblemPremiumLicense => {
            "Premium-licenties kunnen niet op een organisatiekluis worden toegepast. Upload deze licentie via de instellingen van je persoonlijke account."
        }
        Key::LicenseProblemVerificationFailed => "De verificatie van de licentie is mislukt.",
        Key::TryAgain => "Opnieuw proberen",
        Key::NothingToShow => "Nog niets om te tonen.",
        Key::ErrorOccurred => "Er is een fout opgetreden.",
        Key::CheckConnectionTitle => "Verbinding met de cloud controleren",
        Key::CheckConnectionDesc => "Voert elke stap tussen deze server en de cloud apart uit en laat zien welke mislukt, waarom en wat je moet aanpassen. Er wordt niets geheims getoond.",
        Key::CheckConnection => "Verbinding controleren",
        Key::CheckingConnection => "Elke stap wordt gecontroleerd…",
        Key::CheckConnectionAllPassed => "Alle stappen geslaagd ({date}).",
        Key::CheckConnectionFailed => "Een stap is mislukt ({date}): zie de eerste ✗ hieronder voor de oorzaak en de oplossing.",
        Key::CheckPassed => "Geslaagd",
        Key::CheckFailed => "Mislukt",
        Key::CheckSkipped => "Niet gecontroleerd",
        Key::CheckSkippedDetail => "Niet gecontroleerd: een stap die ervoor nodig is, is mislukt.",
        Key::CheckStepSettings => "Instellingen",
        Key::CheckStepSettingsPass => "Cloudcommunicatie aan; regio {region}; identiteit {identity}; API {api} (gelezen uit {source}).",
        Key::CheckStepSettingsCloudOff => "Cloudcommunicatie staat uit (gelezen uit {source}). Zet globalSettings__enableCloudCommunication=true in bwdata/env/global.override.env en start de server opnieuw.",
        Key::CheckSourceDefault => "geen instelling: de standaardwaarde",
        Key::CheckSourceEnvironment => "de omgevingsvariabelen van de server",
        Key::CheckSourceSettings => "de instellingen van de server",
        Key::CheckStepIdentity => "Identiteitsserver van de cloud bereikbaar",
        Key::CheckStepInstallation => "Installatie-id en -sleutel geaccepteerd",
        Key::CheckStepInstallationPass => "De cloud accepteert deze installatie (regio {region}).",
        Key::CheckStepApi => "API van de cloud bereikbaar",
        Key::CheckStepReachablePass => "{uri} antwoordt.",
        Key::CheckStepToken => "Sync-token voor facturering geaccepteerd",
        Key::CheckStepTokenPass => "De cloud accepteert het opgeslagen token voor deze organisatie.",
        Key::CheckStepLicense => "Licentie gelijk aan die in de cloud",
        Key::CheckStepLicensePass => "Zelfde licentie: {seats} zitplaatsen, verloopt {expires}.",
        Key::CheckStepLastLicenseSync => "Laatste licentiesynchronisatie",
        Key::CheckStepLastLicenseSyncPass => "Gelukt op {date}.",
        Key::CheckStepLastFamiliesSync => "Laatste synchronisatie van gratis Families",
        Key::CheckStepLastFamiliesSyncPass => "Gelukt op {date}; {sent} sponsorschappen verzonden.",
        Key::CheckStepLastFamiliesSyncNone => "Er is nog geen synchronisatie van gratis Families uitgevoerd; die volgt na Licentie synchroniseren en daarna eenmaal per dag.",
        Key::ServerKindCloud => "een Bitwarden-cloudserver",
        Key::ServerKindSelfHosted => "een zelf gehoste installatie",
        Key::ScreenServerMismatch => {
            "Het scherm \"{screen}\" kan hier niet openen: {apiUrl} is {actual}."
        }
        Key::ScreenServerMismatchOther => {
            "Koppel voor deze server in plaats daarvan het scherm \"{other}\"."
        }
        Key::ScreenServerMismatchUrl => {
            "Laat apiUrl en identityUrl in plaats daarvan naar {expected} wijzen."
        }
        Key::PageNotFound => "Pagina niet gevonden",
        Key::PageNotFoundDetails => "De pagina die je zoekt bestaat niet.",
        Key::BackToVault => "Terug naar de kluis",
        Key::EmbedPageElsewhere => "{page} hoort niet bij dit ingesloten scherm. Open het in je kluis.",
        Key::Back => "Terug",
        // The first screen's texts, above; every key has a text (tests/i18n.rs).
        _ => "",
    }
}

/// The Dutch text of the keys the standalone page's first wasm shows
/// (the login, see `super::first_screen_text`); `None` for the others.
pub(super) fn first_screen_text(key: Key) -> Option<&'static str> {
    let text = match key {
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
        Key::KeysFailed => "Deze browser kon de versleutelingssleutels niet maken. Probeer het opnieuw in een recente browser.",
        Key::LogOut => "Uitloggen",
        Key::Loading => "Laden",
        Key::UnexpectedError => "Er is een onverwachte fout opgetreden.",
        Key::NetworkError => {
            "De server is niet bereikbaar. Controleer je verbinding en probeer het opnieuw."
        }
        Key::NetworkErrorCors => {
            "De server op {origin} is vanaf deze pagina niet bereikbaar. Hij is niet beschikbaar, of hij accepteert geen verzoeken van de origin van deze pagina (CORS): de beheerder moet deze origin toevoegen aan globalSettings__billingSync__allowedOrigins."
        }
        Key::SessionExpired => "Je sessie is verlopen. Log opnieuw in.",
        Key::SessionExpiredEmbedded => {
            "Je sessie is verlopen. Log opnieuw in op je kluis om hier verder te gaan."
        }
        Key::DecodeError => "De server stuurde een antwoord dat deze pagina niet begrijpt.",
        _ => return None,
    };
    Some(text)
}

/// The Dutch text of the keys the embed's entry shows (`crate::embed::entry`,
/// see `super::Locale::entry_text`); `None` for the others.
pub(super) fn entry_text(key: Key) -> Option<&'static str> {
    match key {
        Key::EmbedLoading => Some("Laden…"),
        Key::EmbedLoadFailed => Some(
            "Dit scherm kon niet worden geladen van {url}. Controleer of de server de hele map embed/v1 van één build aanbiedt (de module en haar map screens) en laad de pagina daarna opnieuw.",
        ),
        _ => None,
    }
}
