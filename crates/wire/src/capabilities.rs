//! Who may do what: the one capability table of the product.
//!
//! Every permission-bearing action of the API is an [`Action`]; [`rule`]
//! gives, for each, the member roles, plan tiers and server role that allow
//! it and the refusal anyone else gets. The server checks it before a
//! handler runs (or, where Bitwarden answers a permission failure after
//! other checks, at that point of the handler); the web module asks the same
//! [`allows`] to decide what to show. Answer any "who may …" question here.
//!
//! A [`Caller`] describes the request: the caller's role in the organization
//! acted on, that organization's plan tier, and which server answers.

use crate::error_code::ErrorCode;
use crate::organizations::{OrganizationUserType, ProductTier};

/// Which deployment answers: Bitwarden's cloud or a customer's installation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServerRole {
    Cloud,
    SelfHosted,
}

/// What is known about a request when deciding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The caller's role in the organization acted on; `None` when the caller
    /// is not a confirmed member, or when no organization is involved.
    pub role: Option<OrganizationUserType>,
    /// The plan tier of the organization acted on; `None` when none is involved.
    pub tier: Option<ProductTier>,
    /// The server answering.
    pub server: ServerRole,
}

impl Caller {
    /// A caller on `server`, with no organization involved (yet).
    pub const fn on(server: ServerRole) -> Self {
        Self {
            role: None,
            tier: None,
            server,
        }
    }

    /// The same caller as a member with `role` (or not a member).
    #[must_use]
    pub const fn with_role(self, role: Option<OrganizationUserType>) -> Self {
        Self { role, ..self }
    }

    /// The same caller acting on an organization of `tier`.
    #[must_use]
    pub const fn with_tier(self, tier: ProductTier) -> Self {
        Self {
            tier: Some(tier),
            ..self
        }
    }
}

/// Every permission-bearing action of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// See an organization's subscription and open its Admin Console.
    ViewSubscription,
    /// See when the organization's sponsorships last synced.
    ViewSponsorshipSyncStatus,
    /// Download the organization's license for a self-hosted installation.
    DownloadLicense,
    /// See which API keys (billing sync token) exist and when they changed.
    ViewBillingSyncTokenInformation,
    /// Reveal the billing sync token, creating it on first use.
    ViewBillingSyncToken,
    /// Replace the billing sync token; the old one stops working at once.
    RotateBillingSyncToken,
    /// Create a self-hosted organization from an uploaded license.
    CreateOrganizationFromLicense,
    /// Upload an updated license for an existing self-hosted organization.
    UploadLicense,
    /// Pull the license from the cloud with the billing sync token.
    SyncLicense,
    /// Run Check connection: each step between the installation and the
    /// cloud, with its result (never a secret).
    CheckCloudConnection,
    /// Read an organization connection (any type).
    ViewConnection,
    /// Create an organization connection (any type).
    CreateConnection,
    /// Replace an organization connection.
    UpdateConnection,
    /// Delete an organization connection.
    DeleteConnection,
    /// Read the billing sync connection (it exists only on self-hosted servers).
    ViewBillingSyncConnection,
    /// Save the billing sync token as a connection (self-hosted only).
    SaveBillingSyncConnection,
    /// Talk to the cloud at all (before the `enableCloudCommunication` setting).
    CommunicateWithCloud,
    /// Offer a Families sponsorship as a member of the sponsoring organization.
    OfferSponsorship,
    /// The organization's plan lets its members sponsor Families organizations.
    SponsorFamilies,
    /// E-mail one's outstanding offer again (the cloud sends e-mail).
    ResendSponsorshipOffer,
    /// Revoke one's own sponsorship.
    RevokeSponsorship,
    /// See every sponsorship offered in the organization (Admin Console).
    ListSponsorships,
    /// Revoke any member's sponsorship, named by its friendly name (Admin Console).
    RevokeSponsorshipByName,
    /// E-mail any member's outstanding offer again, named by its friendly name (cloud).
    ResendSponsorshipOfferByName,
    /// As owner of a sponsored Families organization, end its sponsorship (cloud).
    RemoveSponsorship,
    /// Start a sponsorship sync with the cloud now.
    SyncSponsorshipsNow,
    /// See the history of sponsorship syncs.
    ViewSponsorshipSyncRuns,
    /// Apply an offer to an existing organization of the caller's.
    RedeemSponsorshipInto,
    /// The organization's plan can receive a sponsorship.
    ReceiveSponsorship,
    /// An installation obtains a client-credentials token (cloud Identity only).
    IssueInstallationToken,
    /// The scheduled re-validation of sponsored Families organizations: they
    /// exist only on the cloud, where offers are redeemed.
    RevalidateSponsoredOrganizations,
}

