//! Sponsorship sync at any size (issue 11): a run of several batches
//! converges exactly and stays converged, the cloud's batch answers only for
//! the organization it names (other organizations' rows, unknown members,
//! a new recipient, accounts that exist or not), and concurrent batches of
//! several organizations all succeed. Bounded in count; no timing asserted.

mod common;

use billing_sync_server::sponsorships::store::{self, Sponsorship};
use common::pair::Pair;
use common::{Cloud, TestServer, PASSWORD};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use wire::ids::OrganizationUserId;
use wire::kdf::KdfSettings;
use wire::{OrganizationId, Secret};

const SYNC: &str = "/api/organization/sponsorship/sync";

async fn rows_of(pool: &billing_sync_server::db::Pool, org: &str) -> Vec<Sponsorship> {
    store::for_sponsoring_org(pool, org.parse().unwrap())
        .await
        .unwrap()
}

fn members(rows: &[Sponsorship]) -> BTreeSet<OrganizationUserId> {
    rows.iter()
        .map(|r| r.sponsoring_organization_user_id)
        .collect()
}

#[tokio::test]
async fn a_sync_of_several_batches_converges_exactly_and_stays_converged() {
    let pair = Pair::start().await;
    let local = billing_sync_server::db::connect(&pair.server.database_url)
        .await
        .unwrap();
    let cloud = billing_sync_server::db::connect(&pair.cloud.acme.server.database_url)
        .await
        .unwrap();
    let org: OrganizationId = pair.org.parse().unwrap();
    // 2,345 pending offers (three batches, the last one partial), and a
    // revoke the cloud never confirmed, which it never held either.
    const OFFERS: u32 = 2345;
    let mut seeded: Vec<Sponsorship> = (0..OFFERS)
        .map(|n| common::pending_offer_row(org, n))
        .collect();
    let mut never_sent = common::pending_offer_row(org, OFFERS);
    never_sent.to_delete = true;
    seeded.push(never_sent.clone());
    let mut conn = local.acquire().await.unwrap();
    store::insert_offers(&mut conn, &seeded).await.unwrap();
    drop(conn);

    let run = pair.sync_now().await;
    assert_eq!(run["error"], Value::Null, "{run}");
    assert_eq!(
        (&run["sent"], &run["updated"], &run["removed"]),
        (&json!(OFFERS + 1), &json!(OFFERS), &json!(1)),
        "{run}"
    );
    let here = rows_of(&local, &pair.org).await;
    assert_eq!(
        here.len(),
        OFFERS as usize,
        "the unconfirmed revoke is gone"
    );
    assert!(here
        .iter()
        .all(|r| r.last_sync_date.is_some() && !r.to_delete));
    assert!(!here.iter().any(|r| r.id == never_sent.id));
    let there = rows_of(&cloud, &pair.cloud.acme.org).await;
    assert_eq!(
        members(&there),
        members(&here),
        "the same offers on both sides"
    );
    assert!(there.iter().all(|r| r.last_sync_date.is_some()));
    let mails = billing_sync_server::mail::outbox(&cloud, 10_000)
        .await
        .unwrap();
    assert_eq!(mails.len(), OFFERS as usize, "each new offer e-mailed once");

    // A member revokes an offer the cloud holds: the next run removes it on
    // both sides, touches the rest, and e-mails nobody again.
    let revoked = here[1000].clone();
    store::revoke_local(&local, revoked.id).await.unwrap();
    let run = pair.sync_now().await;
    assert_eq!(run["error"], Value::Null, "{run}");
    assert_eq!(
        (&run["sent"], &run["updated"], &run["removed"]),
        (&json!(OFFERS), &json!(OFFERS - 1), &json!(1)),
        "{run}"
    );
    let here_again = rows_of(&local, &pair.org).await;
    let there_again = rows_of(&cloud, &pair.cloud.acme.org).await;
    assert_eq!(here_again.len(), OFFERS as usize - 1);
    assert!(!here_again.iter().any(|r| r.id == revoked.id));
    assert_eq!(members(&there_again), members(&here_again));
    let previous: HashMap<_, _> = here.iter().map(|r| (r.id, r.last_sync_date)).collect();
    assert!(
        here_again
            .iter()
            .all(|r| r.last_sync_date > previous[&r.id]),
        "every remaining row took the new run's date"
    );
    assert_eq!(
        billing_sync_server::mail::outbox(&cloud, 10_000)
            .await
            .unwrap()
            .len(),
        OFFERS as usize
    );

    // Converged: a third run changes nothing but the dates.
    let run = pair.sync_now().await;
    assert_eq!(
        (&run["sent"], &run["updated"], &run["removed"]),
        (&json!(OFFERS - 1), &json!(OFFERS - 1), &json!(0)),
        "{run}"
    );
}

