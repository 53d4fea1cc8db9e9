//! Free Bitwarden Families (Families for Enterprise): the sponsor's settings
//! page, the self-hosted sponsorship sync section, and the recipient's
//! offer page.

pub mod redeem;
pub mod rules;
pub mod sponsored_families;
pub mod sync;

pub use redeem::{redirect_offer_hash, AcceptFamiliesForEnterprise, AfterLoginRedirect};
pub use sponsored_families::SponsoredFamilies;
pub use sync::SponsorshipSync;
