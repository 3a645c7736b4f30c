-- The job page's rows-per-second chart (issue 13, item 13): import_job keeps only the latest
-- checkpoint, so each checkpoint also leaves a sample here, in the same transaction as its batch.
-- A row is small (one per committed batch); the samples go with their job (ON DELETE CASCADE).
CREATE TABLE import_job_progress (
    job_id     BIGINT       NOT NULL,
    at         DATETIME(3)  NOT NULL,
    rows_done  BIGINT       NOT NULL,
    bytes_done BIGINT       NOT NULL,
    KEY ix_import_job_progress_job (job_id, at),
    CONSTRAINT fk_import_job_progress_job FOREIGN KEY (job_id) REFERENCES import_job (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
