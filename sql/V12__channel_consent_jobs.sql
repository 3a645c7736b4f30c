-- Hot folders' SMS, VOICE and VOICEMAIL opt-out and opt-in (issue 10, ADR 0015): the channel whose
-- consent an OPT_OUT or OPT_IN job changes instead of the email opt-out; NULL for every other job.
-- VOICE's and VOICEMAIL's consent columns are added to a contact table when a job of theirs first runs on it.
ALTER TABLE import_job ADD COLUMN consent_channel VARCHAR(10) NULL AFTER flow;
