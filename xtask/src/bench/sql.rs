//! SQL the sync rows run through the engines' CLIs: seeding the self-hosted
//! server's offers (generated inside the engine, so 1,000,000 rows take
//! seconds) and the baseline, a raw bulk upsert of the same number of rows
//! in 1000-row statements in one transaction.

use super::servers::Engine;
use anyhow::{ensure, Result};
use std::fmt::Write as _;

const COLUMNS: &str = "id, sponsoring_organization_id, sponsoring_organization_user_id, \
    sponsored_organization_id, friendly_name, offered_to_email, plan_sponsorship_type, \
    last_sync_date, valid_until, to_delete, is_admin_initiated, notes";

/// Rows per INSERT of the raw upsert (the sync's batch size too).
const STATEMENT_ROWS: u64 = 1000;

/// An id interpolated into SQL must be a UUID: hex digits and dashes.
fn checked_uuid(id: &str) -> Result<&str> {
    ensure!(
        id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'),
        "not a UUID: {id:?}"
    );
    Ok(id)
}

/// The deterministic UUID of seeded row `i` in id space `space` (0: the
/// sponsorship id, 1: the member id, 2: the raw baseline's ids).
pub fn row_uuid(space: u16, i: u64) -> String {
    format!("{:08x}-{space:04x}-4000-8000-{i:012x}", i & 0xffff_ffff)
}

/// `count` pending offers of distinct members of `org`, as "Offer" would
/// store them on the self-hosted server: `member<i>@family.test`.
pub fn seed_offers(engine: Engine, org: &str, count: u64) -> Result<String> {
    let org = checked_uuid(org)?;
    ensure!(count > 0, "nothing to seed");
    let last = count - 1;
    let email = "'member' || i || '@family.test'";
    let select = match engine {
        Engine::Sqlite => format!(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last}) \
             SELECT printf('%08x-0000-4000-8000-%012x', i, i), '{org}', printf('%08x-0001-4000-8000-%012x', i, i), \
             NULL, {email}, {email}, 0, NULL, NULL, 0, 0, NULL FROM n"
        ),
        Engine::Postgres => format!(
            "SELECT lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'), '{org}', \
             lpad(to_hex(i), 8, '0') || '-0001-4000-8000-' || lpad(to_hex(i), 12, '0'), \
             NULL, {email}, {email}, 0, NULL, NULL, 0, 0, NULL FROM generate_series(0, {last}) AS i"
        ),
    };
    Ok(format!(
        "BEGIN;\nINSERT INTO organization_sponsorships ({COLUMNS}) {select};\nCOMMIT;\n"
    ))
}

/// The baseline: `count` rows as the cloud stores synced offers, upserted
/// with literal multi-row `INSERT … ON CONFLICT (id) DO UPDATE` statements
/// of [`STATEMENT_ROWS`] rows in one transaction. The same text runs on both
/// engines.
pub fn raw_upsert(org: &str, count: u64, synced_at: &str) -> Result<String> {
    let org = checked_uuid(org)?;
    let mut sql = String::from("BEGIN;\n");
    let mut i = 0;
    while i < count {
        let end = (i + STATEMENT_ROWS).min(count);
        let _ = write!(
            sql,
            "INSERT INTO organization_sponsorships ({COLUMNS}) VALUES "
        );
        for n in i..end {
            let sep = if n == i { "" } else { "," };
            let _ = write!(
                sql,
                "{sep}('{}','{org}','{}',NULL,'member{n}@family.test','member{n}@family.test',0,'{synced_at}',NULL,0,0,NULL)",
                row_uuid(2, n),
                row_uuid(1, n)
            );
        }
        sql.push_str(
            " ON CONFLICT (id) DO UPDATE SET sponsoring_organization_id = excluded.sponsoring_organization_id, \
             sponsoring_organization_user_id = excluded.sponsoring_organization_user_id, \
             friendly_name = excluded.friendly_name, offered_to_email = excluded.offered_to_email, \
             plan_sponsorship_type = excluded.plan_sponsorship_type, last_sync_date = excluded.last_sync_date, \
             valid_until = excluded.valid_until, to_delete = excluded.to_delete;\n",
        );
        i = end;
    }
    sql.push_str("COMMIT;\n");
    Ok(sql)
}

