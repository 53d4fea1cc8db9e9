//! Administrative commands of the binary (`user add`, `org create`, …). The
//! demo and the tests seed through these, so there is no private seeding path.

use crate::config::{
    Command, InstallationCommand, JobChoice, JobsCommand, KdfChoice, OrgCommand, PlanChoice, Role,
    RoleChoice, UserCommand,
};
use crate::db::Pool;
use crate::organizations::store::{self as orgs, Organization};
use crate::sponsorships::store::{MaintenanceJob, MaintenanceRun};
use crate::{build_state, config::GlobalSettings, identity};
use anyhow::{bail, Context};
use std::path::Path;
use wire::kdf::{normalize_email, KdfSettings};
use wire::organizations::{OrganizationUserType, PlanType};
use wire::OrganizationId;

/// Runs one admin command against the server's database.
pub async fn execute(
    command: Command,
    data_dir: &Path,
    database_url: &str,
    settings: GlobalSettings,
    role: Role,
) -> anyhow::Result<()> {
    let state = build_state(role, data_dir, database_url, settings).await?;
    match command {
        Command::User(UserCommand::Add {
            email,
            name,
            password,
            kdf,
        }) => {
            let kdf = match kdf {
                KdfChoice::Pbkdf2 => KdfSettings::default_pbkdf2(),
                KdfChoice::Argon2id => KdfSettings::default_argon2id(),
            };
            let id = identity::create_account(&state.db, &email, &name, password, kdf)
                .await?
                .with_context(|| format!("a user with e-mail {email} already exists"))?;
            println!("{id}");
        }
        Command::Org(OrgCommand::Create {
            name,
            plan,
            seats,
            owner,
        }) => {
            let id = create_org(&state.db, &name, plan, seats, &owner, role).await?;
            println!("{id}");
        }
        Command::Org(OrgCommand::AddMember {
            org,
            email,
            role: member_role,
        }) => {
            let org = resolve_org(&state.db, &org).await?;
            let user = find_user(&state.db, &email).await?;
            let role = match member_role {
                RoleChoice::Owner => OrganizationUserType::Owner,
                RoleChoice::Admin => OrganizationUserType::Admin,
                RoleChoice::User => OrganizationUserType::User,
            };
            // The admin's client would encrypt the organization key for the
            // new member; the server does it from escrow (organizations::keys).
            let key =
                crate::organizations::keys::member_key(&state.db, org.escrowed_key.as_ref(), user)
                    .await?;
            orgs::add_member(&state.db, org.id, user, role, key.as_ref())
                .await?
                .with_context(|| format!("{email} is already a member of {}", org.name))?;
            println!("added {email} to {} as {member_role:?}", org.name);
        }
        Command::Installation(InstallationCommand::Create { email }) => {
            let email = normalize_email(&email);
            anyhow::ensure!(
                identity::looks_like_email(&email),
                "{email:?} is not a valid e-mail address"
            );
            let (id, key) = identity::installations::create(&state.db, &email).await?;
            println!("installation id:  {id}");
            println!("installation key: {}", key.expose());
        }
        Command::Installation(InstallationCommand::Disable { id }) => {
            let id = id
                .parse()
                .with_context(|| format!("{id:?} is not an installation id"))?;
            anyhow::ensure!(
                identity::installations::set_enabled(&state.db, id, false).await?,
                "no installation with id {id}"
            );
            println!("installation {id} disabled");
        }
        Command::LicenseCert { der } => {
            let signer = crate::licenses::issue::signer(&state)
                .await
                .map_err(|e| anyhow::anyhow!("cannot load the license signing key: {e}"))?;
            match der {
                Some(path) => {
                    std::fs::write(&path, signer.certificate_der()?)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    println!("certificate written to {}", path.display());
                }
                None => print!("{}", signer.certificate_pem()?),
            }
        }
        Command::Jobs(JobsCommand::Runs { job, limit }) => {
            crate::sponsorships::settle_abandoned_runs(&state).await?;
            let runs = crate::sponsorships::store::maintenance_runs(
                &state.db,
                job.map(maintenance_job),
                limit,
            )
            .await?;
            if runs.is_empty() {
                println!("no maintenance runs recorded");
            }
            for run in &runs {
                println!("{}", describe_run(run));
            }
        }
        Command::Jobs(JobsCommand::Run { job }) => {
            let job = maintenance_job(job);
            anyhow::ensure!(
                job != MaintenanceJob::Revalidation
                    || wire::capabilities::allows(
                        wire::capabilities::Action::RevalidateSponsoredOrganizations,
                        &crate::policy::caller(&state)
                    ),
                "sponsored organizations exist only on the cloud: run this with --role cloud"
            );
            let run = crate::sponsorships::maintenance::run_once_exclusive(&state, job)
                .await?
                .with_context(|| {
                    format!(
                        "{} is running on a server now: try again when it has finished",
                        job.name()
                    )
                })?;
            println!("{}", describe_run(&run));
        }
    }
    Ok(())
}

