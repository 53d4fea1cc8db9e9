//! Admin Console → Members → Free Bitwarden Families, mounted in the real
//! app against a scripted `fetch` and driven by role and accessible name:
//! the admin sees every member's sponsorship with its status, resends an
//! offer and removes one by name after a confirmation (cloud, English);
//! the self-hosted list in Dutch with its empty state; a plain member is
//! told the list is for owners and admins, and no request is made; the
//! Subscription page links to it; a sponsored Families organization's owner
//! removes the sponsorship from its Subscription page.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::{Locale, Route};
use common::families::*;
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const ACTIVE_UNTIL: &str = "2027-03-04T05:06:07Z";

fn invite(
    name: &str,
    user: &str,
    valid_until: Option<&str>,
    to_delete: bool,
    synced: bool,
) -> String {
    let quoted = |v: Option<&str>| v.map_or("null".to_owned(), |v| format!("\"{v}\""));
    format!(
        r#"{{"object":"organizationSponsorship","sponsoringOrganizationUserId":"{user}","friendlyName":"{name}",
        "offeredToEmail":{},"planSponsorshipType":0,"lastSyncDate":{},"validUntil":{},"toDelete":{to_delete},
        "isAdminInitiated":false,"notes":null,"cloudSponsorshipRemoved":false}}"#,
        if valid_until.is_some() {
            "null".to_owned()
        } else {
            format!("\"{name}\"")
        },
        if synced {
            "\"2026-12-01T10:00:00Z\""
        } else {
            "null"
        },
        quoted(valid_until),
    )
}

fn list_json(items: &[String]) -> String {
    format!(
        r#"{{"object":"list","data":[{}],"continuationToken":null}}"#,
        items.join(",")
    )
}

