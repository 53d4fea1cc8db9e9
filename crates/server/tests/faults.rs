//! Proof under faults (issue 13): sponsorship sync and license sync with the
//! cloud failing at random points, 20 seeded rounds each, then a clean run.
//!
//! The cloud's faults are injected by a proxy in front of its API: the
//! request never arrives (the cloud was down), or the cloud commits and its
//! answer is lost (the cloud died after its commit), or the answer comes
//! late. The self-hosted server is interrupted mid-run in two ways, each its
//! own test: the client connection of "Sync now" is dropped after a random
//! delay, which drops the run at whatever await point it had reached; or a
//! separate process of the self-hosted installation (the real binary, on
//! the same data dir and database) is killed with SIGKILL after a random
//! delay and started again, leaving whatever it had committed and a lease
//! that has to expire. After each round's clean run
//! nothing may be lost or duplicated: every live offer exists once on both
//! sides, every revoke reached the cloud, and every cloud offer was e-mailed
//! exactly once. The figures are printed.

mod common;

use billing_sync_server::sponsorships::store::{self, Sponsorship};
use common::pair::Pair;
use common::replicas::Replica;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ROUNDS: u64 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    /// The request never reaches the cloud.
    Down,
    /// The cloud handles (and commits) the request; the answer is lost.
    AnswerLost,
    /// The answer comes after a delay (ms).
    Slow(u64),
}

/// A proxy in front of the cloud's API that applies the planned faults to
/// sponsorship-sync and license requests, in order.
struct FaultProxy {
    base: String,
    target: Arc<Mutex<String>>,
    plan: Arc<Mutex<VecDeque<Fault>>>,
    injected: Arc<Mutex<BTreeMap<String, usize>>>,
    requests: Arc<AtomicUsize>,
}

impl FaultProxy {
    async fn start() -> Self {
        let proxy = Self {
            base: String::new(),
            target: Arc::default(),
            plan: Arc::default(),
            injected: Arc::default(),
            requests: Arc::default(),
        };
        let (target, plan, injected, requests) = (
            proxy.target.clone(),
            proxy.plan.clone(),
            proxy.injected.clone(),
            proxy.requests.clone(),
        );
        let client = reqwest::Client::new();
        let forward = move |request: axum::extract::Request| {
            let target = target.lock().unwrap().clone();
            let (plan, injected, requests, client) = (
                plan.clone(),
                injected.clone(),
                requests.clone(),
                client.clone(),
            );
            async move {
                use axum::response::IntoResponse;
                let path = request
                    .uri()
                    .path_and_query()
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                let faultable =
                    path.ends_with("/organization/sponsorship/sync") || path.contains("/license");
                let fault = if faultable {
                    requests.fetch_add(1, Ordering::SeqCst);
                    plan.lock().unwrap().pop_front()
                } else {
                    None
                };
                if let Some(fault) = fault {
                    let kind = match fault {
                        Fault::Down => "cloud down",
                        Fault::AnswerLost => "answer lost after commit",
                        Fault::Slow(_) => "slow answer",
                    };
                    *injected.lock().unwrap().entry(kind.to_owned()).or_default() += 1;
                }
                if fault == Some(Fault::Down) {
                    return (axum::http::StatusCode::BAD_GATEWAY, String::new()).into_response();
                }
                let method =
                    reqwest::Method::from_bytes(request.method().as_str().as_bytes()).unwrap();
                let mut outgoing = client.request(method, format!("{target}{path}"));
                for name in ["authorization", "content-type", "accept"] {
                    if let Some(value) = request.headers().get(name) {
                        outgoing = outgoing.header(name, value.to_str().unwrap());
                    }
                }
                let body = axum::body::to_bytes(request.into_body(), 10 << 20)
                    .await
                    .unwrap();
                let response = outgoing.body(body).send().await.unwrap();
                let status = axum::http::StatusCode::from_u16(response.status().as_u16()).unwrap();
                let bytes = response.bytes().await.unwrap();
                match fault {
                    Some(Fault::AnswerLost) => {
                        return (axum::http::StatusCode::BAD_GATEWAY, String::new()).into_response()
                    }
                    Some(Fault::Slow(ms)) => tokio::time::sleep(Duration::from_millis(ms)).await,
                    _ => {}
                }
                (status, [("content-type", "application/json")], bytes).into_response()
            }
        };
        let app = axum::Router::new().fallback(forward);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base, ..proxy }
    }

    fn route(&self, cloud_base: &str) -> String {
        *self.target.lock().unwrap() = cloud_base.to_owned();
        format!("{}/api", self.base)
    }

    fn plan(&self, faults: Vec<Fault>) {
        *self.plan.lock().unwrap() = faults.into();
    }
}

