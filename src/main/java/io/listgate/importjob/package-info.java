/**
 * Import data jobs: ImportList and GetJobStatus, the Quartz queue (one job at a time per database),
 * the one pipeline every door feeds (a {@link io.listgate.importjob.Source}, row validation, the
 * pure {@link io.listgate.importjob.BatchDecider}, checkpointed batches written through
 * {@code contacts.ContactStore}), and result files. No SQL on contact tables lives here.
 */
package io.listgate.importjob;
