//! Manual license upload: a `.json` file picker and an Upload button that
//! posts the file as `multipart/form-data` to the organization.

use super::{expire_if_unauthorized, LicenseFailure, LicenseOperation, Outcome};
use crate::api::licenses;
use crate::components::{Button, Callout, CalloutKind};
use crate::i18n::{use_i18n, Key};
use crate::screens::self_hosting::LICENSE_FILE_NAME;
use crate::session::use_session;
use web_sys::{File, HtmlInputElement};
use wire::OrganizationId;
use yew::prelude::*;

/// The file chosen in a file input, if any.
pub fn selected_file(input: &NodeRef) -> Option<File> {
    input
        .cast::<HtmlInputElement>()
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}

/// Props of [`LicenseFileField`].
#[derive(Properties, PartialEq)]
pub struct LicenseFileFieldProps {
    /// The input's id (the label and hint refer to it).
    pub id: AttrValue,
    pub node_ref: NodeRef,
    #[prop_or_default]
    pub disabled: bool,
}

/// "License file" picker accepting `.json`, with the usual file name as hint.
#[component]
pub fn LicenseFileField(props: &LicenseFileFieldProps) -> Html {
    let i18n = use_i18n();
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="form-field">
            <label for={props.id.clone()}>{ i18n.t(Key::LicenseFile) }</label>
            <input
                id={props.id.clone()}
                name={licenses::LICENSE_FIELD}
                type="file"
                accept=".json,application/json"
                ref={props.node_ref.clone()}
                disabled={props.disabled}
                aria-describedby={hint_id.clone()}
            />
            <p id={hint_id} class="field-hint">
                { i18n.t_with(Key::LicenseFileDesc, &[("file", LICENSE_FILE_NAME)]) }
            </p>
        </div>
    }
}

/// Props of [`LicenseUpload`].
#[derive(Properties, PartialEq)]
pub struct LicenseUploadProps {
    pub org_id: OrganizationId,
    /// After a successful upload (the page reloads the subscription).
    pub on_uploaded: Callback<()>,
}

/// The upload form (`#license-file`, `#upload-license`).
#[component]
pub fn LicenseUpload(props: &LicenseUploadProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let outcome = use_state(|| Outcome::Idle);
    let file_ref = use_node_ref();
    let org_id = props.org_id;

    let on_submit = {
        let (outcome, session, file_ref) = (outcome.clone(), session.clone(), file_ref.clone());
        let on_uploaded = props.on_uploaded.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if outcome.is_busy() {
                return;
            }
            let Some(file) = selected_file(&file_ref) else {
                outcome.set(Outcome::Invalid(Key::SelectFile));
                return;
            };
            outcome.set(Outcome::Busy);
            let (outcome, session, file_ref, on_uploaded) = (
                outcome.clone(),
                session.clone(),
                file_ref.clone(),
                on_uploaded.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match licenses::upload_license(&session.client(), org_id, &file).await {
                    Ok(()) => {
                        if let Some(input) = file_ref.cast::<HtmlInputElement>() {
                            input.set_value("");
                        }
                        outcome.set(Outcome::Succeeded);
                        on_uploaded.emit(());
                    }
                    Err(error) => {
                        expire_if_unauthorized(&session, &error);
                        outcome.set(Outcome::Failed(error));
                    }
                }
            });
        })
    };

    let busy = outcome.is_busy();
    html! {
        <form id="upload-license-form" novalidate=true onsubmit={on_submit}>
            <LicenseFileField id="license-file" node_ref={file_ref} disabled={busy} />
            <div class="button-row">
                <Button id="upload-license" submit=true {busy}>
                    { i18n.t(if busy { Key::Uploading } else { Key::Upload }) }
                </Button>
            </div>
            {
                match &*outcome {
                    Outcome::Succeeded => html! {
                        <Callout kind={CalloutKind::Success} id="upload-license-result">
                            { i18n.t(Key::LicenseUploadSuccess) }
                        </Callout>
                    },
                    Outcome::Invalid(key) => html! {
                        <Callout kind={CalloutKind::Danger} id="upload-license-error">{ i18n.t(*key) }</Callout>
                    },
                    Outcome::Failed(error) => html! {
                        <LicenseFailure id="upload-license-error" operation={LicenseOperation::Upload}
                            error={error.clone()} />
                    },
                    Outcome::Idle | Outcome::Busy => Html::default(),
                }
            }
        </form>
    }
}
