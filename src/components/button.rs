//! A button with a busy state.

use yew::prelude::*;

/// Visual weight of a [`Button`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ButtonKind {
    /// The main action of a form.
    #[default]
    Primary,
    /// Any other action.
    Secondary,
    /// The confirming button of a destructive or irreversible action (red).
    Danger,
}

/// Props of [`Button`].
#[derive(Properties, PartialEq)]
pub struct ButtonProps {
    /// Stable id for tests and labels.
    pub id: AttrValue,
    #[prop_or_default]
    pub kind: ButtonKind,
    /// True for a form's submit button.
    #[prop_or_default]
    pub submit: bool,
    /// Shows a spinner and blocks clicks while work is running.
    #[prop_or_default]
    pub busy: bool,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub onclick: Callback<MouseEvent>,
    #[prop_or_default]
    pub children: Html,
}

/// A button; while `busy` it is disabled and marked `aria-busy` so a double
/// click cannot send a second request.
#[component]
pub fn Button(props: &ButtonProps) -> Html {
    let class = classes!(
        "btn",
        match props.kind {
            ButtonKind::Primary => "btn-primary",
            ButtonKind::Secondary => "btn-secondary",
            ButtonKind::Danger => "btn-danger-solid",
        }
    );
    html! {
        <button
            id={props.id.clone()}
            {class}
            type={if props.submit { "submit" } else { "button" }}
            disabled={props.disabled || props.busy}
            aria-busy={props.busy.to_string()}
            onclick={props.onclick.clone()}
        >
            if props.busy {
                <span class="spinner spinner-inline" aria-hidden="true"></span>
            }
            { props.children.clone() }
        </button>
    }
}
