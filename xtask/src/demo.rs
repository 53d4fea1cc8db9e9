//! `cargo xtask demo`: builds the web module and the server, seeds demo data
//! once per role, pairs the two servers (installation, license certificate,
//! `global.override.env`), and runs the cloud (:8080) and self-hosted (:8090)
//! servers until Ctrl-C / SIGTERM, then stops both. The example host page
//! that embeds the module is served on a third origin (:8070).

mod banner;
mod example_host;
mod pairing;

use crate::process;
use crate::server::{self, Server};
use crate::stages::Stages;
use crate::{target_dir, tools, web};
use anyhow::{bail, Context, Result};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const CLOUD_URL: &str = "http://127.0.0.1:8080";
pub const SELF_HOSTED_URL: &str = "http://127.0.0.1:8090";
/// The example host page (`www/embed-example.html`): its own origin, which
/// both servers allow cross-origin.
pub const EXAMPLE_HOST_URL: &str = "http://127.0.0.1:8070";
const EXAMPLE_HOST_PORT: u16 = 8070;
/// The self-hosted sponsorship sync runs daily in Bitwarden; every five
/// minutes here, so a demo sees it happen.
pub const SPONSORSHIP_SYNC_INTERVAL_SECS: u64 = 300;

/// A demo login, the same on both servers.
struct DemoUser {
    email: &'static str,
    name: &'static str,
    password: &'static str,
    kdf: &'static str,
}

/// Bob uses Argon2id so both client KDFs are exercised by the demo.
const USERS: [DemoUser; 4] = [
    DemoUser {
        email: "owner@acme.test",
        name: "Olivia Owner",
        password: "demo-pass-owner",
        kdf: "pbkdf2",
    },
    DemoUser {
        email: "admin@acme.test",
        name: "Adam Admin",
        password: "demo-pass-admin",
        kdf: "pbkdf2",
    },
    DemoUser {
        email: "alice@acme.test",
        name: "Alice Member",
        password: "demo-pass-alice",
        kdf: "pbkdf2",
    },
    DemoUser {
        email: "bob@acme.test",
        name: "Bob Member",
        password: "demo-pass-bob",
        kdf: "argon2id",
    },
];

/// One server of the demo.
struct Role {
    name: &'static str,
    port: u16,
}

const CLOUD: usize = 0;
const SELF_HOSTED: usize = 1;
const ROLES: [Role; 2] = [
    Role {
        name: "cloud",
        port: 8080,
    },
    Role {
        name: "self-hosted",
        port: 8090,
    },
];

/// Written into a data dir after its seed completed; its presence means
/// "reuse this data" on the next run.
const SEEDED_MARKER: &str = ".seeded";

pub fn run() -> Result<()> {
    process::install_signal_handlers();
    let mut stages = Stages::new();
    let outcome = setup_and_serve(&mut stages);
    if let Err(e) = &outcome {
        stages.print_summary();
        eprintln!("\ndemo failed: {e:#}");
    }
    outcome
}

fn setup_and_serve(stages: &mut Stages) -> Result<()> {
    stages.run("tools", || tools::ensure_tools(false, false))?;
    stages.run("web build", web::build_web)?;
    let bin = stages.run("server build", server::build_debug)?;
    let cloud = &ROLES[CLOUD];
    let self_hosted = &ROLES[SELF_HOSTED];
    if stages.run("seed cloud", || seed_once(&bin, cloud))? {
        forget_seed(self_hosted)?;
    }
    stages.run("seed self-hosted", || seed_once(&bin, self_hosted))?;
    let pairing = stages.run("pair servers", || {
        pairing::pair(
            &bin,
            &data_dir(cloud),
            &data_dir(self_hosted),
            &pairing::Urls {
                cloud: CLOUD_URL,
                self_hosted: SELF_HOSTED_URL,
                example_host: EXAMPLE_HOST_URL,
            },
        )
    })?;
    let mut servers = stages.run("start servers", || start_servers(&bin, &pairing))?;
    stages.run("example host", || {
        example_host::serve(
            SocketAddr::from(([127, 0, 0, 1], EXAMPLE_HOST_PORT)),
            &crate::project_root().join("www/embed-example.html"),
        )
    })?;
    stages.print_summary();
    banner::print(&banner::lines(&pairing, &target_dir().join("demo")));
    serve_until_interrupted(&mut servers)
}

fn data_dir(role: &Role) -> PathBuf {
    target_dir().join("demo").join(role.name)
}

