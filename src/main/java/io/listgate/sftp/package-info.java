/**
 * SFTP (Apache MINA SSHD, embedded): {@link io.listgate.sftp.SftpService} offers the SFTP subsystem
 * only, with password authentication through the shared {@link io.listgate.user.Authenticator} and
 * public keys of the users file's {@code ssh_keys}, each session rooted at its organization's folder
 * with writes only where the folder rules allow; modes and ownership stay the server's (ADR 0022).
 */
package io.listgate.sftp;
