//! The embed's entry, `billing-sync.js`: what a host page imports. It links
//! no yew and no screen, so a host downloads it plus one group's module
//! (see [`super::groups`]) instead of every screen.
//!
//! `mount()` stays synchronous, as hosts call it: the options are checked
//! and the container added here ([`super::prepare`]: a bad option throws,
//! the element untouched), the handle is returned at once, and the group's
//! module is imported from `screens/<group>/` beside the entry. Until that
//! module has mounted, the handle keeps what the host asks for: the last
//! `setLocale` and `setAccessToken` go into the options the group mounts
//! with (so the first render already has them), and an `unmount()` cancels
//! the mount and removes the container. A module that fails to load is
//! shown in the element and sent as the `error` event (kind `load`), with
//! what to check.

use super::groups::Group;
use super::{js_error, options, Host, HostEvent, Theme};
use crate::i18n::{Key, Locale};
use crate::snippet::{beside_module, export, import_and_start};
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

/// Marks the "Loading…" line the entry shows until the group has mounted.
const LOADING_ATTR: &str = "data-billing-sync-loading";

/// Where a mount stands.
enum Phase {
    /// The group's module is loading; the options below are what it will
    /// mount with.
    Loading,
    /// The group's handle (`mountScreen`'s result).
    Mounted(JsValue),
    /// The module did not load; the element shows why.
    Failed,
    /// `unmount()` was called.
    Unmounted,
}

struct Shared {
    phase: Phase,
    container: Element,
    /// The host's options, with the later `setLocale`/`setAccessToken`.
    options: Object,
}

/// What the entry's `mount()` returns (the entry's binary wraps it for
/// JavaScript).
pub struct EntryMount {
    shared: Rc<RefCell<Shared>>,
}

/// Checks the options, adds the container, starts loading the screen's
/// group and returns the handle (see the module docs).
pub fn mount(element: JsValue, options: JsValue) -> Result<EntryMount, JsError> {
    let prepared = super::prepare(element, &options)?;
    let copy = Object::assign(&Object::new(), &Object::from(options));
    let locale = prepared.options.locale.unwrap_or_else(super::host_locale);
    show_loading(&prepared.app_root, locale);
    let shared = Rc::new(RefCell::new(Shared {
        phase: Phase::Loading,
        container: prepared.container.clone(),
        options: copy,
    }));
    let group = Group::of(prepared.options.screen);
    let load = Load {
        shared: Rc::clone(&shared),
        element: prepared.element,
        root: prepared.app_root,
        theme: prepared.options.theme,
    };
    wasm_bindgen_futures::spawn_local(load.run(group));
    Ok(EntryMount { shared })
}

/// The "Loading…" line, before the app root (the app renders into the root).
fn show_loading(root: &Element, locale: Locale) {
    let Some(document) = root.owner_document() else {
        return;
    };
    if let Ok(line) = document.create_element("p") {
        let _ = line.set_attribute(LOADING_ATTR, "");
        let _ = line.set_attribute("role", "status");
        line.set_text_content(Some(locale.text(Key::EmbedLoading)));
        let _ = root.before_with_node_1(&line);
    }
}

fn remove_loading(container: &Element) {
    if let Ok(Some(line)) = container.query_selector(&format!("[{LOADING_ATTR}]")) {
        line.remove();
    }
}

/// One mount's loading of its group.
struct Load {
    shared: Rc<RefCell<Shared>>,
    element: Element,
    root: Element,
    theme: Theme,
}

impl Load {
    async fn run(self, group: Group) {
        let url = beside_module(&group.module_path()).unwrap_or_else(|_| group.module_path());
        let loaded = import_and_start(&url).await;
        if matches!(self.shared.borrow().phase, Phase::Unmounted) {
            return;
        }
        let mounted = loaded.and_then(|module| {
            let mount_screen = export(&module, "mountScreen")?;
            let options = self.shared.borrow().options.clone();
            remove_loading(&self.shared.borrow().container);
            // No borrow is held here: the host may call the handle from an
            // event the first render sends.
            mount_screen.call3(&JsValue::UNDEFINED, &self.element, &self.root, &options)
        });
        let phase = std::mem::replace(&mut self.shared.borrow_mut().phase, Phase::Failed);
        match (mounted, phase) {
            (Ok(handle), Phase::Loading) => self.shared.borrow_mut().phase = Phase::Mounted(handle),
            // Unmounted while the group rendered: end it now.
            (Ok(handle), _) => {
                let _ = call_method(&handle, "unmount", None);
                self.shared.borrow_mut().phase = Phase::Unmounted;
            }
            (Err(error), Phase::Loading) => self.fail(&url, &error),
            (Err(_), phase) => self.shared.borrow_mut().phase = phase,
        }
    }