impl Action {
    /// Every action, for tests and documentation.
    pub const ALL: [Action; 31] = [
        Action::ViewSubscription,
        Action::ViewSponsorshipSyncStatus,
        Action::DownloadLicense,
        Action::ViewBillingSyncTokenInformation,
        Action::ViewBillingSyncToken,
        Action::RotateBillingSyncToken,
        Action::CreateOrganizationFromLicense,
        Action::UploadLicense,
        Action::SyncLicense,
        Action::CheckCloudConnection,
        Action::ViewConnection,
        Action::CreateConnection,
        Action::UpdateConnection,
        Action::DeleteConnection,
        Action::ViewBillingSyncConnection,
        Action::SaveBillingSyncConnection,
        Action::CommunicateWithCloud,
        Action::OfferSponsorship,
        Action::SponsorFamilies,
        Action::ResendSponsorshipOffer,
        Action::RevokeSponsorship,
        Action::ListSponsorships,
        Action::RevokeSponsorshipByName,
        Action::ResendSponsorshipOfferByName,
        Action::RemoveSponsorship,
        Action::SyncSponsorshipsNow,
        Action::ViewSponsorshipSyncRuns,
        Action::RedeemSponsorshipInto,
        Action::ReceiveSponsorship,
        Action::IssueInstallationToken,
        Action::RevalidateSponsoredOrganizations,
    ];
}

/// What a refused caller is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 404 `Resource not found.`: Bitwarden hides organizations a caller may
    /// not act on, so outsiders cannot probe which exist.
    NotFound,
    /// 400 with its code and the contract's message; `{type}` stands for
    /// the connection type's name (see [`Refusal::message`]).
    BadRequest(ErrorCode, &'static str),
    /// OAuth `invalid_client` from the token endpoint.
    InvalidClient,
    /// 401 `Unauthorized.`: a member without the permission (Bitwarden's
    /// `UnauthorizedAccessException`).
    Unauthorized,
    /// 403 with an empty body: an authorization requirement failed
    /// (Bitwarden's `[Authorize<ManageUsersRequirement>]`).
    Forbidden,
}

impl Refusal {
    /// The 400 message with the connection type named, if this is a 400.
    pub fn message(self, connection_type: &str) -> Option<String> {
        match self {
            Self::BadRequest(_, text) => Some(text.replace("{type}", connection_type)),
            Self::NotFound | Self::InvalidClient | Self::Unauthorized | Self::Forbidden => None,
        }
    }
}

/// Whose membership an action needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Members {
    /// Any logged-in user (or installation); membership is not asked.
    Anyone,
    /// Any confirmed member of the organization.
    AnyMember,
    /// Confirmed members with one of these roles.
    Only(&'static [OrganizationUserType]),
}

/// Which plan tiers allow an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plans {
    Any,
    Only(&'static [ProductTier]),
}

/// Which servers offer an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Servers {
    Both,
    Only(ServerRole),
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub members: Members,
    pub plans: Plans,
    pub servers: Servers,
    /// The answer to anyone the row refuses.
    pub refusal: Refusal,
    /// The user must re-enter their master password (checked by the server).
    pub master_password: bool,
}

use OrganizationUserType::{Admin, Owner};
use ServerRole::{Cloud, SelfHosted};

const OWNER: Members = Members::Only(&[Owner]);
const OWNER_OR_ADMIN: Members = Members::Only(&[Owner, Admin]);
/// Bitwarden's `ManageUsers`: owners, admins (and custom members with that
/// permission, which this product does not model).
const MANAGE_USERS: Members = Members::Only(&[Owner, Admin]);
const BILLING_SYNC_PLANS: Plans = Plans::Only(&[ProductTier::Enterprise, ProductTier::Teams]);

const fn row(members: Members, plans: Plans, servers: Servers, refusal: Refusal) -> Rule {
    Rule {
        members,
        plans,
        servers,
        refusal,
        master_password: false,
    }
}

const fn with_master_password(rule: Rule) -> Rule {
    Rule {
        master_password: true,
        ..rule
    }
}

