//! One module per route target.

pub mod admin_console;
pub mod billing_sync;
pub mod families;
pub mod license_billing;
pub mod login;
pub mod new_organization;
pub mod not_found;
pub mod self_hosting;
pub mod subscription;
pub mod vault;

pub use login::Login;
pub use new_organization::NewOrganization;
pub use not_found::NotFound;
pub use subscription::Subscription;
pub use vault::Vault;
