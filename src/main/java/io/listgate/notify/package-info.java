/**
 * Telling people and systems that an import job ended: the plain-text mail to the job's
 * {@code EMAIL} ({@link io.listgate.notify.MailNotifier}, text by {@link io.listgate.notify.JobMail})
 * and the signed JSON POST to each webhook of the job's organization
 * ({@link io.listgate.notify.WebhookNotifier}, body by {@link io.listgate.notify.JobSummary}).
 * Both hear of job ends through {@link io.listgate.importjob.JobEndListener} and deliver off the
 * job's thread; delivery is best effort and kept in memory only (ADR 0009).
 */
package io.listgate.notify;
