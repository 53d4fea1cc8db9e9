//! The Free Bitwarden Families texts: the member's and the admin's
//! sponsorships, the sync, the offer page, the sponsored organization.

use crate::i18n::keys::{Key, Texts};

texts! {
    // Free Bitwarden Families, sponsorship sync, redeem
    SponsoredFamilies {
        en: "Free Bitwarden Families",
        nl: "Gratis Bitwarden Families",
    }
    SponsoredFamiliesEligible {
        en: "You and your family are eligible for Free Bitwarden Families. Redeem with your personal email to keep your data secure even when you are not at work.",
        nl: "Jij en je familie komen in aanmerking voor gratis Bitwarden Families. Verzilver met je persoonlijke e-mail om je gegevens veilig te houden, zelfs als je niet op het werk bent.",
    }
    /// Replaces the eligibility intro when the member's sponsorship is used.
    SponsorshipUsed {
        en: "You have used your Free Bitwarden Families sponsorship. Remove it below to offer it to someone else.",
        nl: "Je hebt je gratis Bitwarden Families-sponsorschap gebruikt. Verwijder het hieronder om het aan iemand anders aan te bieden.",
    }
    SponsoredFamiliesIncludeMessage {
        en: "The Bitwarden for Families plan includes",
        nl: "Bitwarden Families omvat",
    }
    SponsoredFamiliesPremiumAccess {
        en: "Premium access for up to 6 users",
        nl: "Premium-toegang voor maximaal 6 gebruikers",
    }
    SponsoredFamiliesSharedCollections {
        en: "Shared collections for family members",
        nl: "Gedeelde collecties voor familieleden",
    }
    FamiliesSponsoringOrgSelect {
        en: "Which Free Families offer would you like to redeem?",
        nl: "Welke gratis Families wil je inwisselen?",
    }
    SelectPlaceholder {
        en: "Select",
        nl: "Selecteren",
    }
    SponsoredFamiliesEmail {
        en: "Enter your personal email to redeem Bitwarden Families",
        nl: "Voer je persoonlijke e-mailadres in om Bitwarden Families te verzilveren",
    }
    FriendlyName {
        en: "Friendly name",
        nl: "Weergavenaam",
    }
    FriendlyNameHint {
        en: "Shown in the list below. Leave empty to use the email address.",
        nl: "Wordt getoond in de lijst hieronder. Laat leeg om het e-mailadres te gebruiken.",
    }
    Redeem {
        en: "Redeem",
        nl: "Verzilveren",
    }
    CannotSponsorSelf {
        en: "You cannot redeem for the active account. Enter a different email.",
        nl: "Je kunt niet inwisselen voor het actieve account. Voer een ander e-mailadres in.",
    }
    SponsorshipCreated {
        en: "Sponsorship created",
        nl: "Sponsoring aangemaakt",
    }
    Recipient {
        en: "Recipient",
        nl: "Ontvanger",
    }
    SponsoringOrg {
        en: "Sponsoring organization",
        nl: "Sponsoringorganisatie",
    }
    Status {
        en: "Status",
        nl: "Status",
    }
    Options {
        en: "Options",
        nl: "Opties",
    }
    SponsoredFamiliesLeaveCopy {
        en: "If you remove an offer or are removed from the sponsoring organization, your Families sponsorship will expire at the next renewal date.",
        nl: "Als je vertrekt of verwijderd wordt uit deze organisatie, vervalt je Families-plan aan het einde van de factureringsperiode.",
    }
    /// Self-hosted, under the table while an offer waits for the sync.
    PendingSyncHelp {
        en: "Your offer is stored on this server. It is sent to the recipient after the next sync with the Bitwarden cloud (an owner can select Sync now; it also runs once a day).",
        nl: "Je aanbod is op deze server opgeslagen. Het wordt naar de ontvanger verstuurd na de volgende synchronisatie met de Bitwarden-cloud (een eigenaar kan Nu synchroniseren selecteren; de synchronisatie vindt ook eenmaal per dag plaats).",
    }
    ResendEmail {
        en: "Resend email",
        nl: "E-mail opnieuw versturen",
    }
    /// Placeholder `{name}`.
    ResendEmailLabel {
        en: "Resend email to {name}",
        nl: "E-mail opnieuw versturen naar {name}",
    }
    EmailSent {
        en: "Email sent",
        nl: "E-mail verzonden",
    }
    Remove {
        en: "Remove",
        nl: "Verwijderen",
    }
    /// Placeholder `{name}`.
    RemoveSponsorshipOf {
        en: "Remove {name}",
        nl: "{name} verwijderen",
    }
    RemoveSponsorship {
        en: "Remove sponsorship",
        nl: "Sponsoring verwijderen",
    }
    /// Placeholder `{email}`.
    RevokeSentSponsorshipConfirmation {
        en: "If you remove {email}, the sponsorship for this Family plan cannot be redeemed. Are you sure you want to continue?",
        nl: "Als je {email} verwijdert, kun je de sponsoring voor dit Familie-plan niet gebruiken. Weet je zeker dat je door wilt gaan?",
    }
    /// Placeholders `{email}`, `{price}`, `{date}`.
    RevokeAcceptedSponsorshipConfirmation {
        en: "If you remove {email}, the sponsorship for this Family plan will end and the saved payment method will be charged {price} + applicable tax on {date}. You will not be able to redeem a new sponsorship until {date}. Are you sure you want to continue?",
        nl: "Als je {email} verwijdert, eindigt de sponsoring voor dit Familie-plan en brengen we {price} + belasting in rekening op {date}. Je kunt geen nieuwe sponsoring inwisselen tot {date}. Weet je zeker dat je wilt doorgaan?",
    }
    ReclaimedFreePlan {
        en: "Reclaimed free plan",
        nl: "Gratis abonnement hergebruikt",
    }
    StatusActive {
        en: "Active",
        nl: "Actief",
    }
    StatusSent {
        en: "Sent",
        nl: "Verzonden",
    }
    /// The offer e-mail was refused by the mail server (cloud sponsors can Resend).
    StatusEmailNotDelivered {
        en: "E-mail not delivered",
        nl: "E-mail niet bezorgd",
    }
    RequestRemoved {
        en: "Removed (awaiting sync)",
        nl: "Verwijderd (wacht op synchronisatie)",
    }
    /// Placeholder `{date}`.
    RevokeWhenExpired {
        en: "Expires {date}",
        nl: "Verloopt op {date}",
    }

    // Admin Console → Members → Free Bitwarden Families
    Members {
        en: "Members",
        nl: "Leden",
    }
    MemberFamilies {
        en: "Member families",
        nl: "Lid-families",
    }
    MembersWithSponsoredFamilies {
        en: "Members of your organization are eligible for Free Bitwarden Families. Here you can see members who have sponsored a Families organization.",
        nl: "Leden van jouw organisatie komen in aanmerking voor gratis gebruik van Bitwarden Familie. Hier kunt je leden zien die een Familie-organisatie hebben gesponsord.",
    }
    NoMemberFamilies {
        en: "No member families",
        nl: "Geen lid-families",
    }
    SponsoredFamiliesRemoveActiveSponsorship {
        en: "When you remove an active sponsorship, a seat within your organization will be available after the renewal date of the sponsored organization.",
        nl: "Als je een actieve sponsoring verwijdert, komt er een plaats binnen je organisatie beschikbaar na de verlengingsdatum van de gesponsorde organisatie.",
    }
    /// Placeholders `{email}`, `{date}`.
    RevokeActiveSponsorshipConfirmation {
        en: "If you remove {email}, the sponsorship for this Family plan will end. A seat within your organization will become available for members or sponsorships after the sponsored organization renewal date on {date}.",
        nl: "Als je {email} verwijdert, eindigt de sponsoring voor dit Familie-plan. Na de verlengingsdatum van de gesponsorde organisatie op {date} komt er een plaats binnen je organisatie vrij voor leden of sponsoringen.",
    }
    SponsorshipsAdminsOnly {
        en: "Only owners and admins of this organization can see its sponsorships.",
        nl: "Alleen eigenaren en beheerders van deze organisatie kunnen de sponsoringen zien.",
    }

    // A sponsored Families organization's subscription
    RemoveSponsorshipConfirmation {
        en: "After removing a sponsorship, you will be responsible for this subscription and related invoices. Are you sure you want to continue?",
        nl: "Na het verwijderen van sponsoring ben je verantwoordelijk voor dit abonnement en de bijbehorende facturen. Weet je zeker dat je wilt doorgaan?",
    }
    RemoveSponsorshipSuccess {
        en: "Sponsorship removed",
        nl: "Sponsoring verwijderd",
    }
    Sponsored {
        en: "Sponsored",
        nl: "Gesponsord",
    }
    /// Placeholder `{count}`.
    SubscriptionSponsoredFamiliesPlan {
        en: "Your subscription allows for a total of {count} members. Your plan is sponsored and billed to an external organization.",
        nl: "Je abonnement staat {count} gebruikers toe. Je abonnement wordt gesponsord en gefactureerd aan een externe organisatie.",
    }
    /// Placeholder `{date}`.
    SponsorshipEndsOn {
        en: "The sponsorship has been removed. It ends on {date}.",
        nl: "De sponsoring is verwijderd. Deze eindigt op {date}.",
    }
    SponsorshipSyncTitle {
        en: "Free Bitwarden Families sync",
        nl: "Synchronisatie van gratis Bitwarden Families",
    }
    SponsorshipSyncDesc {
        en: "Sponsorships offered by members of this organization reach the Bitwarden cloud through this sync. It runs once a day after the first sync; you can start it at any time.",
        nl: "Sponsorschappen die leden van deze organisatie aanbieden, bereiken de Bitwarden-cloud via deze synchronisatie. Die vindt eenmaal per dag plaats zodra je de eerste synchronisatie hebt geactiveerd; je kunt op elk moment handmatig een synchronisatie starten.",
    }
    LastSponsorshipSync {
        en: "Last sponsorship sync",
        nl: "Laatste synchronisatie van sponsoring",
    }
    SyncNow {
        en: "Sync now",
        nl: "Nu synchroniseren",
    }
    /// Placeholder `{count}` (exactly 1).
    SyncResultSentOne {
        en: "{count} sponsorship sent to the cloud",
        nl: "{count} sponsorschap naar de cloud verzonden",
    }
    /// Placeholder `{count}` (0 or more than 1).
    SyncResultSent {
        en: "{count} sponsorships sent to the cloud",
        nl: "{count} sponsorschappen naar de cloud verzonden",
    }
    /// Placeholder `{count}`.
    SyncResultUpdated {
        en: "{count} updated from the cloud's answer",
        nl: "{count} bijgewerkt met het antwoord van de cloud",
    }
    /// Placeholder `{count}` (exactly 1).
    SyncResultRemovedOne {
        en: "{count} removed because the cloud removed it",
        nl: "{count} verwijderd omdat de cloud het heeft verwijderd",
    }
    /// Placeholder `{count}` (0 or more than 1).
    SyncResultRemoved {
        en: "{count} removed because the cloud removed them",
        nl: "{count} verwijderd omdat de cloud ze heeft verwijderd",
    }
    /// One line above the chart: what a run does.
    SyncRunsExplain {
        en: "Each run sends new offers and removals to the Bitwarden cloud and updates the statuses here with the cloud's answer.",
        nl: "Bij elke synchronisatie gaan nieuwe aanbiedingen en verwijderingen naar de Bitwarden-cloud en worden de statussen hier bijgewerkt met het antwoord van de cloud.",
    }
    /// The chart's last day.
    Today {
        en: "Today",
        nl: "Vandaag",
    }
    SyncRunFailed {
        en: "The sync did not complete:",
        nl: "De synchronisatie is niet voltooid:",
    }
    /// Placeholder `{days}`.
    SyncRunsChartTitle {
        en: "Sponsorship sync runs per day, last {days} days",
        nl: "Sponsoringsynchronisaties per dag, afgelopen {days} dagen",
    }
    /// Placeholders `{count}`, `{days}`, `{failed}`.
    SyncRunsSummary {
        en: "{count} runs in the last {days} days, {failed} failed",
        nl: "{count} synchronisaties in de afgelopen {days} dagen, {failed} mislukt",
    }
    /// Placeholders `{days}`, `{failed}`.
    SyncRunsSummaryOne {
        en: "1 run in the last {days} days, {failed} failed",
        nl: "1 synchronisatie in de afgelopen {days} dagen, {failed} mislukt",
    }
    SyncRunsSucceeded {
        en: "successful",
        nl: "geslaagd",
    }
    SyncRunsFailed {
        en: "failed",
        nl: "mislukt",
    }
    NoSyncRunsYet {
        en: "No sync has run yet. It runs as soon as there is an offer to send after the token is saved or the license is synced, then once a day; select Sync now to start one now.",
        nl: "Er is nog geen synchronisatie uitgevoerd. Die start zodra er een aanbod te verzenden is nadat het token is opgeslagen of de licentie is gesynchroniseerd, en vindt daarna eenmaal per dag plaats; selecteer Nu synchroniseren om er nu een te starten.",
    }
    SponsorshipSyncOwnersOnly {
        en: "Only organization owners can start the sponsorship sync.",
        nl: "Alleen eigenaren van de organisatie kunnen de synchronisatie van sponsoring starten.",
    }
    SponsoredFamiliesOffer {
        en: "Accept Free Bitwarden Families",
        nl: "Gratis Bitwarden Families-organisatieaanbod verzilveren",
    }
    AcceptBitwardenFamiliesHelp {
        en: "Accept offer for an existing organization or create a new Families organization.",
        nl: "Accepteer aanbod voor een bestaande organisatie of maak een nieuwe Families-organisatie aan.",
    }
    SponsoredFamiliesSelectOffer {
        en: "Select the organization you would like sponsored",
        nl: "Selecteer de organisatie die je wilt sponsoren",
    }
    NewFamiliesOrganization {
        en: "New Families organization",
        nl: "Nieuwe Families-organisatie",
    }
    OrganizationName {
        en: "Organization name",
        nl: "Organisatienaam",
    }
    OrganizationNameRequired {
        en: "Organization name is required.",
        nl: "Organisatienaam is vereist.",
    }
    SelectOrganizationRequired {
        en: "Select an organization.",
        nl: "Selecteer een organisatie.",
    }
    AcceptOffer {
        en: "Accept offer",
        nl: "Aanbod accepteren",
    }
    Accepting {
        en: "Accepting…",
        nl: "Accepteren…",
    }
    BadToken {
        en: "The link is no longer valid. Please have the sponsor resend the offer.",
        nl: "De link is niet langer geldig. Zorg ervoor dat de sponsors de uitnodiging opnieuw versturen.",
    }
    OfferNoLongerValid {
        en: "This offer is no longer valid. Contact your organization administrators for more information.",
        nl: "Deze aanbieding is niet langer geldig. Neem contact op met je organisatiebeheerders voor meer informatie.",
    }
    /// The offer page's title after the offer was redeemed.
    SponsoredFamiliesAccepted {
        en: "Free Bitwarden Families accepted",
        nl: "Gratis Bitwarden Families geaccepteerd",
    }
    /// Placeholder `{name}`.
    RedeemedOrganizationSponsored {
        en: "Your Families organization {name} is now sponsored.",
        nl: "Je Families-organisatie {name} wordt nu gesponsord.",
    }
    /// When the redeemed organization could not be found in the profile.
    RedeemedOrganizationSponsoredNoName {
        en: "Your Families organization is now sponsored.",
        nl: "Je Families-organisatie wordt nu gesponsord.",
    }
    /// Placeholder `{name}`.
    OpenOrganization {
        en: "Open {name}",
        nl: "{name} openen",
    }
    SetupSponsoredFamiliesLoginDesc {
        en: "You've been offered a free Bitwarden Families plan organization. To continue, you need to log in to the account that received the offer.",
        nl: "Je hebt een gratis Bitwarden Families Plan-organisatie aangeboden gekregen. Om door te gaan, moet je inloggen op het account dat de aanbieding heeft ontvangen.",
    }
    /// Placeholder `{email}`.
    SetupSponsoredFamiliesRegisterDesc {
        en: "You've been offered a free Bitwarden Families plan organization. To continue, create an account for {email}.",
        nl: "Je hebt een gratis Bitwarden Families Plan-organisatie aangeboden gekregen. Maak een account aan voor {email} om door te gaan.",
    }
    /// Placeholders `{email}`, `{account}`.
    OfferForOtherAccount {
        en: "This offer was sent to {email}, but you are logged in as {account}. Log out and log in with {email} to accept it.",
        nl: "Deze aanbieding is verstuurd naar {email}, maar je bent ingelogd als {account}. Log uit en log in met {email} om haar te accepteren.",
    }
    InviteAcceptFailed {
        en: "Unable to accept invitation. Ask an organization admin to send a new invitation.",
        nl: "De uitnodiging is niet geaccepteerd. Vraag een beheerder van de organisatie om een nieuwe uitnodiging te versturen.",
    }
    CreateAccount {
        en: "Create account",
        nl: "Account aanmaken",
    }
    CreatingAccount {
        en: "Creating account…",
        nl: "Account aanmaken…",
    }
    Name {
        en: "Name",
        nl: "Naam",
    }
    ConfirmMasterPassword {
        en: "Re-type master password",
        nl: "Hoofdwachtwoord opnieuw invoeren",
    }
    MasterPasswordMinLength {
        en: "Master password must be at least 12 characters long.",
        nl: "Het hoofdwachtwoord moet minstens 12 tekens lang zijn.",
    }
    MasterPasswordDoesNotMatch {
        en: "Master password confirmation does not match.",
        nl: "Bevestiging van het hoofdwachtwoord komt niet overeen.",
    }
    LogInInstead {
        en: "I already have an account: log in",
        nl: "Ik heb al een account: inloggen",
    }
    CreateAccountInstead {
        en: "I have no account yet: create one",
        nl: "Ik heb nog geen account: account aanmaken",
    }
}
