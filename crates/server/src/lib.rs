//! Billing Sync server library: `app()` builds the router for a role,
//! `run()` serves it. `main.rs` only parses the command line.

pub mod admin;
pub mod auth;
pub mod client_crypto;
pub mod cloud_client;
pub mod config;
pub mod connections;
pub mod cors;
pub mod db;
pub mod error;
pub mod extract;
pub mod identity;
pub mod jobs;
pub mod licenses;
pub mod limits;
pub mod mail;
pub mod maintenance;
mod meta;
mod openapi;
pub mod organizations;
pub mod policy;
mod security_headers;
pub mod sponsorships;
pub mod state;
pub mod tokens;
mod web_assets;

use anyhow::Context;
use axum::extract::MatchedPath;
use axum::http::Request;
use axum::routing::get;
use axum::Router;
use config::{GlobalSettings, Role, ServeArgs};
use state::AppState;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tower_http::normalize_path::{NormalizePath, NormalizePathLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// Largest request body accepted anywhere (license uploads have their own, smaller limit).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Longest a request may take; covers a slow cloud behind a license sync.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Opens storage and builds the state for a server.
pub async fn build_state(
    role: Role,
    data_dir: &Path,
    database_url: &str,
    settings: GlobalSettings,
) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data dir {}", data_dir.display()))?;
    let db = db::connect_with(
        database_url,
        &db::settings::PoolSettings::from_settings(&settings)?,
    )
    .await?;
    let jobs = Arc::new(jobs::Jobs::new(
        db.clone(),
        jobs::JobSettings::from_settings(&settings)?,
    ));
    let keys = tokens::TokenKeys::load_or_create(&db).await?;
    let cloud = cloud_client::CloudClient::new(&settings)?;
    let license_verifier = load_license_verifier(&settings)?;
    let limits = limits::Limits::new(&limits::LimitSettings::from_settings(&settings)?);
    Ok(AppState {
        db,
        role,
        settings: Arc::new(settings),
        keys: Arc::new(keys),
        license_signer: Arc::new(tokio::sync::OnceCell::new()),
        license_verifier,
        cloud,
        limits: Arc::new(limits),
        demo_outbox: false,
        data_dir: data_dir.to_path_buf(),
        jobs,
        sponsorship_sync: state::SyncRequests::new(),
    })
}

/// The cloud certificate licenses are verified with
/// (`globalSettings__licenseCertificatePath`: the certificate `license-cert`
/// prints, or Bitwarden's `licensing.cer`; PEM or DER).
fn load_license_verifier(
    settings: &GlobalSettings,
) -> anyhow::Result<Option<Arc<licenses::signing::LicenseVerifier>>> {
    let Some(path) = settings.get("licenseCertificatePath") else {
        return Ok(None);
    };
    let bytes = std::fs::read(path)
        .with_context(|| format!("globalSettings__licenseCertificatePath: cannot read {path}"))?;
    let verifier = licenses::signing::LicenseVerifier::from_bytes(&bytes).with_context(|| {
        format!("globalSettings__licenseCertificatePath: {path} is not a license certificate")
    })?;
    Ok(Some(Arc::new(verifier)))
}

/// The API routes of a role, with their OpenAPI description.
fn api_router(role: Role) -> OpenApiRouter<AppState> {
    let common = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(meta::router())
        .merge(mail::router())
        .merge(identity::router())
        .merge(organizations::router())
        .merge(sponsorships::router())
        .merge(connections::router());
    match role {
        Role::Cloud => common
            .merge(identity::cloud_router())
            .merge(organizations::cloud_router())
            .merge(licenses::cloud_router())
            .merge(sponsorships::cloud_router()),
        Role::SelfHosted => common
            .merge(licenses::self_hosted_router())
            .merge(connections::self_hosted_router())
            .merge(sponsorships::self_hosted_router()),
    }
}

/// The whole HTTP application of a server.
pub fn app(state: AppState, web_dist: &Path) -> Router {
    let (api, mut document) = api_router(state.role).split_for_parts();
    openapi::add_shared_responses(&mut document);
    // Cross-origin access for embedding pages: /api, /identity and /embed
    // only, and only when vault origins are configured.
    let origins = cors::allowed_origins(
        state.settings.vault_uri.as_ref(),
        &state.settings.allowed_origins,
    );
    let frame_ancestors: Vec<String> = state
        .settings
        .vault_uri
        .iter()
        .map(security_headers::origin)
        .collect();
    let policy = security_headers::content_security_policy(web_dist, &frame_ancestors);
    // Built from origins and base64 hashes, so valid; if not, the strictest policy.
    let policy = Arc::new(
        axum::http::HeaderValue::from_str(&policy).unwrap_or_else(|_| {
            axum::http::HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'")
        }),
    );
    api.route(
        "/api/docs/openapi.json",
        get(openapi::document).layer(axum::Extension(Arc::new(document))),
    )
    .with_state(state)
    .layer(cors::layer(&origins))
    .merge(web_assets::router(web_dist, &origins))
    .layer(axum::middleware::from_fn(error::log_internal_errors))
    .layer(axum::middleware::from_fn_with_state(
        policy,
        security_headers::add,
    ))
    .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
    .layer(axum::middleware::from_fn(|request, next| {
        extract::refuse_oversized(MAX_BODY_BYTES, request, next)
    }))
    .layer(TimeoutLayer::with_status_code(
        axum::http::StatusCode::GATEWAY_TIMEOUT,
        REQUEST_TIMEOUT,
    ))
    // Outermost, so the span covers everything. It records the route
    // template, never the URI: ids and tokens in paths stay out of logs.
    .layer(
        TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map_or("(static)", MatchedPath::as_str);
            tracing::info_span!("request", method = %request.method(), route)
        }),
    )
}

