//! A line that says, in words, what a long action is doing right now (the
//! server checking a token with the cloud, a license upload being verified,
//! a sync sending batches), announced politely to screen readers.

use yew::prelude::*;

/// Props of [`ProgressNote`].
#[derive(Properties, PartialEq)]
pub struct ProgressNoteProps {
    pub id: AttrValue,
    /// What is happening, e.g. "Checking the token with the cloud…".
    pub text: AttrValue,
}

/// A spinner and the words; shown only while the action runs.
#[component]
pub fn ProgressNote(props: &ProgressNoteProps) -> Html {
    html! {
        <p id={props.id.clone()} class="muted small progress-note" role="status" aria-live="polite">
            <span class="spinner spinner-inline" aria-hidden="true"></span>
            { " " }{ props.text.clone() }
        </p>
    }
}
