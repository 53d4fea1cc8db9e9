//! Profiles with Free Families memberships for the Families UI tests, and
//! mounting the app for them.

use super::render;
use billing_sync_web::{App, AppProps, Locale, Route};
use web_sys::Element;
use wire::Secret;
use yew::AppHandle;

pub const ENTERPRISE: &str = "a1111111-1111-4111-8111-111111111111";
pub const FAMILIES: &str = "b2222222-2222-4222-8222-222222222222";
pub const USER: &str = "9a5ebc7c-b14c-4e9b-b14f-5f5abc516e05";

pub struct Membership<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: u8,
    pub tier: u8,
    pub available: bool,
    pub friendly: Option<&'a str>,
    pub valid_until: Option<&'a str>,
}

pub fn org_json(m: &Membership) -> String {
    let quoted = |v: Option<&str>| v.map_or("null".to_owned(), |v| format!("\"{v}\""));
    format!(
        r#"{{"object":"profileOrganization","id":"{}","name":"{}","type":{},"status":2,"enabled":true,
        "planType":{},"productTierType":{},"seats":50,"selfHost":false,"organizationUserId":"{USER}",
        "familySponsorshipAvailable":{},"familySponsorshipFriendlyName":{},
        "familySponsorshipLastSyncDate":null,"familySponsorshipValidUntil":{},
        "familySponsorshipToDelete":null}}"#,
        m.id,
        m.name,
        m.role,
        if m.tier == 1 { 7 } else { 20 },
        m.tier,
        m.available,
        quoted(m.friendly),
        quoted(m.valid_until),
    )
}

pub fn profile_json(email: &str, orgs: &[Membership]) -> String {
    format!(
        r#"{{"object":"profile","id":"1b6e1f38-4f3c-4a8f-8b5d-6c6bcd627f06","name":"M","email":"{email}",
        "organizations":[{}]}}"#,
        orgs.iter().map(org_json).collect::<Vec<_>>().join(",")
    )
}

pub fn enterprise(available: bool, friendly: Option<&'static str>) -> Membership<'static> {
    Membership {
        id: ENTERPRISE,
        name: "Acme",
        role: 2,
        tier: 3,
        available,
        friendly,
        valid_until: None,
    }
}

pub fn mount(start: Option<Route>, locale: Locale, logged_in: bool) -> (Element, AppHandle<App>) {
    render(AppProps {
        locale: Some(locale),
        start,
        access_token: logged_in.then(|| Secret::new("test-token")),
        ..AppProps::default()
    })
}
