//! The deployment the scale-out tests run: `n` replicas of each role on
//! PostgreSQL, set up through the replicas in turn, and what a journey
//! leaves behind ([`Summary`]).

use crate::common::replicas::{self, add_user, admin, fresh_postgres, Replica, SlowProxy};
use crate::common::PASSWORD;
use billing_sync_e2e::smtp::SmtpSink;
use billing_sync_server::identity::client_kdf;
use billing_sync_server::licenses::signing::{LicenseSigner, LicenseVerifier};
use billing_sync_server::sponsorships::store;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use wire::kdf::KdfSettings;
use wire::licenses::OrganizationLicense;
use wire::sponsorships::{OrganizationSponsorshipData, OrganizationSponsorshipSyncRequest};

/// Leases expire 2 s after their holder stops renewing them.
const LEASE_SECONDS: &str = "2";
/// The self-hosted schedule; the cloud cleans up every second.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(3);

/// Replica `i` of a role, in turn.
pub fn at<T>(replicas: &[T], i: usize) -> &T {
    &replicas[i % replicas.len()]
}

/// Both roles with `n` replicas each, set up through the replicas in turn:
/// the cloud org with a billing sync token and an installation, a
/// self-hosted org from the cloud's license with the token saved, and
/// Alice and Bob as its members.
pub struct Deployment {
    pub clouds: Vec<Replica>,
    pub hosted: Vec<Replica>,
    proxies: Vec<SlowProxy>,
    pub cloud_db: String,
    pub hosted_db: String,
    pub smtp: SmtpSink,
    cloud_org: String,
    billing_key: String,
    installation: (String, String),
    pub org: String,
    owner: String,
    pub started: Instant,
    _dir: tempfile::TempDir,
}

impl Deployment {
    pub async fn start(base: &str, n: usize) -> Self {
        Self::start_with(base, n, &[]).await
    }

