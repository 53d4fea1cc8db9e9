//! A labelled input with its error line.

use yew::prelude::*;

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
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub autofocus: bool,
}

/// Label, input and error message, wired with `aria-describedby` / `aria-invalid`.
#[component]
pub fn FormField(props: &FormFieldProps) -> Html {
    let error_id = format!("{}-error", props.id);
    html! {
        <div class="form-field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input
                id={props.id.clone()}
                name={props.id.clone()}
                type={props.input_type.clone()}
                ref={props.node_ref.clone()}
                value={props.value.clone()}
                autocomplete={props.autocomplete.clone()}
                disabled={props.disabled}
                autofocus={props.autofocus}
                aria-invalid={props.error.is_some().to_string()}
                aria-describedby={props.error.as_ref().map(|_| error_id.clone())}
            />
            if let Some(error) = &props.error {
                <p id={error_id} class="field-error">{ error.clone() }</p>
            }
        </div>
    }
}
