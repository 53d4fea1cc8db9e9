//! A boxed message: errors, warnings, information.

use yew::prelude::*;

/// The tone of a [`Callout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalloutKind {
    /// Something failed.
    Danger,
    /// Something needs attention.
    Warning,
    /// Neutral information.
    Info,
    /// Something worked.
    Success,
}

/// Props of [`Callout`].
#[derive(Properties, PartialEq)]
pub struct CalloutProps {
    pub kind: CalloutKind,
    /// Stable id for tests.
    pub id: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

/// A callout; errors are announced to screen readers (`role="alert"`).
#[component]
pub fn Callout(props: &CalloutProps) -> Html {
    let (class, role) = match props.kind {
        CalloutKind::Danger => ("callout callout-danger", "alert"),
        CalloutKind::Warning => ("callout callout-warning", "status"),
        CalloutKind::Info => ("callout callout-info", "status"),
        CalloutKind::Success => ("callout callout-success", "status"),
    };
    html! {
        <div id={props.id.clone()} {class} {role}>{ props.children.clone() }</div>
    }
}
