-- Self-hosted: the billing sync token and its state, as Bitwarden's
-- OrganizationConnection (config is the JSON text of BillingSyncConfig).
CREATE TABLE organization_connections (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connection_type BIGINT NOT NULL,
    enabled BIGINT NOT NULL,
    config TEXT,
    UNIQUE (organization_id, connection_type)
);
