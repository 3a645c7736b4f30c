-- A cancel asked for a running job is a row of its own, which the node running the job polls after
-- each batch: the job's row is written only by that node, so a cancel from another node never
-- conflicts with (on Galera: never fails the certification of) the batch it is committing.
-- No foreign key: on Galera a child row's key check would reference the job's row again.
CREATE TABLE import_job_cancel (
    job_id        BIGINT        NOT NULL,
    requested_by  VARCHAR(255)  NOT NULL,
    requested_at  DATETIME(3)   NOT NULL DEFAULT NOW(3),
    PRIMARY KEY (job_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO import_job_cancel (job_id, requested_by)
SELECT id, 'a cancel asked before the upgrade' FROM import_job WHERE cancel_requested AND status = 'RUNNING';
