-- A cancel asked for while a job runs: the job reads it at its next batch boundary and ends CANCELED,
-- keeping what its committed batches wrote.
ALTER TABLE import_job ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
