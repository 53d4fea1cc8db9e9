//! English texts. Wording follows Bitwarden's web vault where a screen mirrors it.

use super::Key;

/// The English text for `key`.
pub(super) fn text(key: Key) -> &'static str {
    match key {
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
        Key::LogOut => "Log out",
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
        Key::InvalidMasterPassword => "Invalid master password",
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
        Key::UnsupportedLicenseVersionHint => "Update your server, then upload the license file again.",
        Key::BillingSyncKeyDesc => {
            "A billing sync token from your cloud organization's subscription settings is required to complete this form."
        }
        Key::BillingSyncTokenRequired => "Billing sync token is required.",
        Key::CheckingTokenWithCloud => "Checking the token with the cloud…",
        Key::Delete => "Delete",
        Key::DeleteBillingSyncTokenConfirm => {
            "Delete the billing sync token? Automatic sync and Families sponsorships stop until you save a token again."
        }
        Key::UploadLicense => "Upload license",
        Key::Upload => "Upload",
        Key::Uploading => "Uploading…",
        Key::LicenseFile => "License file",
        Key::LicenseFileDesc => "Your license file will be named something like {file}",
        Key::SelectFile => "Select a file.",
        Key::LicenseUploadSuccess => "Successfully uploaded license",
        Key::CloudCommunicationDisabledTitle => "Cloud communication is disabled on this server",
        Key::CloudCommunicationDisabledIntro => {
            "Automatic sync needs this server to communicate with Bitwarden's cloud. Someone with access to the server's configuration files must enable cloud communication by setting this line in bwdata/env/global.override.env:"
        }
        Key::CloudRegionUs => "Cloud organization on the US servers (bitwarden.com):",
        Key::CloudRegionEu => {
            "Cloud organization on the EU servers (bitwarden.eu): also set the following values:"
        }
        Key::CloudRegionMustMatch => {
            "The value of globalSettings__baseServiceUri__cloudRegion must match the data region selected when the installation id and key were retrieved."
        }
        Key::CloudCommunicationRestart => "Then restart the server to apply the changes:",
        Key::RestartBitwarden => "on a Bitwarden installation:",
        Key::RestartThisServer => "on this server: restart billing-sync-server",
        Key::ManualUploadStillAvailable => "Manual upload keeps working without cloud communication.",
        Key::NewOrganization => "New organization",
        Key::NewOrganizationDesc => {
            "Upload the license file you downloaded from your cloud organization (Billing → Subscription → Download license)."
        }
        Key::Loading => "Loading",
        Key::TryAgain => "Try again",
        Key::NothingToShow => "Nothing to show yet.",
        Key::ErrorOccurred => "An error has occurred.",
        Key::UnexpectedError => "An unexpected error has occurred.",
        Key::NetworkError => {
            "The server could not be reached. Check your connection and try again."
        }
        Key::SessionExpired => "Your session has expired. Please log in again.",
        Key::DecodeError => "The server sent a response this page does not understand.",
        Key::PageNotFound => "Page not found",
        Key::PageNotFoundDetails => "The page you are looking for does not exist.",
        Key::BackToVault => "Back to vault",
    }
}
