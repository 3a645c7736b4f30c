/**
 * Import data jobs: ImportList and GetJobStatus, the Quartz queue (one job at a time per database),
 * streaming validation of source rows and batched writes with crash-safe checkpoints, result files.
 */
package io.listgate.importjob;
