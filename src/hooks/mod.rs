//! Custom hooks.

pub mod use_api;
pub mod use_profile;

pub use use_api::{use_api, Loadable, UseApiHandle};
pub use use_profile::use_profile;
