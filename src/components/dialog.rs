//! A modal dialog: `role="dialog"`, `aria-modal`, focus moved in and kept
//! in, Escape closes, focus handed back to the opener when it closes.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// What can take keyboard focus inside a dialog.
const FOCUSABLE: &str = "input:not([disabled]), button:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// Props of [`Dialog`].
#[derive(Properties, PartialEq)]
pub struct DialogProps {
    /// Stable id of the dialog element; the title gets `{id}-title`.
    pub id: AttrValue,
    pub title: AttrValue,
    /// Escape (and the caller's Close/Cancel buttons) end up here.
    pub on_close: Callback<()>,
    /// Change it when the content switches step: focus then moves to the new
    /// step's first field (an element with `autofocus`, else the first control).
    #[prop_or_default]
    pub step: AttrValue,
    /// Body and footer; a form with its buttons inside.
    #[prop_or_default]
    pub children: Html,
}

/// A modal dialog over a dimmed page.
#[component]
pub fn Dialog(props: &DialogProps) -> Html {
    let node = use_node_ref();

    // Hand focus back to whatever opened the dialog once it goes away.
    use_effect_with((), |()| {
        let opener = active_element();
        move || {
            if let Some(opener) = opener.filter(|o| o.is_connected()) {
                let _ = opener.focus();
            }
        }
    });

    {
        let node = node.clone();
        use_effect_with(props.step.clone(), move |_| {
            if let Some(dialog) = node.cast::<Element>() {
                let target = dialog
                    .query_selector("[autofocus]:not([disabled])")
                    .ok()
                    .flatten()
                    .or_else(|| focusables(&dialog).into_iter().next().map(Into::into));
                if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                    let _ = target.focus();
                }
            }
        });
    }

    let on_keydown = {
        let (node, on_close) = (node.clone(), props.on_close.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                event.stop_propagation();
                on_close.emit(());
            }
            "Tab" => {
                if let Some(dialog) = node.cast::<Element>() {
                    keep_focus_inside(&dialog, &event);
                }
            }
            _ => {}
        })
    };

    let title_id = format!("{}-title", props.id);
    html! {
        <div class="dialog-backdrop">
            <div
                id={props.id.clone()}
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby={title_id.clone()}
                data-step={props.step.clone()}
                ref={node}
                onkeydown={on_keydown}
            >
                <h2 id={title_id} class="dialog-title">{ props.title.clone() }</h2>
                { props.children.clone() }
            </div>
        </div>
    }
}

fn active_element() -> Option<HtmlElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

/// The dialog's focusable elements in document order. `querySelectorAll`
/// is reached through `Reflect` so no extra web-sys feature is needed.
fn focusables(dialog: &Element) -> Vec<HtmlElement> {
    let list = js_sys::Reflect::get(dialog, &"querySelectorAll".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(dialog, &FOCUSABLE.into()).ok());
    let Some(list) = list else {
        return Vec::new();
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|e| e.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Tab from the last control goes to the first, Shift+Tab from the first to
/// the last, so keyboard users stay inside the modal.
fn keep_focus_inside(dialog: &Element, event: &KeyboardEvent) {
    let items = focusables(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = active_element();
    let at = |target: &HtmlElement| active.as_ref() == Some(target);
    let outside = !active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.as_ref())));
    if event.shift_key() && (at(first) || outside) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && (at(last) || outside) {
        event.prevent_default();
        let _ = first.focus();
    }
}
