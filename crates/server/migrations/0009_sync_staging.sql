-- Sponsorship sync at any size (issue 11).

-- Self-hosted: the cloud's answers of a running sync, one row per sent
-- sponsorship that needs a change, written batch by batch. Nothing reaches
-- the sponsorships before every batch succeeded (contract §3.2), and a run
-- keeps one batch in memory, not every answer: the run applies these rows
-- in one transaction at its end and deletes them.
CREATE TABLE sponsorship_sync_answers (
    run_id TEXT NOT NULL,
    sponsorship_id TEXT NOT NULL,
    -- 1: the cloud answered for the row; 0: a revoke it never confirmed and did not answer for.
    answered BIGINT NOT NULL,
    removed BIGINT NOT NULL,
    last_sync_date TEXT,
    valid_until TEXT,
    to_delete BIGINT NOT NULL,
    PRIMARY KEY (run_id, sponsorship_id)
);

-- Both servers read an organization's sponsorships a page at a time by id
-- (keyset pagination): the index hands each page over in order instead of
-- sorting every row of the organization for each page.
DROP INDEX organization_sponsorships_sponsoring;
CREATE INDEX organization_sponsorships_sponsoring
    ON organization_sponsorships (sponsoring_organization_id, id);
