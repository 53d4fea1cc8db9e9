//! `cargo xtask demo`: builds the web module and the server, seeds demo data
//! once per role, and runs the cloud (:8080) and self-hosted (:8090) servers
//! until Ctrl-C / SIGTERM, then stops both.

use crate::process;
use crate::server::{self, Server};
use crate::stages::Stages;
use crate::{target_dir, tools, web};
use anyhow::{bail, Context, Result};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    for role in &ROLES {
        stages.run(&format!("seed {}", role.name), || seed_once(&bin, role))?;
    }
    let mut servers = stages.run("start servers", || start_servers(&bin))?;
    stages.print_summary();
    print_banner();
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

/// Seeds the role's data dir unless a previous run finished seeding it.
/// A dir without the marker holds a half-done seed, so it is started afresh.
fn seed_once(bin: &Path, role: &Role) -> Result<()> {
    let dir = data_dir(role);
    if dir.join(SEEDED_MARKER).exists() {
        println!("reusing {} (delete it to reseed)", dir.display());
        return Ok(());
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
    Ok(())
}

fn start_servers(bin: &Path) -> Result<Vec<Server>> {
    let mut servers = Vec::new();
    for role in &ROLES {
        let dir = data_dir(role);
        let addr = SocketAddr::from(([127, 0, 0, 1], role.port));
        if std::net::TcpStream::connect(addr).is_ok() {
            bail!(
                "port {} is already in use (another demo running?)",
                role.port
            );
        }
        let server = Server::start(
            bin,
            role.name,
            &dir,
            addr,
            &web::dist_dir(),
            &dir.join("server.log"),
        )?;
        servers.push(server);
    }
    for server in &mut servers {
        server.wait_alive(Duration::from_secs(60))?;
    }
    Ok(servers)
}

fn print_banner() {
    let mut lines = vec![
        "Billing Sync demo".to_string(),
        String::new(),
        "cloud        http://127.0.0.1:8080".to_string(),
        "self-hosted  http://127.0.0.1:8090".to_string(),
        String::new(),
        "logins (same on both servers; Acme org on the cloud):".to_string(),
    ];
    for u in &USERS {
        lines.push(format!(
            "  {:<17} {:<16} {:<13} {}",
            u.email, u.password, u.name, u.kdf
        ));
    }
    lines.push(String::new());
    lines.push(format!(
        "data and logs: {}/<role>/",
        target_dir().join("demo").display()
    ));
    lines.push("Ctrl-C stops both servers.".to_string());
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    println!("\n┌{}┐", "─".repeat(width + 2));
    for line in &lines {
        println!("│ {line:<width$} │");
    }
    println!("└{}┘", "─".repeat(width + 2));
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
        assert!(has_org(&ROLES[0]));
        assert!(!has_org(&ROLES[1]));
    }
}
