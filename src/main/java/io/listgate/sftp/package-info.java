/**
 * SFTP (Apache MINA SSHD, embedded): {@link io.listgate.sftp.SftpService} offers the SFTP subsystem
 * only, with password authentication through the shared {@link io.listgate.user.Authenticator}, each
 * session rooted at its organization's folder with writes only below {@code /upload}.
 */
package io.listgate.sftp;
