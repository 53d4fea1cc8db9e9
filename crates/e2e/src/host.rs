//! A host page on its own origin, as a web vault embedding the module is: a
//! tiny HTTP server on a free loopback port answering `GET` of a few fixed
//! pages (query strings ignored), everything else 404. Stopped when dropped.

use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A running host; its pages are at `origin` + path.
pub struct HostPage {
    /// `http://127.0.0.1:<port>`: the page's origin.
    pub origin: String,
    task: tokio::task::JoinHandle<()>,
}

impl HostPage {
    /// Serves `pages` (`path` → HTML) on a free port.
    pub async fn start(pages: &[(&str, String)]) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let pages: Arc<BTreeMap<String, String>> = Arc::new(
            pages
                .iter()
                .map(|(path, body)| ((*path).to_owned(), body.clone()))
                .collect(),
        );
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let pages = Arc::clone(&pages);
                tokio::spawn(async move {
                    // A broken connection only affects that request.
                    let _ = answer(stream, &pages).await;
                });
            }
        });
        Ok(Self { origin, task })
    }

    /// `origin` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

async fn answer(
    stream: tokio::net::TcpStream,
    pages: &BTreeMap<String, String>,
) -> anyhow::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    let mut header = String::new();
    while reader.read_line(&mut header).await? > 2 {
        header.clear();
    }
    let path = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let (status, body) = match pages.get(&path) {
        Some(body) if line.starts_with("GET ") => ("200 OK", body.clone()),
        _ => ("404 Not Found", "not found".to_owned()),
    };
    let mut stream = reader.into_inner();
    stream
        .write_all(
            format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        )
        .await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await?;
    Ok(())
}

impl Drop for HostPage {
    fn drop(&mut self) {
        self.task.abort();
    }
}
