//! The binary itself: start-up configuration errors, help, admin commands.

use std::process::{Command, Output};

fn server() -> Command {
    Command::new(env!("CARGO_BIN_EXE_billing-sync-server"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn invalid_settings_stop_the_server_and_name_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "globalSettings__baseServiceUri__cloudRegion=Mars\n",
            "globalSettings__baseServiceUri__cloudRegion",
        ),
        (
            "globalSettings__installation__id=not-a-uuid\n",
            "globalSettings__installation__id",
        ),
        (
            "globalSettings__installation__apiUri=api.bitwarden.eu\n",
            "globalSettings__installation__apiUri",
        ),
        (
            "globalSettings__enableCloudCommunication=yes\n",
            "globalSettings__enableCloudCommunication",
        ),
        (
            "globalSettings__billingSync__allowedOrigins=https://vault.example.com,vault.example.org\n",
            "globalSettings__billingSync__allowedOrigins",
        ),
        (
            "globalSettings__licenseCertificatePath=/nonexistent.pem\n",
            "globalSettings__licenseCertificatePath",
        ),
        (
            "globalSettings__mail__smtp__host=localhost\nglobalSettings__mail__smtp__port=smtp\n",
            "globalSettings__mail__smtp__port",
        ),
    ];
    for (text, setting) in cases {
        let env_file = dir.path().join("global.override.env");
        std::fs::write(&env_file, text).unwrap();
        let output = server()
            .args([
                "--role",
                "self-hosted",
                "--listen",
                "127.0.0.1:0",
                "--data-dir",
            ])
            .arg(dir.path().join("data"))
            .arg("--env-file")
            .arg(&env_file)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        assert!(!output.status.success(), "{setting} must stop the server");
        assert!(
            stderr(&output).contains(setting),
            "{setting}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn environment_variables_override_the_env_file() {
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join("global.override.env");
    std::fs::write(
        &env_file,
        "globalSettings__baseServiceUri__cloudRegion=Mars\n",
    )
    .unwrap();
    // The file's bad value is overridden by the environment, so the failure
    // (if any) must not be about the region.
    let output = server()
        .args(["--data-dir"])
        .arg(dir.path().join("data"))
        .arg("--env-file")
        .arg(&env_file)
        .args([
            "user",
            "add",
            "--email",
            "a@b.io",
            "--name",
            "A",
            "--password",
            "correct horse battery staple",
        ])
        .env("globalSettings__baseServiceUri__cloudRegion", "EU")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn help_explains_the_options_and_commands() {
    let output = server().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for needle in [
        "--role",
        "--listen",
        "--data-dir",
        "--database-url",
        "--env-file",
        "--web-dist",
        "--sponsorship-sync-interval",
        "user",
        "org",
        "installation",
        "license-cert",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}

#[test]
fn admin_commands_report_mistakes_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        server()
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    };
    let add = [
        "user",
        "add",
        "--email",
        "owner@acme.test",
        "--name",
        "O",
        "--password",
        "correct horse battery staple",
    ];
    assert!(run(&add).status.success());
    let again = run(&add);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    let missing_owner = run(&[
        "org",
        "create",
        "--name",
        "Acme",
        "--plan",
        "enterprise",
        "--seats",
        "5",
        "--owner",
        "nobody@acme.test",
    ]);
    assert!(
        stderr(&missing_owner).contains("no user with e-mail nobody@acme.test"),
        "{}",
        stderr(&missing_owner)
    );
    let created = run(&[
        "org",
        "create",
        "--name",
        "Acme",
        "--plan",
        "enterprise",
        "--seats",
        "5",
        "--owner",
        "owner@acme.test",
    ]);
    assert!(created.status.success());
    let id = String::from_utf8_lossy(&created.stdout).trim().to_owned();
    assert!(
        uuid::Uuid::parse_str(&id).is_ok(),
        "prints the org id: {id}"
    );
    let installation = run(&["installation", "create", "--email", "ops@acme.test"]);
    let text = String::from_utf8_lossy(&installation.stdout);
    assert!(
        text.contains("installation id:") && text.contains("installation key:"),
        "{text}"
    );
    let cert = run(&["license-cert"]);
    assert!(String::from_utf8_lossy(&cert.stdout).starts_with("-----BEGIN CERTIFICATE-----"));
    let cert_again = run(&["license-cert"]);
    assert_eq!(
        cert.stdout, cert_again.stdout,
        "the signing key is created once and kept"
    );
    let cer = dir.path().join("licensing.cer");
    let written = run(&["license-cert", "--der", cer.to_str().unwrap()]);
    assert!(written.status.success(), "{}", stderr(&written));
    let der = std::fs::read(&cer).unwrap();
    let pem_body: String = String::from_utf8_lossy(&cert.stdout)
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    assert_eq!(
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &der),
        pem_body,
        "--der writes the same certificate in DER"
    );
}
