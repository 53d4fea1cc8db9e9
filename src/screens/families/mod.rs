//! Free Bitwarden Families (Families for Enterprise): the sponsor's settings
//! page, the Admin Console list of the organization's sponsorships, the
//! self-hosted sponsorship sync section, and the recipient's offer page.

pub mod admin;
pub mod member_families;
pub mod redeem;
pub mod rules;
pub mod sponsored_families;
pub mod sponsored_org;
pub mod sync;
pub mod sync_progress;

pub use admin::FamiliesAdmin;
pub use member_families::MemberFamilies;
pub use redeem::{redirect_offer_hash, AcceptFamiliesForEnterprise, AfterLoginRedirect};
pub use sponsored_families::SponsoredFamilies;
pub use sponsored_org::SponsoredSubscription;
pub use sync::SponsorshipSync;
