//! SQLite under faults (issue 13): a write lock another program holds past
//! the busy timeout, and a full disk. Every refused request gets Bitwarden's
//! error JSON with a code and a message that says what to do (503 with
//! `Retry-After`), nothing internal; `PRAGMA integrity_check` is `ok`
//! afterwards; and the service works again once the lock or space is back.
//!
//! The full disk is a real size-limited file system (tmpfs) where this test
//! may mount one (root outside a restricting container), otherwise, and in
//! a test of its own, the server's cap `billingSync__sqliteMaxPageCount`
//! (SQLite's `max_page_count`), which fails writes with the same SQLITE_FULL.

mod common;

use billing_sync_server::config::Role;
use common::TestServer;
use serde_json::{json, Value};
use sqlx::{Connection, Executor, Row, SqliteConnection};
use std::path::Path;
use std::time::{Duration, Instant};

/// Text an error body must not contain.
const INTERNALS: &[&str] = &[
    "select ",
    "insert ",
    "update ",
    "sqlx",
    "error returned from database",
    "(code:",
    "/tmp",
    ".db",
    ".rs",
    "panicked",
    "::",
];

async fn register(server: &TestServer, n: usize) -> (u16, Option<String>, Value) {
    let response = server
        .http
        .post(server.url("/api/installations"))
        .json(&json!({ "email": format!("ops{n}@acme.test") }))
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.json().await.unwrap_or(Value::Null);
    (status, retry, body)
}

/// A refusal as the operator should see it.
fn assert_refusal(body: &Value, code: &str, says: &str) {
    assert_eq!(body["code"], code, "{body}");
    let message = body["message"].as_str().expect("a message");
    assert!(message.contains(says), "{message}");
    let text = body.to_string().to_lowercase();
    for internal in INTERNALS {
        assert!(!text.contains(internal), "{internal:?} in {body}");
    }
}

async fn open(db: &Path) -> SqliteConnection {
    SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("a second connection to the database file")
}

async fn integrity(db: &Path) -> String {
    let mut conn = open(db).await;
    let row = conn
        .fetch_one("PRAGMA integrity_check")
        .await
        .expect("integrity_check");
    row.get::<String, _>(0)
}

/// The registered installation is really there.
async fn exists(server: &TestServer, body: &Value) -> bool {
    let id = body["id"].as_str().unwrap_or_default();
    server
        .http
        .get(server.url(&format!("/api/installations/{id}")))
        .send()
        .await
        .is_ok_and(|r| r.status() == 200)
}

#[tokio::test]
async fn a_write_lock_held_by_another_program_is_a_clear_503_and_the_service_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_sqlite_in(
        Role::Cloud,
        &[("billingSync__databaseBusyTimeoutSeconds", "1")],
        dir,
    )
    .await;
    let db = server.data_dir.join("billing-sync.db");
    let (status, _, before) = register(&server, 0).await;
    assert_eq!(status, 200, "{before}");

    let mut holder = open(&db).await;
    holder.execute("BEGIN IMMEDIATE").await.unwrap();
    holder
        .execute("CREATE TABLE held_by_another_program (x INTEGER)")
        .await
        .unwrap();
    let mut refused = 0;
    for n in 1..=3 {
        let started = Instant::now();
        let (status, retry, body) = register(&server, n).await;
        let waited = started.elapsed();
        assert_eq!(status, 503, "write {n} while locked: {body}");
        assert!(retry.is_some(), "Retry-After is sent");
        assert!(
            waited >= Duration::from_millis(900) && waited < Duration::from_secs(10),
            "waited for the busy timeout, then answered: {waited:?}"
        );
        assert_refusal(&body, "databaseBusy", "Try again");
        refused += 1;
    }
    // Readers are not blocked by a writer (WAL).
    let (status, _, _) = (
        server
            .http
            .get(server.url(&format!(
                "/api/installations/{}",
                before["id"].as_str().unwrap()
            )))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        (),
        (),
    );
    assert_eq!(status, 200, "reads go on while another program writes");

    holder.execute("ROLLBACK").await.unwrap();
    let (status, _, after) = register(&server, 9).await;
    assert_eq!(
        status, 200,
        "the service resumes once the lock is released: {after}"
    );
    assert!(exists(&server, &after).await && exists(&server, &before).await);
    drop(holder);
    let check = integrity(&db).await;
    println!(
        "database busy: {refused} writes refused with 503 databaseBusy, integrity_check = {check}"
    );
    assert_eq!(check, "ok");
}

