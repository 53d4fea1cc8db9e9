//! `billing-sync-server`: parse the command line, set up logging, run.

use billing_sync_server::config::{Cli, GlobalSettings};
use billing_sync_server::{admin, run};
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "billing_sync_server=info,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match try_main(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn try_main(cli: Cli) -> anyhow::Result<()> {
    let settings = GlobalSettings::load(cli.env_file.as_deref())?;
    // DATABASE_URL, else Bitwarden's postgreSql__connectionString, else SQLite.
    let database_url = billing_sync_server::db::settings::database_url(
        cli.database_url.as_deref(),
        &settings,
        &cli.data_dir,
    )?;
    match cli.command {
        None => run(cli.serve, cli.data_dir, database_url, settings).await,
        Some(command) => {
            admin::execute(
                command,
                &cli.data_dir,
                &database_url,
                settings,
                cli.serve.role,
            )
            .await
        }
    }
}
