//! Authorization matrix: every authenticated route of each role × every kind
//! of caller, with the status Bitwarden's rules give (contract §0.2–0.3, §1):
//! - no token → 401 with an empty body, on every `/api` route but
//!   sponsorship `sync-status`, which Bitwarden leaves without `[Authorize]`
//!   (404 for anyone but the owner);
//! - owner-only (and owner-or-admin, member) organization routes → 404
//!   `Resource not found.` for callers the policy refuses;
//! - organization connection routes → 400 `You do not have permission to …`;
//! - installation routes → 403 (empty body) for user tokens and for an installation
//!   token with the wrong scope; user routes → 403 for installation tokens.
//!
//! The table must name every path of the role's OpenAPI document except the
//! anonymous ones, so a new route cannot be added without a permission row.
//!
//! Rows run top to bottom, and within a row the owner calls last: some rows
//! depend on earlier ones (an offer is made before it is resent or revoked;
//! the billing sync key is rotated only after the installation rows used it;
//! the owner's DELETE of the connection comes last).

mod common;

use billing_sync_server::auth::{Claims, TokenKeys};
use billing_sync_server::config::Role;
use billing_sync_server::connections::store::{self as connections, Connection, ConnectionConfig};
use billing_sync_server::identity::client_kdf;
use common::{Acme, Cloud, TestServer, PASSWORD};
use serde_json::Value;
use std::collections::BTreeSet;
use wire::ids::{ConnectionId, InstallationId};
use wire::kdf::KdfSettings;
use wire::Secret;

/// Who calls. `Case::expect` lists one outcome per caller, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    /// No `Authorization` header.
    Anonymous,
    /// Owner of the Acme organization.
    Owner,
    /// Admin of Acme.
    Admin,
    /// Plain member (user) of Acme.
    Member,
    /// Owner of another organization, not a member of Acme.
    Outsider,
    /// Installation client-credentials token with scope `api.installation`.
    Installation,
    /// Installation client-credentials token with scope `api.licensing`.
    Licensing,
}
use Caller::*;

/// Column order of `Case::expect`.
const COLUMNS: [Caller; 7] = [
    Anonymous,
    Owner,
    Admin,
    Member,
    Outsider,
    Installation,
    Licensing,
];
/// Order the callers run in: the owner last, so an owner's successful
/// change (e.g. a DELETE) cannot hide the others' refusals.
const RUN_ORDER: [Caller; 7] = [
    Anonymous,
    Admin,
    Member,
    Outsider,
    Installation,
    Licensing,
    Owner,
];

/// What a caller gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// 200.
    Ok,
    /// Not refused by authorization: 200, or 400 with a message that is not a
    /// permission refusal (used where real success needs more setup; each
    /// row says why).
    Allowed,
    /// 401 with an empty body.
    Unauth,
    /// 403 with an empty body.
    Forbidden,
    /// 404 `Resource not found.` (Bitwarden hides refused organizations).
    Hidden,
    /// 400 `You do not have permission to …` (organization connections).
    Denied,
    /// 401 `Unauthorized.` (a member the action needs more of; §1.3 list).
    Unauthorized,
    /// 400 `Only the owner of an organization can remove sponsorship.` (§1.3).
    NotOwner,
}
use Expect::{Allowed, Denied, Forbidden, Hidden, NotOwner, Ok as Okay, Unauth, Unauthorized};

