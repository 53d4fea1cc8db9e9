//! The product switcher of the header: an icon button named "Switch
//! products" that opens a menu of the products the user may use (Password
//! Manager, Admin Console), the current one marked `aria-current`.
//! Keyboard: Enter/Space opens it and focuses the first product, arrow keys
//! move between products, Escape closes it and returns to the button.

use crate::app::Route;
use crate::i18n::{use_i18n, Key};
use crate::navigation::Product;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// One product of the menu and where it leads.
#[derive(Clone, Debug, PartialEq)]
pub struct ProductLink {
    pub product: Product,
    pub route: Route,
}

/// Props of [`ProductSwitcher`].
#[derive(Properties, PartialEq)]
pub struct ProductSwitcherProps {
    pub products: Vec<ProductLink>,
    /// The product on screen.
    pub current: Product,
}

/// The links of the open menu, in order.
fn menu_links(menu: &NodeRef) -> Vec<HtmlElement> {
    let Some(menu) = menu.cast::<HtmlElement>() else {
        return Vec::new();
    };
    let Ok(list) = menu.query_selector_all("a") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The switcher.
#[component]
pub fn ProductSwitcher(props: &ProductSwitcherProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let open = use_state_eq(|| false);
    let button = use_node_ref();
    let menu = use_node_ref();

    // Opening moves focus to the first product.
    {
        let menu = menu.clone();
        use_effect_with(*open, move |open| {
            if *open {
                if let Some(first) = menu_links(&menu).first() {
                    let _ = first.focus();
                }
            }
        });
    }

    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_key = {
        let (open, button, menu) = (open.clone(), button.clone(), menu.clone());
        Callback::from(move |event: KeyboardEvent| {
            let links = menu_links(&menu);
            let focused = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            let index = links
                .iter()
                .position(|l| focused.as_ref().is_some_and(|f| f == &**l));
            let step = |delta: isize| {
                let len = links.len() as isize;
                if len == 0 {
                    return;
                }
                let next = index.map_or(0, |i| (i as isize + delta).rem_euclid(len));
                if let Some(link) = links.get(next as usize) {
                    let _ = link.focus();
                }
            };
            match event.key().as_str() {
                "Escape" => {
                    event.prevent_default();
                    open.set(false);
                    if let Some(button) = button.cast::<HtmlElement>() {
                        let _ = button.focus();
                    }
                }
                "ArrowDown" | "ArrowRight" => {
                    event.prevent_default();
                    step(1);
                }
                "ArrowUp" | "ArrowLeft" => {
                    event.prevent_default();
                    step(-1);
                }
                _ => {}
            }
        })
    };
    let label = i18n.t(Key::SwitchProducts);
    html! {
        <div class="product-switcher" onkeydown={on_key}>
            <button
                ref={button}
                type="button"
                id="product-switcher"
                class="btn btn-header icon-button"
                aria-label={label}
                title={label}
                aria-haspopup="true"
                aria-expanded={open.to_string()}
                aria-controls="product-switcher-menu"
                onclick={toggle}
            >
                <span class="grid-icon" aria-hidden="true"></span>
            </button>
            if *open {
                <div ref={menu} id="product-switcher-menu" class="product-menu" role="group" aria-label={label}>
                    for link in props.products.iter() {
                        <ProductTile
                            link={link.clone()}
                            current={link.product == props.current}
                            on_chosen={{
                                let (open, navigator, route) = (open.clone(), navigator.clone(), link.route.clone());
                                Callback::from(move |()| {
                                    open.set(false);
                                    if let Some(navigator) = &navigator {
                                        navigator.push(&route);
                                    }
                                })
                            }}
                        />
                    }
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ProductTileProps {
    link: ProductLink,
    current: bool,
    on_chosen: Callback<()>,
}

#[component]
fn ProductTile(props: &ProductTileProps) -> Html {
    let i18n = use_i18n();
    let onclick = {
        let on_chosen = props.on_chosen.clone();
        Callback::from(move |event: MouseEvent| {
            if event.ctrl_key() || event.meta_key() || event.shift_key() {
                return;
            }
            event.prevent_default();
            on_chosen.emit(());
        })
    };
    let icon = match props.link.product {
        Product::PasswordManager => "pm",
        Product::AdminConsole => "ac",
    };
    html! {
        <a
            class={classes!("product-tile", props.current.then_some("active"))}
            href={props.link.route.to_path()}
            aria-current={props.current.then_some("page")}
            {onclick}
        >
            <span class={classes!("product-icon", icon)} aria-hidden="true"></span>
            <span>{ i18n.t(props.link.product.label()) }</span>
        </a>
    }
}
