//! The recipient's side: `/accept-families-for-enterprise?token=…&email=…`.
//!
//! The offer e-mail links to Bitwarden's hash URL; [`redirect_offer_hash`]
//! turns that into this route at startup. Logged out, the page logs in (or,
//! with `register=true`, creates the account) in place; logged in, it checks
//! the token, lets the user pick a Families organization they own or name a
//! new one, and redeems. The link is also kept in `sessionStorage`, so a
//! login through the regular login page comes back here.

use super::rules::{
    accept_hash_target, owned_families_orgs, register_password_hint, validate_register, RedeemLink,
    RegisterErrors,
};
use crate::api::{identity, organizations, sponsorships, ClientError};
use crate::app::Route;
use crate::components::{AsyncView, Button, Callout, CalloutKind, FormField, Shell};
use crate::hooks::{use_api, use_profile, Loadable};
use crate::i18n::{use_i18n, Key};
use crate::kdf::master_password_hash;
use crate::screens::license_billing::{expire_if_unauthorized, split_at_placeholder};
use crate::screens::login::{log_in, LoginError};
use crate::session::{use_session, SessionAction};
use std::rc::Rc;
use std::time::Duration;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use wire::identity::{ProfileResponse, RegisterRequest};
use wire::kdf::{normalize_email, KdfSettings, KdfType};
use wire::organizations::ProfileOrganization;
use wire::sponsorships::{
    OrganizationSponsorshipRedeemRequest, PreValidateSponsorshipResponse, FAMILIES_FOR_ENTERPRISE,
};
use wire::OrganizationId;
use yew::prelude::*;
use yew_router::history::{BrowserHistory, History};
use yew_router::prelude::*;

/// `sessionStorage` key of the offer link waiting for a login.
const PENDING_KEY: &str = "billing-sync.pending-redeem";

/// PBKDF2 iterations for a new account (Bitwarden's default).
pub const REGISTER_KDF_ITERATIONS: u32 = 600_000;

/// At startup: if the address is the offer e-mail's hash URL
/// (`/#/accept-families-for-enterprise?…`), replace it with this app's
/// route, query kept. Returns true when it did.
pub fn redirect_offer_hash() -> bool {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    match accept_hash_target(&hash) {
        Some(target) => {
            BrowserHistory::new().replace(target);
            true
        }
        None => false,
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// Remembers the offer link until it is redeemed (or found invalid).
pub fn store_pending(link: &RedeemLink) {
    if let Some(storage) = session_storage() {
        // Only costs the return after a login elsewhere.
        let _ = storage.set_item(PENDING_KEY, &link.to_path());
    }
}

/// Forgets the offer link.
pub fn clear_pending() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(PENDING_KEY);
    }
}

/// The offer page's path and query, if a link is waiting.
pub fn pending_redeem_path() -> Option<String> {
    session_storage()?.get_item(PENDING_KEY).ok().flatten()
}

/// Where the login page goes after a login: back to a waiting offer, else the vault.
#[component]
pub fn AfterLoginRedirect() -> Html {
    let navigator = use_navigator();
    let pending = pending_redeem_path();
    use_effect_with(pending.clone(), move |pending| {
        if let (Some(path), Some(navigator)) = (pending, navigator) {
            let query = path.split_once('?').map_or("", |(_, q)| q);
            match RedeemLink::parse(query) {
                Some(link) => {
                    let _ = navigator.replace_with_query(
                        &Route::AcceptFamiliesForEnterprise,
                        &[
                            ("token", link.token.as_str()),
                            ("email", link.email.as_str()),
                        ],
                    );
                }
                None => navigator.replace(&Route::Vault),
            }
        }
    });
    if pending.is_some() {
        html! {}
    } else {
        html! { <Redirect<Route> to={Route::Vault} /> }
    }
}

