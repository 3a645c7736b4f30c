/**
 * The Quartz scheduler: JDBC job store on the shared MariaDB pool, clustered, and the job factory
 * through which the composition root gives each job class the services it needs.
 */
package io.listgate.scheduler;
