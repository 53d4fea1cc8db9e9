//! Custom hooks: loading data ([`use_api`], [`use_profile`]) and running
//! what the user started ([`use_action`]).

pub mod reauth;
pub mod use_action;
pub mod use_api;
pub mod use_profile;

pub use use_action::{
    expire_if_unauthorized, use_action, ActionError, ActionState, UseActionHandle,
};
pub use use_api::{use_api, Loadable, UseApiHandle};
pub use use_profile::use_profile;
