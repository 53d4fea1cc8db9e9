//! Custom hooks.

pub mod use_api;

pub use use_api::{use_api, Loadable, UseApiHandle};
