/** Immutable server configuration: one record, one loader (file, then environment), one exception. */
package io.listgate.config;