fn random_faults(rng: &mut StdRng) -> Vec<Fault> {
    (0..rng.gen_range(1..=3))
        .map(|_| match rng.gen_range(0..3) {
            0 => Fault::Down,
            1 => Fault::AnswerLost,
            _ => Fault::Slow(rng.gen_range(10..300)),
        })
        .collect()
}

/// Plans the cloud's faults for one run and picks when (if at all) the run
/// is interrupted. A run takes some 10-30 ms here, so a killed process is
/// killed within that, and half the time while the cloud holds back its
/// answer to the first request (after its commit): the riskiest point.
fn plan_faults(proxy: &FaultProxy, rng: &mut StdRng, interrupt: Interrupt) -> Option<u64> {
    let mut faults = random_faults(rng);
    let kill = rng.gen_bool(0.4).then(|| rng.gen_range(5..400));
    let kill = match (interrupt, kill) {
        (Interrupt::KillProcess, Some(_)) => {
            if rng.gen_bool(0.5) {
                faults.insert(0, Fault::Slow(rng.gen_range(200..400)));
            }
            Some(rng.gen_range(1..150))
        }
        (_, kill) => kill,
    };
    proxy.plan(faults);
    kill
}

/// How a run of the self-hosted server is interrupted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Interrupt {
    /// The client of "Sync now" goes away after a random delay; the run is
    /// dropped at whatever await point it reached.
    CutRequest,
    /// The whole self-hosted process is killed (SIGKILL) after a random
    /// delay, then restarted on the same data dir and database.
    KillProcess,
}

impl Interrupt {
    fn name(self) -> &'static str {
        match self {
            Self::CutRequest => "requests cut",
            Self::KillProcess => "self-hosted process killed with SIGKILL and restarted",
        }
    }
}

/// Where "Sync now" and "Sync license" are sent: the in-process server of
/// the pair, or a process of the same installation that can be killed.
struct SelfHosted<'a> {
    pair: &'a Pair,
    process: Option<Replica>,
    restarts: usize,
}

impl<'a> SelfHosted<'a> {
    async fn start(pair: &'a Pair, interrupt: Interrupt) -> Self {
        let process = match interrupt {
            Interrupt::CutRequest => None,
            Interrupt::KillProcess => Some(Self::spawn(pair).await),
        };
        Self {
            pair,
            process,
            restarts: 0,
        }
    }

    async fn spawn(pair: &Pair) -> Replica {
        let mut settings = pair.settings.clone();
        // A killed process cannot release its lease: let it expire soon.
        settings.push(("billingSync__jobLeaseSeconds".into(), "2".into()));
        let mut process = Replica::spawn_in(
            "self-hosted",
            &pair.server.database_url,
            &settings,
            &["--sponsorship-sync-first-delay", "86400"],
            Some(&pair.server.data_dir),
        );
        process.ready().await;
        process
    }

    fn base(&self) -> String {
        self.process
            .as_ref()
            .map_or_else(|| self.pair.server.base.clone(), |p| p.base.clone())
    }

    /// The status and JSON body (null when empty) of a POST, if it answered.
    async fn post(&self, path: &str, cut_after: Option<u64>) -> Option<(u16, Value)> {
        let request = reqwest::Client::new()
            .post(format!("{}{path}", self.base()))
            .bearer_auth(&self.pair.owner)
            .json(&json!({}));
        let request = match cut_after {
            Some(ms) => request.timeout(Duration::from_millis(ms)),
            None => request,
        };
        let response = request.send().await.ok()?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.ok()?;
        Some((
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        ))
    }

    /// One run, interrupted after `after` ms when given: the request is cut,
    /// or the process is killed and started again on the same data.
    async fn run(&mut self, path: &str, after: Option<u64>) {
        let Some(ms) = after else {
            self.post(path, None).await;
            return;
        };
        let Some(process) = self.process.as_mut() else {
            self.post(path, Some(ms)).await;
            return;
        };
        let request = reqwest::Client::new()
            .post(process.url(path))
            .bearer_auth(&self.pair.owner)
            .json(&json!({}))
            .send();
        let _ = tokio::time::timeout(Duration::from_millis(ms), request).await;
        process.kill();
        self.process = Some(Self::spawn(self.pair).await);
        self.restarts += 1;
    }