/// The `/accept-families-for-enterprise` route.
#[component]
pub fn AcceptFamiliesForEnterprise() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    // Set once the offer has been redeemed: the title says so.
    let accepted = use_state(|| false);
    let on_redeemed = {
        let accepted = accepted.clone();
        Callback::from(move |()| accepted.set(true))
    };
    let link = location
        .as_ref()
        .and_then(|l| RedeemLink::parse(l.query_str()));
    {
        use_effect_with(link.clone(), |link| match link {
            Some(link) => store_pending(link),
            None => clear_pending(),
        });
    }
    let body = match &link {
        None => html! {
            <Callout kind={CalloutKind::Danger} id="redeem-invalid-link">
                { i18n.t(Key::InviteAcceptFailed) }
            </Callout>
        },
        Some(link) if !session.is_logged_in() => html! { <RedeemLoggedOut link={link.clone()} /> },
        Some(link) => html! { <RedeemOffer link={link.clone()} {on_redeemed} /> },
    };
    let title = if *accepted {
        Key::SponsoredFamiliesAccepted
    } else {
        Key::SponsoredFamiliesOffer
    };
    html! {
        <Shell main_class="centered">
            <section id="redeem-page" class="card redeem-card" aria-labelledby="redeem-title"
                data-accepted={accepted.to_string()}>
                <h1 id="redeem-title">{ i18n.t(title) }</h1>
                { body }
            </section>
        </Shell>
    }
}

#[derive(Properties, PartialEq)]
struct LinkProps {
    link: RedeemLink,
}

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|input| input.value())
        .unwrap_or_default()
}

/// Logged out: log in, or create the account when the link says there is none.
#[component]
fn RedeemLoggedOut(props: &LinkProps) -> Html {
    let i18n = use_i18n();
    let register = use_state(|| props.link.register);
    let toggle = {
        let register = register.clone();
        Callback::from(move |_: MouseEvent| register.set(!*register))
    };
    html! {
        <div id="redeem-login" data-mode={if *register { "register" } else { "login" }}>
            if *register {
                <p>{ i18n.t_with(Key::SetupSponsoredFamiliesRegisterDesc, &[("email", &props.link.email)]) }</p>
                <RegisterForm link={props.link.clone()} />
                <p><button id="redeem-login-instead" type="button" class="link-button" onclick={toggle}>
                    { i18n.t(Key::LogInInstead) }
                </button></p>
            } else {
                <p>{ i18n.t(Key::SetupSponsoredFamiliesLoginDesc) }</p>
                <RedeemLoginForm link={props.link.clone()} />
                <p><button id="redeem-register-instead" type="button" class="link-button" onclick={toggle}>
                    { i18n.t(Key::CreateAccountInstead) }
                </button></p>
            }
        </div>
    }
}

/// E-mail (prefilled with the offer's) and master password.
#[component]
fn RedeemLoginForm(props: &LinkProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let busy = use_state(|| false);
    let error = use_state(|| None::<LoginError>);
    let email_ref = use_node_ref();
    let password_ref = use_node_ref();

    let on_submit = {
        let (busy, error, session) = (busy.clone(), error.clone(), session.clone());
        let (email_ref, password_ref) = (email_ref.clone(), password_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let email = input_value(&email_ref).trim().to_owned();
            let password = input_value(&password_ref);
            if email.is_empty() {
                error.set(Some(LoginError::Field(Key::EmailRequired)));
                return;
            }
            if password.is_empty() {
                error.set(Some(LoginError::Field(Key::MasterPasswordRequired)));
                return;
            }
            error.set(None);
            busy.set(true);
            let (busy, error, session) = (busy.clone(), error.clone(), session.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Let the busy state paint before the key derivation runs.
                yew::platform::time::sleep(Duration::from_millis(16)).await;
                match log_in(&session.client(), &email, &password).await {
                    Ok(token) => session.dispatch(SessionAction::LoggedIn { token, email }),
                    Err(failure) => {
                        busy.set(false);
                        error.set(Some(failure));
                    }
                }
            });
        })
    };

    let field_error = |key: Key| match &*error {
        Some(LoginError::Field(k)) if *k == key => Some(AttrValue::Static(i18n.t(key))),
        _ => None,
    };
    let failure = match &*error {
        Some(LoginError::Client(failure)) => Some(failure.user_message(i18n.locale)),
        Some(LoginError::Kdf) => Some(i18n.t(Key::KdfFailed).to_owned()),
        _ => None,
    };
    html! {
        <form id="redeem-login-form" novalidate=true onsubmit={on_submit}>
            <FormField id="redeem-login-email" label={i18n.t(Key::EmailAddress)} input_type="email"
                autocomplete="email" node_ref={email_ref}
                value={AttrValue::from(props.link.email.clone())}
                error={field_error(Key::EmailRequired)} readonly={*busy} />
            <FormField id="redeem-login-password" label={i18n.t(Key::MasterPassword)} input_type="password"
                autocomplete="current-password" node_ref={password_ref}
                error={field_error(Key::MasterPasswordRequired)} readonly={*busy} autofocus=true />
            if let Some(message) = failure {
                <Callout kind={CalloutKind::Danger} id="redeem-login-error">{ message }</Callout>
            }
            <Button id="redeem-login-submit" submit=true busy={*busy}>
                { if *busy { i18n.t(Key::LoggingIn) } else { i18n.t(Key::LogInWithMasterPassword) } }
            </Button>
        </form>
    }
}