/// The same on PostgreSQL, where another session's table lock makes a
/// write wait `lock_timeout` (the same setting); run when the tests have a
/// cluster (`BILLING_SYNC_TEST_POSTGRES_URL`, as `cargo xtask test` gives).
#[tokio::test]
async fn a_table_lock_held_by_another_postgresql_session_is_a_clear_503_and_the_service_resumes() {
    let Some(_) = common::replicas::postgres_base() else {
        println!("PostgreSQL table lock: no BILLING_SYNC_TEST_POSTGRES_URL, not run");
        return;
    };
    let server = TestServer::start_with(
        Role::Cloud,
        &[("billingSync__databaseBusyTimeoutSeconds", "1")],
    )
    .await;
    let (status, _, before) = register(&server, 0).await;
    assert_eq!(status, 200, "{before}");
    let mut holder = sqlx::PgConnection::connect(&server.database_url)
        .await
        .unwrap();
    holder.execute("BEGIN").await.unwrap();
    // Writers wait, readers do not.
    holder
        .execute("LOCK TABLE installations IN EXCLUSIVE MODE")
        .await
        .unwrap();
    let started = Instant::now();
    let (status, retry, body) = register(&server, 1).await;
    let waited = started.elapsed();
    assert_eq!(status, 503, "write while locked: {body}");
    assert!(retry.is_some(), "Retry-After is sent");
    assert_refusal(&body, "databaseBusy", "Try again");
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
    assert!(exists(&server, &before).await, "reads go on");
    holder.execute("COMMIT").await.unwrap();
    let (status, _, after) = register(&server, 2).await;
    assert_eq!(status, 200, "the service resumes: {after}");
    println!("PostgreSQL table lock: a write refused with 503 databaseBusy after {waited:?}, then accepted");
}

/// Mounts a tmpfs of `megabytes` at `at`, if this machine lets the test.
fn mount_tmpfs(at: &Path, megabytes: u32) -> bool {
    std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
        .arg(at)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Unmounts when dropped (after the server on it, declared later, stopped).
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// Fills the file system holding `dir`; the filler's path.
fn fill(dir: &Path) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).expect("filler");
    let block = vec![0u8; 64 * 1024];
    while file.write_all(&block).is_ok() {}
    let _ = file.flush();
    path
}

#[tokio::test]
async fn a_full_disk_is_a_clear_503_without_corruption_and_the_service_resumes() {
    full_disk(true).await;
}

#[tokio::test]
async fn a_database_at_its_size_cap_is_a_clear_503_without_corruption_and_the_service_resumes() {
    full_disk(false).await;
}

/// With `real_disk`, a tmpfs filled up (where the test may mount one);
/// otherwise the database capped at its size with `sqliteMaxPageCount`.
async fn full_disk(real_disk: bool) {
    let mount_point = tempfile::tempdir().unwrap();
    let tmpfs = real_disk && mount_tmpfs(mount_point.path(), 16);
    let _mounted = tmpfs.then(|| Mounted(mount_point.path().to_path_buf()));
    let dir = if tmpfs {
        tempfile::tempdir_in(mount_point.path()).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let mut server = TestServer::start_sqlite_in(Role::Cloud, &[], dir).await;
    let db = server.data_dir.join("billing-sync.db");
    let (status, _, first) = register(&server, 0).await;
    assert_eq!(status, 200, "{first}");
    let filler = if tmpfs {
        // An empty WAL, so the next write needs new space on the full disk.
        open(&db)
            .await
            .execute("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .unwrap();
        Some(fill(&server.data_dir))
    } else {
        // The file may not grow past its size now.
        let pages: i64 = open(&db)
            .await
            .fetch_one("PRAGMA page_count")
            .await
            .unwrap()
            .get(0);
        let dir = server.stop().await;
        let cap = pages.to_string();
        server = TestServer::start_sqlite_in(
            Role::Cloud,
            &[("billingSync__sqliteMaxPageCount", &cap)],
            dir,
        )
        .await;
        None
    };
    let (mut accepted, mut refused) = (Vec::new(), 0);
    for n in 1..=400 {
        let (status, retry, body) = register(&server, n).await;
        match status {
            200 => accepted.push(body),
            503 => {
                assert!(retry.is_some(), "Retry-After is sent");
                assert_refusal(&body, "databaseFull", "Free disk space");
                refused += 1;
                if refused == 3 {
                    break;
                }
            }
            other => panic!("write {n} on a full disk: {other} {body}"),
        }
    }
    assert_eq!(refused, 3, "writes fail once the disk is full");

    let dir = match filler {
        Some(filler) => {
            std::fs::remove_file(filler).unwrap();
            server.data_dir.clone()
        }
        None => {
            let dir = server.stop().await;
            server = TestServer::start_sqlite_in(Role::Cloud, &[], dir).await;
            server.data_dir.clone()
        }
    };
    let (status, _, after) = register(&server, 999).await;
    assert_eq!(
        status, 200,
        "the service resumes once there is space: {after}"
    );
    for body in accepted.iter().chain([&first, &after]) {
        assert!(
            exists(&server, body).await,
            "a write that was answered 200 is kept"
        );
    }
    let check = integrity(&dir.join("billing-sync.db")).await;
    println!(
        "disk full ({}): {} writes accepted before it was full, {refused} refused with 503 databaseFull, \
         integrity_check = {check}",
        if tmpfs { "tmpfs of 16 MiB" } else { "sqliteMaxPageCount" },
        accepted.len()
    );
    assert_eq!(check, "ok");
}
