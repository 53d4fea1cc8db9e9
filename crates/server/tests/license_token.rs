//! License tokens (contract §2.4, §2.6) through a self-hosted server's
//! upload: the claims replace the JSON fields, every broken token is refused
//! with the library's reason, the legacy path still works, and the cloud's
//! certificate is read in DER (Bitwarden's `.cer`).

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64_URL;
use base64::Engine;
use billing_sync_server::licenses::signing::LicenseSigner;
use common::uploads::{create_org, upload};
use common::{self_hosted, Cloud};
use serde_json::Value;
use wire::licenses::OrganizationLicense;

/// The cloud's settings with its certificate as a DER `.cer` file.
fn settings_with_der_certificate(cloud: &Cloud, signer: &LicenseSigner) -> Vec<(String, String)> {
    let path = cloud.acme.server.data_dir.join("licensing.cer");
    std::fs::write(&path, signer.certificate_der().unwrap()).unwrap();
    let mut settings = cloud.settings();
    for (name, value) in &mut settings {
        if name == "licenseCertificatePath" {
            *value = path.display().to_string();
        }
    }
    settings
}

/// The token with one claim's value replaced, the signature left as it was.
fn forge_claim(token: &str, claim: &str, value: &str) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts");
    let mut claims: Value = serde_json::from_slice(&B64_URL.decode(parts[1]).unwrap()).unwrap();
    claims[claim] = Value::from(value);
    let payload = B64_URL.encode(serde_json::to_vec(&claims).unwrap());
    format!("{}.{payload}.{}", parts[0], parts[2])
}

fn signed(signer: &LicenseSigner, license: &OrganizationLicense) -> OrganizationLicense {
    let mut copy = license.clone();
    signer.sign(&mut copy).unwrap();
    copy
}

#[tokio::test]
async fn token_licenses_apply_their_claims_and_broken_tokens_are_refused() {
    let cloud = Cloud::start().await;
    let signer = cloud.acme.server.license_signer().await;
    let (server, owner) = self_hosted(&settings_with_der_certificate(&cloud, &signer)).await;
    let good = cloud.license_for(&cloud.installation.0).await;
    let token = good.token.clone().expect("the cloud issues a token");
    let org = create_org(&server, &owner, &good).await;
    let update = format!("/api/organizations/licenses/self-hosted/{org}");
    let file = server
        .data_dir
        .join("licenses/organization")
        .join(format!("{org}.json"));
    let stored =
        || -> Value { serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap() };
    assert_eq!(stored()["Token"], Value::from(token.as_str()));

    // Fields edited by hand next to a valid token: the token's terms apply
    // (Bitwarden copies the claims over the fields before checking).
    let mut edited = good.clone();
    edited.seats = Some(5000);
    edited.name = Some("Edited by hand".into());
    edited.version = 17;
    let response = upload(
        &server,
        &owner,
        &update,
        serde_json::to_vec(&edited).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(stored()["Seats"], Value::from(good.seats.unwrap()));
    assert_eq!(stored()["Name"], Value::from(good.name.clone().unwrap()));
    let before = std::fs::read_to_string(&file).unwrap();

    let other_dir = tempfile::tempdir().unwrap();
    let other_pool =
        billing_sync_server::db::connect(&billing_sync_server::db::sqlite_url(other_dir.path()))
            .await
            .unwrap();
    let other_signer = LicenseSigner::load_or_create(&other_pool, other_dir.path())
        .await
        .unwrap();
    let now = chrono::Utc::now();
    let with_token = |token: String| OrganizationLicense {
        token: Some(token),
        ..good.clone()
    };
    let mut disabled = good.clone();
    disabled.enabled = false;
    let cases: Vec<(&str, OrganizationLicense, &str)> = vec![
        (
            "forged seats claim",
            with_token(forge_claim(&token, "Seats", "5000")),
            "Invalid license. InvalidSignature",
        ),
        (
            "signed by another key",
            signed(&other_signer, &good),
            "Invalid license. InvalidSignature",
        ),
        (
            "not a JWT",
            with_token("not-a-token".into()),
            "Invalid license. InvalidToken",
        ),
        (
            "expired token",
            signed(
                &signer,
                &OrganizationLicense {
                    issued: now - chrono::Duration::days(400),
                    ..good.clone()
                },
            ),
            "Invalid license. ExpiredSignature",
        ),
        (
            "token not valid yet",
            signed(
                &signer,
                &OrganizationLicense {
                    issued: now + chrono::Duration::hours(1),
                    ..good.clone()
                },
            ),
            "Invalid license. ImmatureSignature",
        ),
        (
            "token for another organization",
            OrganizationLicense {
                id: wire::OrganizationId(uuid::Uuid::new_v4()),
                ..good.clone()
            },
            "Invalid license. InvalidAudience",
        ),
        (
            "disabled in the claims",
            signed(&signer, &disabled),
            "Invalid license. Your cloud-hosted organization is currently disabled.",
        ),
    ];
    for (what, license, expected) in cases {
        let response = upload(
            &server,
            &owner,
            &update,
            serde_json::to_vec(&license).unwrap(),
        )
        .await;
        assert_eq!(response.status(), 400, "{what}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["message"], expected, "{what}: {body}");
        assert_eq!(body["code"], "licenseInvalid", "{what}: {body}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            before,
            "{what} changed the stored license"
        );
    }

    // A license without a token still verifies the legacy way.
    let legacy = OrganizationLicense {
        token: None,
        ..good.clone()
    };
    let response = upload(
        &server,
        &owner,
        &update,
        serde_json::to_vec(&legacy).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(stored()["Token"], Value::Null);
}
