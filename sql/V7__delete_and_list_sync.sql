-- DELETE jobs and contact-list sync (src/adr/0013-one-import-pipeline.md).
ALTER TABLE import_job
    ADD COLUMN sql_deleted  BIGINT NOT NULL DEFAULT 0 AFTER opted_out,
    ADD COLUMN list_removed BIGINT NOT NULL DEFAULT 0 AFTER sql_deleted;

-- The import job that last added or kept the membership: a list-sync job removes the members it
-- did not mark. NULL for memberships made before this migration.
ALTER TABLE contact_list_member ADD COLUMN job_id BIGINT NULL;
