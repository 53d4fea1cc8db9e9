//! A labelled input with its hint and error lines, and the helpers that
//! read what the user typed or picked.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The current value of the `<input>` behind `node` ("" before it mounts).
pub fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|input| input.value())
        .unwrap_or_default()
}

/// The value of the `<select>` an event came from ("" for another target).
pub fn selected_value(event: &Event) -> String {
    event
        .target_dyn_into::<HtmlSelectElement>()
        .map(|select| select.value())
        .unwrap_or_default()
}

/// Props of [`FormField`].
#[derive(Properties, PartialEq)]
pub struct FormFieldProps {
    /// The input's id; the label and error refer to it.
    pub id: AttrValue,
    pub label: AttrValue,
    /// `text`, `email`, `password`…
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    /// The browser's autofill hint.
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// Read the value through this ref (secrets stay out of component state).
    #[prop_or_default]
    pub node_ref: NodeRef,
    /// Initial value; the DOM owns the value afterwards.
    #[prop_or_default]
    pub value: Option<AttrValue>,
    /// A validation message shown under the input.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// A help line under the input (above the error), announced with it.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Extra classes for the input, e.g. `mono` for tokens.
    #[prop_or_default]
    pub input_class: Classes,
    #[prop_or_default]
    pub disabled: bool,
    /// Keeps the value and the focus but refuses edits (e.g. while busy).
    #[prop_or_default]
    pub readonly: bool,
    #[prop_or_default]
    pub autofocus: bool,
}

/// Label, input, hint and error message (in that order), wired with
/// `aria-describedby` / `aria-invalid`.
#[component]
pub fn FormField(props: &FormFieldProps) -> Html {
    let error_id = format!("{}-error", props.id);
    let hint_id = format!("{}-hint", props.id);
    let described_by = [
        props.hint.as_ref().map(|_| hint_id.as_str()),
        props.error.as_ref().map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        <div class="form-field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input
                id={props.id.clone()}
                name={props.id.clone()}
                type={props.input_type.clone()}
                class={props.input_class.clone()}
                ref={props.node_ref.clone()}
                value={props.value.clone()}
                autocomplete={props.autocomplete.clone()}
                disabled={props.disabled}
                readonly={props.readonly}
                autofocus={props.autofocus}
                aria-invalid={props.error.is_some().to_string()}
                aria-describedby={(!described_by.is_empty()).then_some(described_by)}
            />
            if let Some(hint) = &props.hint {
                <p id={hint_id.clone()} class="field-hint">{ hint.clone() }</p>
            }
            if let Some(error) = &props.error {
                <p id={error_id} class="field-error" role="alert">{ error.clone() }</p>
            }
        </div>
    }
}
