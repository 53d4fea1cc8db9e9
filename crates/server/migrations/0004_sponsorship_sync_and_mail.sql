-- One non-admin sponsorship per member of a sponsoring organization.
CREATE UNIQUE INDEX organization_sponsorships_member
    ON organization_sponsorships (sponsoring_organization_id, sponsoring_organization_user_id);

-- Every sponsorship sync run of a self-hosted server (scheduled or manual).
CREATE TABLE sponsorship_sync_runs (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    trigger_kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    sent BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    removed BIGINT NOT NULL,
    error TEXT
);
CREATE INDEX sponsorship_sync_runs_org ON sponsorship_sync_runs (organization_id, started_at);

-- Leases that make a job run on exactly one replica sharing the database.
CREATE TABLE job_locks (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Outgoing mail: delivered over SMTP when configured, kept here otherwise.
-- Failed deliveries are retried and stay visible with their last error.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    category TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts BIGINT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT
);
CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, next_attempt_at);