/// The capability table.
#[rustfmt::skip] // one row per action reads as a table
pub const fn rule(action: Action) -> Rule {
    use Action as A;
    use Plans::Any;
    use Refusal::{BadRequest, NotFound};
    use Servers::{Both, Only};
    match action {
        A::ViewSubscription => row(OWNER_OR_ADMIN, Any, Both, NotFound),
        A::ViewSponsorshipSyncStatus => row(OWNER, Any, Both, NotFound),
        A::DownloadLicense => row(OWNER, Any, Only(Cloud), NotFound),
        A::ViewBillingSyncTokenInformation => row(OWNER, Any, Only(Cloud), NotFound),
        A::ViewBillingSyncToken => with_master_password(row(OWNER, BILLING_SYNC_PLANS, Only(Cloud), NotFound)),
        A::RotateBillingSyncToken => with_master_password(row(OWNER, BILLING_SYNC_PLANS, Only(Cloud), NotFound)),
        A::CreateOrganizationFromLicense => row(Members::Anyone, Any, Only(SelfHosted), NotFound),
        A::UploadLicense => row(OWNER, Any, Only(SelfHosted), NotFound),
        A::SyncLicense => row(OWNER, Any, Only(SelfHosted), NotFound),
        A::CheckCloudConnection => row(OWNER_OR_ADMIN, Any, Only(SelfHosted), NotFound),
        A::ViewConnection => row(OWNER, Any, Both, BadRequest(ErrorCode::ConnectionNotAllowed, "You do not have permission to retrieve a connection of type {type}.")),
        A::CreateConnection => row(OWNER, Any, Both, BadRequest(ErrorCode::ConnectionNotAllowed, "You do not have permission to create a connection of type {type}.")),
        A::UpdateConnection => row(OWNER, Any, Both, BadRequest(ErrorCode::ConnectionNotAllowed, "You do not have permission to update this connection.")),
        A::DeleteConnection => row(OWNER, Any, Both, BadRequest(ErrorCode::ConnectionNotAllowed, "You do not have permission to remove this connection of type {type}.")),
        A::ViewBillingSyncConnection => row(Members::Anyone, Any, Only(SelfHosted), BadRequest(ErrorCode::BillingSyncSelfHostedOnly, "Cannot get a CloudBillingSync connection outside of a self-hosted instance.")),
        A::SaveBillingSyncConnection => row(Members::Anyone, Any, Only(SelfHosted), BadRequest(ErrorCode::BillingSyncSelfHostedOnly, "Cannot create a CloudBillingSync connection outside of a self-hosted instance.")),
        A::CommunicateWithCloud => row(Members::Anyone, Any, Only(SelfHosted), NotFound),
        A::OfferSponsorship => row(Members::AnyMember, Any, Both, NotFound),
        A::SponsorFamilies => row(Members::Anyone, Plans::Only(&[ProductTier::Enterprise]), Both, BadRequest(ErrorCode::CannotSponsor, "Specified Organization cannot sponsor other organizations.")),
        A::ResendSponsorshipOffer => row(Members::AnyMember, Any, Only(Cloud), NotFound),
        A::RevokeSponsorship => row(Members::AnyMember, Any, Both, NotFound),
        A::ListSponsorships => row(MANAGE_USERS, Any, Both, Refusal::Unauthorized),
        A::RevokeSponsorshipByName => row(MANAGE_USERS, Any, Both, Refusal::Forbidden),
        A::ResendSponsorshipOfferByName => row(MANAGE_USERS, Any, Only(Cloud), Refusal::Forbidden),
        A::RemoveSponsorship => row(OWNER, Any, Only(Cloud), BadRequest(ErrorCode::OnlyOwnerCanRemoveSponsorship, "Only the owner of an organization can remove sponsorship.")),
        A::SyncSponsorshipsNow => row(OWNER, Any, Only(SelfHosted), NotFound),
        A::ViewSponsorshipSyncRuns => row(OWNER_OR_ADMIN, Any, Only(SelfHosted), NotFound),
        A::RedeemSponsorshipInto => row(OWNER, Any, Only(Cloud), BadRequest(ErrorCode::RedeemOnlyOwnOrganization, "Can only redeem sponsorship for an organization you own.")),
        A::ReceiveSponsorship => row(Members::Anyone, Plans::Only(&[ProductTier::Families]), Only(Cloud), BadRequest(ErrorCode::RedeemOnlyFamilies, "Can only redeem sponsorship offer on families organizations.")),
        A::IssueInstallationToken => row(Members::Anyone, Any, Only(Cloud), Refusal::InvalidClient),
        A::RevalidateSponsoredOrganizations => row(Members::Anyone, Any, Only(Cloud), NotFound),
    }
}

impl Members {
    fn admit(self, role: Option<OrganizationUserType>) -> bool {
        match self {
            Self::Anyone => true,
            Self::AnyMember => role.is_some(),
            Self::Only(roles) => role.is_some_and(|r| roles.contains(&r)),
        }
    }
}

