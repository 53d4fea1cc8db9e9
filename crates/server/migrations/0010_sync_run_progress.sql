-- How far a running sponsorship sync is: batches sent of the batches the
-- organization's rows make, so "Sync now" can say "batch 3 of 12". Null for
-- runs recorded before this column existed.
ALTER TABLE sponsorship_sync_runs ADD COLUMN batches_sent BIGINT;
ALTER TABLE sponsorship_sync_runs ADD COLUMN batches_total BIGINT;
