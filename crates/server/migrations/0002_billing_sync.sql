-- Organization API keys; type 1 is the billing sync key (one per org and type).
CREATE TABLE organization_api_keys (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    key_type BIGINT NOT NULL,
    api_key TEXT NOT NULL,
    revision_date TEXT NOT NULL,
    PRIMARY KEY (organization_id, key_type)
);

-- Self-hosted installations registered with the cloud. Only a SHA-256 of
-- the key is kept.
CREATE TABLE installations (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    enabled BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    last_activity_date TEXT
);

-- Which installation downloaded or synced which organization's license.
CREATE TABLE organization_installations (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    installation_id TEXT NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (organization_id, installation_id)
);

-- Failed master-password checks, for throttling guessing.
CREATE TABLE password_failures (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    failed_at TEXT NOT NULL
);
CREATE INDEX password_failures_user ON password_failures (user_id, failed_at);

-- Families sponsorships (same shape on cloud and self-hosted, contract §3.1).
CREATE TABLE organization_sponsorships (
    id TEXT PRIMARY KEY,
    sponsoring_organization_id TEXT,
    sponsoring_organization_user_id TEXT NOT NULL,
    sponsored_organization_id TEXT,
    friendly_name TEXT,
    offered_to_email TEXT,
    plan_sponsorship_type BIGINT,
    last_sync_date TEXT,
    valid_until TEXT,
    to_delete BIGINT NOT NULL,
    is_admin_initiated BIGINT NOT NULL,
    notes TEXT
);
CREATE INDEX organization_sponsorships_sponsoring ON organization_sponsorships (sponsoring_organization_id);
