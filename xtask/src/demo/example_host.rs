//! The demo's example host page on its own origin: a tiny HTTP server (one
//! thread, plain `std::net`) answering `GET /` with `www/embed-example.html`,
//! read on every request so edits show on reload. The page loads the module
//! from the cloud server cross-origin, as a web vault would.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// Starts serving `page` on `addr` in a background thread (it ends with the
/// process).
pub fn serve(addr: SocketAddr, page: &Path) -> Result<()> {
    let listener = TcpListener::bind(addr)
        .with_context(|| format!("port {} is in use (another demo running?)", addr.port()))?;
    let page = page.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // One bad connection must not stop the page for the next.
            let _ = answer(stream, &page);
        }
    });
    println!("  example host page on http://{addr}/");
    Ok(())
}

/// The request line's method and path.
fn request_line(stream: &TcpStream) -> Result<(String, String)> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Drain the headers so the browser sees a clean answer.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = line.split_whitespace();
    Ok((
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
    ))
}

/// The status, content type and body for a request.
pub fn response_for(method: &str, path: &str, page: &PathBuf) -> (u16, &'static str, Vec<u8>) {
    let path = path.split('?').next().unwrap_or_default();
    match (method, path) {
        ("GET", "/" | "/embed-example.html") => match std::fs::read(page) {
            Ok(body) => (200, "text/html; charset=utf-8", body),
            Err(e) => (
                500,
                "text/plain",
                format!("{}: {e}", page.display()).into_bytes(),
            ),
        },
        ("GET", _) => (404, "text/plain", b"not found".to_vec()),
        _ => (405, "text/plain", b"only GET".to_vec()),
    }
}

fn answer(mut stream: TcpStream, page: &PathBuf) -> Result<()> {
    let (method, path) = request_line(&stream)?;
    let (status, content_type, body) = response_for(&method, &path, page);
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_served_at_the_root_only() {
        let page = crate::project_root().join("www/embed-example.html");
        let (status, kind, body) = response_for("GET", "/?cloud=http://x", &page);
        assert_eq!((status, kind), (200, "text/html; charset=utf-8"));
        assert!(String::from_utf8_lossy(&body).contains("deriveMasterPasswordHash"));
        assert_eq!(response_for("GET", "/secrets", &page).0, 404);
        assert_eq!(response_for("POST", "/", &page).0, 405);
        assert_eq!(
            response_for("GET", "/", &PathBuf::from("/nonexistent.html")).0,
            500
        );
    }
}