fn maintenance_job(choice: JobChoice) -> MaintenanceJob {
    match choice {
        JobChoice::Cleanup => MaintenanceJob::Cleanup,
        JobChoice::Revalidation => MaintenanceJob::Revalidation,
    }
}

/// One line per run: when, which job, what it did, or why it failed.
fn describe_run(run: &MaintenanceRun) -> String {
    let c = &run.counts;
    let outcome = match (&run.error, run.finished_at) {
        (Some(error), _) => format!("failed: {error}"),
        (None, None) => "running".to_owned(),
        (None, Some(_)) => match run.job {
            MaintenanceJob::Cleanup => format!("deleted {}", c.deleted),
            MaintenanceJob::Revalidation => format!(
                "checked {}, renewed {}, ended {}",
                c.checked, c.renewed, c.ended
            ),
        },
    };
    format!(
        "{}  {:<24}  {outcome}",
        crate::db::ts(run.started_at),
        run.job.name()
    )
}

async fn create_org(
    pool: &Pool,
    name: &str,
    plan: PlanChoice,
    seats: u32,
    owner: &str,
    role: Role,
) -> anyhow::Result<OrganizationId> {
    if name.trim().is_empty() {
        bail!("the organization name must not be empty");
    }
    let owner = find_user(pool, owner).await?;
    let plan_type = match plan {
        PlanChoice::Enterprise => PlanType::ENTERPRISE_ANNUALLY,
        PlanChoice::Teams => PlanType::TEAMS_ANNUALLY,
        PlanChoice::Families => PlanType::FAMILIES_ANNUALLY,
    };
    let now = crate::db::now();
    let org = Organization {
        id: OrganizationId(uuid::Uuid::new_v4()),
        name: name.trim().to_owned(),
        business_name: None,
        billing_email: None,
        plan_type,
        seats: Some(seats),
        max_collections: None,
        max_storage_gb: Some(1),
        enabled: true,
        self_host: plan_type.tier() != wire::organizations::ProductTier::Free,
        license_key: Some(wire::Secret::new(crate::auth::random_token(22))),
        // A cloud organization is paid for a year from creation (no Stripe here).
        expiration_date: (role == Role::Cloud).then(|| now + chrono::Duration::days(365)),
        expiration_without_grace_period: None,
        escrowed_key: None,
    };
    let key = crate::organizations::keys::new_organization_key(pool, owner).await?;
    let org = Organization {
        escrowed_key: Some(key.escrowed),
        ..org
    };
    orgs::create_with_owner(pool, &org, owner, key.owner_key.as_ref()).await?;
    Ok(org.id)
}

async fn find_user(pool: &Pool, email: &str) -> anyhow::Result<wire::UserId> {
    identity::store::find_by_email(pool, &normalize_email(email))
        .await?
        .map(|u| u.id)
        .with_context(|| format!("no user with e-mail {email}; create it first with `user add`"))
}

async fn resolve_org(pool: &Pool, org: &str) -> anyhow::Result<Organization> {
    if let Ok(id) = org.parse::<OrganizationId>() {
        return orgs::find(pool, id)
            .await?
            .with_context(|| format!("no organization with id {id}"));
    }
    let mut matches = orgs::find_by_name(pool, org).await?;
    match matches.len() {
        0 => bail!("no organization named {org:?}"),
        1 => Ok(matches.remove(0)),
        n => bail!("{n} organizations are named {org:?}; use the id instead"),
    }
}
