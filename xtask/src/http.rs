//! A tiny blocking HTTP/1.1 client over `TcpStream`, enough for readiness
//! polls and the benchmark (one request per connection, `Connection: close`),
//! so xtask needs no HTTP crate.
//!
//! [`Request`] covers what the bench needs on top of `get`/`post_json`:
//! bearer tokens, form and multipart bodies, and a longer timeout for a
//! request the server answers only when its work is done (a whole sync).

use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(10);

/// Status code and body of a response.
pub struct Response {
    pub status: u16,
    pub body: String,
}

/// `GET path` on `addr`.
pub fn get(addr: SocketAddr, path: &str) -> Result<Response> {
    send(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

/// `POST path` with a JSON body on `addr`.
pub fn post_json(addr: SocketAddr, path: &str, json: &str) -> Result<Response> {
    send(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
            json.len()
        ),
    )
}

/// A request with headers and a body; [`Request::send`] uses `Connection: close`.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub bearer: Option<&'a str>,
    /// `(content type, body)`.
    pub body: Option<(&'a str, &'a [u8])>,
    pub timeout: Duration,
}

impl<'a> Request<'a> {
    /// A `method path` request without body, with the default timeout.
    pub fn new(method: &'a str, path: &'a str) -> Request<'a> {
        Request {
            method,
            path,
            bearer: None,
            body: None,
            timeout: TIMEOUT,
        }
    }

    /// The request's bytes as sent to `addr`.
    pub fn to_bytes(&self, addr: SocketAddr) -> Vec<u8> {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n",
            self.method, self.path
        );
        if let Some(token) = self.bearer {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        let body: &[u8] = match self.body {
            Some((content_type, body)) => {
                head.push_str(&format!(
                    "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                    body.len()
                ));
                body
            }
            None => b"",
        };
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        bytes
    }

    /// Sends the request to `addr` and reads the whole response.
    pub fn send(&self, addr: SocketAddr) -> Result<Response> {
        exchange(addr, &self.to_bytes(addr), self.timeout)
    }
}

/// Writes a raw request and reads the response. Reading stops at
/// `Content-Length` (or the end of a chunked body) rather than at EOF: some
/// servers (chromedriver) keep the connection open despite `Connection: close`.
fn send(addr: SocketAddr, request: &str) -> Result<Response> {
    exchange(addr, request.as_bytes(), TIMEOUT)
}

fn exchange(addr: SocketAddr, request: &[u8], timeout: Duration) -> Result<Response> {
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT)
        .with_context(|| format!("connecting to {addr}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .context("setting read timeout")?;
    stream
        .set_write_timeout(Some(timeout))
        .context("setting write timeout")?;
    // Small requests: disable Nagle so timings measure the server, not 40 ms ACK delays.
    stream.set_nodelay(true).context("setting TCP_NODELAY")?;
    stream.write_all(request).context("sending request")?;
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream.read(&mut chunk).context("reading response")?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&chunk[..n]);
        if is_complete(&raw) {
            break;
        }
    }
    parse(&raw)
}

/// Whether `raw` holds a whole response according to its own framing.
fn is_complete(raw: &[u8]) -> bool {
    let Some(header_end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..header_end]).to_ascii_lowercase();
    let body = &raw[header_end + 4..];
    for line in head.lines() {
        if let Some(len) = line.strip_prefix("content-length:") {
            return len
                .trim()
                .parse::<usize>()
                .is_ok_and(|len| body.len() >= len);
        }
        if line.starts_with("transfer-encoding:") && line.contains("chunked") {
            return body.ends_with(b"0\r\n\r\n");
        }
    }
    false
}

/// Splits status line, headers and body. Chunked bodies are returned raw
/// (xtask only looks at bodies in error messages).
fn parse(raw: &[u8]) -> Result<Response> {
    let text = String::from_utf8_lossy(raw);
    let status_line = text.lines().next().unwrap_or_default();
    let mut parts = status_line.split(' ');
    let (Some(version), Some(code)) = (parts.next(), parts.next()) else {
        bail!("malformed response: {status_line:?}");
    };
    if !version.starts_with("HTTP/1.") {
        bail!("not an HTTP/1 response: {status_line:?}");
    }
    let status = code
        .parse()
        .with_context(|| format!("bad status in {status_line:?}"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok(Response { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reads_status_and_body() -> Result<()> {
        let r = parse(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")?;
        assert_eq!((r.status, r.body.as_str()), (200, "ok"));
        assert!(parse(b"garbage").is_err());
        Ok(())
    }

    #[test]
    fn request_bytes_carry_token_and_body() {
        let addr = SocketAddr::from(([127, 0, 0, 1], 8080));
        let body = b"grant_type=password";
        let request = Request {
            bearer: Some("t0k"),
            body: Some(("application/x-www-form-urlencoded", body)),
            ..Request::new("POST", "/identity/connect/token")
        };
        let text = String::from_utf8(request.to_bytes(addr)).expect("utf-8");
        assert!(
            text.starts_with("POST /identity/connect/token HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n")
        );
        assert!(text.contains("Authorization: Bearer t0k\r\n"));
        assert!(text.contains("Content-Length: 19\r\n"));
        assert!(text.ends_with("\r\n\r\ngrant_type=password"));
        let bare = String::from_utf8(Request::new("GET", "/alive").to_bytes(addr)).expect("utf-8");
        assert!(!bare.contains("Content-Length") && bare.ends_with("close\r\n\r\n"));
    }

    #[test]
    fn completeness_follows_the_framing() {
        assert!(!is_complete(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n"));
        assert!(!is_complete(
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\no"
        ));
        assert!(is_complete(
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        ));
        assert!(is_complete(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
        ));
        assert!(!is_complete(
            b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil eof"
        ));
    }
}