/// A second enterprise organization on the cloud, with its billing sync key.
async fn second_org(server: &TestServer, owner: &str, name: &str) -> (String, String) {
    let org = server
        .create_org(name, "enterprise", "owner@acme.test")
        .await;
    let hash = billing_sync_server::identity::client_kdf::master_password_hash(
        &Secret::new(PASSWORD),
        "owner@acme.test",
        KdfSettings::default_pbkdf2(),
    )
    .unwrap();
    let key: Value = server
        .post_json(
            &format!("/api/organizations/{org}/api-key"),
            owner,
            &json!({"type": 1, "masterPasswordHash": hash.expose()}),
        )
        .await
        .json()
        .await
        .unwrap();
    (org, key["apiKey"].as_str().unwrap().to_owned())
}

fn item(member: u128, email: &str, to_delete: bool, last_sync: Option<&str>) -> Value {
    json!({
        "sponsoringOrganizationUserId": uuid::Uuid::from_u128(member),
        "friendlyName": email,
        "offeredToEmail": email,
        "planSponsorshipType": 0,
        "lastSyncDate": last_sync,
        "validUntil": null,
        "toDelete": to_delete
    })
}

fn batch(org: &str, key: &str, items: Vec<Value>) -> Value {
    json!({"billingSyncKey": key, "sponsoringOrganizationCloudId": org, "sponsorshipsBatch": items})
}

/// The answer's items by member.
async fn answered(response: reqwest::Response) -> HashMap<String, Value> {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["sponsorshipsBatch"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["sponsoringOrganizationUserId"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                i.clone(),
            )
        })
        .collect()
}

fn member(n: u128) -> String {
    uuid::Uuid::from_u128(n).to_string()
}

#[tokio::test]
async fn a_batch_answers_for_its_own_organization_only() {
    let cloud = Cloud::start().await;
    let server = &cloud.acme.server;
    let token = cloud
        .acme
        .server
        .installation_token(&cloud.installation)
        .await;
    let (globex, globex_key) = second_org(server, &cloud.owner, "Globex").await;
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();

    let at_globex = answered(
        server
            .post_json(
                SYNC,
                &token,
                &batch(
                    &globex,
                    &globex_key,
                    (1..=3)
                        .map(|n| item(n, &format!("g{n}@family.test"), false, None))
                        .collect(),
                ),
            )
            .await,
    )
    .await;
    assert_eq!(at_globex.len(), 3);
    let globex_rows = rows_of(&pool, &globex).await;
    assert_eq!(globex_rows.len(), 3);

    // Acme names member 1 (Globex has an offer of that member id), an
    // existing account, an unknown removal never synced (skipped), an
    // unknown removal synced before (answered removed, nothing created) and
    // member 1 again (the first one counts).
    let synced_before = "2026-01-01T00:00:00Z";
    let answer = answered(
        server
            .post_json(
                SYNC,
                &token,
                &batch(
                    &cloud.acme.org,
                    &cloud.billing_key,
                    vec![
                        item(1, "new1@family.test", false, None),
                        item(2, "alice@acme.test", false, None),
                        item(50, "gone@family.test", true, None),
                        item(51, "gone@family.test", true, Some(synced_before)),
                        item(1, "second@family.test", false, None),
                    ],
                ),
            )
            .await,
    )
    .await;
    assert_eq!(
        answer.keys().cloned().collect::<BTreeSet<_>>(),
        [member(1), member(2), member(51)].into_iter().collect()
    );
    assert_eq!(answer[&member(1)]["offeredToEmail"], "new1@family.test");
    assert_eq!(answer[&member(1)]["cloudSponsorshipRemoved"], false);
    assert!(answer[&member(1)]["lastSyncDate"].is_string());
    assert_eq!(answer[&member(51)]["cloudSponsorshipRemoved"], true);
    let acme_rows = rows_of(&pool, &cloud.acme.org).await;
    assert_eq!(
        members(&acme_rows),
        [1, 2]
            .into_iter()
            .map(|n| OrganizationUserId(uuid::Uuid::from_u128(n)))
            .collect()
    );
    assert_eq!(
        rows_of(&pool, &globex).await,
        globex_rows,
        "Globex untouched"
    );
    let mails = billing_sync_server::mail::outbox(&pool, 100).await.unwrap();
    assert_eq!(mails.len(), 5, "three Globex offers, two Acme offers");
    let mail_to = |to: &str| {
        mails
            .iter()
            .find(|m| m.recipient == to)
            .unwrap_or_else(|| panic!("no mail to {to}"))
            .body_html
            .clone()
    };
    assert!(!mail_to("alice@acme.test").contains("register=true"));
    assert!(mail_to("new1@family.test").contains("register=true"));

    // A new recipient for an unredeemed offer is e-mailed; a removal of an
    // offer the cloud holds deletes it, only in the organization named.
    let answer = answered(
        server
            .post_json(
                SYNC,
                &token,
                &batch(
                    &cloud.acme.org,
                    &cloud.billing_key,
                    vec![
                        item(1, "new1@family.test", true, Some(synced_before)),
                        item(2, "other@family.test", false, Some(synced_before)),
                    ],
                ),
            )
            .await,
    )
    .await;
    assert_eq!(answer[&member(1)]["cloudSponsorshipRemoved"], true);
    assert_eq!(answer[&member(2)]["cloudSponsorshipRemoved"], false);
    let acme_rows = rows_of(&pool, &cloud.acme.org).await;
    assert_eq!(acme_rows.len(), 1);
    assert_eq!(
        acme_rows[0].offered_to_email.as_deref(),
        Some("other@family.test")
    );
    assert_eq!(rows_of(&pool, &globex).await.len(), 3);
    let mails = billing_sync_server::mail::outbox(&pool, 100).await.unwrap();
    assert_eq!(mails.len(), 6);
    assert_eq!(mails[0].recipient, "other@family.test");

    // Bad input: another organization's key is refused, nothing changes.
    let refused = server
        .post_json(
            SYNC,
            &token,
            &batch(
                &cloud.acme.org,
                &globex_key,
                vec![item(9, "x@family.test", false, None)],
            ),
        )
        .await;
    assert_eq!(refused.status(), 400);
    assert_eq!(rows_of(&pool, &cloud.acme.org).await.len(), 1);
}