    /// With more settings for the self-hosted replicas (they win over the defaults here).
    pub async fn start_with(base: &str, n: usize, hosted_extra: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (cloud_db, hosted_db) = (fresh_postgres(base).await, fresh_postgres(base).await);
        let smtp = SmtpSink::start().await;
        let cloud_settings = settings(&[
            ("mail__smtp__host", "127.0.0.1"),
            ("mail__smtp__port", &smtp.port.to_string()),
            ("baseServiceUri__vault", "https://vault.acme.test"),
            ("billingSync__jobLeaseSeconds", LEASE_SECONDS),
            ("billingSync__databaseMaxConnections", "4"),
        ]);
        let started = Instant::now();
        let clouds = replicas::start_replicas(
            n,
            "cloud",
            &cloud_db,
            &cloud_settings,
            &["--sponsorship-cleanup-interval", "1"],
        )
        .await;
        add_user("cloud", &cloud_db, "owner@acme.test").await;
        admin(
            "cloud",
            &cloud_db,
            &[
                "org",
                "create",
                "--name",
                "Acme",
                "--plan",
                "enterprise",
                "--seats",
                "10",
                "--owner",
                "owner@acme.test",
            ],
        )
        .await;
        let cloud_pool = billing_sync_server::db::connect(&cloud_db).await.unwrap();
        let cloud_org =
            billing_sync_server::organizations::store::find_by_name(&cloud_pool, "Acme")
                .await
                .unwrap()[0]
                .id
                .to_string();
        // A token from one replica is accepted by the other.
        let cloud_owner = at(&clouds, 0).login("owner@acme.test").await;
        let profile = at(&clouds, 1)
            .get("/api/accounts/profile", &cloud_owner)
            .await;
        assert_eq!(
            profile.status(),
            200,
            "a token from replica 0 works on replica 1"
        );
        let installation: Value = reqwest::Client::new()
            .post(at(&clouds, 1).url("/api/installations"))
            .json(&json!({"email": "ops@acme.test"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let installation = (
            installation["id"].as_str().unwrap().to_owned(),
            installation["key"].as_str().unwrap().to_owned(),
        );
        let hash = client_kdf::master_password_hash(
            &wire::Secret::new(PASSWORD),
            "owner@acme.test",
            KdfSettings::default_pbkdf2(),
        )
        .unwrap();
        let key: Value = at(&clouds, 0)
            .post_json(
                &format!("/api/organizations/{cloud_org}/api-key"),
                &cloud_owner,
                &json!({"type": 1, "masterPasswordHash": hash.expose()}),
            )
            .await
            .json()
            .await
            .unwrap();
        let billing_key = key["apiKey"].as_str().unwrap().to_owned();
        // Licenses signed by either replica verify with the one certificate.
        let license_path = format!(
            "/api/organizations/{cloud_org}/license?installationId={}",
            installation.0
        );
        let mut licenses = Vec::new();
        for i in [1, 0] {
            let response = at(&clouds, i).get(&license_path, &cloud_owner).await;
            assert_eq!(response.status(), 200);
            licenses.push(response.json::<OrganizationLicense>().await.unwrap());
        }
        let pem = LicenseSigner::load_or_create(&cloud_pool, dir.path())
            .await
            .unwrap()
            .certificate_pem()
            .unwrap();
        let verifier = LicenseVerifier::from_bytes(pem.as_bytes()).unwrap();
        assert!(
            licenses.iter().all(|l| verifier.verify(l)),
            "both replicas sign with the shared key"
        );
        let cert = replicas::write_file(dir.path(), "cloud-cert.pem", &pem);

        let mut proxies = Vec::new();
        for cloud in &clouds {
            proxies.push(SlowProxy::start(&cloud.base).await);
        }
        let mut hosted = Vec::new();
        for i in 0..n {
            let proxy = &proxies[i % proxies.len()].base;
            let hosted_settings = settings(&[
                ("enableCloudCommunication", "true"),
                ("installation__id", &installation.0),
                ("installation__key", &installation.1),
                ("installation__identityUri", &format!("{proxy}/identity")),
                ("installation__apiUri", &format!("{proxy}/api")),
                ("licenseCertificatePath", &cert.display().to_string()),
                ("billingSync__jobLeaseSeconds", LEASE_SECONDS),
                ("billingSync__databaseMaxConnections", "4"),
            ]);
            let mut hosted_settings: Vec<(String, String)> = hosted_settings
                .into_iter()
                .filter(|(name, _)| !hosted_extra.iter().any(|(extra, _)| extra == name))
                .collect();
            hosted_settings.extend(settings(hosted_extra));
            let interval = SYNC_INTERVAL.as_secs().to_string();
            hosted.push(Replica::spawn(
                "self-hosted",
                &hosted_db,
                &hosted_settings,
                &[
                    "--sponsorship-sync-interval",
                    &interval,
                    "--sponsorship-sync-first-delay",
                    &interval,
                ],
            ));
        }
        for replica in &mut hosted {
            replica.ready().await;
        }
        for email in ["owner@acme.test", "alice@acme.test", "bob@acme.test"] {
            add_user("self-hosted", &hosted_db, email).await;
        }
        let owner = at(&hosted, 0).login("owner@acme.test").await;
        let form = reqwest::multipart::Form::new().part(
            "license",
            reqwest::multipart::Part::bytes(serde_json::to_vec(&licenses[0]).unwrap())
                .file_name("license.json"),
        );
        let created: Value = reqwest::Client::new()
            .post(at(&hosted, 0).url("/api/organizations/licenses/self-hosted"))
            .bearer_auth(&owner)
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let org = created["id"].as_str().expect("org from license").to_owned();
        // Replica 1 checks the license replica 0 stored (no shared disk).
        let connection = json!({"type": 1, "organizationId": org, "enabled": true, "config": {"billingSyncKey": billing_key}});
        let saved = at(&hosted, 1)
            .post_json("/api/organizations/connections", &owner, &connection)
            .await;
        assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
        let synced = at(&hosted, 0)
            .post_json(
                &format!("/api/organizations/licenses/self-hosted/{org}/sync"),
                &owner,
                &json!({}),
            )
            .await;
        assert_eq!(synced.status(), 200);
        for email in ["alice@acme.test", "bob@acme.test"] {
            admin(
                "self-hosted",
                &hosted_db,
                &[
                    "org",
                    "add-member",
                    "--org",
                    &org,
                    "--email",
                    email,
                    "--role",
                    "user",
                ],
            )
            .await;
        }
        Self {
            clouds,
            hosted,
            proxies,
            cloud_db,
            hosted_db,
            smtp,
            cloud_org,
            billing_key,
            installation,
            org,
            owner,
            started,
            _dir: dir,
        }
    }

    pub fn slow_down(&self, delay: Duration) {
        for proxy in &self.proxies {
            proxy.set_delay(delay);
        }
    }

    pub async fn sync_runs(&self, i: usize) -> Vec<Value> {
        let path = format!(
            "/api/organization/sponsorship/self-hosted/{}/sync-runs",
            self.org
        );
        let body: Value = at(&self.hosted, i)
            .get(&path, &self.owner)
            .await
            .json()
            .await
            .unwrap();
        let mut runs = body["runs"].as_array().cloned().unwrap_or_default();
        runs.reverse();
        runs
    }

    pub async fn sync_now(&self, i: usize) -> (u16, Value) {
        let path = format!(
            "/api/organization/sponsorship/self-hosted/{}/sync",
            self.org
        );
        let response = at(&self.hosted, i)
            .post_json(&path, &self.owner, &json!({}))
            .await;
        (
            response.status().as_u16(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    /// "Sync now" on replica 0 and, while it runs, on replica 1: one runs,
    /// the other answers "a sync is already running" (so does a "Sync now"
    /// that meets a scheduled run: then both are tried again).
    pub async fn racing_sync_now(&self) -> Value {
        for _ in 0..20 {
            // Each request to the cloud waits 700 ms: a run lasts seconds.
            self.slow_down(Duration::from_millis(700));
            let first = self.sync_now(0);
            let second = async {
                tokio::time::sleep(Duration::from_millis(300)).await;
                self.sync_now(1).await
            };
            let ((status_a, a), (status_b, b)) = tokio::join!(first, second);
            self.slow_down(Duration::ZERO);
            assert!(
                !(status_a == 200 && status_b == 200),
                "two runs at once: {a} {b}"
            );
            for (status, body) in [(status_a, &a), (status_b, &b)] {
                if status != 200 {
                    assert_eq!(
                        (status, &body["code"]),
                        (400, &json!("syncAlreadyRunning")),
                        "{body}"
                    );
                    assert!(body["message"]
                        .as_str()
                        .unwrap()
                        .contains("already running"));
                }
            }
            if status_a == 200 {
                return a;
            }
            if status_b == 200 {
                return b;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        panic!("no Sync now got the lease in 20 tries");
    }

    /// "Sync now" on replica `i`, tried again while another run holds the lease.
    pub async fn sync_now_when_free(&self, i: usize) -> Value {
        for _ in 0..40 {
            match self.sync_now(i).await {
                (200, run) => return run,
                (400, body) if body["code"] == "syncAlreadyRunning" => {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                other => panic!("Sync now: {other:?}"),
            }
        }
        panic!("the sync lease stayed taken");
    }

    /// The same batch sent by the installation to every cloud replica at once, three times each.
    pub async fn concurrent_cloud_syncs(&self) {
        let token: Value = reqwest::Client::new()
            .post(at(&self.clouds, 0).url("/identity/connect/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", "api.installation"),
                (
                    "client_id",
                    &format!("installation.{}", self.installation.0),
                ),
                ("client_secret", &self.installation.1),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = token["access_token"].as_str().unwrap().to_owned();
        let batch: Vec<OrganizationSponsorshipData> = (0..50)
            .map(|k| OrganizationSponsorshipData {
                sponsoring_organization_user_id: wire::ids::OrganizationUserId(
                    uuid::Uuid::from_u128(0xd1ec7 + k),
                ),
                friendly_name: Some(format!("direct{k}@family.test")),
                offered_to_email: Some(format!("direct{k}@family.test")),
                plan_sponsorship_type: Some(0),
                last_sync_date: None,
                valid_until: None,
                to_delete: false,
                cloud_sponsorship_removed: false,
                is_admin_initiated: false,
            })
            .collect();
        let request = OrganizationSponsorshipSyncRequest {
            billing_sync_key: Some(wire::Secret::new(self.billing_key.clone())),
            sponsoring_organization_cloud_id: self.cloud_org.parse().unwrap(),
            sponsorships_batch: batch,
        };
        let body = serde_json::to_value(&request).unwrap();
        let mut sends = Vec::new();
        for i in 0..6 {
            let url = at(&self.clouds, i).url("/api/organization/sponsorship/sync");
            let (token, body) = (token.clone(), body.clone());
            sends.push(tokio::spawn(async move {
                let response = reqwest::Client::new()
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .expect("sync request");
                let status = response.status();
                (
                    status,
                    response.json::<Value>().await.unwrap_or(Value::Null),
                )
            }));
        }
        let mut answers = Vec::new();
        for send in sends {
            answers.push(send.await.unwrap());
        }
        let members = |body: &Value| {
            let mut list: Vec<String> = body["sponsorshipsBatch"]
                .as_array()
                .map(|b| {
                    b.iter()
                        .map(|s| s["sponsoringOrganizationUserId"].to_string())
                        .collect()
                })
                .unwrap_or_default();
            list.sort();
            list
        };
        for (status, body) in &answers {
            assert_eq!(status.as_u16(), 200, "no 500 under concurrency: {body}");
            assert_eq!(members(body), members(&answers[0].1), "the same answer");
        }
    }

    /// What a journey leaves behind, comparable between deployments.
    pub async fn summary(&self) -> Summary {
        let hosted_pool = billing_sync_server::db::connect(&self.hosted_db)
            .await
            .unwrap();
        let cloud_pool = billing_sync_server::db::connect(&self.cloud_db)
            .await
            .unwrap();
        let mut hosted: Vec<_> = store::for_sponsoring_org(&hosted_pool, self.org.parse().unwrap())
            .await
            .unwrap()
            .into_iter()
            .map(|s| {
                (
                    s.friendly_name.unwrap_or_default(),
                    s.last_sync_date.is_some(),
                    s.valid_until.is_some(),
                    s.to_delete,
                )
            })
            .collect();
        hosted.sort();
        let mut cloud: Vec<_> =
            store::for_sponsoring_org(&cloud_pool, self.cloud_org.parse().unwrap())
                .await
                .unwrap()
                .into_iter()
                .map(|s| {
                    (
                        s.friendly_name.unwrap_or_default(),
                        s.sponsored_organization_id.is_some(),
                        s.to_delete,
                    )
                })
                .collect();
        cloud.sort();
        let mut mails: Vec<String> = billing_sync_server::mail::outbox(&cloud_pool, 10_000)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.recipient)
            .collect();
        mails.sort();
        Summary {
            hosted,
            cloud,
            mails,
        }
    }
}

pub type HostedRow = (String, bool, bool, bool);

#[derive(Debug, PartialEq)]
pub struct Summary {
    /// Self-hosted rows: name, synced, paid-through date known, marked to end.
    pub hosted: Vec<HostedRow>,
    /// Cloud rows: name, redeemed, marked to end.
    pub cloud: Vec<(String, bool, bool)>,
    /// Recipients of every offer e-mail.
    pub mails: Vec<String>,
}

pub fn settings(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

pub async fn seed(database_url: &str, org: &str, count: u32, prefix: &str) {
    let pool = billing_sync_server::db::connect(database_url)
        .await
        .unwrap();
    for n in 0..count {
        let row = crate::common::pending_offer_to(
            org.parse().unwrap(),
            &format!("{prefix}{n}@family.test"),
        );
        store::upsert(&pool, &row).await.unwrap();
    }
}
