//! The Admin Console's Free Bitwarden Families list on the cloud, driven by
//! visible labels and roles only: two members have offered their
//! sponsorship; the admin opens the Admin Console (product switcher) →
//! Members → Free Bitwarden Families, sees both
//! offers as Sent, revokes one by name in English and the other in Dutch,
//! and the list ends empty ("No member families" / "Geen lid-families").
//! The members' own Families pages agree: nothing offered any more.

use anyhow::Context;
use billing_sync_e2e::{journey, log_in, Browser, Server, ServerRole, PASSWORD, WAIT};
use fantoccini::elements::Element;
use fantoccini::Locator;
use std::time::{Duration, Instant};

/// An XPath string literal for `text` (no text here holds both quote kinds).
fn literal(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

/// Elements with `role` (by tag or attribute) whose accessible name is
/// `name`: `aria-label`, else the text of the element `aria-labelledby`
/// names, else the visible text.
fn by_role(role: &str, name: &str) -> String {
    let tags = match role {
        "button" => "self::button or @role='button'",
        "link" => "self::a or @role='link'",
        "heading" => "self::h1 or self::h2 or self::h3",
        "dialog" => "@role='dialog'",
        "row" => "self::tr",
        other => panic!("no XPath for role {other}"),
    };
    let name = literal(name);
    format!(
        "//*[({tags}) and (@aria-label={name} \
         or (@aria-labelledby and @aria-labelledby=//*[normalize-space(.)={name}]/@id) \
         or (not(@aria-label) and not(@aria-labelledby) and normalize-space(.)={name}))]"
    )
}

async fn find_role(browser: &Browser, role: &str, name: &str) -> anyhow::Result<Element> {
    browser
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&by_role(role, name)))
        .await
        .with_context(|| format!("no {role} named {name:?} on the page"))
}

async fn press(browser: &Browser, role: &str, name: &str) -> anyhow::Result<()> {
    find_role(browser, role, name).await?.click().await?;
    Ok(())
}

/// Waits until the page's visible text contains `expected`.
async fn wait_for_words(browser: &Browser, expected: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + WAIT;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(body) = browser.client.find(Locator::Css("body")).await {
            last = body.text().await.unwrap_or_default();
            if last.contains(expected) {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the page never said {expected:?}; it says:\n{last}")
}

/// Waits until no element has `role` and `name`.
async fn wait_no_role(browser: &Browser, role: &str, name: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if browser
            .client
            .find_all(Locator::XPath(&by_role(role, name)))
            .await
            .map(|found| found.is_empty())
            .unwrap_or(false)
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the {role} named {name:?} stayed on the page")
}

/// The text of the table row whose first cell is `recipient`.
async fn row_text(browser: &Browser, recipient: &str) -> anyhow::Result<String> {
    let xpath = format!("//tr[normalize-space(td[1])={}]", literal(recipient));
    let row = browser
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&xpath))
        .await
        .with_context(|| format!("no row for {recipient}"))?;
    Ok(row.text().await?)
}

/// Saves a screenshot for the notes (`CONTRACT_SHOTS=dir`), besides the artifacts.
async fn shot(browser: &Browser, name: &str) -> anyhow::Result<()> {
    browser.check_screen(name).await?;
    if let Ok(dir) = std::env::var("CONTRACT_SHOTS") {
        let png = browser.client.screenshot().await?;
        std::fs::write(format!("{dir}/contract-{name}.png"), png)?;
    }
    Ok(())
}

async fn offer(cloud: &Server, org: &str, member: &str, recipient: &str) -> anyhow::Result<()> {
    let token = cloud.login_token(member, PASSWORD).await?;
    let (status, body) = cloud
        .post_json(
            &format!("/api/organization/sponsorship/{org}/families-for-enterprise"),
            &token,
            &serde_json::json!({"planSponsorshipType": 0, "sponsoredEmail": recipient, "friendlyName": recipient}),
        )
        .await?;
    anyhow::ensure!(
        status == 200,
        "{member} offers to {recipient}: {status} {body}"
    );
    Ok(())
}

/// Whether `member`'s profile still shows an offered sponsorship.
async fn still_offered(cloud: &Server, member: &str) -> anyhow::Result<bool> {
    let token = cloud.login_token(member, PASSWORD).await?;
    let (_, profile) = cloud.get_json("/api/accounts/profile", &token).await?;
    Ok(!profile["organizations"][0]["familySponsorshipFriendlyName"].is_null())
}

#[tokio::test]
async fn admin_lists_the_members_offers_and_revokes_them_by_name_in_english_and_dutch(
) -> anyhow::Result<()> {
    let cloud = Server::start(ServerRole::Cloud, &[]).await?;
    let org = cloud.seed_acme()?;
    offer(&cloud, &org, "alice@acme.test", "rita@family.test").await?;
    offer(&cloud, &org, "admin@acme.test", "ada@family.test").await?;
    let admin = Browser::start().await?;
    journey("member_families", &[&cloud], &admin, || async {
        log_in(&admin, &cloud.base, "admin@acme.test", PASSWORD).await?;
        // Vault → product switcher → Admin Console → Members → Free Bitwarden Families.
        admin.click_button("Switch products").await?;
        admin.click_link("Admin Console").await?;
        press(&admin, "button", "Members").await?;
        admin
            .link("Free Bitwarden Families", Some("Admin Console"))
            .await?
            .click()
            .await?;
        find_role(&admin, "heading", "Member families").await?;
        let rita = row_text(&admin, "rita@family.test").await?;
        anyhow::ensure!(
            rita.contains("Sent"),
            "Alice's offer is listed as Sent: {rita:?}"
        );
        let ada = row_text(&admin, "ada@family.test").await?;
        anyhow::ensure!(ada.contains("Sent"), "Adam's own offer too: {ada:?}");
        find_role(&admin, "button", "Resend email to rita@family.test").await?;
        shot(&admin, "member-families-en").await?;

        // English: revoke Alice's offer by its name.
        press(&admin, "button", "Remove rita@family.test").await?;
        let dialog = find_role(&admin, "dialog", "Remove sponsorship?").await?;
        let text = dialog.text().await?;
        anyhow::ensure!(
            text.contains("If you remove rita@family.test"),
            "the dialog names it: {text:?}"
        );
        shot(&admin, "member-families-confirm-en").await?;
        press(&admin, "button", "Remove").await?;
        wait_for_words(&admin, "Sponsorship removed").await?;
        wait_no_role(&admin, "button", "Remove rita@family.test").await?;
        anyhow::ensure!(
            !still_offered(&cloud, "alice@acme.test").await?,
            "Alice's offer is gone"
        );

        // Dutch: the same page, the other offer.
        press(&admin, "button", "NL").await?;
        find_role(&admin, "heading", "Lid-families").await?;
        let ada = row_text(&admin, "ada@family.test").await?;
        anyhow::ensure!(ada.contains("Verzonden"), "Sent in Dutch: {ada:?}");
        shot(&admin, "member-families-nl").await?;
        press(&admin, "button", "ada@family.test verwijderen").await?;
        find_role(&admin, "dialog", "Sponsoring verwijderen?").await?;
        press(&admin, "button", "Verwijderen").await?;
        wait_for_words(&admin, "Sponsoring verwijderd").await?;
        wait_for_words(&admin, "Geen lid-families").await?;
        shot(&admin, "member-families-empty-nl").await?;
        anyhow::ensure!(
            !still_offered(&cloud, "admin@acme.test").await?,
            "Adam's offer is gone"
        );
        Ok(())
    })
    .await?;
    admin.close().await
}