    /// Shows why the screen is missing and tells the host.
    fn fail(&self, url: &str, error: &JsValue) {
        web_sys::console::error_2(&"billing-sync: loading the screen failed".into(), error);
        let options = self.shared.borrow().options.clone();
        let locale = options::locale(&Reflect::get(&options, &"locale".into()).unwrap_or_default())
            .ok()
            .flatten()
            .unwrap_or_else(super::host_locale);
        let message = locale.text(Key::EmbedLoadFailed).replace("{url}", url);
        let container = self.shared.borrow().container.clone();
        remove_loading(&container);
        if let Some(document) = container.owner_document() {
            if let (Ok(root), Ok(callout)) = (
                document.create_element("div"),
                document.create_element("div"),
            ) {
                let _ = root.set_attribute("class", "billing-sync");
                let _ = root.set_attribute("data-theme", self.theme.attr());
                let _ = root.set_attribute("lang", locale.tag());
                let _ = callout.set_attribute("class", "callout callout-danger");
                let _ = callout.set_attribute("role", "alert");
                let _ = callout.set_attribute("id", "embed-load-error");
                callout.set_text_content(Some(&message));
                let _ = root.append_child(&callout);
                let _ = self.root.replace_with_with_node_1(&root);
            }
        }
        Host::embedded(self.element.clone(), false).emit(HostEvent::Error {
            kind: "load",
            status: None,
            message,
        });
    }
}

/// `object.name(arg)`, as JavaScript would call a method.
fn call_method(object: &JsValue, name: &str, arg: Option<&JsValue>) -> Result<JsValue, JsValue> {
    let method: Function = Reflect::get(object, &JsValue::from_str(name))?.dyn_into()?;
    match arg {
        Some(arg) => method.call1(object, arg),
        None => method.call0(object),
    }
}

impl EntryMount {
    /// Removes everything the mount added (and cancels a mount still
    /// loading); calling it again does nothing.
    pub fn unmount(&mut self) {
        let mut shared = self.shared.borrow_mut();
        let phase = std::mem::replace(&mut shared.phase, Phase::Unmounted);
        let container = shared.container.clone();
        drop(shared);
        match phase {
            Phase::Unmounted => return,
            Phase::Mounted(handle) => {
                let _ = call_method(&handle, "unmount", None);
            }
            Phase::Loading | Phase::Failed => {}
        }
        container.remove();
    }

    /// Switches the language (`"en"` or `"nl"`); throws for anything else.
    pub fn set_locale(&mut self, locale: JsValue) -> Result<(), JsValue> {
        options::locale(&locale).map_err(js_error)?.ok_or_else(|| {
            js_error("billing-sync setLocale: the locale must be \"en\" or \"nl\"")
        })?;
        self.forward("setLocale", "locale", locale)
    }

    /// Hands over a new access token; the screen reloads with it.
    pub fn set_access_token(&mut self, token: JsValue) -> Result<(), JsValue> {
        options::access_token(&token)
            .map_err(js_error)?
            .ok_or_else(|| js_error("billing-sync setAccessToken: option \"accessToken\" must be a non-empty string without spaces (got nothing)"))?;
        self.forward("setAccessToken", "accessToken", token)
    }

    /// Passes a checked setter call on to the group's handle, or keeps it
    /// in the options the group will mount with.
    fn forward(&mut self, method: &str, option: &str, value: JsValue) -> Result<(), JsValue> {
        let shared = self.shared.borrow();
        match &shared.phase {
            Phase::Unmounted => Err(js_error("billing-sync: this mount was unmounted").into()),
            Phase::Mounted(handle) => {
                let handle = handle.clone();
                drop(shared);
                call_method(&handle, method, Some(&value)).map(drop)
            }
            Phase::Loading | Phase::Failed => {
                Reflect::set(&shared.options, &JsValue::from_str(option), &value).map(drop)
            }
        }
    }
}

/// The full app's module (the standalone page's), relative to the entry.
pub const APP_MODULE: &str = "app/app.js";

/// `runStandalone(element)` through the entry: loads the full app's module
/// (`app/app.js`) and runs it in `element`. The standalone page's first
/// wasm imports that module directly; this keeps the entry's API whole.
pub async fn run_standalone(element: Element) -> Result<(), JsValue> {
    let url = beside_module(APP_MODULE)?;
    let module = import_and_start(&url).await?;
    export(&module, "runStandalone")?.call1(&JsValue::UNDEFINED, &element)?;
    Ok(())
}

/// The key derivation's module, relative to the entry.
pub const KDF_MODULE: &str = "kdf/kdf.js";

/// `deriveMasterPasswordHash(email, password, prelogin)` through the
/// entry: loads the KDF's own small module (`kdf/kdf.js`) on the first
/// call. Only a host that logs in through the module needs it (the
/// screens carry their own copy for their login), so a mount does not
/// download it.
pub async fn derive_master_password_hash(
    email: String,
    password: String,
    prelogin: JsValue,
) -> Result<JsValue, JsValue> {
    let url = beside_module(KDF_MODULE)?;
    let module = import_and_start(&url).await?;
    let derive = export(&module, "deriveMasterPasswordHash")?;
    let hash = derive.call3(
        &JsValue::UNDEFINED,
        &JsValue::from(email),
        &JsValue::from(password),
        &prelogin,
    )?;
    JsFuture::from(Promise::resolve(&hash)).await
}
