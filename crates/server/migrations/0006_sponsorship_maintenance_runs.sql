-- Runs of the scheduled sponsorship maintenance jobs (cleanup of rows whose
-- ValidUntil passed 90 days ago; re-validation of sponsored organizations),
-- recorded like sponsorship sync runs.
CREATE TABLE sponsorship_maintenance_runs (
    id TEXT PRIMARY KEY,
    job TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    checked BIGINT NOT NULL,
    deleted BIGINT NOT NULL,
    renewed BIGINT NOT NULL,
    ended BIGINT NOT NULL,
    error TEXT
);
CREATE INDEX sponsorship_maintenance_runs_job ON sponsorship_maintenance_runs (job, started_at);
