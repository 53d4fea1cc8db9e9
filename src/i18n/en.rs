//! English texts. Wording follows Bitwarden's web vault where a screen mirrors it.

use super::Key;

/// The English text for `key`.
#[cfg(feature = "all-texts")]
pub(super) fn text(key: Key) -> &'static str {
    if let Some(text) = first_screen_text(key).or_else(|| entry_text(key)) {
        return text;
    }
    match key {
        Key::Vault => "Vault",
        Key::Organizations => "Organizations",
        Key::NoOrganizations => "You are not a member of any organization.",
        Key::AdminConsole => "Admin Console",
        Key::RoleOwner => "Owner",
        Key::RoleAdmin => "Admin",
        Key::RoleUser => "User",
        Key::RoleCustom => "Custom",
        Key::Billing => "Billing",
        Key::Subscription => "Subscription",
        Key::BillingPlan => "Plan",
        Key::Seats => "Seats",
        Key::Unlimited => "Unlimited",
        Key::SubscriptionExpiration => "Subscription expiration",
        Key::NeverExpires => "Never expires",
        Key::Expired => "Expired",
        Key::SelfHostingTitle => "Self-hosting",
        Key::SetUpBillingSync => "Set up billing sync",
        Key::ManageBillingSync => "Manage billing sync",
        Key::GenerateToken => "Generate token",
        Key::LicenseAndBillingManagement => "License and billing management",
        Key::AutomaticSync => "Automatic sync",
        Key::Save => "Save",
        Key::SyncLicense => "Sync License",
        Key::LastSync => "Last sync",
        Key::LastLicenseSync => "Last license sync",
        Key::Never => "Never",
        Key::PendingSync => "Pending sync",
        Key::SelfHostingCopy => {
            "To set up your organization on your own server, you will need to upload your license file. To support Free Families plans and advanced billing capabilities for your self-hosted organization, you will need to set up billing sync."
        }
        Key::SelfHostingOwnersOnly => {
            "Only organization owners can set up billing sync or download the license."
        }
        Key::BillingSyncPlanRequired => {
            "Billing sync is available for Enterprise and Teams organizations."
        }
        Key::DownloadLicense => "Download license",
        Key::LicenseDownloaded => {
            "License saved as bitwarden_organization_license.json. Next, upload it to your self-hosted organization."
        }
        Key::EnterInstallationId => "Enter your installation id",
        Key::InstallationIdHint => {
            "You find it on your self-hosted server in bwdata/env/global.override.env (globalSettings__installation__id)."
        }
        Key::InstallationIdRequired => "Installation id is required.",
        Key::InvalidInstallationIdFormat => {
            "Enter a valid installation id (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e)."
        }
        Key::InstallationIdUnknown => {
            "This installation id is not registered with Bitwarden. Check the id in your self-hosted server's configuration and try again."
        }
        Key::LicenseSaveFailed => {
            "The license could not be saved by this browser. Allow downloads for this site and try again."
        }
        Key::Submit => "Submit",
        Key::Cancel => "Cancel",
        Key::Close => "Close",
        Key::GenerateBillingSyncToken => "Generate billing sync token",
        Key::ViewBillingSyncToken => "View billing sync token",
        Key::ConfirmIdentity => "Confirm your identity to continue.",
        Key::InvalidMasterPassword => "Invalid master password. Check it and try again.",
        Key::Verifying => "Verifying…",
        Key::CopyPasteBillingSync => {
            "Copy and paste this token into the billing sync settings of your self-hosted organization."
        }
        Key::BillingSyncToken => "Billing sync token",
        Key::Copy => "Copy",
        Key::BillingSyncTokenCopied => "Billing sync token copied",
        Key::CopyFailed => {
            "This browser did not allow copying. The token is selected: press Ctrl+C (⌘C on a Mac) to copy it."
        }
        Key::TokenRevisionDate => "Token created/rotated",
        Key::AwaitingSyncSingular => {
            "Token rotated {days} day ago. Update the billing sync token in your self-hosted organization settings."
        }
        Key::AwaitingSyncPlural => {
            "Token rotated {days} days ago. Update the billing sync token in your self-hosted organization settings."
        }
        Key::RotateToken => "Rotate token",
        Key::RotateBillingSyncToken => "Rotate billing sync token",
        Key::RotateBillingSyncTokenTitle => {
            "Rotating the billing sync token will invalidate the previous token."
        }
        Key::RotateBillingSyncTokenWarning => {
            "If you proceed, you will need to re-setup billing sync on your self-hosted server."
        }
        Key::BillingSyncTokenRotated => "Token rotated",
        Key::ManualUpload => "Manual upload",
        Key::AutomaticSyncDesc => {
            "Automatic sync unlocks Families sponsorships and lets you sync your license without uploading a file. After making changes on the Bitwarden cloud server, select Sync License to apply them."
        }
        Key::ManualUploadDesc => {
            "If you do not want to opt into billing sync, manually upload your license here. This will not automatically unlock Families sponsorships."
        }
        Key::LicenseAndBillingManagementDesc => {
            "After making updates in the Bitwarden cloud server, upload your license file to apply the most recent changes."
        }
        Key::LicenseBillingOwnersOnly => "Only organization owners can change license and billing management.",
        Key::BillingSyncHelp => "Billing sync help",
        Key::LicensePaidFeaturesHelp => "License paid features help",
        Key::SelfHostGracePeriodHelp => {
            "After your subscription expires, you have 60 days to apply an updated license file to your organization. Grace period ends {date}."
        }
        Key::Syncing => "Syncing…",
        Key::LicenseSyncSuccess => "Successfully synced license",
        Key::SyncNeedsBillingSync => {
            "Set up billing sync first: paste the billing sync token under Manage billing sync."
        }
        Key::UnsupportedLicenseVersionHint => {
            "If you get an error about an unsupported version, update your server and try uploading your license file again."
        }
        Key::BillingSyncKeyDesc => {
            "A billing sync token from your cloud organization's subscription settings is required to complete this form."
        }
        Key::BillingSyncTokenRequired => "Billing sync token is required.",
        Key::CheckingTokenWithCloud => "Checking the token with the cloud…",
        Key::UploadingLicenseProgress => {
            "Sending {file} ({size} KB) to the server, which checks its signature, installation and seats…"
        }
        Key::SyncLicenseProgress => "Fetching the current license from the cloud, then checking and applying it…",
        Key::SyncNowProgress => {
            "Sending the sponsorships to the cloud in batches of {batch}, then applying its answers…"
        }
        Key::SyncNowBatchProgress => "Sending batch {batch} of {batches} to the cloud…",
        Key::SyncNowApplying => "All {batches} batches sent; applying the cloud's answers…",
        Key::Delete => "Delete",
        Key::DeleteBillingSyncTokenConfirm => {
            "Delete the billing sync token? Automatic sync and Families sponsorships stop until you save a token again."
        }
        Key::BillingSyncKeySaved => {
            "Billing sync token saved. Select Sync License to fetch your license from the cloud."
        }
        Key::BillingSyncKeyDeleted => "Billing sync token deleted.",
        Key::UploadLicense => "Upload license",
        Key::Upload => "Upload",
        Key::Uploading => "Uploading…",
        Key::LicenseFile => "License file",
        Key::LicenseFileDesc => "Your license file will be named something like {file}",
        Key::SelectFile => "Select a file.",
        Key::LicenseUploadSuccess => "Successfully uploaded license",
        Key::CloudCommunicationDisabledTitle => {
            "This server may not talk to the Bitwarden cloud, so automatic sync is off."
        }
        Key::CloudCommunicationDisabledIntro => {
            "Set the following line in bwdata/env/global.override.env to true to enable cloud communication:"
        }
        Key::CloudRegionEu => "For an organization in the EU cloud, add these lines as well:",
        Key::CloudCommunicationRestart => {
            "Once you have set these values, apply the changes by running the command {command}."
        }
        Key::NewOrganization => "New organization",
        Key::NewOrganizationDesc => {
            "Upload the license file you downloaded from your cloud organization (Billing → Subscription → Download license)."
        }
        Key::OrganizationCreatedFromLicense => "Organization created from your license.",
        Key::SponsoredFamilies => "Free Bitwarden Families",
        Key::SponsoredFamiliesEligible => {
            "You and your family are eligible for Free Bitwarden Families. Redeem with your personal email to keep your data secure even when you are not at work."
        }
        Key::SponsorshipUsed => {
            "You have used your Free Bitwarden Families sponsorship. Remove it below to offer it to someone else."
        }
        Key::SponsoredFamiliesIncludeMessage => "The Bitwarden for Families plan includes",
        Key::SponsoredFamiliesPremiumAccess => "Premium access for up to 6 users",
        Key::SponsoredFamiliesSharedCollections => "Shared collections for family members",
        Key::FamiliesSponsoringOrgSelect => "Which Free Families offer would you like to redeem?",
        Key::SelectPlaceholder => "Select",
        Key::SponsoredFamiliesEmail => "Enter your personal email to redeem Bitwarden Families",
        Key::FriendlyName => "Friendly name",
        Key::FriendlyNameHint => "Shown in the list below. Leave empty to use the email address.",
        Key::Redeem => "Redeem",
        Key::CannotSponsorSelf => {
            "You cannot redeem for the active account. Enter a different email."
        }
        Key::SponsorshipCreated => "Sponsorship created",
        Key::Recipient => "Recipient",
        Key::SponsoringOrg => "Sponsoring organization",
        Key::Status => "Status",
        Key::Options => "Options",
        Key::SponsoredFamiliesLeaveCopy => {
            "If you remove an offer or are removed from the sponsoring organization, your Families sponsorship will expire at the next renewal date."
        }
        Key::PendingSyncHelp => {
            "Your offer is stored on this server. It is sent to the recipient after the next sync with the Bitwarden cloud (an owner can select Sync now; it also runs once a day)."
        }
        Key::ResendEmail => "Resend email",
        Key::ResendEmailLabel => "Resend email to {name}",
        Key::EmailSent => "Email sent",
        Key::Remove => "Remove",
        Key::RemoveSponsorshipOf => "Remove {name}",
        Key::RemoveSponsorship => "Remove sponsorship",
        Key::RevokeSentSponsorshipConfirmation => {
            "If you remove {email}, the sponsorship for this Family plan cannot be redeemed. Are you sure you want to continue?"
        }
        Key::RevokeAcceptedSponsorshipConfirmation => {
            "If you remove {email}, the sponsorship for this Family plan will end and the saved payment method will be charged {price} + applicable tax on {date}. You will not be able to redeem a new sponsorship until {date}. Are you sure you want to continue?"
        }
        Key::ReclaimedFreePlan => "Reclaimed free plan",
        Key::StatusActive => "Active",
        Key::StatusSent => "Sent",
        Key::StatusEmailNotDelivered => "E-mail not delivered",
        Key::RequestRemoved => "Removed (awaiting sync)",
        Key::RevokeWhenExpired => "Expires {date}",
        Key::Members => "Members",
        Key::MemberFamilies => "Member families",
        Key::MembersWithSponsoredFamilies => {
            "Members of your organization are eligible for Free Bitwarden Families. Here you can see members who have sponsored a Families organization."
        }
        Key::NoMemberFamilies => "No member families",
        Key::SponsoredFamiliesRemoveActiveSponsorship => {
            "When you remove an active sponsorship, a seat within your organization will be available after the renewal date of the sponsored organization."
        }
        Key::RevokeActiveSponsorshipConfirmation => {
            "If you remove {email}, the sponsorship for this Family plan will end. A seat within your organization will become available for members or sponsorships after the sponsored organization renewal date on {date}."
        }
        Key::SponsorshipsAdminsOnly => {
            "Only owners and admins of this organization can see its sponsorships."
        }
        Key::RemoveSponsorshipConfirmation => {
            "After removing a sponsorship, you will be responsible for this subscription and related invoices. Are you sure you want to continue?"
        }
        Key::RemoveSponsorshipSuccess => "Sponsorship removed",
        Key::Sponsored => "Sponsored",
        Key::SubscriptionSponsoredFamiliesPlan => {
            "Your subscription allows for a total of {count} members. Your plan is sponsored and billed to an external organization."
        }
        Key::SponsorshipEndsOn => "The sponsorship has been removed. It ends on {date}.",
        Key::SponsorshipSyncTitle => "Free Bitwarden Families sync",
        Key::SponsorshipSyncDesc => {
            "Sponsorships offered by members of this organization reach the Bitwarden cloud through this sync. It runs once a day after the first sync; you can start it at any time."
        }
        Key::LastSponsorshipSync => "Last sponsorship sync",
        Key::SyncNow => "Sync now",
        Key::SyncResultSentOne => "{count} sponsorship sent to the cloud",
        Key::SyncResultSent => "{count} sponsorships sent to the cloud",
        Key::SyncResultUpdated => "{count} updated from the cloud's answer",
        Key::SyncResultRemovedOne => "{count} removed because the cloud removed it",
        Key::SyncResultRemoved => "{count} removed because the cloud removed them",
        Key::SyncRunsExplain => {
            "Each run sends new offers and removals to the Bitwarden cloud and updates the statuses here with the cloud's answer."
        }
        Key::Today => "Today",
        Key::SyncRunFailed => "The sync did not complete:",
        Key::SyncRunsChartTitle => "Sponsorship sync runs per day, last {days} days",
        Key::SyncRunsSummary => "{count} runs in the last {days} days, {failed} failed",
        Key::SyncRunsSummaryOne => "1 run in the last {days} days, {failed} failed",
        Key::SyncRunsSucceeded => "successful",
        Key::SyncRunsFailed => "failed",
        Key::NoSyncRunsYet => {
            "No sync has run yet. It runs as soon as there is an offer to send after the token is saved or the license is synced, then once a day; select Sync now to start one now."
        }
        Key::SponsorshipSyncOwnersOnly => {
            "Only organization owners can start the sponsorship sync."
        }
        Key::SponsoredFamiliesOffer => "Accept Free Bitwarden Families",
        Key::AcceptBitwardenFamiliesHelp => {
            "Accept offer for an existing organization or create a new Families organization."
        }
        Key::SponsoredFamiliesSelectOffer => "Select the organization you would like sponsored",
        Key::NewFamiliesOrganization => "New Families organization",
        Key::OrganizationName => "Organization name",
        Key::OrganizationNameRequired => "Organization name is required.",
        Key::SelectOrganizationRequired => "Select an organization.",
        Key::AcceptOffer => "Accept offer",
        Key::Accepting => "Accepting…",
        Key::BadToken => "The link is no longer valid. Please have the sponsor resend the offer.",
        Key::OfferNoLongerValid => {
            "This offer is no longer valid. Contact your organization administrators for more information."
        }
        Key::SponsoredFamiliesAccepted => "Free Bitwarden Families accepted",
        Key::RedeemedOrganizationSponsored => "Your Families organization {name} is now sponsored.",
        Key::RedeemedOrganizationSponsoredNoName => "Your Families organization is now sponsored.",
        Key::OpenOrganization => "Open {name}",
        Key::SetupSponsoredFamiliesLoginDesc => {
            "You've been offered a free Bitwarden Families plan organization. To continue, you need to log in to the account that received the offer."
        }
        Key::SetupSponsoredFamiliesRegisterDesc => {
            "You've been offered a free Bitwarden Families plan organization. To continue, create an account for {email}."
        }
        Key::OfferForOtherAccount => {
            "This offer was sent to {email}, but you are logged in as {account}. Log out and log in with {email} to accept it."
        }
        Key::InviteAcceptFailed => {
            "Unable to accept invitation. Ask an organization admin to send a new invitation."
        }
        Key::CreateAccount => "Create account",
        Key::CreatingAccount => "Creating account…",
        Key::Name => "Name",
        Key::ConfirmMasterPassword => "Re-type master password",
        Key::MasterPasswordMinLength => "Master password must be at least 12 characters long.",
        Key::MasterPasswordDoesNotMatch => "Master password confirmation does not match.",
        Key::LogInInstead => "I already have an account: log in",
        Key::CreateAccountInstead => "I have no account yet: create one",
        Key::SwitchProducts => "Switch products",
        Key::ProductPasswordManager => "Password Manager",
        Key::ProductAdminConsole => "Admin Console",
        Key::PasswordManager => "Password Manager",
        Key::Vaults => "Vaults",
        Key::Settings => "Settings",
        Key::OrganizationNamed => "Organization {name}",
        Key::OtherOrganizations => "Other organizations",
        Key::ChooseOrganization => "Choose an organization",
        Key::ChooseOrganizationDesc => "Open the Admin Console of the organization you want to manage.",
        Key::NoAdminOrganizations => "You do not manage any organization.",
        Key::AdminConsoleHomeDesc => {
            "Manage this organization's billing, its license and Free Bitwarden Families from the navigation."
        }
        Key::CopyGeneratedToken => "Copy the generated token",
        Key::CloudRegionNote => {
            "The value for globalSettings__baseServiceUri__cloudRegion must match the data region that was selected when you retrieved your installation id and key."
        }
        Key::FirewallHosts => {
            "Enabling automatic sync requires communication with Bitwarden's cloud systems. If your environment uses a firewall to block outbound traffic, you must allow https://api.bitwarden.com or .eu and https://identity.bitwarden.com or .eu."
        }
        Key::FirstSyncRunsNow => {
            "The first Families sync starts right after you save the token or sync the license; after that it runs once a day."
        }
        Key::BackUpBeforeUpdate => "To update your server, back up the bwdata folder first.",
        Key::ErrLicenseSyncFailed => {
            "An error has occurred. Check your internet connection and ensure the billing token is correct."
        }
        Key::LicenseProblemDisabled => "Your cloud-hosted organization is currently disabled.",
        Key::LicenseProblemNotYetIssued => "The license hasn't been issued yet.",
        Key::LicenseProblemExpired => "The license has expired.",
        Key::LicenseProblemInstallationMismatch => {
            "The installation ID does not match the current installation."
        }
        Key::LicenseProblemNotSelfHost => {
            "The license does not allow for on-premise hosting of organizations."
        }
        Key::LicenseProblemPremiumLicense => {
            "Premium licenses cannot be applied to an organization vault. Upload this license from your personal account Settings page."
        }
        Key::LicenseProblemVerificationFailed => "The license verification failed.",
        Key::TryAgain => "Try again",
        Key::NothingToShow => "Nothing to show yet.",
        Key::ErrorOccurred => "An error has occurred.",
        Key::CheckConnectionTitle => "Check connection to the cloud",
        Key::CheckConnectionDesc => "Runs each step between this server and the cloud on its own and shows which one fails, why, and what to change. Nothing secret is shown.",
        Key::CheckConnection => "Check connection",
        Key::CheckingConnection => "Checking each step…",
        Key::CheckConnectionAllPassed => "Every step passed ({date}).",
        Key::CheckConnectionFailed => "A step failed ({date}): see the first ✗ below for the cause and the fix.",
        Key::CheckPassed => "Passed",
        Key::CheckFailed => "Failed",
        Key::CheckSkipped => "Not checked",
        Key::CheckSkippedDetail => "Not checked: a step it needs failed.",
        Key::CheckStepSettings => "Settings",
        Key::CheckStepSettingsPass => "Cloud communication on; region {region}; identity {identity}; API {api} (read from {source}).",
        Key::CheckStepSettingsCloudOff => "Cloud communication is off (read from {source}). Set globalSettings__enableCloudCommunication=true in bwdata/env/global.override.env, then restart the server.",
        Key::CheckSourceDefault => "no setting: the default",
        Key::CheckSourceEnvironment => "the server's environment variables",
        Key::CheckSourceSettings => "the server's settings",
        Key::CheckStepIdentity => "Cloud identity server reachable",
        Key::CheckStepInstallation => "Installation id and key accepted",
        Key::CheckStepInstallationPass => "The cloud accepts this installation ({region} region).",
        Key::CheckStepApi => "Cloud API reachable",
        Key::CheckStepReachablePass => "{uri} answers.",
        Key::CheckStepToken => "Billing sync token accepted",
        Key::CheckStepTokenPass => "The cloud accepts the saved token for this organization.",
        Key::CheckStepLicense => "License matches the cloud",
        Key::CheckStepLicensePass => "Same license: {seats} seats, expires {expires}.",
        Key::CheckStepLastLicenseSync => "Last license sync",
        Key::CheckStepLastLicenseSyncPass => "Worked on {date}.",
        Key::CheckStepLastFamiliesSync => "Last Free Families sync",
        Key::CheckStepLastFamiliesSyncPass => "Worked on {date}; {sent} sponsorships sent.",
        Key::CheckStepLastFamiliesSyncNone => "No Free Families sync has run yet; it runs after Sync license, then once a day.",
        Key::ServerKindCloud => "a Bitwarden cloud server",
        Key::ServerKindSelfHosted => "a self-hosted installation",
        Key::ScreenServerMismatch => {
            "The \"{screen}\" screen cannot open here: {apiUrl} is {actual}."
        }
        Key::ScreenServerMismatchOther => {
            "For this server, mount the \"{other}\" screen instead."
        }
        Key::ScreenServerMismatchUrl => {
            "Point apiUrl and identityUrl at {expected} instead."
        }
        Key::PageNotFound => "Page not found",
        Key::PageNotFoundDetails => "The page you are looking for does not exist.",
        Key::BackToVault => "Back to vault",
        Key::EmbedPageElsewhere => "{page} is not part of this embedded screen. Open it in your vault.",
        Key::Back => "Back",
        // The first screen's texts, above; every key has a text (tests/i18n.rs).
        _ => "",
    }
}

