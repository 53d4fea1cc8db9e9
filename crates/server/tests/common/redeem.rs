//! Cloud offers taken all the way to a sponsored Families organization, for
//! the tests of what happens after redemption (admin list, removal by the
//! sponsored owner, the maintenance jobs). The offer token is read from the
//! cloud's mail outbox, where the offer e-mail waits without SMTP.

use super::{TestServer, PASSWORD};
use serde_json::{json, Value};

/// A member offers Free Families to `email` on the cloud.
pub async fn offer(server: &TestServer, org: &str, member: &str, email: &str) -> reqwest::Response {
    server
        .post_json(
            &format!("/api/organization/sponsorship/{org}/families-for-enterprise"),
            member,
            &json!({"planSponsorshipType": 0, "sponsoredEmail": email, "friendlyName": email}),
        )
        .await
}

/// How many e-mails went (or wait to go) to `email`.
pub async fn mails_to(server: &TestServer, email: &str) -> usize {
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .expect("db");
    billing_sync_server::mail::store::outbox(&pool, 1000)
        .await
        .expect("outbox")
        .iter()
        .filter(|m| m.recipient == email)
        .count()
}

/// The token of the newest offer e-mail to `email`.
pub async fn offer_token(server: &TestServer, email: &str) -> String {
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .expect("db");
    let mails = billing_sync_server::mail::store::outbox(&pool, 1000)
        .await
        .expect("outbox");
    let mail = mails
        .iter()
        .find(|m| m.recipient == email)
        .unwrap_or_else(|| panic!("an offer e-mail to {email}"));
    let start = mail.body_html.find("token=").expect("a redeem link") + "token=".len();
    mail.body_html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "_-.".contains(*c))
        .collect()
}

/// `email` gets an account, redeems the offer into a new Families
/// organization and returns (their token, the organization's id).
pub async fn redeem_into_new_family(server: &TestServer, email: &str) -> (String, String) {
    server.add_user(email, PASSWORD, "pbkdf2").await;
    let token = server.login(email, PASSWORD).await;
    let sponsorship = offer_token(server, email).await;
    let response = server
        .post_json(
            &format!("/api/organization/sponsorship/redeem?sponsorshipToken={sponsorship}"),
            &token,
            &json!({"planSponsorshipType": 0, "newOrganizationName": format!("{email}'s family")}),
        )
        .await;
    assert_eq!(response.status(), 200, "redeem for {email}");
    let profile: Value = server
        .get("/api/accounts/profile", &token)
        .await
        .json()
        .await
        .unwrap();
    let org = profile["organizations"][0]["id"]
        .as_str()
        .expect("the new Families organization")
        .to_owned();
    (token, org)
}
