/** The Quartz scheduler: JDBC job store on the shared MariaDB pool, clustered. */
package io.listgate.scheduler;