/// The English text of the keys the standalone page's first wasm shows
/// (the login, see `super::first_screen_text`); `None` for the others.
pub(super) fn first_screen_text(key: Key) -> Option<&'static str> {
    let text = match key {
        Key::AppName => "Billing Sync",
        Key::Language => "Language",
        Key::LogIn => "Log in",
        Key::EmailAddress => "Email address",
        Key::MasterPassword => "Master password",
        Key::Continue => "Continue",
        Key::LogInWithMasterPassword => "Log in with master password",
        Key::LoggingIn => "Logging in…",
        Key::LoggingInAs => "Logging in as",
        Key::NotYou => "Not you?",
        Key::EmailRequired => "Email address is required.",
        Key::InvalidEmail => "Invalid email address.",
        Key::MasterPasswordRequired => "Master password is required.",
        Key::InvalidUsernameOrPassword => "Username or password is incorrect. Try again.",
        Key::KdfFailed => "Your master password could not be processed in this browser.",
        Key::KeysFailed => "This browser could not create the encryption keys. Try again in a current browser.",
        Key::LogOut => "Log out",
        Key::Loading => "Loading",
        Key::UnexpectedError => "An unexpected error has occurred.",
        Key::NetworkError => {
            "The server could not be reached. Check your connection and try again."
        }
        Key::NetworkErrorCors => {
            "The server at {origin} could not be reached from this page. Either it is down, or it does not accept requests from this page's origin (CORS): its administrator must add this origin to globalSettings__billingSync__allowedOrigins."
        }
        Key::SessionExpired => "Your session has expired. Please log in again.",
        Key::SessionExpiredEmbedded => {
            "Your session has expired. Sign in to your vault again to continue here."
        }
        Key::DecodeError => "The server sent a response this page does not understand.",
        _ => return None,
    };
    Some(text)
}

/// The English text of the keys the embed's entry shows (`crate::embed::entry`,
/// see `super::Locale::entry_text`); `None` for the others.
pub(super) fn entry_text(key: Key) -> Option<&'static str> {
    match key {
        Key::EmbedLoading => Some("Loading…"),
        Key::EmbedLoadFailed => Some(
            "This screen could not be loaded from {url}. Check that the server serves the whole embed/v1 folder of one build (the module and its screens folder), then reload the page.",
        ),
        _ => None,
    }
}
