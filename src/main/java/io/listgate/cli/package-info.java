/**
 * The {@code listgate} command line (picocli, ADR 21): {@code serve}, and clients that drive a server
 * through its public doors like any script would (XML API over HTTP, SFTP/FTP(S) uploads), plus
 * {@code users reset-password} on the server's own machine.
 */
package io.listgate.cli;
