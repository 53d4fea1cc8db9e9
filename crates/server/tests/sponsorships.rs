//! Families sponsorships across a self-hosted server, the cloud and a real
//! SMTP server on loopback: offer, sync, e-mail, redeem, revoke.

mod common;

use billing_sync_e2e::smtp::SmtpSink;
use common::pair::Pair;
use common::{TestServer, PASSWORD};
use serde_json::{json, Value};
use wire::kdf::KdfSettings;
use wire::Secret;

/// The redeem link in an e-mail: (token, has register=true).
fn redeem_link(data: &str) -> (String, bool) {
    let unfolded = data.replace("=\n", "").replace("=3D", "=");
    let start = unfolded
        .find("https://vault.acme.test/#/accept-families-for-enterprise?token=")
        .expect("link in the e-mail");
    let link: String = unfolded[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
        .collect();
    let token = link
        .split("token=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    (token, link.contains("&register=true"))
}

/// Registers and logs in a recipient on the cloud, as the web module does.
async fn recipient(cloud: &TestServer, email: &str) -> String {
    let hash = billing_sync_server::identity::client_kdf::master_password_hash(
        &Secret::new(PASSWORD),
        email,
        KdfSettings::default_pbkdf2(),
    )
    .unwrap();
    let body = json!({"email": email, "name": "Rita Recipient", "masterPasswordHash": hash.expose(), "kdf": 0, "kdfIterations": 600000});
    let response = cloud
        .http
        .post(cloud.url("/identity/accounts/register"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let again = cloud
        .http
        .post(cloud.url("/identity/accounts/register"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 400, "an e-mail registers once");
    cloud.login(email, PASSWORD).await
}

async fn redeem(
    cloud: &TestServer,
    token: &str,
    sponsorship: &str,
    body: Value,
) -> reqwest::Response {
    cloud
        .post_json(
            &format!("/api/organization/sponsorship/redeem?sponsorshipToken={sponsorship}"),
            token,
            &body,
        )
        .await
}

#[tokio::test]
async fn offer_sync_email_redeem_active() {
    let pair = Pair::start().await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    let mine = pair.alice_sponsorship().await;
    assert_eq!(mine["familySponsorshipFriendlyName"], "rita@family.test");
    assert_eq!(
        mine["familySponsorshipLastSyncDate"],
        Value::Null,
        "pending sync"
    );
    assert_eq!(mine["familySponsorshipAvailable"], false);

    let run = pair.sync_now().await;
    assert_eq!(
        (
            run["sent"].as_u64(),
            run["updated"].as_u64(),
            run["removed"].as_u64()
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(run["error"], Value::Null);
    assert!(
        pair.alice_sponsorship().await["familySponsorshipLastSyncDate"].is_string(),
        "sent"
    );

    let mails = pair.smtp.wait_for(1).await;
    assert_eq!(mails[0].to, vec!["rita@family.test".to_owned()]);
    assert!(mails[0]
        .data
        .contains("Subject: Accept your Sponsored Families Plan"));
    let (token, register) = redeem_link(&mails[0].data);
    assert!(token.starts_with("BWOrganizationSponsorship_"));
    assert!(register, "no account yet: the link asks to register");

    // A second sync sends no second e-mail.
    pair.sync_now().await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(pair.smtp.messages().len(), 1);

    let cloud = &pair.cloud.acme.server;
    let rita = recipient(cloud, "rita@family.test").await;
    let check: Value = cloud
        .post_json(
            &format!("/api/organization/sponsorship/validate-token?sponsorshipToken={token}"),
            &rita,
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        check,
        json!({"isTokenValid": true, "isFreeFamilyPolicyEnabled": false})
    );
    // Someone else cannot use Rita's link.
    let eve = cloud.login("eve@other.test", PASSWORD).await;
    let check: Value = cloud
        .post_json(
            &format!("/api/organization/sponsorship/validate-token?sponsorshipToken={token}"),
            &eve,
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(check["isTokenValid"], false);

    let response = redeem(
        cloud,
        &rita,
        &token,
        json!({"planSponsorshipType": 0, "newOrganizationName": "Rita's family"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let profile: Value = cloud
        .get("/api/accounts/profile", &rita)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["organizations"][0]["name"], "Rita's family");
    assert_eq!(
        profile["organizations"][0]["productTierType"], 1,
        "a Families organization"
    );
    // The link works once.
    let again = redeem(
        cloud,
        &rita,
        &token,
        json!({"newOrganizationName": "Twice"}),
    )
    .await;
    assert_eq!(
        again.json::<Value>().await.unwrap()["message"],
        "Failed to parse sponsorship token."
    );

    pair.sync_now().await;
    let mine = pair.alice_sponsorship().await;
    assert!(
        mine["familySponsorshipValidUntil"].is_string(),
        "active: {mine}"
    );
    assert_eq!(mine["familySponsorshipToDelete"], false);

    // Revoking after redemption: removed at the paid-through date ("Expires <date>").
    assert_eq!(pair.revoke().await.status(), 200);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipToDelete"],
        true
    );
    let run = pair.sync_now().await;
    assert_eq!(run["removed"], 0);
    let mine = pair.alice_sponsorship().await;
    assert_eq!(mine["familySponsorshipToDelete"], true);
    assert!(mine["familySponsorshipValidUntil"].is_string());
}

#[tokio::test]
async fn redeem_into_an_existing_families_org_and_the_refusals() {
    let pair = Pair::start().await;
    let cloud = &pair.cloud.acme.server;
    cloud.add_user("rob@family.test", PASSWORD, "pbkdf2").await;
    let families = cloud
        .create_org("Rob's family", "families", "rob@family.test")
        .await;
    let teams = cloud
        .create_org("Rob's team", "teams", "rob@family.test")
        .await;
    assert_eq!(
        pair.offer(&pair.alice, "rob@family.test").await.status(),
        200
    );
    pair.sync_now().await;
    let mails = pair.smtp.wait_for(1).await;
    let (token, register) = redeem_link(&mails[0].data);
    assert!(!register, "Rob has an account: log in, no registration");
    let rob = cloud.login("rob@family.test", PASSWORD).await;
    let garbage = redeem(
        cloud,
        &rob,
        "garbage",
        json!({"sponsoredOrganizationId": families}),
    )
    .await;
    assert_eq!(
        garbage.json::<Value>().await.unwrap()["message"],
        "Failed to parse sponsorship token."
    );
    let on_teams = redeem(
        cloud,
        &rob,
        &token,
        json!({"sponsoredOrganizationId": teams}),
    )
    .await;
    assert_eq!(
        on_teams.json::<Value>().await.unwrap()["message"],
        "Can only redeem sponsorship offer on families organizations."
    );
    let not_owned = redeem(
        cloud,
        &rob,
        &token,
        json!({"sponsoredOrganizationId": pair.cloud.acme.org}),
    )
    .await;
    assert_eq!(
        not_owned.json::<Value>().await.unwrap()["message"],
        "Can only redeem sponsorship for an organization you own."
    );
    let response = redeem(
        cloud,
        &rob,
        &token,
        json!({"planSponsorshipType": 0, "sponsoredOrganizationId": families}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let subscription: Value = cloud
        .get(&format!("/api/organizations/{families}/subscription"), &rob)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        subscription["expiration"].is_string(),
        "paid through by the sponsorship"
    );
}

#[tokio::test]
async fn revoking_before_sync_deletes_and_after_sync_removes_via_the_cloud() {
    let pair = Pair::start().await;
    // Before any sync: gone at once.
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    assert_eq!(pair.revoke().await.status(), 200);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipFriendlyName"],
        Value::Null
    );
    assert_eq!(
        pair.revoke().await.json::<Value>().await.unwrap()["message"],
        "You are not currently sponsoring an organization."
    );
    // After a sync, before redemption: "Removed (awaiting sync)", then removed by the cloud.
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    pair.sync_now().await;
    assert_eq!(pair.revoke().await.status(), 200);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipToDelete"],
        true
    );
    let run = pair.sync_now().await;
    assert_eq!(run["removed"], 1);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipFriendlyName"],
        Value::Null
    );
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipAvailable"],
        true
    );
}

#[tokio::test]
async fn offers_are_validated() {
    let pair = Pair::start().await;
    let cases = [
        ("alice@acme.test", "Cannot offer a Families Organization Sponsorship to yourself. Choose a different email."),
        ("not-an-email", "The SponsoredEmail field is not a supported e-mail address format."),
    ];
    for (email, expected) in cases {
        let body: Value = pair.offer(&pair.alice, email).await.json().await.unwrap();
        assert_eq!(body["message"].as_str().map(|m| m == expected || body["validationErrors"]["SponsoredEmail"][0] == expected), Some(true), "{email}: {body}");
    }
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200,
        "the same offer again is idempotent"
    );
    // Another address replaces the unredeemed offer (contract §1.3, create
    // rule 7); the next sync carries it to the cloud.
    assert_eq!(
        pair.offer(&pair.alice, "other@family.test").await.status(),
        200
    );
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipFriendlyName"],
        "other@family.test"
    );
    // The cloud's sync refuses wrong keys and user tokens.
    let cloud = &pair.cloud.acme.server;
    let batch = json!({"billingSyncKey": "wrong", "sponsoringOrganizationCloudId": pair.cloud.acme.org, "sponsorshipsBatch": []});
    assert_eq!(
        cloud
            .post_json(
                "/api/organization/sponsorship/sync",
                &pair.cloud.owner,
                &batch
            )
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn offer_mail_is_retried_until_the_smtp_server_answers() {
    // A port nobody listens on yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port_text = port.to_string();
    let acme = common::Acme::start_with(
        billing_sync_server::config::Role::Cloud,
        &[
            ("mail__smtp__host", "127.0.0.1"),
            ("mail__smtp__port", &port_text),
        ],
    )
    .await;
    let server = &acme.server;
    let owner = server.login("owner@acme.test", PASSWORD).await;
    let response = server
        .post_json(
            &format!("/api/organization/sponsorship/{}/families-for-enterprise", acme.org),
            &owner,
            &json!({"planSponsorshipType": 0, "sponsoredEmail": "rita@family.test", "friendlyName": "Rita"}),
        )
        .await;
    assert_eq!(response.status(), 200, "cloud members offer directly");
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    let mut failed = None;
    for _ in 0..100 {
        let outbox = billing_sync_server::mail::outbox(&pool, 10).await.unwrap();
        if let Some(entry) = outbox.iter().find(|e| e.last_error.is_some()) {
            failed = Some((entry.attempts, entry.sent_at.clone()));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (attempts, sent_at) = failed.expect("the failed delivery is recorded, not dropped");
    assert!(attempts >= 1);
    assert_eq!(sent_at, None);

    // The mail server comes up: the retry delivers the message.
    let smtp = SmtpSink::start_on(port).await;
    let mails = smtp
        .wait_for_within(1, std::time::Duration::from_secs(20))
        .await
        .expect("delivered on retry");
    assert_eq!(mails[0].to, vec!["rita@family.test".to_owned()]);
    let outbox = billing_sync_server::mail::outbox(&pool, 10).await.unwrap();
    assert!(outbox[0].sent_at.is_some());
}
