//! The list of every user-visible text ([`Key`]); the texts themselves are
//! in `en.rs` and `nl.rs`, one exhaustive `match` per language.

/// Declares [`Key`] and [`Key::ALL`] from one list, so the list used by the
/// completeness test can never miss a variant.
macro_rules! keys {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A user-visible text. Add a variant here, then its English and
        /// Dutch text in `en.rs` and `nl.rs` (the compiler insists).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($(#[$doc])* $name,)* }

        impl Key {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Key] = &[$(Key::$name,)*];
        }
    };
}

keys! {
    AppName,
    Language,
    // Login
    LogIn,
    EmailAddress,
    MasterPassword,
    Continue,
    LogInWithMasterPassword,
    LoggingIn,
    LoggingInAs,
    NotYou,
    EmailRequired,
    InvalidEmail,
    MasterPasswordRequired,
    InvalidUsernameOrPassword,
    KdfFailed,
    KeysFailed,
    LogOut,
    // Vault
    Vault,
    Organizations,
    NoOrganizations,
    AdminConsole,
    RoleOwner,
    RoleAdmin,
    RoleUser,
    RoleCustom,
    // Billing
    Billing,
    Subscription,
    BillingPlan,
    Seats,
    Unlimited,
    SubscriptionExpiration,
    NeverExpires,
    Expired,
    // Used by the billing sync and license screens that follow.
    SelfHostingTitle,
    SetUpBillingSync,
    ManageBillingSync,
    GenerateToken,
    LicenseAndBillingManagement,
    AutomaticSync,
    Save,
    SyncLicense,
    LastSync,
    LastLicenseSync,
    Never,
    PendingSync,
    // Cloud "Self-hosting" section
    SelfHostingCopy,
    SelfHostingOwnersOnly,
    BillingSyncPlanRequired,
    DownloadLicense,
    LicenseDownloaded,
    // Download license dialog
    EnterInstallationId,
    InstallationIdHint,
    InstallationIdRequired,
    InvalidInstallationIdFormat,
    InstallationIdUnknown,
    LicenseSaveFailed,
    Submit,
    Cancel,
    Close,
    // Billing sync token dialog
    GenerateBillingSyncToken,
    ViewBillingSyncToken,
    ConfirmIdentity,
    InvalidMasterPassword,
    Verifying,
    CopyPasteBillingSync,
    BillingSyncToken,
    Copy,
    BillingSyncTokenCopied,
    CopyFailed,
    TokenRevisionDate,
    /// Placeholder `{days}`.
    AwaitingSyncSingular,
    /// Placeholder `{days}`.
    AwaitingSyncPlural,
    RotateToken,
    RotateBillingSyncToken,
    RotateBillingSyncTokenTitle,
    RotateBillingSyncTokenWarning,
    BillingSyncTokenRotated,
    // Self-hosted license and billing management, new organization
    ManualUpload,
    AutomaticSyncDesc,
    ManualUploadDesc,
    LicenseAndBillingManagementDesc,
    LicenseBillingOwnersOnly,
    BillingSyncHelp,
    LicensePaidFeaturesHelp,
    /// Placeholder `{date}`.
    SelfHostGracePeriodHelp,
    Syncing,
    LicenseSyncSuccess,
    SyncNeedsBillingSync,
    UnsupportedLicenseVersionHint,
    BillingSyncKeyDesc,
    BillingSyncTokenRequired,
    CheckingTokenWithCloud,
    /// Placeholders `{file}`, `{size}` (KB).
    UploadingLicenseProgress,
    SyncLicenseProgress,
    /// Placeholder `{batch}`: rows per request.
    SyncNowProgress,
    /// Placeholders `{batch}`, `{batches}`.
    SyncNowBatchProgress,
    /// Placeholder `{batches}`.
    SyncNowApplying,
    Delete,
    DeleteBillingSyncTokenConfirm,
    BillingSyncKeySaved,
    BillingSyncKeyDeleted,
    UploadLicense,
    Upload,
    Uploading,
    LicenseFile,
    /// Placeholder `{file}`.
    LicenseFileDesc,
    SelectFile,
    LicenseUploadSuccess,
    CloudCommunicationDisabledTitle,
    CloudCommunicationDisabledIntro,
    CloudRegionEu,
    /// Placeholder `{command}`.
    CloudCommunicationRestart,
    NewOrganization,
    NewOrganizationDesc,
    OrganizationCreatedFromLicense,
    // Free Bitwarden Families, sponsorship sync, redeem
    SponsoredFamilies,
    SponsoredFamiliesEligible,
    /// Replaces the eligibility intro when the member's sponsorship is used.
    SponsorshipUsed,
    SponsoredFamiliesIncludeMessage,
    SponsoredFamiliesPremiumAccess,
    SponsoredFamiliesSharedCollections,
    FamiliesSponsoringOrgSelect,
    SelectPlaceholder,
    SponsoredFamiliesEmail,
    FriendlyName,
    FriendlyNameHint,
    Redeem,
    CannotSponsorSelf,
    SponsorshipCreated,
    Recipient,
    SponsoringOrg,
    Status,
    Options,
    SponsoredFamiliesLeaveCopy,
    /// Self-hosted, under the table while an offer waits for the sync.
    PendingSyncHelp,
    ResendEmail,
    /// Placeholder `{name}`.
    ResendEmailLabel,
    EmailSent,
    Remove,
    /// Placeholder `{name}`.
    RemoveSponsorshipOf,
    RemoveSponsorship,
    /// Placeholder `{email}`.
    RevokeSentSponsorshipConfirmation,
    /// Placeholders `{email}`, `{price}`, `{date}`.
    RevokeAcceptedSponsorshipConfirmation,
    ReclaimedFreePlan,
    StatusActive,
    StatusSent,
    /// The offer e-mail was refused by the mail server (cloud sponsors can Resend).
    StatusEmailNotDelivered,
    RequestRemoved,
    /// Placeholder `{date}`.
    RevokeWhenExpired,
    // Admin Console → Members → Free Bitwarden Families
    Members,
    MemberFamilies,
    MembersWithSponsoredFamilies,
    NoMemberFamilies,
    SponsoredFamiliesRemoveActiveSponsorship,
    /// Placeholders `{email}`, `{date}`.
    RevokeActiveSponsorshipConfirmation,
    SponsorshipsAdminsOnly,
    // A sponsored Families organization's subscription
    RemoveSponsorshipConfirmation,
    RemoveSponsorshipSuccess,
    Sponsored,
    /// Placeholder `{count}`.
    SubscriptionSponsoredFamiliesPlan,
    /// Placeholder `{date}`.
    SponsorshipEndsOn,
    SponsorshipSyncTitle,
    SponsorshipSyncDesc,
    LastSponsorshipSync,
    SyncNow,
    /// Placeholder `{count}` (exactly 1).
    SyncResultSentOne,
    /// Placeholder `{count}` (0 or more than 1).
    SyncResultSent,
    /// Placeholder `{count}`.
    SyncResultUpdated,
    /// Placeholder `{count}` (exactly 1).
    SyncResultRemovedOne,
    /// Placeholder `{count}` (0 or more than 1).
    SyncResultRemoved,
    /// One line above the chart: what a run does.
    SyncRunsExplain,
    /// The chart's last day.
    Today,
    SyncRunFailed,
    /// Placeholder `{days}`.
    SyncRunsChartTitle,
    /// Placeholders `{count}`, `{days}`, `{failed}`.
    SyncRunsSummary,
    /// Placeholders `{days}`, `{failed}`.
    SyncRunsSummaryOne,
    SyncRunsSucceeded,
    SyncRunsFailed,
    NoSyncRunsYet,
    SponsorshipSyncOwnersOnly,
    SponsoredFamiliesOffer,
    AcceptBitwardenFamiliesHelp,
    SponsoredFamiliesSelectOffer,
    NewFamiliesOrganization,
    OrganizationName,
    OrganizationNameRequired,
    SelectOrganizationRequired,
    AcceptOffer,
    Accepting,
    BadToken,
    OfferNoLongerValid,
    /// The offer page's title after the offer was redeemed.
    SponsoredFamiliesAccepted,
    /// Placeholder `{name}`.
    RedeemedOrganizationSponsored,
    /// When the redeemed organization could not be found in the profile.
    RedeemedOrganizationSponsoredNoName,
    /// Placeholder `{name}`.
    OpenOrganization,
    SetupSponsoredFamiliesLoginDesc,
    /// Placeholder `{email}`.
    SetupSponsoredFamiliesRegisterDesc,
    /// Placeholders `{email}`, `{account}`.
    OfferForOtherAccount,
    InviteAcceptFailed,
    CreateAccount,
    CreatingAccount,
    Name,
    ConfirmMasterPassword,
    MasterPasswordMinLength,
    MasterPasswordDoesNotMatch,
    LogInInstead,
    CreateAccountInstead,
    // Navigation: product switcher, side navigations, organization picker
    SwitchProducts,
    /// A product name: Bitwarden keeps it in English in every language.
    ProductPasswordManager,
    /// A product name: Bitwarden keeps it in English in every language.
    ProductAdminConsole,
    /// The Password Manager's side navigation (its landmark's name).
    PasswordManager,
    Vaults,
    Settings,
    /// Placeholder `{name}`: the organization switcher's accessible name.
    OrganizationNamed,
    OtherOrganizations,
    ChooseOrganization,
    ChooseOrganizationDesc,
    NoAdminOrganizations,
    AdminConsoleHomeDesc,
    // The seed's guidance
    CopyGeneratedToken,
    CloudRegionNote,
    FirewallHosts,
    FirstSyncRunsNow,
    BackUpBeforeUpdate,
    // Server messages, translated by their code (the English is the server's)
    ErrLicenseSyncFailed,
    LicenseProblemDisabled,
    LicenseProblemNotYetIssued,
    LicenseProblemExpired,
    LicenseProblemInstallationMismatch,
    LicenseProblemNotSelfHost,
    LicenseProblemPremiumLicense,
    LicenseProblemVerificationFailed,
    // Async states and errors
    Loading,
    TryAgain,
    NothingToShow,
    ErrorOccurred,
    UnexpectedError,
    NetworkError,
    /// A request to another origin failed (refused by CORS, or the server
    /// is down: a browser cannot tell which). Placeholder `{origin}`.
    NetworkErrorCors,
    SessionExpired,
    /// Embedded with the host's token: the host must hand over a new one.
    SessionExpiredEmbedded,
    DecodeError,
    // Check connection (self-hosted License and billing management)
    CheckConnectionTitle,
    CheckConnectionDesc,
    CheckConnection,
    CheckingConnection,
    /// Placeholder `{date}`.
    CheckConnectionAllPassed,
    /// Placeholder `{date}`.
    CheckConnectionFailed,
    CheckPassed,
    CheckFailed,
    CheckSkipped,
    CheckSkippedDetail,
    CheckStepSettings,
    /// Placeholders `{region}`, `{identity}`, `{api}`, `{source}`.
    CheckStepSettingsPass,
    /// The settings step when cloud communication is off. Placeholder `{source}`.
    CheckStepSettingsCloudOff,
    CheckSourceDefault,
    CheckSourceEnvironment,
    CheckSourceSettings,
    CheckStepIdentity,
    CheckStepInstallation,
    /// Placeholder `{region}`.
    CheckStepInstallationPass,
    CheckStepApi,
    /// Placeholder `{uri}`.
    CheckStepReachablePass,
    CheckStepToken,
    CheckStepTokenPass,
    CheckStepLicense,
    /// Placeholders `{seats}`, `{expires}`.
    CheckStepLicensePass,
    CheckStepLastLicenseSync,
    /// Placeholder `{date}`.
    CheckStepLastLicenseSyncPass,
    CheckStepLastFamiliesSync,
    /// Placeholders `{date}`, `{sent}`.
    CheckStepLastFamiliesSyncPass,
    CheckStepLastFamiliesSyncNone,
    // An embedded screen mounted on the wrong kind of server
    ServerKindCloud,
    ServerKindSelfHosted,
    /// Placeholders `{screen}`, `{apiUrl}`, `{actual}` (a ServerKind text).
    ScreenServerMismatch,
    /// Placeholder `{other}`: the screen option for this kind of server.
    ScreenServerMismatchOther,
    /// Placeholder `{expected}` (a ServerKind text).
    ScreenServerMismatchUrl,
    // Not found
    PageNotFound,
    PageNotFoundDetails,
    BackToVault,
    // The embed's entry while it loads a screen's module (src/embed/entry.rs)
    EmbedLoading,
    /// Placeholder `{url}`: the module that did not load.
    EmbedLoadFailed,
    // A page an embedded screen links to but does not include (src/embed/groups.rs)
    /// Placeholder `{page}`: the page's name.
    EmbedPageElsewhere,
    Back,
}
