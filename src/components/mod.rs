//! Reusable pieces; they take data and callbacks, never fetch.

pub mod async_view;
pub mod button;
pub mod callout;
pub mod dialog;
pub mod form_field;
pub mod product_switcher;
pub mod progress;
pub mod shell;
pub mod side_nav;

pub use async_view::AsyncView;
pub use button::{Button, ButtonKind};
pub use callout::{Callout, CalloutKind};
pub use dialog::Dialog;
pub use form_field::{input_value, selected_value, FormField};
pub use progress::ProgressNote;
pub use shell::Shell;