/// The admin commands that build a role's demo data, in order. Extend here
/// when new features need demo data (installations, connections, …).
fn seed_steps(role: &Role) -> Vec<Vec<String>> {
    let mut steps: Vec<Vec<String>> = USERS
        .iter()
        .map(|u| {
            args(&[
                "user",
                "add",
                "--email",
                u.email,
                "--name",
                u.name,
                "--password",
                u.password,
                "--kdf",
                u.kdf,
            ])
        })
        .collect();
    if role.name == "cloud" {
        steps.push(args(&[
            "org",
            "create",
            "--name",
            "Acme",
            "--plan",
            "enterprise",
            "--seats",
            "50",
            "--owner",
            "owner@acme.test",
        ]));
        for (email, member_role) in [
            ("admin@acme.test", "admin"),
            ("alice@acme.test", "user"),
            ("bob@acme.test", "user"),
        ] {
            steps.push(args(&[
                "org",
                "add-member",
                "--org",
                "Acme",
                "--email",
                email,
                "--role",
                member_role,
            ]));
        }
    }
    steps
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// What is printed for a seed step: the command without its password.
fn step_label(step: &[String]) -> String {
    let mut shown = Vec::new();
    let mut hide_next = false;
    for arg in step {
        shown.push(if hide_next { "***" } else { arg.as_str() });
        hide_next = arg == "--password";
    }
    shown.join(" ")
}

/// Seeds the role's data dir unless a previous run finished seeding it, and
/// returns whether it seeded. A dir without the marker holds a half-done
/// seed, so it is started afresh.
fn seed_once(bin: &Path, role: &Role) -> Result<bool> {
    let dir = data_dir(role);
    if dir.join(SEEDED_MARKER).exists() {
        println!("reusing {} (delete it to reseed)", dir.display());
        return Ok(false);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("removing half-seeded {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for step in seed_steps(role) {
        server::admin(bin, &dir, &step_label(&step), &step)?;
    }
    std::fs::write(dir.join(SEEDED_MARKER), "").context("writing the seed marker")?;
    Ok(true)
}

/// A freshly seeded cloud has a new installation and signing key, so the
/// self-hosted server's licenses and billing sync token are void: it is
/// reseeded too.
fn forget_seed(role: &Role) -> Result<()> {
    let marker = data_dir(role).join(SEEDED_MARKER);
    if marker.exists() {
        println!(
            "the cloud was reseeded, so {} is reseeded too",
            data_dir(role).display()
        );
        std::fs::remove_file(&marker).with_context(|| format!("removing {}", marker.display()))?;
    }
    Ok(())
}

/// The flags a role's server gets on top of the common ones.
fn server_args(role: &Role, pairing: &pairing::Pairing) -> Vec<String> {
    let env_file = match role.name {
        "cloud" => &pairing.cloud_env,
        _ => &pairing.self_hosted_env,
    };
    let mut list = vec![
        "--env-file".to_string(),
        env_file.display().to_string(),
        "--demo-outbox".to_string(),
    ];
    if role.name == "self-hosted" {
        list.push("--sponsorship-sync-interval".to_string());
        list.push(SPONSORSHIP_SYNC_INTERVAL_SECS.to_string());
    }
    list
}

/// Starts the cloud, then the self-hosted server (which talks to the cloud),
/// each once the previous one answers `/alive`.
fn start_servers(bin: &Path, pairing: &pairing::Pairing) -> Result<Vec<Server>> {
    for role in &ROLES {
        let addr = SocketAddr::from(([127, 0, 0, 1], role.port));
        if std::net::TcpStream::connect(addr).is_ok() {
            bail!(
                "port {} is already in use (another demo running?)",
                role.port
            );
        }
    }
    let mut servers = Vec::new();
    for role in &ROLES {
        let dir = data_dir(role);
        let mut server = Server::start(
            bin,
            role.name,
            &dir,
            SocketAddr::from(([127, 0, 0, 1], role.port)),
            &web::dist_dir(),
            &dir.join("server.log"),
            &server_args(role, pairing),
        )?;
        server.wait_alive(Duration::from_secs(60))?;
        servers.push(server);
    }
    Ok(servers)
}

/// Keeps the servers running until a signal arrives or one of them dies.
fn serve_until_interrupted(servers: &mut [Server]) -> Result<()> {
    loop {
        if process::interrupted() {
            println!("\nstopping…");
            for server in servers.iter_mut() {
                server.stop();
            }
            return Ok(());
        }
        for server in servers.iter_mut() {
            if let Some(status) = server.exited()? {
                bail!(
                    "{} server exited ({status}); end of {}:\n{}",
                    server.role,
                    server.log.display(),
                    server.log_tail()
                );
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_labels_hide_passwords() {
        for role in &ROLES {
            for step in seed_steps(role) {
                let label = step_label(&step);
                assert!(USERS.iter().all(|u| !label.contains(u.password)), "{label}");
            }
        }
    }

    #[test]
    fn only_the_cloud_gets_the_acme_org() {
        let has_org = |role: &Role| seed_steps(role).iter().any(|s| s[0] == "org");
        assert!(has_org(&ROLES[CLOUD]));
        assert!(!has_org(&ROLES[SELF_HOSTED]));
    }

    #[test]
    fn servers_get_their_env_file_and_the_outbox() {
        let pairing = pairing::Pairing {
            installation: pairing::Installation {
                id: "id".to_string(),
                key: "key".to_string(),
            },
            cloud_env: PathBuf::from("/c.env"),
            self_hosted_env: PathBuf::from("/s.env"),
        };
        assert_eq!(
            server_args(&ROLES[CLOUD], &pairing),
            ["--env-file", "/c.env", "--demo-outbox"]
        );
        assert_eq!(
            server_args(&ROLES[SELF_HOSTED], &pairing),
            [
                "--env-file",
                "/s.env",
                "--demo-outbox",
                "--sponsorship-sync-interval",
                "300"
            ]
        );
    }
}