/// The cloud's share of the floor: `count` new offers inserted as the sync
/// brings them, one transaction per 1000-row batch (each batch is its own
/// request, answered only once it is stored), and with `mail_bytes` each
/// offer's e-mail queued in the same transaction, as large as the run's
/// own mails (the text and HTML bodies together). Offers take their ids
/// from id space `space`, mails from the next one.
pub fn floor_cloud(
    org: &str,
    count: u64,
    synced_at: &str,
    mail_bytes: Option<u64>,
    space: u16,
) -> Result<String> {
    let org = checked_uuid(org)?;
    let half = usize::try_from(mail_bytes.unwrap_or(0) / 2).unwrap_or(0);
    let body = "x".repeat(half);
    let mut sql = String::new();
    let mut i = 0;
    while i < count {
        let end = (i + STATEMENT_ROWS).min(count);
        let _ = write!(
            sql,
            "BEGIN;\nINSERT INTO organization_sponsorships ({COLUMNS}) VALUES "
        );
        for n in i..end {
            let sep = if n == i { "" } else { "," };
            let _ = write!(
                sql,
                "{sep}('{}','{org}','{}',NULL,'member{n}@family.test','member{n}@family.test',0,'{synced_at}',NULL,0,0,NULL)",
                row_uuid(space, n),
                row_uuid(1, n)
            );
        }
        sql.push_str(";\n");
        if mail_bytes.is_some() {
            sql.push_str(
                "INSERT INTO mail_outbox (id, recipient, subject, body_text, body_html, category, \
                 created_at, attempts, next_attempt_at, regarding) VALUES ",
            );
            for n in i..end {
                let sep = if n == i { "" } else { "," };
                let _ = write!(
                    sql,
                    "{sep}('{}','member{n}@family.test','Accept your Sponsored Families Plan','{body}','{body}',\
                     'FamiliesForEnterpriseOffer','{synced_at}',0,'{synced_at}','{}')",
                    row_uuid(space + 1, n),
                    row_uuid(space, n)
                );
            }
            sql.push_str(";\n");
        }
        sql.push_str("COMMIT;\n");
        i = end;
    }
    Ok(sql)
}

/// The self-hosted server's share of the floor: every offer of `org` takes
/// the cloud's date, in one statement and one transaction.
pub fn floor_self_hosted(org: &str, synced_at: &str) -> Result<String> {
    let org = checked_uuid(org)?;
    Ok(format!(
        "BEGIN;\nUPDATE organization_sponsorships SET may_be_on_cloud = 1, last_sync_date = '{synced_at}' \
         WHERE sponsoring_organization_id = '{org}';\nCOMMIT;\n"
    ))
}

/// The average size of the queued mails' bodies, in bytes (0 without mails).
pub const AVERAGE_MAIL_BYTES: &str =
    "SELECT CAST(COALESCE(AVG(LENGTH(body_text) + LENGTH(body_html)), 0) AS INTEGER) FROM mail_outbox";

