/**
 * FTP and explicit FTPS (Apache FtpServer, embedded): {@link io.listgate.ftp.FtpService} wires the
 * listener, passive data ports and TLS; the user manager adapts the shared
 * {@link io.listgate.user.Authenticator}; the file system view confines each session to its
 * organization's root with writes only below {@code /upload}; the upload ftplet is where a finished
 * upload is reported.
 */
package io.listgate.ftp;
