//! Where the navigation leads, in one place: the products of the product
//! switcher and the entries of each product's side navigation, each with
//! the capability that decides who sees it (`wire::capabilities`, the one
//! table: no role or plan checks here or in screens).
//!
//! To add a page to a side navigation, add a [`NavEntry`] to its group
//! below; an empty group is not shown.

use crate::app::Route;
use crate::i18n::Key;
use wire::capabilities::{allows, Action, Caller, ServerRole};
use wire::identity::ProfileResponse;
use wire::organizations::ProfileOrganization;
use wire::OrganizationId;
use yew_router::Routable;

/// The products of the product switcher.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Product {
    PasswordManager,
    AdminConsole,
}

impl Product {
    /// The switcher's label (a product name, the same in every language).
    pub fn label(self) -> Key {
        match self {
            Product::PasswordManager => Key::ProductPasswordManager,
            Product::AdminConsole => Key::ProductAdminConsole,
        }
    }

    /// The product a route belongs to: `/organizations/…` is the Admin
    /// Console, everything else the Password Manager (as Bitwarden's switcher
    /// decides by route prefix).
    pub fn of_route(route: &Route) -> Self {
        if route.to_path().starts_with("/organizations") {
            Product::AdminConsole
        } else {
            Product::PasswordManager
        }
    }
}

/// What the navigation knows about the user: their memberships and which
/// server answers (`None` until `/api/config` answered).
#[derive(Clone, Debug, PartialEq)]
pub struct NavContext<'a> {
    pub profile: &'a ProfileResponse,
    pub server: Option<ServerRole>,
}

impl NavContext<'_> {
    /// Whether `membership` allows every one of `actions`. With the server
    /// not yet known, an action offered by either server counts.
    fn allows_all(&self, membership: &ProfileOrganization, actions: &[Action]) -> bool {
        let servers: &[ServerRole] = match &self.server {
            Some(server) => std::slice::from_ref(server),
            None => &[ServerRole::Cloud, ServerRole::SelfHosted],
        };
        servers.iter().any(|server| {
            let caller = Caller::on(*server)
                .with_role(Some(membership.role))
                .with_tier(membership.product_tier_type);
            actions.iter().all(|action| allows(*action, &caller))
        })
    }

    /// The organizations whose Admin Console the user may open, by name.
    pub fn admin_organizations(&self) -> Vec<&ProfileOrganization> {
        let mut orgs: Vec<&ProfileOrganization> = self
            .profile
            .organizations
            .iter()
            .filter(|o| self.allows_all(o, ADMIN_CONSOLE))
            .collect();
        orgs.sort_by_key(|o| o.name.to_lowercase());
        orgs
    }

    /// The products the switcher offers: the Password Manager always, the
    /// Admin Console when some organization lets the user in.
    pub fn products(&self) -> Vec<Product> {
        let mut products = vec![Product::PasswordManager];
        if !self.admin_organizations().is_empty() {
            products.push(Product::AdminConsole);
        }
        products
    }

    /// Where the switcher's Admin Console leads: the organization on screen
    /// when the user may manage it, the only one, or the organization picker.
    pub fn admin_console_route(&self, current: Option<OrganizationId>) -> Route {
        let orgs = self.admin_organizations();
        if let Some(org_id) = current.filter(|id| orgs.iter().any(|o| o.id == *id)) {
            return Route::Organization { org_id };
        }
        match orgs.as_slice() {
            [only] => Route::Organization { org_id: only.id },
            _ => Route::Organizations,
        }
    }

    /// The Password Manager's side navigation.
    pub fn password_manager_groups(&self) -> Vec<NavGroup> {
        let any_membership = |actions: &[Action]| {
            self.profile
                .organizations
                .iter()
                .any(|o| self.allows_all(o, actions))
        };
        vec![
            NavGroup::link(Key::Vaults, "vaults", Route::Vault),
            NavGroup {
                label: Key::Settings,
                id: "settings",
                entries: vec![NavEntry {
                    label: Key::SponsoredFamilies,
                    id: "sponsored-families",
                    route: Route::SponsoredFamilies,
                    // Bitwarden: Settings → Free Bitwarden Families, for
                    // members of an organization that sponsors Families.
                    visible: any_membership(&[Action::OfferSponsorship, Action::SponsorFamilies]),
                }],
            },
        ]
    }

    /// The Admin Console's side navigation for `org_id`.
    pub fn admin_console_groups(&self, org_id: OrganizationId) -> Vec<NavGroup> {
        let membership = self.profile.organizations.iter().find(|o| o.id == org_id);
        let may = |actions: &[Action]| membership.is_some_and(|m| self.allows_all(m, actions));
        vec![
            NavGroup {
                label: Key::Members,
                id: "members",
                // Members → Free Bitwarden Families: the admin list of the
                // organization's sponsorships, for plans that sponsor Families.
                entries: vec![NavEntry {
                    label: Key::SponsoredFamilies,
                    id: "member-families",
                    route: Route::MemberFamilies { org_id },
                    visible: may(&[Action::ListSponsorships, Action::SponsorFamilies]),
                }],
            },
            NavGroup {
                label: Key::Billing,
                id: "billing",
                entries: vec![NavEntry {
                    label: Key::Subscription,
                    id: "subscription",
                    route: Route::Subscription { org_id },
                    visible: may(&[Action::ViewSubscription]),
                }],
            },
        ]
    }
}

/// Who may open an organization's Admin Console at all.
const ADMIN_CONSOLE: &[Action] = &[Action::ViewSubscription];

/// One link of a side navigation.
#[derive(Clone, Debug, PartialEq)]
pub struct NavEntry {
    pub label: Key,
    /// Unique on the page: `nav-{id}` is the link's id.
    pub id: &'static str,
    pub route: Route,
    /// Decided by the capability table when the entry is built.
    pub visible: bool,
}

/// A titled group of entries (a disclosure button over its links), or a
/// single top-level link when it has exactly one entry with its own label.
#[derive(Clone, Debug, PartialEq)]
pub struct NavGroup {
    pub label: Key,
    pub id: &'static str,
    pub entries: Vec<NavEntry>,
}

impl NavGroup {
    /// A top-level link (`nav-{id}`), always shown.
    fn link(label: Key, id: &'static str, route: Route) -> Self {
        Self {
            label,
            id: "",
            entries: vec![NavEntry {
                label,
                id,
                route,
                visible: true,
            }],
        }
    }

    /// True for a top-level link rather than a group.
    pub fn is_link(&self) -> bool {
        self.id.is_empty()
    }

    /// The entries the user may see.
    pub fn visible_entries(&self) -> Vec<&NavEntry> {
        self.entries.iter().filter(|e| e.visible).collect()
    }

    /// Whether `route` is one of the group's visible entries (the group is
    /// then open and marked).
    pub fn contains(&self, route: &Route) -> bool {
        self.visible_entries().iter().any(|e| &e.route == route)
    }
}
