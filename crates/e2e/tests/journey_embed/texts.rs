//! The texts each module carries, as the server sends them: every binary
//! links only the texts its code names (`src/i18n/keys.rs`), so a screen's
//! words are in its own module and in no other one's. The standalone page's
//! first wasm has the login's, the embed's entry only its loading notices,
//! each screen group its own screens'.

use billing_sync_e2e::{Server, ServerRole};

/// Some of one screen's texts, as they appear in a module's bytes.
type Texts = &'static [&'static str];

/// A text only the login shows (`Key::LogInWithMasterPassword`), in English and Dutch.
const LOGIN: Texts = &[
    "Log in with master password",
    "Inloggen met hoofdwachtwoord",
];
/// Only the cloud Subscription screen's (`Key::RotateBillingSyncToken`).
const SUBSCRIPTION: Texts = &[
    "Rotate billing sync token",
    "Factureringssynchronisatietoken roteren",
];
/// Only the member's Families page's offer form (`Key::FriendlyNameHint`).
const FAMILIES: Texts = &[
    "Shown in the list below. Leave empty to use the email address.",
    "Wordt getoond in de lijst hieronder. Laat leeg om het e-mailadres te gebruiken.",
];
/// Only the offer page's (`Key::CreateAccountInstead`).
const REDEEM: Texts = &[
    "I have no account yet: create one",
    "Ik heb nog geen account: account aanmaken",
];
/// The entry's message when a group does not load (`Key::EmbedLoadFailed`).
const ENTRY: Texts = &["This screen could not be loaded from"];

/// The body of `path` as served, uncompressed (no `Accept-Encoding`).
async fn fetch(server: &Server, path: &str) -> anyhow::Result<Vec<u8>> {
    let response = reqwest::get(server.url(path)).await?;
    anyhow::ensure!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    Ok(response.bytes().await?.to_vec())
}

/// The first wasm the standalone login page names (`/billing-sync-web-<hash>_bg.wasm`).
fn first_wasm(page: &str) -> anyhow::Result<String> {
    let end = page
        .find("_bg.wasm")
        .ok_or_else(|| anyhow::anyhow!("the login page names no wasm: {page}"))?
        + "_bg.wasm".len();
    let start = page[..end]
        .rfind(['/', '"', '\''])
        .ok_or_else(|| anyhow::anyhow!("no start of the wasm's name in {page}"))?
        + 1;
    Ok(format!("/{}", &page[start..end]))
}

fn contains(haystack: &[u8], text: &str) -> bool {
    haystack.windows(text.len()).any(|w| w == text.as_bytes())
}

/// Checks that `module` holds every text of `own` and none of `foreign`.
fn holds_only(name: &str, module: &[u8], own: Texts, foreign: &[Texts]) -> anyhow::Result<()> {
    for text in own {
        anyhow::ensure!(contains(module, text), "{name} lacks its own text {text:?}");
    }
    for text in foreign.iter().flat_map(|texts| texts.iter()) {
        anyhow::ensure!(
            !contains(module, text),
            "{name} carries another screen's text {text:?}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn each_module_carries_its_own_texts_and_no_others() -> anyhow::Result<()> {
    let server = Server::start(ServerRole::Cloud, &[]).await?;
    let login_page = String::from_utf8(fetch(&server, "/login").await?)?;
    let first = fetch(&server, &first_wasm(&login_page)?).await?;
    holds_only(
        "the first wasm",
        &first,
        LOGIN,
        &[SUBSCRIPTION, FAMILIES, REDEEM],
    )?;

    let entry = fetch(&server, "/embed/v1/billing-sync_bg.wasm").await?;
    holds_only(
        "the entry",
        &entry,
        ENTRY,
        &[LOGIN, SUBSCRIPTION, FAMILIES, REDEEM],
    )?;

    // Each group: its own screen's texts, none of the other groups'.
    let groups: [(&str, Texts, [Texts; 2]); 3] = [
        ("subscription", SUBSCRIPTION, [FAMILIES, REDEEM]),
        ("families", FAMILIES, [SUBSCRIPTION, REDEEM]),
        ("redeem", REDEEM, [SUBSCRIPTION, FAMILIES]),
    ];
    for (name, own, foreign) in groups {
        let module = fetch(&server, &format!("/embed/v1/screens/{name}/{name}_bg.wasm")).await?;
        holds_only(&format!("the {name} group"), &module, own, &foreign)?;
    }
    Ok(())
}
