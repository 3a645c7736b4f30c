-- Hot folders (issue 10): the flow folder a job's file came through, relative to the organization's
-- root (e.g. contacts/import); NULL for ImportList. Its source_file is then relative to that root.
ALTER TABLE import_job ADD COLUMN flow VARCHAR(255) NULL AFTER source_file,
    ADD KEY ix_import_job_flow_file (organization_id, flow, source_file(191));
