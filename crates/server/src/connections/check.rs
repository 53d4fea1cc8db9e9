//! Check connection (self-hosted): runs each step between this installation
//! and the cloud on its own and reports every result, so an administrator
//! sees which one fails and why instead of Sync license's one message.
//!
//! Steps that need an earlier one are skipped when it failed (no token
//! request to an identity server that does not answer). The two "last sync"
//! steps read local records and always run. Nothing reported is a secret:
//! the billing sync token and the installation key are used, never shown.

use super::{rules, store as connections};
use crate::cloud_client::CloudError;
use crate::error::ApiResult;
use crate::licenses::self_hosted::read_license_file;
use crate::policy::{can, OrgAccess};
use crate::sponsorships::store as sponsorships;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use wire::connection_check::{
    CheckStatus, CheckStep, CheckStepName as Step, ConnectionCheckResponse,
};
use wire::connections::OrganizationConnectionType;
use wire::error::ErrorCode;
use wire::licenses::OrganizationLicense;
use wire::OrganizationId;

/// POST /api/organizations/{id}/cloud-connection/check — run Check connection (owners and admins).
#[utoipa::path(post, path = "/api/organizations/{id}/cloud-connection/check", tag = "connections", security(("bearer" = [])),
    params(("id" = String, Path, description = "self-hosted organization id")),
    responses((status = 200, description = "every step with its result", body = ConnectionCheckResponse),
              (status = 404, description = "not an owner or admin, or not a self-hosted server", body = wire::ErrorResponse)))]
pub async fn check_cloud_connection(
    State(state): State<AppState>,
    access: OrgAccess<can::CheckCloudConnection>,
) -> ApiResult<Json<ConnectionCheckResponse>> {
    let mut steps = Vec::with_capacity(Step::ALL.len());
    let settings = settings_step(&state);
    let settings_ok = passed(&settings);
    steps.push(settings);

    let identity = match settings_ok {
        true => reachable(&state, Step::IdentityReachable, state.cloud.identity_uri()).await,
        false => CheckStep::skipped(Step::IdentityReachable),
    };
    let installation = match passed(&identity) {
        true => installation_step(&state).await,
        false => CheckStep::skipped(Step::InstallationAccepted),
    };
    let api = match settings_ok {
        true => reachable(&state, Step::ApiReachable, state.cloud.api_uri()).await,
        false => CheckStep::skipped(Step::ApiReachable),
    };
    let cloud_ready = passed(&installation) && passed(&api);
    steps.extend([identity, installation, api]);

    let connection = connections::find_for_org(
        &state.db,
        access.org,
        OrganizationConnectionType::CloudBillingSync,
    )
    .await?;
    let config = connection
        .as_ref()
        .and_then(|c| rules::billing_sync_config(c).ok());
    let cloud_license = match (&config, cloud_ready) {
        (None, _) => Err(CheckStep::fail(
            Step::BillingSyncToken,
            ErrorCode::BillingSyncNotSetUp,
            &[],
        )),
        (Some(_), false) => Err(CheckStep::skipped(Step::BillingSyncToken)),
        (Some(config), true) => fetch_license(&state, access.org, config).await?,
    };
    match cloud_license {
        Ok(cloud) => {
            steps.push(CheckStep::pass(Step::BillingSyncToken, &[]));
            let local = read_license_file(&state, access.org).await;
            steps.push(license_step(local.as_ref(), &cloud));
        }
        Err(step) => {
            steps.push(step);
            steps.push(CheckStep::skipped(Step::LicenseMatches));
        }
    }
    steps.push(match config.and_then(|c| c.last_license_sync) {
        Some(date) => CheckStep::pass(Step::LastLicenseSync, &[("date", date.to_rfc3339())]),
        None => CheckStep::fail(Step::LastLicenseSync, ErrorCode::LicenseNeverSynced, &[]),
    });
    steps.push(last_sponsorship_sync(&state, access.org).await?);
    Ok(Json(ConnectionCheckResponse::new(steps, crate::db::now())))
}

fn passed(step: &CheckStep) -> bool {
    step.status == CheckStatus::Pass
}

/// Cloud communication on, an installation id and key, and the URIs in use
/// with where the switch was set.
fn settings_step(state: &AppState) -> CheckStep {
    let settings = &state.settings;
    let source = match settings.origin.of(settings, "enableCloudCommunication") {
        Some(true) => "environment".to_owned(),
        Some(false) => settings
            .origin
            .env_file
            .as_ref()
            .map_or_else(|| "settings".to_owned(), |p| p.display().to_string()),
        None => "default".to_owned(),
    };
    if !settings.enable_cloud_communication {
        return CheckStep::fail(
            Step::Settings,
            ErrorCode::CloudCommunicationDisabled,
            &[("source", source)],
        );
    }
    let missing = match (settings.installation_id, &settings.installation_key) {
        (Some(_), Some(_)) => None,
        (None, Some(_)) => Some("id"),
        (Some(_), None) => Some("key"),
        (None, None) => Some("id and key"),
    };
    if let Some(missing) = missing {
        return CheckStep::fail(
            Step::Settings,
            ErrorCode::InstallationNotConfigured,
            &[("missing", missing.to_owned()), ("source", source)],
        );
    }
    CheckStep::pass(
        Step::Settings,
        &[
            ("region", settings.cloud_region.name().to_owned()),
            ("identity", settings.identity_uri.to_string()),
            ("api", settings.api_uri.to_string()),
            ("source", source),
        ],
    )
}