    /// A run with no fault. A run whose request was cut off keeps going in
    /// its own task, and a killed process's lease stays until it expires;
    /// meanwhile Sync now answers `syncAlreadyRunning`, so wait instead of
    /// counting that answer as the clean run.
    async fn clean_run(&self, path: &str) -> (u16, Value) {
        for _ in 0..300 {
            let answer = self.post(path, None).await.expect("a clean run answers");
            if answer.1["code"] != "syncAlreadyRunning" {
                return answer;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the interrupted run never finished")
    }
}

struct Figures {
    runs: usize,
    kills: usize,
    lost: usize,
    duplicated: usize,
    mails_missing: usize,
    mails_twice: usize,
}

#[tokio::test]
async fn sponsorship_sync_survives_a_failing_cloud_and_killed_runs() {
    sponsorship_rounds(Interrupt::CutRequest).await;
}

#[tokio::test]
async fn sponsorship_sync_survives_a_failing_cloud_and_a_killed_self_hosted_process() {
    sponsorship_rounds(Interrupt::KillProcess).await;
}

async fn sponsorship_rounds(interrupt: Interrupt) {
    let started = std::time::Instant::now();
    let proxy = FaultProxy::start().await;
    let route = |cloud_base: &str| proxy.route(cloud_base);
    let pair = Pair::start_full(Duration::from_secs(86_400), Some(&route)).await;
    let mut self_hosted = SelfHosted::start(&pair, interrupt).await;
    let local_pool = billing_sync_server::db::connect(&pair.server.database_url)
        .await
        .unwrap();
    let cloud_pool = billing_sync_server::db::connect(&pair.cloud.acme.server.database_url)
        .await
        .unwrap();
    let org: wire::OrganizationId = pair.org.parse().unwrap();
    let cloud_org: wire::OrganizationId = pair.cloud.acme.org.parse().unwrap();
    let sync_path = format!(
        "/api/organization/sponsorship/self-hosted/{}/sync",
        pair.org
    );
    let mut figures = Figures {
        runs: 0,
        kills: 0,
        lost: 0,
        duplicated: 0,
        mails_missing: 0,
        mails_twice: 0,
    };
    // Members whose offers were revoked: they must be gone on both sides.
    let mut revoked = Vec::new();
    for seed in 0..ROUNDS {
        let mut rng = StdRng::seed_from_u64(seed);
        for n in 0..rng.gen_range(1..=4) {
            store::upsert(
                &local_pool,
                &offer(org, &format!("s{seed}-{n}@family.test")),
            )
            .await
            .unwrap();
        }
        let live: Vec<Sponsorship> = store::for_sponsoring_org(&local_pool, org)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| !r.to_delete)
            .collect();
        for _ in 0..rng.gen_range(0..=2) {
            if live.is_empty() {
                break;
            }
            let row = &live[rng.gen_range(0..live.len())];
            if !revoked.contains(&row.sponsoring_organization_user_id) {
                store::revoke_local(&local_pool, row.id).await.unwrap();
                revoked.push(row.sponsoring_organization_user_id);
            }
        }
        for _ in 0..rng.gen_range(1..=3) {
            let kill = plan_faults(&proxy, &mut rng, interrupt);
            figures.kills += usize::from(kill.is_some());
            figures.runs += 1;
            self_hosted.run(&sync_path, kill).await;
        }
        // The cloud and the server are back: one clean run converges.
        proxy.plan(Vec::new());
        tokio::time::sleep(Duration::from_millis(50)).await;
        let (status, run) = self_hosted.clean_run(&sync_path).await;
        assert_eq!(status, 200, "seed {seed}: {run}");
        figures.runs += 1;
        assert_eq!(run["error"], Value::Null, "seed {seed}: {run}");

        let local = store::for_sponsoring_org(&local_pool, org).await.unwrap();
        let cloud = store::for_sponsoring_org(&cloud_pool, cloud_org)
            .await
            .unwrap();
        assert!(
            local
                .iter()
                .all(|r| !r.to_delete && r.last_sync_date.is_some()),
            "seed {seed}: converged: {local:?}"
        );
        for row in &local {
            match cloud
                .iter()
                .filter(|c| {
                    c.sponsoring_organization_user_id == row.sponsoring_organization_user_id
                })
                .count()
            {
                0 => figures.lost += 1,
                1 => {}
                _ => figures.duplicated += 1,
            }
        }
        figures.lost += cloud
            .iter()
            .filter(|c| {
                !local
                    .iter()
                    .any(|l| l.sponsoring_organization_user_id == c.sponsoring_organization_user_id)
            })
            .count();
        figures.lost += revoked
            .iter()
            .filter(|m| {
                local
                    .iter()
                    .chain(&cloud)
                    .any(|r| r.sponsoring_organization_user_id == **m)
            })
            .count();
        let outbox = billing_sync_server::mail::outbox(&cloud_pool, 100_000)
            .await
            .unwrap();
        let mut per_recipient: BTreeMap<&str, usize> = BTreeMap::new();
        for mail in &outbox {
            *per_recipient.entry(mail.recipient.as_str()).or_default() += 1;
        }
        figures.mails_twice += per_recipient.values().filter(|n| **n > 1).count();
        figures.mails_missing += cloud
            .iter()
            .filter(|c| !per_recipient.contains_key(c.offered_to_email.as_deref().unwrap_or("")))
            .count();
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "bounded in time"
        );
    }
    let injected = proxy.injected.lock().unwrap().clone();
    let faults: usize = injected.values().sum();
    // Runs a killed process left unfinished, recorded as abandoned.
    let history = pair.sync_runs().await;
    let abandoned = history["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .filter(|run| run["error"] == billing_sync_server::sponsorships::ABANDONED)
        .count();
    println!(
        "sponsorship sync under faults ({}): {} rounds, {} runs, {} faults injected {:?}, {} runs killed, \
         {} process restarts, {} runs killed mid-run, lost = {}, duplicated = {}, mails missing = {}, \
         mails sent twice = {}, {:.1} s",
        interrupt.name(), ROUNDS, figures.runs, faults, injected, figures.kills, self_hosted.restarts,
        abandoned, figures.lost, figures.duplicated, figures.mails_missing, figures.mails_twice,
        started.elapsed().as_secs_f64()
    );
    if interrupt == Interrupt::KillProcess {
        assert_eq!(
            self_hosted.restarts, figures.kills,
            "every kill was a real process kill"
        );
        assert!(abandoned > 0, "some kills landed in the middle of a run");
    }
    assert!(faults >= ROUNDS as usize, "faults were injected");
    assert_eq!(
        (
            figures.lost,
            figures.duplicated,
            figures.mails_missing,
            figures.mails_twice
        ),
        (0, 0, 0, 0)
    );
}

#[tokio::test]
async fn license_sync_survives_a_failing_cloud_and_killed_runs() {
    license_rounds(Interrupt::CutRequest).await;
}

#[tokio::test]
async fn license_sync_survives_a_failing_cloud_and_a_killed_self_hosted_process() {
    license_rounds(Interrupt::KillProcess).await;
}

async fn license_rounds(interrupt: Interrupt) {
    let started = std::time::Instant::now();
    let proxy = FaultProxy::start().await;
    let route = |cloud_base: &str| proxy.route(cloud_base);
    let pair = Pair::start_full(Duration::from_secs(86_400), Some(&route)).await;
    let mut self_hosted = SelfHosted::start(&pair, interrupt).await;
    let path = format!("/api/organizations/licenses/self-hosted/{}/sync", pair.org);
    let (mut runs, mut kills) = (0, 0);
    let mut last_sync = String::new();
    for seed in 0..ROUNDS {
        let mut rng = StdRng::seed_from_u64(1000 + seed);
        for _ in 0..rng.gen_range(1..=3) {
            let kill = plan_faults(&proxy, &mut rng, interrupt);
            kills += usize::from(kill.is_some());
            runs += 1;
            self_hosted.run(&path, kill).await;
        }
        proxy.plan(Vec::new());
        let (status, answer) = self_hosted.clean_run(&path).await;
        runs += 1;
        assert_eq!(
            status, 200,
            "seed {seed}: the clean license sync works: {answer}"
        );
        let connections: Value = pair
            .server
            .get(
                &format!("/api/organizations/connections/{}/1", pair.org),
                &pair.owner,
            )
            .await
            .json()
            .await
            .unwrap();
        let synced = connections["config"]["LastLicenseSync"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            !synced.is_empty() && synced >= last_sync,
            "seed {seed}: {connections}"
        );
        last_sync = synced;
        let profile: Value = pair
            .server
            .get("/api/accounts/profile", &pair.owner)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            profile["organizations"].as_array().map(Vec::len),
            Some(1),
            "one organization, not two"
        );
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "bounded in time"
        );
    }
    let injected = proxy.injected.lock().unwrap().clone();
    let faults: usize = injected.values().sum();
    println!(
        "license sync under faults ({}): {ROUNDS} rounds, {runs} runs, {faults} faults injected {injected:?}, \
         {kills} runs killed, {} process restarts, lost = 0, duplicated = 0, {:.1} s",
        interrupt.name(),
        self_hosted.restarts,
        started.elapsed().as_secs_f64()
    );
    assert!(faults >= ROUNDS as usize);
}

/// A pending offer of a new member, as the offer endpoint stores it.
fn offer(org: wire::OrganizationId, email: &str) -> Sponsorship {
    Sponsorship {
        id: wire::ids::SponsorshipId(uuid::Uuid::new_v4()),
        sponsoring_organization_id: Some(org),
        sponsoring_organization_user_id: wire::ids::OrganizationUserId(uuid::Uuid::new_v4()),
        sponsored_organization_id: None,
        friendly_name: Some(email.to_owned()),
        offered_to_email: Some(email.to_owned()),
        plan_sponsorship_type: Some(0),
        last_sync_date: None,
        valid_until: None,
        to_delete: false,
        is_admin_initiated: false,
    }
}
