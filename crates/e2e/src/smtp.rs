//! A minimal SMTP server on loopback that keeps every message it receives,
//! so tests can read the offer e-mail the cloud really sent. Used by the
//! server's integration tests and by the journeys (the cloud's
//! `mail__smtp__host` / `mail__smtp__port` point at it).

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One received message.
#[derive(Clone, Debug)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The `Subject:` header (folded lines joined).
    pub fn subject(&self) -> Option<String> {
        let mut lines = self.data.lines().take_while(|l| !l.is_empty());
        let mut subject = None::<String>;
        for line in lines.by_ref() {
            match &mut subject {
                None => {
                    if line.len() > 8 && line[..8].eq_ignore_ascii_case("subject:") {
                        subject = Some(line[8..].trim().to_owned());
                    }
                }
                Some(text) if line.starts_with([' ', '\t']) => {
                    text.push(' ');
                    text.push_str(line.trim());
                }
                Some(_) => break,
            }
        }
        subject
    }

    /// The message with quoted-printable soft line breaks (`=` at a line's
    /// end) removed and `=3D` turned back into `=`: enough to read URLs.
    pub fn unfolded(&self) -> String {
        self.data.replace("=\n", "").replace("=3D", "=")
    }

    /// The first URL in the (unfolded) message that starts with `prefix`.
    pub fn link_starting_with(&self, prefix: &str) -> Option<String> {
        let text = self.unfolded();
        let start = text.find(prefix)?;
        Some(
            text[start..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '<' | '>' | '\''))
                .collect::<String>()
                .replace("&amp;", "&"),
        )
    }
}

/// The running sink; stops with the test runtime.
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    /// Starts a sink on a free loopback port.
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    /// Starts a sink on `port` (0: any free port), e.g. one a server was told
    /// about before the sink existed.
    pub async fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let store = messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let _ = session(socket, store).await;
                });
            }
        });
        Self { port, messages }
    }

    /// Messages received so far.
    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().expect("smtp store").clone()
    }

    /// Waits up to `timeout` until `n` messages arrived; `None` if they did not.
    pub async fn wait_for_within(
        &self,
        n: usize,
        timeout: std::time::Duration,
    ) -> Option<Vec<Received>> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= n {
                return Some(messages);
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Waits (bounded) until `n` messages arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let messages = self.messages();
            if messages.len() >= n {
                return messages;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected {n} e-mails, got {}", self.messages().len());
    }
}

async fn session(
    socket: tokio::net::TcpStream,
    store: Arc<Mutex<Vec<Received>>>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink ESMTP\r\n").await?;
    let mut to = Vec::new();
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            write.write_all(b"250-sink\r\n250 8BITMIME\r\n").await?;
        } else if upper.starts_with("MAIL FROM") {
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RCPT TO") {
            to.push(
                line[8..]
                    .trim()
                    .trim_matches(|c| c == '<' || c == '>' || c == ':')
                    .to_owned(),
            );
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "DATA" {
            write.write_all(b"354 go ahead\r\n").await?;
            let mut data = String::new();
            while let Some(line) = lines.next_line().await? {
                if line == "." {
                    break;
                }
                // Dot-stuffing (RFC 5321 4.5.2): a leading ".." stands for ".".
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
                data.push('\n');
            }
            store.lock().expect("smtp store").push(Received {
                to: to.clone(),
                data,
            });
            write.write_all(b"250 queued\r\n").await?;
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"250 OK\r\n").await?;
        }
    }
    Ok(())
}