/// Elements under `root` with ARIA role `role` (explicit, or implied by the tag).
fn by_role(root: &Element, role: &str) -> Vec<Element> {
    let selector = match role {
        "button" => "button, [role='button']",
        "link" => "a[href], [role='link']",
        "dialog" => "[role='dialog']",
        "heading" => "h1, h2, h3, [role='heading']",
        "row" => "tr, [role='row']",
        "status" => "[role='status']",
        other => panic!("no selector for role {other}"),
    };
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// The accessible name: `aria-label`, else `aria-labelledby`'s text, else the text.
fn name_of(element: &Element) -> String {
    if let Some(label) = element.get_attribute("aria-label") {
        return label;
    }
    if let Some(id) = element.get_attribute("aria-labelledby") {
        if let Some(label) = document().get_element_by_id(&id) {
            return label.text_content().unwrap_or_default().trim().to_owned();
        }
    }
    element.text_content().unwrap_or_default().trim().to_owned()
}

fn find(root: &Element, role: &str, name: &str) -> Option<Element> {
    by_role(root, role).into_iter().find(|e| name_of(e) == name)
}

async fn wait_role(root: &Element, role: &str, name: &str) -> Element {
    for _ in 0..100 {
        if let Some(found) = find(root, role, name) {
            return found;
        }
        settle().await;
    }
    panic!("no {role} named {name:?}; page: {}", root.inner_html());
}

async fn wait_no_role(root: &Element, role: &str, name: &str) {
    for _ in 0..100 {
        if find(root, role, name).is_none() {
            return;
        }
        settle().await;
    }
    panic!(
        "the {role} named {name:?} stayed; page: {}",
        root.inner_html()
    );
}

fn press(element: &Element) {
    element
        .dyn_ref::<HtmlElement>()
        .expect("an HTML element")
        .click();
}

/// The row whose first cell reads `recipient`.
fn row_of(root: &Element, recipient: &str) -> Option<Element> {
    by_role(root, "row").into_iter().find(|r| {
        r.query_selector("td")
            .ok()
            .flatten()
            .and_then(|c| c.text_content())
            .is_some_and(|t| t.trim() == recipient)
    })
}

fn admin_profile(role: u8) -> String {
    profile_json(
        "admin@acme.test",
        &[Membership {
            role,
            // Nothing offered and nothing to offer: the vault shows no
            // Families link of its own, so names on the page are unique.
            ..enterprise(false, None)
        }],
    )
}

#[wasm_bindgen_test]
async fn cloud_admin_sees_every_members_offer_resends_one_and_removes_one_by_name() {
    reset_network();
    route_config(false);
    route("GET", "/api/accounts/profile", &[(200, &admin_profile(1))]);
    let list = format!("/api/organization/sponsorship/{ENTERPRISE}/sponsored");
    let rita = invite("rita@family.test", USER, None, false, false);
    let rob = invite(
        "rob@family.test",
        "7b1a7d8e-0c5d-4a44-9d0e-2b3c4d5e6f70",
        Some(ACTIVE_UNTIL),
        false,
        false,
    );
    let ended = invite(
        "sue@family.test",
        "8c2b8e9f-1d6e-4b55-8e1f-3c4d5e6f7081",
        Some(ACTIVE_UNTIL),
        true,
        false,
    );
    route(
        "GET",
        &list,
        &[
            (200, &list_json(&[rita.clone(), rob.clone(), ended.clone()])),
            (200, &list_json(&[rob, ended])),
        ],
    );
    let resend =
        format!("/api/organization/sponsorship/{ENTERPRISE}/families-for-enterprise/resend");
    route("POST", &resend, &[(200, "")]);
    let revoke = format!("/api/organization/sponsorship/{ENTERPRISE}/rita%40family.test/revoke");
    route("DELETE", &revoke, &[(200, "")]);

    let org_id = ENTERPRISE.parse().unwrap();
    let (root, handle) = mount(Some(Route::MemberFamilies { org_id }), Locale::En, true);
    wait_role(&root, "heading", "Free Bitwarden Families").await;
    wait_role(&root, "heading", "Member families").await;
    wait_role(&root, "link", "Free Bitwarden Families").await;
    assert!(
        by_role(&root, "link")
            .iter()
            .any(|link| name_of(link) == "Free Bitwarden Families"
                && link.get_attribute("aria-current").as_deref() == Some("page")),
        "the current place is marked"
    );
    wait_role(&root, "button", "Remove rita@family.test").await;

    let status = |name: &str| {
        row_of(&root, name)
            .and_then(|r| r.query_selector(".sponsorship-status").ok().flatten())
            .and_then(|s| s.text_content())
            .unwrap_or_default()
    };
    assert_eq!(status("rita@family.test").trim(), "Sent");
    assert_eq!(status("rob@family.test").trim(), "Active");
    assert!(
        status("sue@family.test").starts_with("Expires "),
        "{}",
        status("sue@family.test")
    );
    // Redeemed offers cannot be resent; ending ones have no actions.
    assert!(find(&root, "button", "Resend email to rob@family.test").is_none());
    assert!(find(&root, "button", "Remove rob@family.test").is_some());
    assert!(find(&root, "button", "Remove sue@family.test").is_none());

    press(&wait_role(&root, "button", "Resend email to rita@family.test").await);
    wait_page_text(&root, "Email sent").await;
    let sent = requests("POST", &resend);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].query, "?sponsoredFriendlyName=rita%40family.test");

    press(&wait_role(&root, "button", "Remove rita@family.test").await);
    let dialog = wait_role(&root, "dialog", "Remove sponsorship?").await;
    assert!(dialog.text_content().unwrap().contains(
        "If you remove rita@family.test, the sponsorship for this Family plan cannot be redeemed."
    ));
    assert!(
        requests("DELETE", &revoke).is_empty(),
        "nothing before the confirmation"
    );
    press(&find(&dialog, "button", "Remove").expect("the confirm button"));
    wait_no_role(&root, "button", "Remove rita@family.test").await;
    wait_page_text(&root, "Sponsorship removed").await;
    assert_eq!(requests("DELETE", &revoke).len(), 1);
    assert!(
        row_of(&root, "rita@family.test").is_none(),
        "the list was reloaded"
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn the_active_offers_confirmation_names_its_renewal_date_and_errors_show_in_the_dialog() {
    reset_network();
    route_config(true);
    route("GET", "/api/accounts/profile", &[(200, &admin_profile(0))]);
    let list = format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/sponsored");
    route(
        "GET",
        &list,
        &[(
            200,
            &list_json(&[invite(
                "rob@family.test",
                USER,
                Some(ACTIVE_UNTIL),
                false,
                true,
            )]),
        )],
    );
    let revoke =
        format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/rob%40family.test/revoke");
    route(
        "DELETE",
        &revoke,
        &[(
            400,
            r#"{"object":"error","message":"The specified sponsored organization could not be found under the given sponsoring organization.","validationErrors":null}"#,
        )],
    );
    let org_id = ENTERPRISE.parse().unwrap();
    let (root, handle) = mount(Some(Route::MemberFamilies { org_id }), Locale::Nl, true);
    wait_role(&root, "heading", "Lid-families").await;
    // Self-hosted: no e-mail from here, so no Resend.
    assert!(find(
        &root,
        "button",
        "E-mail opnieuw versturen naar rob@family.test"
    )
    .is_none());
    press(&wait_role(&root, "button", "rob@family.test verwijderen").await);
    let dialog = wait_role(&root, "dialog", "Sponsoring verwijderen?").await;
    let text = dialog.text_content().unwrap();
    assert!(
        text.contains("Als je rob@family.test verwijdert, eindigt de sponsoring"),
        "{text}"
    );
    assert!(
        text.contains("03/04/2027") || text.contains("03/03/2027"),
        "the renewal date: {text}"
    );
    press(&find(&dialog, "button", "Verwijderen").unwrap());
    wait_page_text(
        &root,
        "could not be found under the given sponsoring organization",
    )
    .await;
    assert!(
        find(&root, "dialog", "Sponsoring verwijderen?").is_some(),
        "the dialog stays open with the error"
    );
    press(&find(&root, "button", "Annuleren").expect("cancel"));
    wait_no_role(&root, "dialog", "Sponsoring verwijderen?").await;
    handle.destroy();
}

#[wasm_bindgen_test]
async fn an_empty_list_says_so_in_dutch() {
    reset_network();
    route_config(true);
    route("GET", "/api/accounts/profile", &[(200, &admin_profile(1))]);
    let list = format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/sponsored");
    route("GET", &list, &[(200, &list_json(&[]))]);
    let org_id = ENTERPRISE.parse().unwrap();
    let (root, handle) = mount(Some(Route::MemberFamilies { org_id }), Locale::Nl, true);
    wait_role(&root, "heading", "Gratis Bitwarden Families").await;
    wait_page_text(&root, "Geen lid-families").await;
    assert!(by_role(&root, "row").is_empty());
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_plain_member_is_told_it_is_for_admins_and_nothing_is_requested() {
    reset_network();
    route_config(false);
    route("GET", "/api/accounts/profile", &[(200, &admin_profile(2))]);
    let org_id = ENTERPRISE.parse().unwrap();
    let (root, handle) = mount(Some(Route::MemberFamilies { org_id }), Locale::En, true);
    wait_page_text(
        &root,
        "Only owners and admins of this organization can see its sponsorships.",
    )
    .await;
    assert!(requests(
        "GET",
        &format!("/api/organization/sponsorship/{ENTERPRISE}/sponsored")
    )
    .is_empty());
    assert!(
        find(&root, "button", "Log out").is_some(),
        "still logged in"
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn the_admin_console_leads_admins_to_the_list() {
    reset_network();
    route_config(false);
    route("GET", "/api/accounts/profile", &[(200, &admin_profile(1))]);
    route(
        "GET",
        &format!("/api/organizations/{ENTERPRISE}/subscription"),
        &[(200, &enterprise_subscription_json(ENTERPRISE))],
    );
    route(
        "GET",
        &format!("/api/organization/sponsorship/{ENTERPRISE}/sponsored"),
        &[(200, &list_json(&[]))],
    );
    let (root, handle) = mount(Some(Route::Vault), Locale::En, true);
    // The seed's path: product switcher → Admin Console → Members → Families.
    press(&wait_role(&root, "button", "Switch products").await);
    press(&wait_role(&root, "link", "Admin Console").await);
    press(&wait_role(&root, "button", "Members").await);
    press(&wait_role(&root, "link", "Free Bitwarden Families").await);
    wait_role(&root, "heading", "Member families").await;
    wait_page_text(&root, "No member families").await;
    handle.destroy();
}

fn sponsored_subscription(cancel_at_end: bool) -> String {
    format!(
        r#"{{"object":"organizationSubscription","id":"{FAMILIES}","name":"Rob's family","businessName":null,
        "billingEmail":null,"plan":{{"object":"plan","type":7,"productTier":1,"name":"Families"}},"planType":7,
        "seats":6,"maxCollections":null,"maxStorageGb":1,"enabled":true,"selfHost":false,
        "expiration":"{ACTIVE_UNTIL}","expirationWithoutGracePeriod":null,
        "subscription":{{"status":"active","periodEndDate":"{ACTIVE_UNTIL}","cancelAtEndDate":{cancel_at_end},
        "items":[{{"name":"Families","sponsoredSubscriptionItem":true}}]}}}}"#
    )
}

#[wasm_bindgen_test]
async fn the_sponsored_owner_removes_the_sponsorship_from_the_subscription_page() {
    reset_network();
    route_config(false);
    let families = Membership {
        id: FAMILIES,
        name: "Rob's family",
        role: 0,
        tier: 1,
        available: false,
        friendly: None,
        valid_until: None,
    };
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &profile_json("rob@family.test", &[families]))],
    );
    route(
        "GET",
        &format!("/api/organizations/{FAMILIES}/subscription"),
        &[
            (200, &sponsored_subscription(false)),
            (200, &sponsored_subscription(true)),
        ],
    );
    let remove = format!("/api/organization/sponsorship/sponsored/{FAMILIES}");
    route("DELETE", &remove, &[(200, "")]);
    let org_id = FAMILIES.parse().unwrap();
    let (root, handle) = mount(Some(Route::Subscription { org_id }), Locale::En, true);
    wait_role(&root, "heading", "Sponsored").await;
    wait_page_text(
        &root,
        "Your plan is sponsored and billed to an external organization.",
    )
    .await;
    press(&wait_role(&root, "button", "Remove sponsorship").await);
    let dialog = wait_role(&root, "dialog", "Remove sponsorship").await;
    assert!(dialog
        .text_content()
        .unwrap()
        .contains("you will be responsible for this subscription"));
    press(&find(&dialog, "button", "Remove").unwrap());
    wait_page_text(&root, "The sponsorship has been removed. It ends on 03/0").await;
    assert_eq!(requests("DELETE", &remove).len(), 1);
    assert!(
        find(&root, "button", "Remove sponsorship").is_none(),
        "nothing left to remove"
    );
    handle.destroy();
}
