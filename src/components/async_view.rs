//! Renders a [`Loadable`]: loading, ready, empty, or failed with a retry button.

use crate::components::{Button, ButtonKind, Callout, CalloutKind};
use crate::hooks::Loadable;
use crate::i18n::{use_i18n, Key};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`AsyncView`].
#[derive(Properties)]
pub struct AsyncViewProps<T: 'static> {
    /// What to show.
    pub state: Loadable<T>,
    /// Called by the "Try again" button.
    pub on_retry: Callback<()>,
    /// Renders the data once it is ready.
    pub render: Callback<Rc<T>, Html>,
    /// Text for the empty state; a generic one when absent.
    #[prop_or_default]
    pub empty_text: Option<AttrValue>,
}

// Manual: a derive would require `T: PartialEq`, which `Loadable` does not need.
impl<T> PartialEq for AsyncViewProps<T> {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state
            && self.on_retry == other.on_retry
            && self.render == other.render
            && self.empty_text == other.empty_text
    }
}

/// One place that renders every state of a request.
#[component]
pub fn AsyncView<T: 'static>(props: &AsyncViewProps<T>) -> Html {
    let i18n = use_i18n();
    match &props.state {
        Loadable::Loading => html! {
            <div class="loading" role="status" aria-live="polite" data-test="loading">
                <span class="spinner" aria-hidden="true"></span>
                <span>{ i18n.t(Key::Loading) }</span>
            </div>
        },
        Loadable::Ready(value) => props.render.emit(Rc::clone(value)),
        Loadable::Empty => html! {
            <p class="empty" data-test="empty">
                { props.empty_text.clone().unwrap_or(AttrValue::Static(i18n.t(Key::NothingToShow))) }
            </p>
        },
        Loadable::Failed(error) => {
            let on_retry = props.on_retry.reform(|_: MouseEvent| ());
            html! {
                <Callout kind={CalloutKind::Danger} id="load-error">
                    <p data-test="load-error-message">{ error.user_message(i18n.locale) }</p>
                    <Button kind={ButtonKind::Secondary} id="retry" onclick={on_retry}>
                        { i18n.t(Key::TryAgain) }
                    </Button>
                </Callout>
            }
        }
    }
}
