-- Portable between SQLite and PostgreSQL: ids are UUID text, times are
-- RFC 3339 UTC text (sortable), numbers and 0/1 flags are BIGINT (sqlx's Any
-- driver decodes BIGINT as i64 on both engines and has no SQLite boolean).

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT,
    master_password TEXT NOT NULL,
    master_password_salt TEXT,
    kdf_type BIGINT NOT NULL,
    kdf_iterations BIGINT NOT NULL,
    kdf_memory BIGINT,
    kdf_parallelism BIGINT,
    security_stamp TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    business_name TEXT,
    billing_email TEXT,
    plan_type BIGINT NOT NULL,
    seats BIGINT,
    max_collections BIGINT,
    max_storage_gb BIGINT,
    enabled BIGINT NOT NULL,
    self_host BIGINT NOT NULL,
    license_key TEXT,
    expiration_date TEXT,
    expiration_without_grace_period TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE organization_users (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role BIGINT NOT NULL,
    status BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (organization_id, user_id)
);

-- Server-wide secrets shared by every replica of one database (JWT signing key).
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
