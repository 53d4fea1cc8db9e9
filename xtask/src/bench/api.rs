//! The server's HTTP API as the bench uses it: logging in like the web vault
//! (client KDF in Node, password grant), installation tokens, JSON and
//! multipart requests with a bearer token.

use super::json;
use crate::http::{self, Request};
use anyhow::{bail, Context, Result};
use std::net::SocketAddr;
use std::process::{Command, Stdio};

/// Every bench user's password.
pub const PASSWORD: &str = "bench-password-1";

/// Bitwarden's master password hash for a PBKDF2-SHA256 600,000 account
/// (`user add`'s default), computed by Node's crypto: xtask has no crypto.
pub fn master_password_hash(email: &str, password: &str) -> Result<String> {
    const SCRIPT: &str = "const c = require('crypto'); const [p, e] = process.argv.slice(1); \
        const key = c.pbkdf2Sync(p, e, 600000, 32, 'sha256'); \
        process.stdout.write(c.pbkdf2Sync(key, p, 1, 32, 'sha256').toString('base64'));";
    let out = Command::new("node")
        .args(["-e", SCRIPT, password, &email.trim().to_lowercase()])
        .stdin(Stdio::null())
        .output()
        .context("running node for the client KDF")?;
    anyhow::ensure!(
        out.status.success(),
        "node KDF failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `application/x-www-form-urlencoded` body of `pairs`.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                other => format!("%{other:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The web vault's password grant form for `email`.
pub fn password_grant(email: &str, hash: &str) -> String {
    form_encode(&[
        ("grant_type", "password"),
        ("username", email),
        ("password", hash),
        ("scope", "api offline_access"),
        ("client_id", "web"),
        ("deviceType", "9"),
        ("deviceIdentifier", "billing-sync-bench"),
        ("deviceName", "chrome"),
    ])
}

/// An installation's client-credentials grant for `api.installation`.
pub fn installation_grant(id: &str, key: &str) -> String {
    form_encode(&[
        ("grant_type", "client_credentials"),
        ("scope", "api.installation"),
        ("client_id", &format!("installation.{id}")),
        ("client_secret", key),
    ])
}

/// POSTs a token form and returns `access_token`.
pub fn token(addr: SocketAddr, form: &str) -> Result<String> {
    let body = expect_200(post(
        addr,
        "/identity/connect/token",
        None,
        "application/x-www-form-urlencoded",
        form.as_bytes(),
    ))?;
    json::string_field(&body, "access_token").with_context(|| format!("no access_token in {body}"))
}

/// A POST with an optional bearer token.
pub fn post(
    addr: SocketAddr,
    path: &str,
    bearer: Option<&str>,
    content_type: &str,
    body: &[u8],
) -> Result<http::Response> {
    Request {
        bearer,
        body: Some((content_type, body)),
        ..Request::new("POST", path)
    }
    .send(addr)
}

/// POSTs JSON with a bearer token and returns the 200 answer's body.
pub fn post_json(addr: SocketAddr, path: &str, bearer: &str, body: &str) -> Result<String> {
    expect_200(post(
        addr,
        path,
        Some(bearer),
        "application/json",
        body.as_bytes(),
    ))
    .with_context(|| format!("POST {path}"))
}

/// GETs with a bearer token and returns the 200 answer's body.
pub fn get(addr: SocketAddr, path: &str, bearer: &str) -> Result<String> {
    expect_200(
        Request {
            bearer: Some(bearer),
            ..Request::new("GET", path)
        }
        .send(addr),
    )
    .with_context(|| format!("GET {path}"))
}

/// A `multipart/form-data` body with one file field; returns
/// `(content type, body)`.
pub fn multipart_file(field: &str, filename: &str, content: &[u8]) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "billing-sync-bench-7c1e0f";
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n\
         Content-Type: application/json\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// The body of a 200 answer, or an error with the status and body.
pub fn expect_200(response: Result<http::Response>) -> Result<String> {
    let r = response?;
    if r.status != 200 {
        bail!(
            "HTTP {}: {}",
            r.status,
            r.body.chars().take(400).collect::<String>()
        );
    }
    Ok(r.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_percent_encoded() {
        assert_eq!(
            form_encode(&[("a b", "x+y/z="), ("e", "o@acme.test")]),
            "a+b=x%2By%2Fz%3D&e=o%40acme.test"
        );
        let grant = installation_grant("id-1", "k");
        assert!(
            grant.contains("client_id=installation.id-1")
                && grant.contains("scope=api.installation"),
            "{grant}"
        );
        assert!(password_grant("o@acme.test", "h")
            .starts_with("grant_type=password&username=o%40acme.test&password=h&"));
    }

    #[test]
    fn multipart_has_one_file_part() {
        let (content_type, body) = multipart_file("license", "license.json", b"{}");
        let boundary = content_type.split("boundary=").nth(1).expect("boundary");
        let text = String::from_utf8(body).expect("utf-8");
        assert!(text.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"license\"; filename=\"license.json\"")));
        assert!(text.ends_with(&format!("\r\n\r\n{{}}\r\n--{boundary}--\r\n")));
    }

    #[test]
    fn client_kdf_matches_bitwarden() -> Result<()> {
        if crate::process::probe(Command::new("node").arg("--version")).is_none() {
            eprintln!("node not installed; `cargo xtask bench` installs it");
            return Ok(());
        }
        // The vector of the server's client_kdf tests (computed with Python).
        let hash = master_password_hash(" Owner@Acme.TEST ", "correct horse battery staple")?;
        assert_eq!(hash, "D0VZVFz4Z2IB+kw+lXArD20wrrfrMC/rvACSZvSWN+s=");
        assert_ne!(
            hash,
            master_password_hash("owner@acme.test", "another password")?
        );
        Ok(())
    }
}