/// The application as served: trailing slashes are trimmed before routing,
/// because Bitwarden's web client calls e.g. `…/connections/` and `…/sync/`.
/// Each request carries the client's address (login limits, `/demo/outbox`).
pub fn into_service(
    app: Router,
) -> axum::extract::connect_info::IntoMakeServiceWithConnectInfo<NormalizePath<Router>, SocketAddr>
{
    use tower::Layer;
    axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<SocketAddr>(
        NormalizePathLayer::trim_trailing_slash().layer(app),
    )
}

/// The running background tasks of a server.
pub struct Background {
    cancel: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    state: AppState,
}

impl Background {
    /// Asks the tasks to stop once their current work is done.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// Stops the tasks: a running job finishes (its batch applied and its
    /// run recorded) within the shutdown grace period; a job still running
    /// after it is abandoned, its lease given up and its run recorded as
    /// failed, so no run is left half-recorded.
    pub async fn stop(self) {
        self.cancel.cancel();
        let grace = self.state.jobs.settings().shutdown_grace;
        let mut tasks = self.tasks;
        let all = futures_join_all(&mut tasks);
        if tokio::time::timeout(grace, all).await.is_err() {
            tracing::warn!(
                grace_secs = grace.as_secs(),
                "a job was still running at the end of the shutdown grace period: abandoned"
            );
            for task in &tasks {
                task.abort();
            }
        }
        let released = self.state.jobs.release_all().await;
        if let Err(e) = sponsorships::settle_abandoned_runs(&self.state).await {
            tracing::warn!(error = %e, "cannot record abandoned runs");
        }
        if let Err(e) = released {
            tracing::warn!(error = %e, "cannot release this replica's job leases");
        }
    }
}

/// Waits for every task (in turn: they all run meanwhile).
async fn futures_join_all(tasks: &mut [tokio::task::JoinHandle<()>]) {
    for task in tasks {
        let _ = task.await;
    }
}

/// Starts the background tasks of a server: mail delivery (when SMTP is
/// configured); on a self-hosted server the scheduled sponsorship sync (an
/// interval alone means a random first run within it); on both the
/// sponsorship cleanup, and on the cloud the re-validation of sponsored
/// organizations. Stop them with [`Background::stop`].
pub fn start_background_tasks(
    state: &AppState,
    intervals: &config::JobIntervals,
) -> anyhow::Result<Background> {
    let cancel = CancellationToken::new();
    let mut tasks = Vec::new();
    match mail::SmtpSettings::from_settings(&state.settings)? {
        Some(smtp) => {
            tracing::info!(host = %smtp.host, port = smtp.port, "mail goes out over SMTP");
            tasks.push(tokio::spawn(mail::deliver_forever(
                state.db.clone(),
                smtp,
                Duration::from_secs(2),
                cancel.clone(),
            )));
        }
        None => tracing::info!("no SMTP host configured: mail is kept in the outbox"),
    }
    tasks.push(tokio::spawn(maintenance::purge_forever(
        state.db.clone(),
        maintenance::Retention::from_settings(&state.settings)?,
        state.limits.clone(),
        cancel.clone(),
    )));
    if state.role == Role::SelfHosted {
        tasks.push(tokio::spawn(sponsorships::schedule::schedule_forever(
            state.clone(),
            intervals.sponsorship_sync,
            cancel.clone(),
        )));
    }
    use sponsorships::store::MaintenanceJob;
    tasks.push(tokio::spawn(sponsorships::maintenance::schedule_forever(
        state.clone(),
        MaintenanceJob::Cleanup,
        intervals.sponsorship_cleanup,
        cancel.clone(),
    )));
    if state.role == Role::Cloud {
        tasks.push(tokio::spawn(sponsorships::maintenance::schedule_forever(
            state.clone(),
            MaintenanceJob::Revalidation,
            intervals.sponsorship_validation,
            cancel.clone(),
        )));
    }
    Ok(Background {
        cancel,
        tasks,
        state: state.clone(),
    })
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn run(
    args: ServeArgs,
    data_dir: PathBuf,
    database_url: String,
    settings: GlobalSettings,
) -> anyhow::Result<()> {
    let mut state = build_state(args.role, &data_dir, &database_url, settings).await?;
    state.demo_outbox = args.demo_outbox;
    let background = start_background_tasks(&state, &args.job_intervals())?;
    let app = app(state, &args.web_dist);
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    tracing::info!(role = ?args.role, address = %args.listen, "billing sync server listening");
    if args.demo_outbox {
        tracing::warn!(
            "--demo-outbox: /demo/outbox shows redeem links; it answers only clients on this machine (loopback)"
        );
    }
    axum::serve(listener, into_service(app))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    background.stop().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
