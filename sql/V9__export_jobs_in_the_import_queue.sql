-- ExportList jobs (src/adr/0017-export-jobs.md) share import_job, its queue, pages and notifications:
-- action EXPORT, map_file and source_file empty, results_file the export file in download/ (set at
-- submission so a second export cannot take the same name), export_spec what to export as JSON.
ALTER TABLE import_job ADD COLUMN export_spec MEDIUMTEXT NULL,
    ADD KEY ix_import_job_results_file (organization_id, results_file(191));