/// Why creating the account failed.
#[derive(Clone, Debug, PartialEq)]
enum RegisterFailure {
    Fields(RegisterErrors),
    Client(ClientError),
    Kdf,
}

/// Name, master password twice → register with PBKDF2 600,000 → log in.
#[component]
fn RegisterForm(props: &LinkProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let busy = use_state(|| false);
    let failure = use_state(|| None::<RegisterFailure>);
    let name_ref = use_node_ref();
    let password_ref = use_node_ref();
    let confirm_ref = use_node_ref();

    let on_submit = {
        let (busy, failure, session) = (busy.clone(), failure.clone(), session.clone());
        let (name_ref, password_ref, confirm_ref) =
            (name_ref.clone(), password_ref.clone(), confirm_ref.clone());
        let email = normalize_email(&props.link.email);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let password = input_value(&password_ref);
            let errors = validate_register(&password, &input_value(&confirm_ref));
            if !errors.is_empty() {
                failure.set(Some(RegisterFailure::Fields(errors)));
                return;
            }
            let name = Some(input_value(&name_ref).trim().to_owned()).filter(|n| !n.is_empty());
            failure.set(None);
            busy.set(true);
            let (busy, failure, session, email) = (
                busy.clone(),
                failure.clone(),
                session.clone(),
                email.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                yew::platform::time::sleep(Duration::from_millis(16)).await;
                let kdf = KdfSettings {
                    kdf_type: KdfType::Pbkdf2Sha256,
                    iterations: REGISTER_KDF_ITERATIONS,
                    memory: None,
                    parallelism: None,
                };
                let result = async {
                    let hash = master_password_hash(&password, &email, kdf)
                        .await
                        .map_err(|_| RegisterFailure::Kdf)?;
                    let body = RegisterRequest {
                        email: email.clone(),
                        name,
                        master_password_hash: hash.clone(),
                        master_password_hint: None,
                        kdf: KdfType::Pbkdf2Sha256,
                        kdf_iterations: REGISTER_KDF_ITERATIONS,
                        kdf_memory: None,
                        kdf_parallelism: None,
                    };
                    let client = session.client();
                    sponsorships::register(&client, &body)
                        .await
                        .map_err(RegisterFailure::Client)?;
                    identity::login(&client, &email, hash)
                        .await
                        .map_err(RegisterFailure::Client)
                }
                .await;
                match result {
                    Ok(token) => session.dispatch(SessionAction::LoggedIn {
                        token: token.access_token,
                        email,
                    }),
                    Err(error) => {
                        busy.set(false);
                        failure.set(Some(error));
                    }
                }
            });
        })
    };

    let fields = match &*failure {
        Some(RegisterFailure::Fields(errors)) => errors.clone(),
        _ => RegisterErrors::default(),
    };
    let message = match &*failure {
        Some(RegisterFailure::Client(error)) => Some(error.user_message(i18n.locale)),
        Some(RegisterFailure::Kdf) => Some(i18n.t(Key::KdfFailed).to_owned()),
        _ => None,
    };
    let text = |key: Option<Key>| key.map(|k| AttrValue::Static(i18n.t(k)));
    html! {
        <form id="register-form" novalidate=true onsubmit={on_submit}>
            <FormField id="register-email" label={i18n.t(Key::EmailAddress)} input_type="email"
                value={AttrValue::from(props.link.email.clone())} readonly=true />
            <FormField id="register-name" label={i18n.t(Key::Name)} autocomplete="name"
                node_ref={name_ref} readonly={*busy} autofocus=true />
            <FormField id="register-password" label={i18n.t(Key::MasterPassword)} input_type="password"
                autocomplete="new-password" node_ref={password_ref}
                hint={text(register_password_hint(fields.password))}
                error={text(fields.password)} readonly={*busy} />
            <FormField id="register-password-confirm" label={i18n.t(Key::ConfirmMasterPassword)}
                input_type="password" autocomplete="new-password" node_ref={confirm_ref}
                error={text(fields.confirm)} readonly={*busy} />
            if let Some(message) = message {
                <Callout kind={CalloutKind::Danger} id="register-error">{ message }</Callout>
            }
            <Button id="register-submit" submit=true busy={*busy}>
                { if *busy { i18n.t(Key::CreatingAccount) } else { i18n.t(Key::CreateAccount) } }
            </Button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct RedeemOfferProps {
    link: RedeemLink,
    /// Called once the offer has been redeemed.
    on_redeemed: Callback<()>,
}

/// Logged in: validate the token, then the organization choice.
#[component]
fn RedeemOffer(props: &RedeemOfferProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let validation = use_api(props.link.token.clone(), |client, token| async move {
        sponsorships::validate_token(&client, &token).await
    });
    let profile = use_profile();
    let other_account = session
        .email
        .as_deref()
        .filter(|me| !me.trim().eq_ignore_ascii_case(props.link.email.trim()))
        .map(str::to_owned);

    // Both requests feed one view.
    let state: Loadable<(PreValidateSponsorshipResponse, Rc<ProfileResponse>)> =
        match (&validation.state, &profile.state) {
            (Loadable::Failed(e), _) | (_, Loadable::Failed(e)) => Loadable::Failed(e.clone()),
            (Loadable::Ready(v), Loadable::Ready(p)) => {
                Loadable::Ready(Rc::new(((**v).clone(), Rc::clone(p))))
            }
            _ => Loadable::Loading,
        };
    let on_retry = {
        let (a, b) = (validation.refetch.clone(), profile.refetch.clone());
        Callback::from(move |()| {
            a.emit(());
            b.emit(());
        })
    };
    let render = {
        let link = props.link.clone();
        let on_redeemed = props.on_redeemed.clone();
        let i18n = i18n.clone();
        Callback::from(
            move |loaded: Rc<(PreValidateSponsorshipResponse, Rc<ProfileResponse>)>| {
                let (validation, profile) = &*loaded;
                if !validation.is_token_valid {
                    clear_pending();
                    return html! {
                        <p id="redeem-bad-token" class="text-danger">{ i18n.t(Key::BadToken) }</p>
                    };
                }
                if validation.is_free_family_policy_enabled {
                    clear_pending();
                    return html! {
                        <p id="redeem-policy-disabled" class="text-danger">{ i18n.t(Key::OfferNoLongerValid) }</p>
                    };
                }
                html! {
                    <RedeemForm link={link.clone()} profile={Rc::clone(profile)}
                        on_redeemed={on_redeemed.clone()} />
                }
            },
        )
    };
    html! {
        <>
            if let Some(account) = other_account {
                <Callout kind={CalloutKind::Warning} id="redeem-other-account">
                    { i18n.t_with(Key::OfferForOtherAccount, &[("email", &props.link.email), ("account", &account)]) }
                </Callout>
            }
            <AsyncView<(PreValidateSponsorshipResponse, Rc<ProfileResponse>)> {state} {on_retry} {render} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RedeemFormProps {
    link: RedeemLink,
    profile: Rc<ProfileResponse>,
    on_redeemed: Callback<()>,
}

/// The select's value for a new organization.
const NEW_ORG: &str = "createNew";

/// What the user picked.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    New,
    Existing(OrganizationId),
}

impl Target {
    fn parse(value: &str) -> Option<Self> {
        match value {
            NEW_ORG => Some(Target::New),
            other => other.parse().ok().map(Target::Existing),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum RedeemError {
    Field(Key),
    Client(ClientError),
}

/// Organization select, new organization name, Accept offer, and the result.
#[component]
fn RedeemForm(props: &RedeemFormProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let owned: Vec<ProfileOrganization> = owned_families_orgs(&props.profile)
        .into_iter()
        .cloned()
        .collect();
    let target = use_state(|| owned.is_empty().then_some(Target::New));
    let busy = use_state(|| false);
    let error = use_state(|| None::<RedeemError>);
    // Some(found organization) once redeemed.
    let redeemed = use_state(|| None::<Option<(OrganizationId, String)>>);
    let name_ref = use_node_ref();

    let on_select = {
        let (target, error) = (target.clone(), error.clone());
        Callback::from(move |event: Event| {
            let value = event
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            error.set(None);
            target.set(Target::parse(&value));
        })
    };

    let on_submit = {
        let (target, busy, error, redeemed) = (
            target.clone(),
            busy.clone(),
            error.clone(),
            redeemed.clone(),
        );
        let (session, name_ref) = (session.clone(), name_ref.clone());
        let token = props.link.token.clone();
        let on_redeemed = props.on_redeemed.clone();
        let before: Vec<OrganizationId> =
            props.profile.organizations.iter().map(|o| o.id).collect();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let body = match &*target {
                None => {
                    error.set(Some(RedeemError::Field(Key::SelectOrganizationRequired)));
                    return;
                }
                Some(Target::New) => {
                    let name = input_value(&name_ref).trim().to_owned();
                    if name.is_empty() {
                        error.set(Some(RedeemError::Field(Key::OrganizationNameRequired)));
                        return;
                    }
                    OrganizationSponsorshipRedeemRequest {
                        plan_sponsorship_type: Some(FAMILIES_FOR_ENTERPRISE),
                        sponsored_organization_id: None,
                        new_organization_name: Some(name),
                    }
                }
                Some(Target::Existing(id)) => OrganizationSponsorshipRedeemRequest {
                    plan_sponsorship_type: Some(FAMILIES_FOR_ENTERPRISE),
                    sponsored_organization_id: Some(*id),
                    new_organization_name: None,
                },
            };
            error.set(None);
            busy.set(true);
            let (busy, error, redeemed, session, token, before, on_redeemed) = (
                busy.clone(),
                error.clone(),
                redeemed.clone(),
                session.clone(),
                token.clone(),
                before.clone(),
                on_redeemed.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let client = session.client();
                if let Err(failure) = sponsorships::redeem(&client, &token, &body).await {
                    busy.set(false);
                    expire_if_unauthorized(&session, &failure);
                    error.set(Some(RedeemError::Client(failure)));
                    return;
                }
                clear_pending();
                // The sponsored organization, from the reloaded profile.
                let organization = match organizations::profile(&client).await {
                    Ok(profile) => {
                        let found = profile
                            .organizations
                            .iter()
                            .find(|o| {
                                match (body.sponsored_organization_id, &body.new_organization_name)
                                {
                                    (Some(id), _) => o.id == id,
                                    (None, Some(name)) => {
                                        !before.contains(&o.id) && &o.name == name
                                    }
                                    (None, None) => false,
                                }
                            })
                            .map(|o| (o.id, o.name.clone()));
                        session.dispatch(SessionAction::ProfileLoaded(Rc::new(profile)));
                        found
                    }
                    Err(_) => None,
                };
                busy.set(false);
                redeemed.set(Some(organization));
                on_redeemed.emit(());
            });
        })
    };

    if let Some(organization) = &*redeemed {
        let (before, after) =
            split_at_placeholder(i18n.t(Key::RedeemedOrganizationSponsored), "name");
        return html! {
            <div id="redeem-success">
                if let Some((org_id, name)) = organization {
                    <Callout kind={CalloutKind::Success} id="redeem-success-message">
                        <p>{ before }<strong class="redeemed-org-name">{ name.clone() }</strong>{ after.unwrap_or_default() }</p>
                    </Callout>
                    <p>
                        <Link<Route> to={Route::Subscription { org_id: *org_id }} classes="redeemed-org btn btn-primary">
                            { i18n.t_with(Key::OpenOrganization, &[("name", name)]) }
                        </Link<Route>>
                    </p>
                } else {
                    <Callout kind={CalloutKind::Success} id="redeem-success-message">
                        <p>{ i18n.t(Key::RedeemedOrganizationSponsoredNoName) }</p>
                    </Callout>
                    <p>
                        <Link<Route> to={Route::Vault} classes="redeemed-org">{ i18n.t(Key::BackToVault) }</Link<Route>>
                    </p>
                }
            </div>
        };
    }

    let field_error = |key: Key| match &*error {
        Some(RedeemError::Field(k)) if *k == key => Some(i18n.t(key)),
        _ => None,
    };
    let select_error = field_error(Key::SelectOrganizationRequired);
    let name_error = field_error(Key::OrganizationNameRequired).map(AttrValue::Static);
    let server_error = match &*error {
        Some(RedeemError::Client(failure)) => Some(failure.user_message(i18n.locale)),
        _ => None,
    };
    let value = match &*target {
        None => String::new(),
        Some(Target::New) => NEW_ORG.to_owned(),
        Some(Target::Existing(id)) => id.to_string(),
    };
    html! {
        <form id="redeem-form" novalidate=true onsubmit={on_submit}>
            <p>{ i18n.t(Key::AcceptBitwardenFamiliesHelp) }</p>
            <div class="form-field">
                <label for="redeem-org-select">{ i18n.t(Key::SponsoredFamiliesSelectOffer) }</label>
                <select id="redeem-org-select" name="redeem-org-select" onchange={on_select} disabled={*busy}
                    aria-invalid={select_error.is_some().to_string()}
                    aria-describedby={select_error.map(|_| "redeem-org-select-error")}>
                    <option value="" disabled=true selected={value.is_empty()}>
                        { format!("-- {} --", i18n.t(Key::SelectPlaceholder)) }
                    </option>
                    <option value={NEW_ORG} selected={value == NEW_ORG}>{ i18n.t(Key::NewFamiliesOrganization) }</option>
                    for org in owned.iter() {
                        <option value={org.id.to_string()} selected={value == org.id.to_string()}>
                            { org.name.clone() }
                        </option>
                    }
                </select>
                if let Some(message) = select_error {
                    <p id="redeem-org-select-error" class="field-error" role="alert">{ message }</p>
                }
            </div>
            if *target == Some(Target::New) {
                <FormField id="redeem-new-org-name" label={i18n.t(Key::OrganizationName)}
                    autocomplete="organization" node_ref={name_ref} error={name_error} readonly={*busy} />
            }
            if let Some(message) = server_error {
                <Callout kind={CalloutKind::Danger} id="redeem-error">{ message }</Callout>
            }
            <Button id="redeem-submit" submit=true busy={*busy}>
                { if *busy { i18n.t(Key::Accepting) } else { i18n.t(Key::AcceptOffer) } }
            </Button>
        </form>
    }
}
