//! A synced cloud + self-hosted pair for the sponsorship tests.

use super::{self_hosted_with_interval, Cloud, TestServer, PASSWORD};
use billing_sync_e2e::smtp::SmtpSink;
use billing_sync_server::sponsorships::schedule::SyncSchedule;
use serde_json::{json, Value};

/// A synced pair: cloud with SMTP, self-hosted org created from the cloud's
/// license with the billing sync token saved; alice is a member there.
pub struct Pair {
    pub cloud: Cloud,
    pub smtp: SmtpSink,
    pub server: TestServer,
    pub owner: String,
    pub alice: String,
    pub org: String,
    /// The self-hosted server's `globalSettings__…` values (names without
    /// the prefix), for another process of the same installation.
    pub settings: Vec<(String, String)>,
}

impl Pair {
    pub async fn start() -> Self {
        Self::start_with_interval(std::time::Duration::from_secs(86_400)).await
    }

    pub async fn start_with_interval(interval: impl Into<SyncSchedule>) -> Self {
        Self::start_full(interval, None).await
    }

    /// With `route_api`, the self-hosted server reaches the cloud's API at the
    /// URL it returns for the cloud's base URL (e.g. through a proxy).
    pub async fn start_full(
        interval: impl Into<SyncSchedule>,
        route_api: Option<&(dyn Fn(&str) -> String + Sync)>,
    ) -> Self {
        Self::start_with_settings(interval, route_api, &[]).await
    }

    /// As [`Pair::start_full`], with more self-hosted `globalSettings__…` values.
    pub async fn start_with_settings(
        interval: impl Into<SyncSchedule>,
        route_api: Option<&(dyn Fn(&str) -> String + Sync)>,
        extra: &[(&str, &str)],
    ) -> Self {
        let smtp = SmtpSink::start().await;
        let port = smtp.port.to_string();
        let cloud = Cloud::start_with(&[
            ("mail__smtp__host", "127.0.0.1"),
            ("mail__smtp__port", &port),
            ("baseServiceUri__vault", "https://vault.acme.test"),
        ])
        .await;
        let mut settings = cloud.settings();
        if let Some(route_api) = route_api {
            for (name, value) in &mut settings {
                if name == "installation__apiUri" {
                    *value = route_api(&cloud.acme.server.base);
                }
            }
        }
        settings.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        let (server, owner) = self_hosted_with_interval(&settings, interval).await;
        let installation_settings = settings;
        let license = cloud.license_for(&cloud.installation.0).await;
        let form = reqwest::multipart::Form::new().part(
            "license",
            reqwest::multipart::Part::bytes(serde_json::to_vec(&license).unwrap())
                .file_name("license.json"),
        );
        let created: Value = server
            .http
            .post(server.url("/api/organizations/licenses/self-hosted"))
            .bearer_auth(&owner)
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let org = created["id"].as_str().unwrap().to_owned();
        let body = json!({"type": 1, "organizationId": org, "enabled": true, "config": {"billingSyncKey": cloud.billing_key}});
        assert_eq!(
            server
                .post_json("/api/organizations/connections", &owner, &body)
                .await
                .status(),
            200
        );
        server.add_member(&org, "alice@acme.test", "user").await;
        let alice = server.login("alice@acme.test", PASSWORD).await;
        Self {
            cloud,
            smtp,
            server,
            owner,
            alice,
            org,
            settings: installation_settings,
        }
    }

    pub async fn offer(&self, token: &str, email: &str) -> reqwest::Response {
        self.server
            .post_json(
                &format!(
                    "/api/organization/sponsorship/self-hosted/{}/families-for-enterprise",
                    self.org
                ),
                token,
                &json!({"planSponsorshipType": 0, "sponsoredEmail": email, "friendlyName": email}),
            )
            .await
    }

    pub async fn sync_now(&self) -> Value {
        let response = self
            .server
            .post_json(
                &format!(
                    "/api/organization/sponsorship/self-hosted/{}/sync",
                    self.org
                ),
                &self.owner,
                &json!({}),
            )
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// The owner's "Sync license" (the help page's step 4).
    pub async fn sync_license(&self) -> reqwest::Response {
        self.server
            .post_json(
                &format!("/api/organizations/licenses/self-hosted/{}/sync/", self.org),
                &self.owner,
                &json!({}),
            )
            .await
    }

    /// The organization's recorded sponsorship sync runs, newest first.
    pub async fn sync_runs(&self) -> Value {
        let path = format!(
            "/api/organization/sponsorship/self-hosted/{}/sync-runs",
            self.org
        );
        self.server
            .get(&path, &self.owner)
            .await
            .json()
            .await
            .unwrap()
    }

    /// Alice's sponsorship fields from her profile.
    pub async fn alice_sponsorship(&self) -> Value {
        let profile: Value = self
            .server
            .get("/api/accounts/profile", &self.alice)
            .await
            .json()
            .await
            .unwrap();
        profile["organizations"][0].clone()
    }

    pub async fn revoke(&self) -> reqwest::Response {
        self.server
            .http
            .delete(self.server.url(&format!(
                "/api/organization/sponsorship/self-hosted/{}",
                self.org
            )))
            .bearer_auth(&self.alice)
            .send()
            .await
            .unwrap()
    }
}
