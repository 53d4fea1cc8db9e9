//! The rest of the sponsorship contract (§1.3, §1.4), per endpoint and role:
//! the Admin Console list and revoke-by-name, the admin's resend by name,
//! the sponsored owner's removal, the legacy POST aliases, and who may read
//! `sync-status` (nobody is refused with 401 there).

mod common;

use billing_sync_server::config::Role;
use common::pair::Pair;
use common::redeem::{mails_to, offer, redeem_into_new_family};
use common::{Acme, TestServer, PASSWORD};
use serde_json::{json, Value};

const NOT_FOUND_BY_NAME: &str =
    "The specified sponsored organization could not be found under the given sponsoring organization.";

/// The Acme logins: owner, admin, member (alice), outsider (eve).
async fn logins(server: &TestServer) -> (String, String, String, String) {
    tokio::join!(
        server.login("owner@acme.test", PASSWORD),
        server.login("admin@acme.test", PASSWORD),
        server.login("alice@acme.test", PASSWORD),
        server.login("eve@other.test", PASSWORD),
    )
}

async fn send(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
) -> (u16, String) {
    let mut request = server.http.request(method, server.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

fn message(body: &str) -> String {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v["message"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

async fn list(server: &TestServer, path: &str, token: &str) -> Vec<Value> {
    let (status, body) = send(server, reqwest::Method::GET, path, Some(token)).await;
    assert_eq!(status, 200, "{path}: {body}");
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list["object"], "list");
    assert_eq!(list["continuationToken"], Value::Null);
    list["data"].as_array().unwrap().clone()
}

async fn profile_sponsorship(server: &TestServer, token: &str) -> Value {
    let profile: Value = server
        .get("/api/accounts/profile", token)
        .await
        .json()
        .await
        .unwrap();
    profile["organizations"][0].clone()
}

#[tokio::test]
async fn cloud_admins_list_every_members_offer_and_others_are_refused() {
    let Acme { server, org } = Acme::start(Role::Cloud).await;
    let (owner, admin, alice, eve) = logins(&server).await;
    assert_eq!(
        offer(&server, &org, &alice, "rita@family.test")
            .await
            .status(),
        200
    );
    let path = format!("/api/organization/sponsorship/{org}/sponsored");
    for token in [&owner, &admin] {
        let items = list(&server, &path, token).await;
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert_eq!(item["object"], "organizationSponsorship");
        assert_eq!(item["friendlyName"], "rita@family.test");
        assert_eq!(item["offeredToEmail"], "rita@family.test");
        assert_eq!(item["planSponsorshipType"], 0);
        assert_eq!(item["validUntil"], Value::Null);
        assert_eq!(item["toDelete"], false);
        assert_eq!(item["isAdminInitiated"], false);
        assert_eq!(item["cloudSponsorshipRemoved"], false);
        assert!(item["sponsoringOrganizationUserId"].is_string());
    }
    // Contract: a caller who may not manage users gets 401 `Unauthorized.`.
    for token in [&alice, &eve] {
        let (status, body) = send(&server, reqwest::Method::GET, &path, Some(token)).await;
        assert_eq!((status, message(&body).as_str()), (401, "Unauthorized."));
    }
    let (status, body) = send(&server, reqwest::Method::GET, &path, None).await;
    assert_eq!((status, body.as_str()), (401, ""), "no token: empty 401");
    let unknown = format!(
        "/api/organization/sponsorship/{}/sponsored",
        uuid::Uuid::new_v4()
    );
    let (status, body) = send(&server, reqwest::Method::GET, &unknown, Some(&owner)).await;
    assert_eq!(
        (status, message(&body).as_str()),
        (404, "Resource not found.")
    );
    let (status, _) = send(
        &server,
        reqwest::Method::GET,
        "/api/organization/sponsorship/not-a-guid/sponsored",
        Some(&owner),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn cloud_admins_revoke_by_name_in_any_case_and_members_get_403() {
    let Acme { server, org } = Acme::start(Role::Cloud).await;
    let (owner, admin, alice, eve) = logins(&server).await;
    assert_eq!(
        offer(&server, &org, &alice, "rita@family.test")
            .await
            .status(),
        200
    );
    let path = format!("/api/organization/sponsorship/{org}/RITA@Family.Test/revoke");
    for token in [&alice, &eve] {
        let (status, body) = send(&server, reqwest::Method::DELETE, &path, Some(token)).await;
        assert_eq!(
            (status, body.as_str()),
            (403, ""),
            "ManageUsers requirement"
        );
    }
    let (status, body) = send(&server, reqwest::Method::DELETE, &path, None).await;
    assert_eq!((status, body.as_str()), (401, ""));
    assert_eq!(
        profile_sponsorship(&server, &alice).await["familySponsorshipFriendlyName"],
        "rita@family.test",
        "the refusals changed nothing"
    );
    let (status, _) = send(&server, reqwest::Method::DELETE, &path, Some(&admin)).await;
    assert_eq!(status, 200);
    // Never redeemed: gone, and Alice may offer again.
    assert!(list(
        &server,
        &format!("/api/organization/sponsorship/{org}/sponsored"),
        &owner
    )
    .await
    .is_empty());
    let mine = profile_sponsorship(&server, &alice).await;
    assert_eq!(mine["familySponsorshipFriendlyName"], Value::Null);
    assert_eq!(mine["familySponsorshipAvailable"], true);
    let (status, body) = send(&server, reqwest::Method::DELETE, &path, Some(&owner)).await;
    assert_eq!((status, message(&body).as_str()), (400, NOT_FOUND_BY_NAME));

    // Redeemed: marked, it ends at its paid-through date.
    assert_eq!(
        offer(&server, &org, &alice, "rob@family.test")
            .await
            .status(),
        200
    );
    redeem_into_new_family(&server, "rob@family.test").await;
    let by_name = format!("/api/organization/sponsorship/{org}/rob@family.test/revoke");
    let (status, _) = send(&server, reqwest::Method::DELETE, &by_name, Some(&owner)).await;
    assert_eq!(status, 200);
    let items = list(
        &server,
        &format!("/api/organization/sponsorship/{org}/sponsored"),
        &owner,
    )
    .await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["toDelete"], true);
    assert!(items[0]["validUntil"].is_string());
    assert_eq!(items[0]["offeredToEmail"], Value::Null, "redeemed");
    assert_eq!(
        profile_sponsorship(&server, &alice).await["familySponsorshipToDelete"],
        true
    );
}

#[tokio::test]
async fn cloud_admins_resend_any_offer_by_name_and_members_only_their_own() {
    let Acme { server, org } = Acme::start(Role::Cloud).await;
    let (owner, admin, alice, eve) = logins(&server).await;
    assert_eq!(
        offer(&server, &org, &alice, "rita@family.test")
            .await
            .status(),
        200
    );
    assert_eq!(
        offer(&server, &org, &admin, "ada@family.test")
            .await
            .status(),
        200
    );
    assert_eq!(mails_to(&server, "rita@family.test").await, 1);
    let resend = |name: &str| {
        format!("/api/organization/sponsorship/{org}/families-for-enterprise/resend?sponsoredFriendlyName={name}")
    };
    // Another member's offer takes ManageUsers: 403 (an outsider too).
    for (token, name) in [
        (&alice, "ada@family.test"),
        (&alice, "nobody@family.test"),
        (&eve, "rita@family.test"),
    ] {
        let (status, body) = send(&server, reqwest::Method::POST, &resend(name), Some(token)).await;
        assert_eq!((status, body.as_str()), (403, ""), "{name}");
    }
    assert_eq!(mails_to(&server, "ada@family.test").await, 1);
    // A member may name their own offer (the Families page does).
    let (status, _) = send(
        &server,
        reqwest::Method::POST,
        &resend("Rita@Family.test"),
        Some(&alice),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(mails_to(&server, "rita@family.test").await, 2, "sent again");
    let (status, _) = send(
        &server,
        reqwest::Method::POST,
        &resend("rita@family.test"),
        Some(&admin),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        mails_to(&server, "rita@family.test").await,
        3,
        "an admin resends a member's offer"
    );
    // An unknown name sends nothing and is not an error (Bitwarden's rule).
    let (status, _) = send(
        &server,
        reqwest::Method::POST,
        &resend("nobody@family.test"),
        Some(&owner),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(mails_to(&server, "nobody@family.test").await, 0);
    // Without a name a member resends their own offer.
    let own = format!("/api/organization/sponsorship/{org}/families-for-enterprise/resend");
    let (status, _) = send(&server, reqwest::Method::POST, &own, Some(&alice)).await;
    assert_eq!(status, 200);
    assert_eq!(mails_to(&server, "rita@family.test").await, 4);
    // A redeemed offer has no e-mail left to resend.
    redeem_into_new_family(&server, "rita@family.test").await;
    let (status, body) = send(
        &server,
        reqwest::Method::POST,
        &resend("rita@family.test"),
        Some(&owner),
    )
    .await;
    assert_eq!(
        (status, message(&body).as_str()),
        (
            400,
            "Cannot find an outstanding sponsorship offer for this organization."
        )
    );
}

#[tokio::test]
async fn the_sponsored_owner_removes_the_sponsorship_and_nobody_else_can() {
    let Acme { server, org } = Acme::start(Role::Cloud).await;
    let (owner, _admin, alice, eve) = logins(&server).await;
    assert_eq!(
        offer(&server, &org, &alice, "rob@family.test")
            .await
            .status(),
        200
    );
    let (rob, family) = redeem_into_new_family(&server, "rob@family.test").await;
    let subscription: Value = server
        .get(&format!("/api/organizations/{family}/subscription"), &rob)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        subscription["subscription"]["items"][0]["sponsoredSubscriptionItem"],
        true
    );
    assert_eq!(subscription["subscription"]["cancelAtEndDate"], false);
    assert_eq!(
        subscription["subscription"]["periodEndDate"],
        subscription["expiration"]
    );

    let path = format!("/api/organization/sponsorship/sponsored/{family}");
    let not_owner = "Only the owner of an organization can remove sponsorship.";
    for token in [&owner, &alice, &eve] {
        let (status, body) = send(&server, reqwest::Method::DELETE, &path, Some(token)).await;
        assert_eq!((status, message(&body).as_str()), (400, not_owner));
    }
    let (status, body) = send(
        &server,
        reqwest::Method::DELETE,
        "/api/organization/sponsorship/sponsored/not-a-guid",
        Some(&rob),
    )
    .await;
    assert_eq!((status, message(&body).as_str()), (400, not_owner));
    let (status, body) = send(&server, reqwest::Method::DELETE, &path, None).await;
    assert_eq!((status, body.as_str()), (401, ""));
    // Eve owns an organization nobody sponsors.
    let globex = server
        .create_org("Globex family", "families", "eve@other.test")
        .await;
    let eve = server.login("eve@other.test", PASSWORD).await;
    let (status, body) = send(
        &server,
        reqwest::Method::DELETE,
        &format!("/api/organization/sponsorship/sponsored/{globex}"),
        Some(&eve),
    )
    .await;
    assert_eq!(
        (status, message(&body).as_str()),
        (
            400,
            "The requested organization is not currently being sponsored."
        )
    );

    let (status, body) = send(&server, reqwest::Method::DELETE, &path, Some(&rob)).await;
    assert_eq!((status, body.as_str()), (200, ""));
    let subscription: Value = server
        .get(&format!("/api/organizations/{family}/subscription"), &rob)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        subscription["subscription"]["cancelAtEndDate"], true,
        "ends at its paid-through date"
    );
    let items = list(
        &server,
        &format!("/api/organization/sponsorship/{org}/sponsored"),
        &owner,
    )
    .await;
    assert_eq!(items[0]["toDelete"], true);
    // The legacy alias answers the same.
    let legacy = format!("/api/organization/sponsorship/sponsored/{family}/remove");
    let (status, _) = send(&server, reqwest::Method::POST, &legacy, Some(&rob)).await;
    assert_eq!(status, 200);
    let (status, body) = send(&server, reqwest::Method::POST, &legacy, Some(&alice)).await;
    assert_eq!((status, message(&body).as_str()), (400, not_owner));
}

#[tokio::test]
async fn legacy_delete_aliases_revoke_like_the_delete() {
    let Acme { server, org } = Acme::start(Role::Cloud).await;
    let (_owner, _admin, alice, eve) = logins(&server).await;
    assert_eq!(
        offer(&server, &org, &alice, "rita@family.test")
            .await
            .status(),
        200
    );
    let path = format!("/api/organization/sponsorship/{org}/delete");
    let (status, body) = send(&server, reqwest::Method::POST, &path, Some(&eve)).await;
    assert_eq!(
        (status, message(&body).as_str()),
        (404, "Resource not found.")
    );
    let (status, _) = send(&server, reqwest::Method::POST, &path, Some(&alice)).await;
    assert_eq!(status, 200);
    assert_eq!(
        profile_sponsorship(&server, &alice).await["familySponsorshipFriendlyName"],
        Value::Null
    );
    let (status, body) = send(&server, reqwest::Method::POST, &path, Some(&alice)).await;
    assert_eq!(
        (status, message(&body).as_str()),
        (400, "You are not currently sponsoring an organization.")
    );

    let Acme { server, org } = Acme::start(Role::SelfHosted).await;
    let alice = server.login("alice@acme.test", PASSWORD).await;
    let offered = server
        .post_json(
            &format!("/api/organization/sponsorship/self-hosted/{org}/families-for-enterprise"),
            &alice,
            &json!({"planSponsorshipType": 0, "sponsoredEmail": "rita@family.test", "friendlyName": "rita@family.test"}),
        )
        .await;
    assert_eq!(offered.status(), 200);
    let path = format!("/api/organization/sponsorship/self-hosted/{org}/delete");
    let (status, _) = send(&server, reqwest::Method::POST, &path, Some(&alice)).await;
    assert_eq!(status, 200);
    assert_eq!(
        profile_sponsorship(&server, &alice).await["familySponsorshipFriendlyName"],
        Value::Null
    );
}

#[tokio::test]
async fn self_hosted_admins_list_and_revoke_by_name_before_and_after_sync() {
    let pair = Pair::start().await;
    let server = &pair.server;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    let path = format!(
        "/api/organization/sponsorship/self-hosted/{}/sponsored",
        pair.org
    );
    let items = list(server, &path, &pair.owner).await;
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0]["lastSyncDate"],
        Value::Null,
        "requested: never synced"
    );
    let (status, body) = send(server, reqwest::Method::GET, &path, Some(&pair.alice)).await;
    assert_eq!((status, message(&body).as_str()), (401, "Unauthorized."));

    let revoke = format!(
        "/api/organization/sponsorship/self-hosted/{}/rita@family.test/revoke",
        pair.org
    );
    let (status, body) = send(server, reqwest::Method::DELETE, &revoke, Some(&pair.alice)).await;
    assert_eq!((status, body.as_str()), (403, ""));
    // Never synced: the cloud never saw it, so it is simply deleted.
    let (status, _) = send(server, reqwest::Method::DELETE, &revoke, Some(&pair.owner)).await;
    assert_eq!(status, 200);
    assert!(list(server, &path, &pair.owner).await.is_empty());

    // Synced: marked, and the next sync removes it on both sides.
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    pair.sync_now().await;
    let (status, _) = send(server, reqwest::Method::DELETE, &revoke, Some(&pair.owner)).await;
    assert_eq!(status, 200);
    let items = list(server, &path, &pair.owner).await;
    assert_eq!(
        (
            items[0]["toDelete"].clone(),
            items[0]["lastSyncDate"].is_string()
        ),
        (json!(true), true)
    );
    let run = pair.sync_now().await;
    assert_eq!(run["removed"], 1);
    assert!(list(server, &path, &pair.owner).await.is_empty());
    let cloud = &pair.cloud.acme.server;
    let cloud_owner = &pair.cloud.owner;
    let cloud_path = format!(
        "/api/organization/sponsorship/{}/sponsored",
        pair.cloud.acme.org
    );
    assert!(
        list(cloud, &cloud_path, cloud_owner).await.is_empty(),
        "gone on the cloud too"
    );
    let (status, body) = send(server, reqwest::Method::DELETE, &revoke, Some(&pair.owner)).await;
    assert_eq!((status, message(&body).as_str()), (400, NOT_FOUND_BY_NAME));
}

#[tokio::test]
async fn sync_status_is_the_owners_and_refuses_nobody_with_401() {
    for role in [Role::Cloud, Role::SelfHosted] {
        let Acme { server, org } = Acme::start(role).await;
        let (owner, admin, alice, eve) = logins(&server).await;
        let path = format!("/api/organization/sponsorship/{org}/sync-status");
        let (status, body) = send(&server, reqwest::Method::GET, &path, Some(&owner)).await;
        assert_eq!(status, 200, "{role:?}");
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            json!({"object": "syncStatus", "lastSyncDate": null})
        );
        // No `[Authorize]`: no token, a bad token or a non-owner all get 404.
        for token in [
            None,
            Some("not-a-token"),
            Some(admin.as_str()),
            Some(alice.as_str()),
            Some(eve.as_str()),
        ] {
            let (status, body) = send(&server, reqwest::Method::GET, &path, token).await;
            assert_eq!(
                (status, message(&body).as_str()),
                (404, "Resource not found."),
                "{role:?} {token:?}"
            );
        }
        let unknown = format!(
            "/api/organization/sponsorship/{}/sync-status",
            uuid::Uuid::new_v4()
        );
        let (status, body) = send(&server, reqwest::Method::GET, &unknown, Some(&owner)).await;
        assert_eq!(
            (status, message(&body).as_str()),
            (404, "Resource not found.")
        );
        // The token may also come as `access_token` in the query.
        let (status, _) = send(
            &server,
            reqwest::Method::GET,
            &format!("{path}?access_token={owner}"),
            None,
        )
        .await;
        assert_eq!(status, 200);
    }
}