/// Any HTTP answer from `uri` passes: whether requests are accepted is the
/// next steps' question.
async fn reachable(state: &AppState, step: Step, uri: &url::Url) -> CheckStep {
    match state.cloud.probe(uri).await {
        Ok(_) => CheckStep::pass(step, &[("uri", uri.to_string())]),
        Err(e) => failed(step, &e),
    }
}

async fn installation_step(state: &AppState) -> CheckStep {
    match state
        .cloud
        .installation_token(wire::identity::scopes::API_LICENSING)
        .await
    {
        Ok(_) => CheckStep::pass(
            Step::InstallationAccepted,
            &[("region", state.settings.cloud_region.name().to_owned())],
        ),
        Err(e) => failed(Step::InstallationAccepted, &e),
    }
}

async fn fetch_license(
    state: &AppState,
    org: OrganizationId,
    config: &wire::connections::BillingSyncConfig,
) -> ApiResult<Result<OrganizationLicense, CheckStep>> {
    // A database error is the server's failure, not a step's: it answers 500.
    let Some(cloud_org) = config.cloud_organization_id else {
        let step = CheckStep::fail(Step::BillingSyncToken, ErrorCode::BillingSyncNotSetUp, &[]);
        return Ok(Err(step));
    };
    let license_key = crate::organizations::store::find(&state.db, org)
        .await?
        .and_then(|o| o.license_key);
    Ok(state
        .cloud
        .fetch_license(
            cloud_org,
            license_key.as_ref().map(wire::Secret::expose),
            &config.billing_sync_key,
        )
        .await
        .map_err(|e| failed(Step::BillingSyncToken, &e)))
}

/// A failed step with the cloud error's code and message values.
fn failed(step: Step, error: &CloudError) -> CheckStep {
    let (code, args) = error.code();
    CheckStep::fail(step, code, &args)
}

/// The cloud's license against the one in use here, field by field in the
/// order an administrator cares about.
fn license_step(local: Option<&OrganizationLicense>, cloud: &OrganizationLicense) -> CheckStep {
    // Compared by day: the stored license keeps whole seconds, the cloud's
    // answer carries fractions of them, and no administrator acts on less.
    let show_date = |d: Option<wire::DateTime>| {
        d.map_or_else(|| "never".to_owned(), |d| d.date_naive().to_string())
    };
    let show_seats = |s: Option<i32>| s.map_or_else(|| "unlimited".to_owned(), |s| s.to_string());
    let Some(local) = local else {
        return CheckStep::fail(
            Step::LicenseMatches,
            ErrorCode::LicenseOutOfDate,
            &[
                ("field", "license".to_owned()),
                ("local", "none".to_owned()),
                ("cloud", cloud.plan.clone().unwrap_or_default()),
            ],
        );
    };
    let differences = [
        ("seats", show_seats(local.seats), show_seats(cloud.seats)),
        (
            "expires",
            show_date(local.expires),
            show_date(cloud.expires),
        ),
        (
            "plan",
            local.plan.clone().unwrap_or_default(),
            cloud.plan.clone().unwrap_or_default(),
        ),
        (
            "version",
            local.version.to_string(),
            cloud.version.to_string(),
        ),
    ];
    match differences.into_iter().find(|(_, l, c)| l != c) {
        Some((field, local, cloud)) => CheckStep::fail(
            Step::LicenseMatches,
            ErrorCode::LicenseOutOfDate,
            &[
                ("field", field.to_owned()),
                ("local", local),
                ("cloud", cloud),
            ],
        ),
        None => CheckStep::pass(
            Step::LicenseMatches,
            &[
                ("seats", show_seats(cloud.seats)),
                ("expires", show_date(cloud.expires)),
            ],
        ),
    }
}

/// The newest finished Free Families sync and its result.
async fn last_sponsorship_sync(state: &AppState, org: OrganizationId) -> ApiResult<CheckStep> {
    let since = wire::DateTime::UNIX_EPOCH;
    let runs = sponsorships::runs_since(&state.db, org, since).await?;
    let Some(run) = runs.into_iter().find(|r| r.finished_at.is_some()) else {
        return Ok(CheckStep::skipped(Step::LastSponsorshipSync));
    };
    let date = run.finished_at.unwrap_or(run.started_at).to_rfc3339();
    Ok(match run.error {
        None => CheckStep::pass(
            Step::LastSponsorshipSync,
            &[("date", date), ("sent", run.sent.to_string())],
        ),
        Some(message) => CheckStep::fail(
            Step::LastSponsorshipSync,
            ErrorCode::SponsorshipSyncFailed,
            &[("date", date), ("message", message)],
        ),
    })
}
