//! The official Bitwarden CLI (`@bitwarden/cli` from npm, pinned in
//! `tools/package.json`, installed by `cargo xtask`) signs in to both roles:
//! login with a PBKDF2 and an Argon2id account, unlock check, sync, the
//! user's organizations by name, lock and unlock, logout; a wrong password
//! and an unknown account are refused. The CLI runs behind the e2e crate's
//! TLS terminator (`billing_sync_e2e::bw`, shared with the browser journey
//! that registers an account in the web module).

mod common;

use billing_sync_e2e::bw::{check_account, Bw, TlsTerminator};
use billing_sync_server::config::Role;
use common::{TestServer, PASSWORD};

async fn cli_signs_in_to(role: Role) -> anyhow::Result<()> {
    let server = TestServer::start(role).await;
    server.add_user("pat@acme.test", PASSWORD, "pbkdf2").await;
    server.add_user("ada@acme.test", PASSWORD, "argon2id").await;
    let acme = server
        .create_org("Acme", "enterprise", "pat@acme.test")
        .await;
    server.add_member(&acme, "ada@acme.test", "user").await;
    server
        .create_org("Pat's Family", "families", "pat@acme.test")
        .await;
    let terminator = TlsTerminator::start(&server.base).await?;

    check_account(
        &terminator,
        "pat@acme.test",
        PASSWORD,
        &["Acme", "Pat's Family"],
    )
    .await?;
    check_account(&terminator, "ada@acme.test", PASSWORD, &["Acme"]).await?;

    let bw = Bw::for_server(&terminator).await?;
    let wrong = bw.login("pat@acme.test", "not the password").await?;
    assert!(!wrong.ok, "a wrong password must not log in: {wrong}");
    // The CLI words the server's invalid_grant itself.
    assert!(
        wrong.stderr.contains("Invalid master password"),
        "the CLI's own refusal: {wrong}"
    );
    let unknown = bw.login("nobody@acme.test", PASSWORD).await?;
    assert!(!unknown.ok, "an unknown account must not log in: {unknown}");
    Ok(())
}

#[tokio::test]
async fn the_official_cli_signs_in_to_the_cloud() -> anyhow::Result<()> {
    cli_signs_in_to(Role::Cloud).await
}

#[tokio::test]
async fn the_official_cli_signs_in_to_a_self_hosted_server() -> anyhow::Result<()> {
    cli_signs_in_to(Role::SelfHosted).await
}

/// A Families organization whose key only its owner's client made (the
/// redeem page's way): the owner opens it in the CLI. A member the admin CLI
/// adds later has no copy of the key (nothing is escrowed): like a member
/// not yet confirmed in Bitwarden, the sync leaves the organization out, so
/// the CLI still signs in and syncs (a null key would fail its sync).
#[tokio::test]
async fn an_organization_keyed_by_its_owners_client_opens_in_the_cli() -> anyhow::Result<()> {
    use billing_sync_server::client_crypto::{self, SymmetricKey};
    use serde_json::{json, Value};
    let acme = common::Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let alice = server.login("alice@acme.test", PASSWORD).await;
    common::redeem::offer(server, &acme.org, &alice, "fran@family.test").await;
    server
        .add_user("fran@family.test", PASSWORD, "pbkdf2")
        .await;
    let fran = server.login("fran@family.test", PASSWORD).await;
    let profile: Value = server
        .get("/api/accounts/profile", &fran)
        .await
        .json()
        .await?;
    let public = profile["accountKeys"]["publicKeyEncryptionKeyPair"]["publicKey"]
        .as_str()
        .unwrap_or_default();
    let sealed = client_crypto::encrypt_for(
        &client_crypto::public_key(public)?,
        SymmetricKey::random().expose(),
    )?;
    let sponsorship = common::redeem::offer_token(server, "fran@family.test").await;
    let redeemed = server
        .post_json(
            &format!("/api/organization/sponsorship/redeem?sponsorshipToken={sponsorship}"),
            &fran,
            &json!({"planSponsorshipType": 0, "newOrganizationName": "Fran's family",
                "key": sealed.expose()}),
        )
        .await;
    assert_eq!(redeemed.status(), 200);
    let profile: Value = server
        .get("/api/accounts/profile", &fran)
        .await
        .json()
        .await?;
    let family = profile["organizations"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    server.add_user("gus@family.test", PASSWORD, "pbkdf2").await;
    server.add_member(&family, "gus@family.test", "user").await;

    let terminator = TlsTerminator::start(&server.base).await?;
    check_account(
        &terminator,
        "fran@family.test",
        PASSWORD,
        &["Fran's family"],
    )
    .await?;
    check_account(&terminator, "gus@family.test", PASSWORD, &[]).await
}