impl Plans {
    fn admit(self, tier: Option<ProductTier>) -> bool {
        match self {
            Self::Any => true,
            Self::Only(tiers) => tier.is_some_and(|t| tiers.contains(&t)),
        }
    }
}

impl Servers {
    fn admit(self, server: ServerRole) -> bool {
        match self {
            Self::Both => true,
            Self::Only(only) => only == server,
        }
    }
}

/// Whether `caller` may perform `action`, or the refusal they get.
pub fn check(action: Action, caller: &Caller) -> Result<(), Refusal> {
    let rule = rule(action);
    let admitted = rule.servers.admit(caller.server)
        && rule.members.admit(caller.role)
        && rule.plans.admit(caller.tier);
    if admitted {
        Ok(())
    } else {
        Err(rule.refusal)
    }
}

/// Whether `caller` may perform `action` (for deciding what to show).
pub fn allows(action: Action, caller: &Caller) -> bool {
    check(action, caller).is_ok()
}

/// Whether the action asks the user to re-enter their master password.
pub const fn requires_master_password(action: Action) -> bool {
    rule(action).master_password
}

/// Whether the action concerns one organization (its rule asks about the
/// caller's membership or the organization's plan).
pub const fn needs_organization(action: Action) -> bool {
    let rule = rule(action);
    !matches!(rule.members, Members::Anyone) || !matches!(rule.plans, Plans::Any)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganizationUserType as R;
    use ProductTier as T;

    const ROLES: [Option<R>; 5] = [
        Some(R::Owner),
        Some(R::Admin),
        Some(R::User),
        Some(R::Custom),
        None,
    ];

    fn caller(role: Option<R>, tier: T, server: ServerRole) -> Caller {
        Caller::on(server).with_role(role).with_tier(tier)
    }

    /// Who among (owner, admin, user, custom, non-member) is allowed on an
    /// Enterprise organization on the server that offers the action.
    #[rustfmt::skip]
    #[test]
    fn roles_per_action() {
        let table: [(Action, ServerRole, [bool; 5]); 20] = [
            (Action::ViewSubscription, Cloud, [true, true, false, false, false]),
            (Action::ViewSponsorshipSyncStatus, Cloud, [true, false, false, false, false]),
            (Action::DownloadLicense, Cloud, [true, false, false, false, false]),
            (Action::ViewBillingSyncToken, Cloud, [true, false, false, false, false]),
            (Action::RotateBillingSyncToken, Cloud, [true, false, false, false, false]),
            (Action::CreateOrganizationFromLicense, SelfHosted, [true, true, true, true, true]),
            (Action::SyncLicense, SelfHosted, [true, false, false, false, false]),
            (Action::CheckCloudConnection, SelfHosted, [true, true, false, false, false]),
            (Action::CreateConnection, SelfHosted, [true, false, false, false, false]),
            (Action::OfferSponsorship, Cloud, [true, true, true, true, false]),
            (Action::RevokeSponsorship, SelfHosted, [true, true, true, true, false]),
            (Action::ResendSponsorshipOffer, Cloud, [true, true, true, true, false]),
            (Action::SyncSponsorshipsNow, SelfHosted, [true, false, false, false, false]),
            (Action::ViewSponsorshipSyncRuns, SelfHosted, [true, true, false, false, false]),
            (Action::RedeemSponsorshipInto, Cloud, [true, false, false, false, false]),
            (Action::ListSponsorships, SelfHosted, [true, true, false, false, false]),
            (Action::RevokeSponsorshipByName, Cloud, [true, true, false, false, false]),
            (Action::RevokeSponsorshipByName, SelfHosted, [true, true, false, false, false]),
            (Action::ResendSponsorshipOfferByName, Cloud, [true, true, false, false, false]),
            (Action::RemoveSponsorship, Cloud, [true, false, false, false, false]),
        ];
        for (action, server, expected) in table {
            for (role, allowed) in ROLES.into_iter().zip(expected) {
                assert_eq!(allows(action, &caller(role, T::Enterprise, server)), allowed, "{action:?} {role:?}");
            }
        }
    }

    #[test]
    fn billing_sync_tokens_need_an_enterprise_or_teams_plan_on_the_cloud() {
        for action in [Action::ViewBillingSyncToken, Action::RotateBillingSyncToken] {
            for (tier, allowed) in [
                (T::Enterprise, true),
                (T::Teams, true),
                (T::TeamsStarter, false),
                (T::Families, false),
                (T::Free, false),
            ] {
                let owner = caller(Some(R::Owner), tier, Cloud);
                assert_eq!(allows(action, &owner), allowed, "{action:?} {tier:?}");
            }
            let self_hosted = caller(Some(R::Owner), T::Enterprise, SelfHosted);
            assert_eq!(check(action, &self_hosted), Err(Refusal::NotFound));
            assert!(requires_master_password(action));
        }
        assert!(!requires_master_password(Action::DownloadLicense));
    }

    #[test]
    fn only_enterprise_organizations_sponsor_and_only_families_receive() {
        let anyone = Caller::on(Cloud);
        for tier in [
            T::Free,
            T::Families,
            T::Teams,
            T::TeamsStarter,
            T::Enterprise,
        ] {
            assert_eq!(
                allows(Action::SponsorFamilies, &anyone.with_tier(tier)),
                tier == T::Enterprise
            );
            assert_eq!(
                allows(Action::ReceiveSponsorship, &anyone.with_tier(tier)),
                tier == T::Families
            );
        }
        assert_eq!(
            check(Action::SponsorFamilies, &anyone.with_tier(T::Teams)),
            Err(Refusal::BadRequest(
                ErrorCode::CannotSponsor,
                "Specified Organization cannot sponsor other organizations."
            ))
        );
        assert!(
            !allows(Action::SponsorFamilies, &anyone),
            "no organization, no plan"
        );
    }

    #[test]
    fn connection_refusals_are_the_contracts_messages() {
        let admin = caller(Some(R::Admin), T::Enterprise, SelfHosted);
        let refusal = check(Action::DeleteConnection, &admin).unwrap_err();
        assert_eq!(
            refusal.message("CloudBillingSync").as_deref(),
            Some("You do not have permission to remove this connection of type CloudBillingSync.")
        );
        let refusal = check(Action::UpdateConnection, &admin).unwrap_err();
        assert_eq!(
            refusal.message("Scim").as_deref(),
            Some("You do not have permission to update this connection.")
        );
        let cloud_owner = caller(Some(R::Owner), T::Enterprise, Cloud);
        assert!(allows(Action::CreateConnection, &cloud_owner));
        assert_eq!(
            check(Action::SaveBillingSyncConnection, &cloud_owner),
            Err(Refusal::BadRequest(
                ErrorCode::BillingSyncSelfHostedOnly,
                "Cannot create a CloudBillingSync connection outside of a self-hosted instance."
            ))
        );
        assert_eq!(Refusal::NotFound.message("Scim"), None);
    }

    #[test]
    fn admin_sponsorship_refusals_are_bitwardens() {
        let member = caller(Some(R::User), T::Enterprise, Cloud);
        assert_eq!(
            check(Action::ListSponsorships, &member),
            Err(Refusal::Unauthorized)
        );
        assert_eq!(
            check(Action::RevokeSponsorshipByName, &member),
            Err(Refusal::Forbidden)
        );
        assert!(
            !allows(
                Action::ResendSponsorshipOfferByName,
                &caller(Some(R::Owner), T::Enterprise, SelfHosted)
            ),
            "self-hosted servers send no e-mail"
        );
        let refusal = check(
            Action::RemoveSponsorship,
            &caller(Some(R::Admin), T::Families, Cloud),
        )
        .unwrap_err();
        assert_eq!(
            refusal.message("").as_deref(),
            Some("Only the owner of an organization can remove sponsorship.")
        );
        assert_eq!(Refusal::Unauthorized.message("x"), None);
        assert!(allows(
            Action::RevalidateSponsoredOrganizations,
            &Caller::on(Cloud)
        ));
        assert!(!allows(
            Action::RevalidateSponsoredOrganizations,
            &Caller::on(SelfHosted)
        ));
    }

    #[test]
    fn server_roles() {
        assert!(allows(
            Action::CommunicateWithCloud,
            &Caller::on(SelfHosted)
        ));
        assert!(!allows(Action::CommunicateWithCloud, &Caller::on(Cloud)));
        assert_eq!(
            check(Action::IssueInstallationToken, &Caller::on(SelfHosted)),
            Err(Refusal::InvalidClient)
        );
        assert!(allows(Action::IssueInstallationToken, &Caller::on(Cloud)));
    }

    #[test]
    fn every_action_is_listed_once_and_org_actions_refuse_outsiders() {
        let unique: std::collections::HashSet<_> = Action::ALL.into_iter().collect();
        assert_eq!(unique.len(), Action::ALL.len());
        for action in Action::ALL {
            if matches!(rule(action).members, Members::Anyone) {
                continue;
            }
            assert!(needs_organization(action));
            for server in [Cloud, SelfHosted] {
                assert!(
                    !allows(action, &caller(None, T::Enterprise, server)),
                    "{action:?}"
                );
            }
        }
    }
}