/// A request body; `{placeholders}` are filled in as in paths.
enum Body {
    None,
    Json(&'static str),
    /// multipart/form-data with a `license` file holding `{}`.
    LicenseUpload,
}

/// One route: its OpenAPI path template (a query may follow `?`) and what
/// each caller of `COLUMNS` gets.
struct Case {
    method: &'static str,
    path: &'static str,
    body: Body,
    expect: [Expect; 7],
}

const fn case(method: &'static str, path: &'static str, body: Body, expect: [Expect; 7]) -> Case {
    Case {
        method,
        path,
        body,
        expect,
    }
}

const OFFER: &str =
    r#"{"planSponsorshipType":0,"sponsoredEmail":"friend@families.test","friendlyName":"Friend"}"#;
const CONNECTION: &str =
    r#"{"type":1,"organizationId":"{org}","enabled":true,"config":{"billingSyncKey":"some-key"}}"#;

/// Routes of both roles that come before the role's own rows.
#[rustfmt::skip] // one row per line reads as a table
fn common_head() -> Vec<Case> {
    vec![
        // case(method, path, body, [anonymous, owner, admin, member, outsider, installation, licensing])
        // User-scoped: any user (each reports its key id once: every caller is another user).
        case("GET", "/api/accounts/profile", Body::None, [Unauth, Okay, Okay, Okay, Okay, Forbidden, Forbidden]),
        case("GET", "/api/sync", Body::None, [Unauth, Okay, Okay, Okay, Okay, Forbidden, Forbidden]),
        case("GET", "/api/accounts/revision-date", Body::None, [Unauth, Okay, Okay, Okay, Okay, Forbidden, Forbidden]),
        case("POST", "/api/accounts/key-management/user-key-id", Body::Json(r#"{"userKeyId":"0123456789abcdef0123456789abcdef"}"#), [Unauth, Okay, Okay, Okay, Okay, Forbidden, Forbidden]),
        // Owners and admins.
        case("GET", "/api/organizations/{id}/subscription", Body::None, [Unauth, Okay, Okay, Hidden, Hidden, Forbidden, Forbidden]),
        // Owner only (§1.3 sync-status: not Owner → 404). It has no
        // `[Authorize]`: without a user token the caller is no owner, 404.
        case("GET", "/api/organization/sponsorship/{sponsoringOrgId}/sync-status", Body::None, [Hidden, Okay, Hidden, Hidden, Hidden, Hidden, Hidden]),
        // Any user (a bare boolean).
        case("GET", "/api/organizations/connections/enabled", Body::None, [Unauth, Okay, Okay, Okay, Okay, Forbidden, Forbidden]),
    ]
}

/// Connection routes (§1.4): owner only, refused with a 400 message. Last,
/// because the owner's DELETE removes the seeded connection. Only the
/// owner's GET differs by role (`owner_get`).
#[rustfmt::skip] // one row per line reads as a table
fn connection_rows(owner_get: Expect) -> Vec<Case> {
    vec![
        // Self-hosted owner: 200 with the seeded connection. Cloud owner: 400
        // `Cannot get a CloudBillingSync connection outside of a self-hosted instance.`
        case("GET", "/api/organizations/connections/{organizationId}/{type}", Body::None, [Unauth, owner_get, Denied, Denied, Denied, Forbidden, Forbidden]),
        // Owner: 400 duplicate (a connection is seeded), i.e. allowed.
        case("POST", "/api/organizations/connections", Body::Json(CONNECTION), [Unauth, Allowed, Denied, Denied, Denied, Forbidden, Forbidden]),
        // Owner: 400 `Cloud communication is disabled…` (self-hosted without a
        // cloud) or `Cannot create … outside of a self-hosted instance.` (cloud).
        case("PUT", "/api/organizations/connections/{organizationConnectionId}", Body::Json(CONNECTION), [Unauth, Allowed, Denied, Denied, Denied, Forbidden, Forbidden]),
        // Owner: 200, the seeded connection is deleted.
        case("DELETE", "/api/organizations/connections/{organizationConnectionId}", Body::None, [Unauth, Okay, Denied, Denied, Denied, Forbidden, Forbidden]),
    ]
}

#[rustfmt::skip] // one row per line reads as a table
fn cloud_cases() -> Vec<Case> {
    let mut cases = common_head();
    cases.extend([
        // case(method, path, body, [anonymous, owner, admin, member, outsider, installation, licensing])
        // Installation routes. Real successes: the body carries the org's current keys.
        case("POST", "/api/organization/sponsorship/sync", Body::Json(r#"{"billingSyncKey":"{billing_key}","sponsoringOrganizationCloudId":"{org}","sponsorshipsBatch":[]}"#), [Unauth, Forbidden, Forbidden, Forbidden, Forbidden, Okay, Forbidden]),
        case("GET", "/api/licenses/organization/{id}", Body::Json(r#"{"licenseKey":"{license_key}","billingSyncKey":"{billing_key}"}"#), [Unauth, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Okay]),
        // Owner only (§1.2, §1.1).
        case("GET", "/api/organizations/{id}/license?installationId={installation}", Body::None, [Unauth, Okay, Hidden, Hidden, Hidden, Forbidden, Forbidden]),
        case("GET", "/api/organizations/{id}/api-key-information", Body::None, [Unauth, Okay, Hidden, Hidden, Hidden, Forbidden, Forbidden]),
        case("GET", "/api/organizations/{id}/api-key-information/{type}", Body::None, [Unauth, Okay, Hidden, Hidden, Hidden, Forbidden, Forbidden]),
        case("POST", "/api/organizations/{id}/api-key", Body::Json(r#"{"type":1,"masterPasswordHash":"{hash}"}"#), [Unauth, Okay, Hidden, Hidden, Hidden, Forbidden, Forbidden]),
        // Any member of the sponsoring org (§1.3); each member makes an offer.
        case("POST", "/api/organization/sponsorship/{sponsoringOrgId}/families-for-enterprise", Body::Json(OFFER), [Unauth, Okay, Okay, Okay, Hidden, Forbidden, Forbidden]),
        // Any member resends their own offer (made by the row above).
        // NOTE: the contract table says ManageUsers for Bitwarden's
        // `?sponsoredFriendlyName=` resend (an admin resending a member's
        // offer); this route resends the caller's own offer, so membership is
        // enough (capability table: `ResendSponsorshipOffer`).
        case("POST", "/api/organization/sponsorship/{sponsoringOrgId}/families-for-enterprise/resend", Body::None, [Unauth, Okay, Okay, Okay, Hidden, Forbidden, Forbidden]),
        // Naming an offer: each member named their own "Friend", so all
        // resend; an outsider fails the ManageUsers requirement (§1.3), 403.
        // (sponsorship_admin.rs: a member naming another's offer gets 403.)
        case("POST", "/api/organization/sponsorship/{sponsoringOrgId}/families-for-enterprise/resend?sponsoredFriendlyName={sponsoredFriendlyName}", Body::None, [Unauth, Okay, Okay, Okay, Forbidden, Forbidden, Forbidden]),
        // Owner, Admin or ManageUsers (§1.3); a member without it, 401 `Unauthorized.`.
        case("GET", "/api/organization/sponsorship/{sponsoringOrgId}/sponsored", Body::None, [Unauth, Okay, Okay, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        // The sponsoring member revokes their own offer.
        // NOTE: contract §1.3 answers a non-member 400 `Can only revoke a
        // sponsorship you granted.`; this server answers 404 like every other
        // organization route, so outsiders cannot probe which organizations
        // exist (capability table: `RevokeSponsorship`).
        case("DELETE", "/api/organization/sponsorship/{sponsoringOrgId}", Body::None, [Unauth, Okay, Okay, Okay, Hidden, Forbidden, Forbidden]),
        // The legacy alias of the row above; the offers are gone by now, so
        // members get 400 `You are not currently sponsoring an organization.`.
        case("POST", "/api/organization/sponsorship/{sponsoringOrgId}/delete", Body::None, [Unauth, Allowed, Allowed, Allowed, Hidden, Forbidden, Forbidden]),
        // ManageUsers requirement (§1.3): 403 for anyone else. The offers were
        // revoked above, so owners and admins get 400 `The specified sponsored
        // organization could not be found…` (sponsorship_admin.rs revokes for real).
        case("DELETE", "/api/organization/sponsorship/{organizationId}/{sponsoredFriendlyName}/revoke", Body::None, [Unauth, Allowed, Allowed, Forbidden, Forbidden, Forbidden, Forbidden]),
        // The sponsored Families organization's owner (§1.3); Acme is not
        // sponsored, so its owner gets 400 `The requested organization is not
        // currently being sponsored.`; anyone else 400 `Only the owner …`.
        case("DELETE", "/api/organization/sponsorship/sponsored/{sponsoredOrgId}", Body::None, [Unauth, Allowed, NotOwner, NotOwner, NotOwner, Forbidden, Forbidden]),
        case("POST", "/api/organization/sponsorship/sponsored/{sponsoredOrgId}/remove", Body::None, [Unauth, Allowed, NotOwner, NotOwner, NotOwner, Forbidden, Forbidden]),
        // User-scoped: any logged-in user; an unknown token is simply invalid.
        case("POST", "/api/organization/sponsorship/validate-token?sponsorshipToken=nonsense", Body::None, [Unauth, Okay, Okay, Okay, Okay, Forbidden, Forbidden]),
        // User-scoped; 400 `Failed to parse sponsorship token.` (a real
        // redemption needs an e-mailed offer token and a Families org).
        case("POST", "/api/organization/sponsorship/redeem?sponsorshipToken=nonsense", Body::Json(r#"{"planSponsorshipType":0,"sponsoredOrganizationId":"{org}"}"#), [Unauth, Allowed, Allowed, Allowed, Allowed, Forbidden, Forbidden]),
        // Owner only. After the installation rows: it replaces the billing sync key.
        case("POST", "/api/organizations/{id}/rotate-api-key", Body::Json(r#"{"type":1,"masterPasswordHash":"{hash}"}"#), [Unauth, Okay, Hidden, Hidden, Hidden, Forbidden, Forbidden]),
    ]);
    cases.extend(connection_rows(Allowed));
    cases
}

#[rustfmt::skip] // one row per line reads as a table
fn self_hosted_cases() -> Vec<Case> {
    let mut cases = common_head();
    cases.extend([
        // case(method, path, body, [anonymous, owner, admin, member, outsider, installation, licensing])
        // User-scoped: any user may create an org from a license; the `{}`
        // license is refused with a 400 license message.
        case("POST", "/api/organizations/licenses/self-hosted", Body::LicenseUpload, [Unauth, Allowed, Allowed, Allowed, Allowed, Forbidden, Forbidden]),
        // Owner only; the owner's `{}` license is refused with a 400 license message.
        case("POST", "/api/organizations/licenses/self-hosted/{id}", Body::LicenseUpload, [Unauth, Allowed, Hidden, Hidden, Hidden, Forbidden, Forbidden]),
        // Owner only; with the seeded connection: 400 `Cloud communication is disabled…` (no cloud).
        case("POST", "/api/organizations/licenses/self-hosted/{id}/sync", Body::None, [Unauth, Allowed, Hidden, Hidden, Hidden, Forbidden, Forbidden]),
        // Any member of the sponsoring org; each member makes an offer.
        case("POST", "/api/organization/sponsorship/self-hosted/{sponsoringOrgId}/families-for-enterprise", Body::Json(OFFER), [Unauth, Okay, Okay, Okay, Hidden, Forbidden, Forbidden]),
        // The sponsoring member revokes their own (never synced) offer.
        // NOTE: contract §1.4 answers a non-member 400 `Unknown Organization
        // User`; this server answers 404 like every other organization route,
        // so outsiders cannot probe which organizations exist (capability
        // table: `RevokeSponsorship`).
        case("DELETE", "/api/organization/sponsorship/self-hosted/{sponsoringOrgId}", Body::None, [Unauth, Okay, Okay, Okay, Hidden, Forbidden, Forbidden]),
        // The legacy alias; the offers are gone: 400 `You are not currently sponsoring…`.
        case("POST", "/api/organization/sponsorship/self-hosted/{sponsoringOrgId}/delete", Body::None, [Unauth, Allowed, Allowed, Allowed, Hidden, Forbidden, Forbidden]),
        // Owners and admins (§1.4 ManageUsers, otherwise 401 `Unauthorized.`).
        case("GET", "/api/organization/sponsorship/self-hosted/{orgId}/sponsored", Body::None, [Unauth, Okay, Okay, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        // ManageUsers requirement: 403 for anyone else; owners and admins get
        // 400 `The specified sponsored organization could not be found…` (revoked above).
        case("DELETE", "/api/organization/sponsorship/self-hosted/{organizationId}/{sponsoredFriendlyName}/revoke", Body::None, [Unauth, Allowed, Allowed, Forbidden, Forbidden, Forbidden, Forbidden]),
        // Owner only: "Sync now" records a (failed, no cloud) run and returns it.
        case("POST", "/api/organization/sponsorship/self-hosted/{orgId}/sync", Body::None, [Unauth, Okay, Hidden, Hidden, Hidden, Forbidden, Forbidden]),
        // Owners and admins: the runs, and Check connection (every step fails or skips here: no cloud).
        case("GET", "/api/organization/sponsorship/self-hosted/{orgId}/sync-runs", Body::None, [Unauth, Okay, Okay, Hidden, Hidden, Forbidden, Forbidden]),
        case("POST", "/api/organizations/{id}/cloud-connection/check", Body::None, [Unauth, Okay, Okay, Hidden, Hidden, Forbidden, Forbidden]),
    ]);
    cases.extend(connection_rows(Okay));
    cases
}

/// Routes anyone may call (no permission row needed).
const ANONYMOUS: &[(&str, &str)] = &[
    ("GET", "/alive"),
    ("GET", "/api/config"),
    ("POST", "/identity/accounts/prelogin"),
    ("POST", "/identity/accounts/prelogin/password"),
    ("POST", "/identity/connect/token"),
    ("POST", "/identity/connect/revocation"),
    ("POST", "/identity/accounts/register"),
    ("POST", "/api/installations"),
    ("GET", "/api/installations/{id}"),
    ("GET", "/api/docs/openapi.json"),
    // Only served with `--demo-outbox` (404 otherwise).
    ("GET", "/demo/outbox"),
];

/// A server with Acme (owner, admin, member), an outsider owning another
/// org, tokens for every caller, and the values rows refer to.
struct World {
    server: TestServer,
    tokens: Vec<(Caller, String)>,
    vars: Vec<(&'static str, String)>,
}

impl World {
    fn token(&self, caller: Caller) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(c, _)| *c == caller)
            .map(|(_, t)| t.as_str())
    }

    fn fill(&self, template: &str) -> String {
        self.vars
            .iter()
            .fold(template.to_owned(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}

/// Logs the Acme admin, member and the outsider in at once (the KDF is slow).
async fn log_in_others(server: &TestServer) -> [(Caller, String); 3] {
    let (admin, member, outsider) = tokio::join!(
        server.login("admin@acme.test", PASSWORD),
        server.login("alice@acme.test", PASSWORD),
        server.login("eve@other.test", PASSWORD),
    );
    [(Admin, admin), (Member, member), (Outsider, outsider)]
}

/// Seeds a (disabled) billing sync connection for Acme; returns its id.
async fn seed_connection(server: &TestServer, org: &str) -> String {
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    let id = ConnectionId(uuid::Uuid::new_v4());
    let inserted = connections::insert(
        &pool,
        &Connection {
            id,
            organization_id: org.parse().unwrap(),
            connection_type: 1,
            enabled: false,
            config: ConnectionConfig::from_column(Some(
                r#"{"BillingSyncKey":"seeded","CloudOrganizationId":null,"LastLicenseSync":null}"#
                    .into(),
            )),
        },
    )
    .await
    .unwrap();
    assert!(inserted, "seeded connection");
    id.to_string()
}

fn org_vars(org: &str, connection: String) -> Vec<(&'static str, String)> {
    vec![
        ("id", org.to_owned()),
        ("orgId", org.to_owned()),
        ("organizationId", org.to_owned()),
        ("sponsoringOrgId", org.to_owned()),
        ("org", org.to_owned()),
        ("type", "1".to_owned()),
        ("organizationConnectionId", connection),
        ("sponsoredFriendlyName", "Friend".to_owned()),
        ("sponsoredOrgId", org.to_owned()),
    ]
}

async fn cloud_world() -> World {
    let cloud = Cloud::start().await;
    let org = cloud.acme.org.clone();
    let server = &cloud.acme.server;
    server
        .create_org("Globex", "enterprise", "eve@other.test")
        .await;
    let hash = tokio::task::spawn_blocking(|| {
        client_kdf::master_password_hash(
            &Secret::new(PASSWORD),
            "owner@acme.test",
            KdfSettings::default_pbkdf2(),
        )
        .unwrap()
        .expose()
        .to_owned()
    });
    let others = log_in_others(server).await;
    let (installation, key) = cloud.installation.clone();
    let mut tokens = vec![(Owner, cloud.owner.clone())];
    tokens.extend(others);
    for (caller, scope) in [
        (Installation, wire::identity::scopes::API_INSTALLATION),
        (Licensing, wire::identity::scopes::API_LICENSING),
    ] {
        let response = server
            .http
            .post(server.url("/identity/connect/token"))
            .form(&wire::identity::TokenRequestForm::installation(
                &installation,
                Secret::new(key.clone()),
                scope,
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "installation token {scope}");
        let body: Value = response.json().await.unwrap();
        tokens.push((caller, body["access_token"].as_str().unwrap().to_owned()));
    }
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    let org_row = billing_sync_server::organizations::store::find(&pool, org.parse().unwrap());
    let license_key = org_row.await.unwrap().unwrap().license_key.expect("a key");
    let license_key = license_key.expose().to_owned();
    let connection = seed_connection(server, &org).await;
    let mut vars = org_vars(&org, connection);
    vars.extend([
        ("hash", hash.await.unwrap()),
        ("billing_key", cloud.billing_key.clone()),
        ("license_key", license_key),
        ("installation", installation),
    ]);
    let Cloud { acme, .. } = cloud;
    World {
        server: acme.server,
        tokens,
        vars,
    }
}

async fn self_hosted_world() -> World {
    // A self-hosted server issues no installation tokens, so those callers
    // get tokens signed with the server's own key: validly signed, with the
    // installation scope, and still no user.
    let Acme { server, org } = Acme::start(Role::SelfHosted).await;
    server
        .create_org("Globex", "enterprise", "eve@other.test")
        .await;
    let (owner, others) = tokio::join!(
        server.login("owner@acme.test", PASSWORD),
        log_in_others(&server)
    );
    let mut tokens = vec![(Owner, owner)];
    tokens.extend(others);
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    let keys = TokenKeys::load_or_create(&pool).await.unwrap();
    for (caller, scope) in [
        (Installation, wire::identity::scopes::API_INSTALLATION),
        (Licensing, wire::identity::scopes::API_LICENSING),
    ] {
        let id = InstallationId(uuid::Uuid::new_v4());
        let claims = Claims::for_installation(id, &format!("installation.{id}"), &[scope]);
        tokens.push((caller, keys.sign(&claims).unwrap().expose().to_owned()));
    }
    let connection = seed_connection(&server, &org).await;
    World {
        server,
        tokens,
        vars: org_vars(&org, connection),
    }
}

/// Sends one request of `case` as `caller`; returns status and body text.
async fn call(world: &World, case: &Case, caller: Caller) -> (u16, String) {
    let url = world.server.url(&world.fill(case.path));
    let method = reqwest::Method::from_bytes(case.method.as_bytes()).unwrap();
    let mut request = world.server.http.request(method, url);
    if let Some(token) = world.token(caller) {
        request = request.bearer_auth(token);
    }
    request = match &case.body {
        Body::None => request,
        Body::Json(template) => request
            .header("content-type", "application/json")
            .body(world.fill(template)),
        Body::LicenseUpload => request.multipart(reqwest::multipart::Form::new().part(
            "license",
            reqwest::multipart::Part::bytes(b"{}".to_vec()).file_name("license.json"),
        )),
    };
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

const PERMISSION_PREFIX: &str = "You do not have permission to";
const NOT_OWNER: &str = "Only the owner of an organization can remove sponsorship.";

fn matches(expect: Expect, status: u16, body: &str) -> bool {
    match expect {
        Okay => status == 200,
        Allowed => {
            status == 200
                || (status == 400
                    && !message(body).is_empty()
                    && !message(body).starts_with(PERMISSION_PREFIX)
                    && message(body) != NOT_OWNER)
        }
        Unauth => status == 401 && body.is_empty(),
        Forbidden => status == 403 && body.is_empty(),
        Hidden => status == 404 && message(body) == "Resource not found.",
        Denied => status == 400 && message(body).starts_with(PERMISSION_PREFIX),
        Unauthorized => status == 401 && message(body) == "Unauthorized.",
        NotOwner => status == 400 && message(body) == NOT_OWNER,
    }
}

/// The authenticated operations of the OpenAPI document, as `METHOD path`.
async fn documented_operations(server: &TestServer) -> BTreeSet<String> {
    let doc: Value = server
        .http
        .get(server.url("/api/docs/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut operations = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "delete", "patch"] {
            if item.get(method).is_some() {
                operations.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    operations
}

fn operation(method: &str, path: &str) -> String {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    format!("{method} {path}")
}

async fn run_matrix(world: World, cases: Vec<Case>) {
    // Coverage: every documented route is anonymous or has a row, and every
    // row names a documented route.
    let documented = documented_operations(&world.server).await;
    let anonymous: BTreeSet<String> = ANONYMOUS.iter().map(|(m, p)| operation(m, p)).collect();
    let covered: BTreeSet<String> = cases.iter().map(|c| operation(c.method, c.path)).collect();
    // A route may have a row per query variant (e.g. resend, with and without a name).
    let rows: BTreeSet<String> = cases
        .iter()
        .map(|c| format!("{} {}", c.method, c.path))
        .collect();
    assert_eq!(rows.len(), cases.len(), "a route has two identical rows");
    let uncovered: Vec<_> = documented
        .iter()
        .filter(|op| !anonymous.contains(*op) && !covered.contains(*op))
        .collect();
    assert!(
        uncovered.is_empty(),
        "routes without a permission row in authz_matrix.rs: {uncovered:#?}"
    );
    let stale: Vec<_> = covered.difference(&documented).collect();
    assert!(stale.is_empty(), "rows for undocumented routes: {stale:#?}");

    // Anonymous routes really are: no 401 without a token.
    for op in anonymous.intersection(&documented) {
        let (method, path) = op.split_once(' ').unwrap();
        let path = path.replace("{id}", &uuid::Uuid::new_v4().to_string());
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = world
            .server
            .http
            .request(method, world.server.url(&path))
            .send()
            .await
            .unwrap();
        assert_ne!(response.status(), 401, "{op} should be anonymous");
    }

    let mut failures = Vec::new();
    for case in &cases {
        for caller in RUN_ORDER {
            let column = COLUMNS.iter().position(|c| *c == caller).unwrap();
            let expect = case.expect[column];
            let (status, body) = call(&world, case, caller).await;
            if !matches(expect, status, &body) {
                failures.push(format!(
                    "{} {} as {caller:?}: expected {expect:?}, got {status} {body}",
                    case.method, case.path
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} calls got the wrong answer:\n{}",
        failures.len(),
        cases.len() * COLUMNS.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cloud_authorization_matrix() {
    run_matrix(cloud_world().await, cloud_cases()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn self_hosted_authorization_matrix() {
    run_matrix(self_hosted_world().await, self_hosted_cases()).await;
}