/// `seconds|sent|updated|error` of the first finished scheduled sync run
/// (no row while none has finished); seconds from the run's own timestamps.
pub fn first_scheduled_run(engine: Engine) -> String {
    let seconds = match engine {
        Engine::Sqlite => "(julianday(finished_at) - julianday(started_at)) * 86400.0",
        Engine::Postgres => {
            "EXTRACT(EPOCH FROM (finished_at::timestamptz - started_at::timestamptz))"
        }
    };
    format!(
        // Parenthesised: SQLite binds `||` tighter than `*`.
        "SELECT ({seconds}) || '|' || sent || '|' || updated || '|' || COALESCE(error, '') \
         FROM sponsorship_sync_runs WHERE trigger_kind = 'scheduled' AND finished_at IS NOT NULL \
         ORDER BY started_at LIMIT 1"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    const ORG: &str = "6f1c2b0e-0000-4000-8000-000000000001";

    #[test]
    fn ids_are_uuids_and_distinct_per_space() {
        assert_eq!(row_uuid(0, 255), "000000ff-0000-4000-8000-0000000000ff");
        assert_ne!(row_uuid(1, 7), row_uuid(0, 7));
        assert!(checked_uuid(&row_uuid(2, 999_999)).is_ok());
        assert!(seed_offers(Engine::Sqlite, "x'; DROP TABLE t; --", 1).is_err());
        assert!(raw_upsert("nope", 1, "t").is_err());
    }

    #[test]
    fn raw_upsert_splits_into_statements_of_1000() -> Result<()> {
        let sql = raw_upsert(ORG, 2500, "2026-12-02T00:00:00.000000Z")?;
        assert_eq!(sql.matches("INSERT INTO").count(), 3);
        assert_eq!(sql.matches("@family.test','member").count(), 2500);
        assert!(sql.starts_with("BEGIN;\n") && sql.ends_with("COMMIT;\n"));
        Ok(())
    }

    #[test]
    fn floor_scripts_commit_per_batch_and_mail_as_asked() -> Result<()> {
        let at = "2026-12-02T00:00:00.000000Z";
        let bare = floor_cloud(ORG, 2500, at, None, 4)?;
        assert_eq!(bare.matches("BEGIN;").count(), 3, "a transaction per batch");
        assert!(!bare.contains("mail_outbox"));
        let mailed = floor_cloud(ORG, 2500, at, Some(1000), 4)?;
        assert_eq!(mailed.matches("INSERT INTO mail_outbox").count(), 3);
        assert!(mailed.contains(&format!("'{}','{}'", "x".repeat(500), "x".repeat(500))));
        assert!(floor_self_hosted("nope", at).is_err());
        Ok(())
    }

    /// The floor's scripts through a real `sqlite3` on every migration.
    #[test]
    fn floor_scripts_run_on_the_migrated_schema() -> Result<()> {
        if crate::process::probe(Command::new("sqlite3").arg("--version")).is_none() {
            eprintln!("sqlite3 not installed; `cargo xtask bench` installs it");
            return Ok(());
        }
        let dir = crate::process::TempDir::new("bench-floor-test")?;
        let db = super::super::servers::Database::Sqlite(dir.path().join("t.db"));
        let mut migrations: Vec<_> =
            std::fs::read_dir(crate::project_root().join("crates/server/migrations"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
        migrations.sort();
        for migration in migrations {
            db.execute(&std::fs::read_to_string(migration)?)?;
        }
        let at = "2026-12-02T00:00:00.000000Z";
        db.execute(&seed_offers(Engine::Sqlite, ORG, 1200)?)?;
        // Twice, as the bench runs it: without mails, then with them.
        db.execute(&floor_cloud(&row_uuid(3, 1), 1200, at, None, 4)?)?;
        db.execute(&floor_self_hosted(ORG, at)?)?;
        db.execute(&floor_cloud(&row_uuid(3, 2), 1200, at, Some(300), 6)?)?;
        db.execute(&floor_self_hosted(ORG, at)?)?;
        let count = |sql: &str| -> Result<String> {
            let out = Command::new("sqlite3")
                .arg(dir.path().join("t.db"))
                .arg(sql)
                .output()?;
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        };
        assert_eq!(count(&format!("SELECT count(*) FROM organization_sponsorships WHERE sponsoring_organization_id = '{ORG}' AND last_sync_date = '{at}' AND may_be_on_cloud = 1"))?, "1200");
        assert_eq!(
            count("SELECT count(*) FROM organization_sponsorships")?,
            "3600"
        );
        assert_eq!(count(AVERAGE_MAIL_BYTES)?, "300");
        Ok(())
    }

    /// Runs both scripts through a real `sqlite3` on the migration's table.
    #[test]
    fn scripts_run_on_sqlite() -> Result<()> {
        if crate::process::probe(Command::new("sqlite3").arg("--version")).is_none() {
            eprintln!("sqlite3 not installed; `cargo xtask bench` installs it");
            return Ok(());
        }
        let migration = std::fs::read_to_string(
            crate::project_root().join("crates/server/migrations/0002_billing_sync.sql"),
        )?;
        let start = migration
            .find("CREATE TABLE organization_sponsorships")
            .expect("table in migration");
        let table = &migration[start..start + migration[start..].find(");").expect("end") + 2];
        let dir = crate::process::TempDir::new("bench-sql-test")?;
        let db = super::super::servers::Database::Sqlite(dir.path().join("t.db"));
        db.execute(table)?;
        db.execute(&seed_offers(Engine::Sqlite, ORG, 1500)?)?;
        db.execute(&raw_upsert(ORG, 1200, "2026-12-02T00:00:00.000000Z")?)?;
        db.execute(&raw_upsert(ORG, 1200, "2026-12-03T00:00:00.000000Z")?)?;
        let count = Command::new("sqlite3")
            .arg(dir.path().join("t.db"))
            .arg("SELECT count(*), count(DISTINCT sponsoring_organization_user_id), max(last_sync_date) FROM organization_sponsorships")
            .output()?;
        assert_eq!(
            String::from_utf8_lossy(&count.stdout).trim(),
            "2700|1500|2026-12-03T00:00:00.000000Z"
        );
        Ok(())
    }
}
