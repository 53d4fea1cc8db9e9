//! Manual license upload: a `.json` file picker and an Upload button that
//! posts the file as `multipart/form-data` to the organization.

use super::{LicenseFailure, LicenseOperation};
use crate::api::{licenses, ClientError};
use crate::components::{Button, Callout, CalloutKind, ProgressNote};
use crate::hooks::{use_action, ActionState};
use crate::i18n::{use_i18n, Key};
use crate::screens::self_hosting::LICENSE_FILE_NAME;
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
    let upload = use_action::<(), ClientError>();
    let host = crate::embed::use_host();
    // Stopped before sending (no file chosen).
    let invalid = use_state(|| None::<Key>);
    let file_ref = use_node_ref();
    // The file being sent, named in the progress line: (name, size in KB).
    let sending = use_state(|| None::<(String, u64)>);
    let org_id = props.org_id;

    let on_submit = {
        let (upload, invalid, file_ref) = (upload.clone(), invalid.clone(), file_ref.clone());
        let sending = sending.clone();
        let on_uploaded = props.on_uploaded.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if upload.busy() {
                return;
            }
            let Some(file) = selected_file(&file_ref) else {
                upload.reset();
                invalid.set(Some(Key::SelectFile));
                return;
            };
            invalid.set(None);
            sending.set(Some((file.name(), size_kb(file.size()))));
            let (file_ref, on_uploaded) = (file_ref.clone(), on_uploaded.clone());
            let host = host.clone();
            upload.run_then(
                move |client| async move { licenses::upload_license(&client, org_id, &file).await },
                move |answer| {
                    if answer.is_ok() {
                        host.emit(crate::embed::HostEvent::LicenseUploaded {
                            organization_id: org_id,
                        });
                        if let Some(input) = file_ref.cast::<HtmlInputElement>() {
                            input.set_value("");
                        }
                        on_uploaded.emit(());
                    }
                },
            );
        })
    };

    let busy = upload.busy();
    html! {
        <form id="upload-license-form" novalidate=true onsubmit={on_submit}>
            <LicenseFileField id="license-file" node_ref={file_ref} disabled={busy} />
            <div class="button-row">
                <Button id="upload-license" submit=true {busy}>
                    { i18n.t(if busy { Key::Uploading } else { Key::Upload }) }
                </Button>
            </div>
            if let (true, Some((name, kb))) = (busy, (*sending).clone()) {
                <ProgressNote id="upload-license-progress"
                    text={i18n.t_with(Key::UploadingLicenseProgress, &[("file", &name), ("size", &kb.to_string())])} />
            }
            {
                match (*invalid, upload.state()) {
                    (Some(key), _) => html! {
                        <Callout kind={CalloutKind::Danger} id="upload-license-error">{ i18n.t(key) }</Callout>
                    },
                    (None, ActionState::Done(_)) => html! {
                        <Callout kind={CalloutKind::Success} id="upload-license-result">
                            { i18n.t(Key::LicenseUploadSuccess) }
                        </Callout>
                    },
                    (None, ActionState::Failed(error)) => html! {
                        <LicenseFailure id="upload-license-error" operation={LicenseOperation::Upload}
                            error={error.clone()} />
                    },
                    (None, ActionState::Idle | ActionState::Busy) => Html::default(),
                }
            }
        </form>
    }
}

/// A file size in whole KB (1 KB = 1024 bytes), at least 1 for a non-empty file.
fn size_kb(bytes: f64) -> u64 {
    // File sizes are whole, non-negative numbers far below 2^53.
    let bytes = bytes.max(0.0) as u64;
    bytes.div_ceil(1024)
}
