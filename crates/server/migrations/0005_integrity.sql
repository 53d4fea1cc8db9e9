-- Integrity under concurrency and faults (issue 13).

-- One sponsorship per sponsored organization: of two concurrent redeems into
-- one Families organization (or of one offer twice) only one can commit.
-- NULLs (unredeemed offers) do not collide on either engine.
CREATE UNIQUE INDEX organization_sponsorships_sponsored
    ON organization_sponsorships (sponsored_organization_id);

-- Self-hosted: set in the same statement that reads a row for sending, so a
-- revoke knows the cloud may already hold (and have e-mailed) the offer even
-- when the run failed before recording a LastSyncDate.
ALTER TABLE organization_sponsorships ADD COLUMN may_be_on_cloud BIGINT NOT NULL DEFAULT 0;

-- A failed master-password check is recorded before it is checked (and
-- removed when it passes), so concurrent attempts cannot all pass the limit.
ALTER TABLE password_failures ADD COLUMN id TEXT;

-- Refresh tokens: one family per login, continued by each refresh. A used
-- token is kept until it expires, so presenting it again (a replay) is
-- recognised and revokes the whole family.
ALTER TABLE refresh_tokens ADD COLUMN family TEXT;
ALTER TABLE refresh_tokens ADD COLUMN used_at TEXT;
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);
CREATE INDEX password_failures_failed_at ON password_failures (failed_at);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);

-- The row an outbox mail is about (a sponsorship), so its sender can see
-- that the offer e-mail was not delivered, and resend it.
ALTER TABLE mail_outbox ADD COLUMN regarding TEXT;
CREATE INDEX mail_outbox_regarding ON mail_outbox (regarding, created_at);