#[tokio::test]
async fn concurrent_batches_of_several_organizations_all_succeed() {
    let cloud = Cloud::start().await;
    let server = &cloud.acme.server;
    let token = cloud
        .acme
        .server
        .installation_token(&cloud.installation)
        .await;
    let mut orgs = vec![(cloud.acme.org.clone(), cloud.billing_key.clone())];
    for name in ["Globex", "Initech", "Umbrella"] {
        orgs.push(second_org(server, &cloud.owner, name).await);
    }
    const BATCHES: u128 = 3;
    const PER_BATCH: u128 = 400;
    let bodies: Vec<Value> = orgs
        .iter()
        .flat_map(|(org, key)| {
            (0..BATCHES).map(move |b| {
                let items = (0..PER_BATCH)
                    .map(|i| {
                        let n = b * PER_BATCH + i;
                        item(n, &format!("m{n}@family.test"), false, None)
                    })
                    .collect();
                batch(org, key, items)
            })
        })
        .collect();
    // Twice: the first round creates every offer, the second touches them.
    for round in 0..2 {
        let requests: Vec<_> = bodies
            .iter()
            .map(|body| {
                let (http, url, token, body) = (
                    server.http.clone(),
                    server.url(SYNC),
                    token.clone(),
                    body.clone(),
                );
                tokio::spawn(async move {
                    // A busy database may answer 503 with its code (then the
                    // installation tries again); never anything else.
                    for _ in 0..10 {
                        let response = http
                            .post(&url)
                            .bearer_auth(&token)
                            .json(&body)
                            .send()
                            .await
                            .unwrap();
                        match response.status().as_u16() {
                            200 => return response.json::<Value>().await.unwrap(),
                            503 => {
                                let body: Value = response.json().await.unwrap();
                                assert_eq!(body["code"], "databaseBusy", "{body}");
                            }
                            status => panic!(
                                "round {round}: HTTP {status}: {}",
                                response.text().await.unwrap()
                            ),
                        }
                    }
                    panic!("round {round}: still busy after 10 tries");
                })
            })
            .collect();
        let mut answers = Vec::new();
        for request in requests {
            answers.push(request.await.unwrap());
        }
        for answer in answers {
            let items = answer["sponsorshipsBatch"].as_array().unwrap();
            assert_eq!(items.len(), PER_BATCH as usize);
            assert!(items
                .iter()
                .all(|i| i["lastSyncDate"].is_string() && i["cloudSponsorshipRemoved"] == false));
        }
    }
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    for (org, _) in &orgs {
        let rows = rows_of(&pool, org).await;
        assert_eq!(rows.len(), (BATCHES * PER_BATCH) as usize, "{org}");
        assert_eq!(members(&rows).len(), rows.len());
    }
    let mails = billing_sync_server::mail::outbox(&pool, 100_000)
        .await
        .unwrap();
    assert_eq!(
        mails.len(),
        orgs.len() * (BATCHES * PER_BATCH) as usize,
        "every offer e-mailed once, none again in the second round"
    );
}
