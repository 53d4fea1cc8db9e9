//! A product's side navigation: a `<nav>` landmark with the product's
//! name, optional content above the entries (the organization switcher),
//! top-level links and disclosure groups. The current page is marked
//! `aria-current="page"`; the group holding it starts open.

use crate::app::Route;
use crate::i18n::use_i18n;
use crate::navigation::{NavEntry, NavGroup};
use yew::prelude::*;
use yew_router::prelude::*;

/// Props of [`SideNav`].
#[derive(Properties, PartialEq)]
pub struct SideNavProps {
    /// The landmark's accessible name (and its visible caption).
    pub label: AttrValue,
    pub groups: Vec<NavGroup>,
    /// Shown between the caption and the entries.
    #[prop_or_default]
    pub header: Html,
}

/// The side navigation.
#[component]
pub fn SideNav(props: &SideNavProps) -> Html {
    let current = use_route::<Route>();
    html! {
        <nav class="side-nav" aria-label={props.label.clone()}>
            <p class="nav-caption" aria-hidden="true">{ props.label.clone() }</p>
            { props.header.clone() }
            <ul class="nav-list">
                for group in props.groups.iter().filter(|g| !g.visible_entries().is_empty()) {
                    if group.is_link() {
                        for entry in group.visible_entries() {
                            <li><NavLink entry={entry.clone()} current={current.clone()} /></li>
                        }
                    } else {
                        <NavGroupView group={group.clone()} current={current.clone()} />
                    }
                }
            </ul>
        </nav>
    }
}

#[derive(Properties, PartialEq)]
struct NavGroupProps {
    group: NavGroup,
    current: Option<Route>,
}

/// A disclosure button over the group's links; open while it holds the
/// current page, until the user closes it.
#[component]
fn NavGroupView(props: &NavGroupProps) -> Html {
    let i18n = use_i18n();
    let holds_current = props
        .current
        .as_ref()
        .is_some_and(|route| props.group.contains(route));
    let open = use_state_eq(|| holds_current);
    // Navigating into the group (a deep link, a link elsewhere) opens it.
    {
        let open = open.clone();
        use_effect_with(holds_current, move |holds| {
            if *holds {
                open.set(true);
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let list_id = format!("nav-group-{}-items", props.group.id);
    html! {
        <li class={classes!("nav-group", holds_current.then_some("current"))}>
            <button
                type="button"
                id={format!("nav-{}", props.group.id)}
                class="nav-group-toggle"
                aria-expanded={open.to_string()}
                aria-controls={list_id.clone()}
                onclick={toggle}
            >
                { i18n.t(props.group.label) }
            </button>
            <ul id={list_id} class="nav-sublist" hidden={!*open}>
                for entry in props.group.visible_entries() {
                    <li><NavLink entry={entry.clone()} current={props.current.clone()} /></li>
                }
            </ul>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct NavLinkProps {
    entry: NavEntry,
    current: Option<Route>,
}

#[component]
fn NavLink(props: &NavLinkProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let here = props.current.as_ref() == Some(&props.entry.route);
    let onclick = {
        let route = props.entry.route.clone();
        Callback::from(move |event: MouseEvent| {
            // Plain clicks stay in the app; modified clicks open a tab.
            if event.ctrl_key() || event.meta_key() || event.shift_key() {
                return;
            }
            if let Some(navigator) = &navigator {
                event.prevent_default();
                navigator.push(&route);
            }
        })
    };
    html! {
        <a
            id={format!("nav-{}", props.entry.id)}
            class={classes!("nav-item", here.then_some("active"))}
            href={props.entry.route.to_path()}
            aria-current={here.then_some("page")}
            {onclick}
        >
            { i18n.t(props.entry.label) }
        </a>
    }
}
