-- Scale-out: several replicas on one database.
--
-- When each scheduled job is due next. Every replica polls this row; the one
-- that moves `next_due_at` forward (a compare-and-set on the old value) while
-- holding the job's lease (`job_locks`) runs the interval, so each interval
-- runs once however many replicas there are, and a restart keeps the schedule.
CREATE TABLE job_schedule (
    name TEXT PRIMARY KEY,
    next_due_at TEXT NOT NULL
);

-- The license files of self-hosted organizations, so every replica reads the
-- same license (the files in the license directory are kept as a copy).
CREATE TABLE organization_licenses (
    organization_id TEXT PRIMARY KEY,
    license TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Leases of earlier versions lasted half an interval (up to 3.5 days) and were
-- never released: they would hold up the new version's jobs and "Sync now".
DELETE FROM job_locks;
