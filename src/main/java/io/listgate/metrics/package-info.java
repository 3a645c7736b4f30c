/**
 * Prometheus metrics through Micrometer: the one component that counts and measures, fed by hooks at
 * the edges (the API dispatcher's observer, a job-end listener, the login observer) and by gauges
 * reading what the features already know (jobs, sessions, transfers, pools), and {@code /metrics}.
 */
package io.listgate.metrics;
