package io.listgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Locale;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** Uploads to {@code upload/} and downloads from {@code download/} by SFTP, FTP or explicit FTPS. */
abstract class FileTransfer implements AutoCloseable {

    enum Protocol { SFTP, FTPS, FTP }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static FileTransfer open(Protocol protocol, String host, int port, String user, String password, boolean insecure) {
        try {
            return protocol == Protocol.SFTP ? new Sftp(host, port, user, password)
                    : new Ftp(protocol == Protocol.FTPS, host, port, user, password, insecure);
        } catch (IOException e) {
            throw new ClientException(ListGateCommand.UNREACHABLE, protocol.name().toLowerCase(Locale.ROOT) + " to " + host
                    + ":" + port + " failed: " + e.getMessage(), e);
        }
    }

    abstract void upload(Path file, String name) throws IOException;

    /** Fetches {@code download/<name>} to {@code target}. */
    abstract void download(String name, Path target) throws IOException;

    @Override
    public abstract void close();

    /** SFTP with MINA SSHD's client; the server's host key is shown, not checked against known_hosts. */
    private static final class Sftp extends FileTransfer {
        private final SshClient ssh = SshClient.setUpDefaultClient();
        private final ClientSession session;
        private final SftpClient sftp;

        Sftp(String host, int port, String user, String password) throws IOException {
            ssh.setServerKeyVerifier((clientSession, address, key) -> {
                System.err.println("SFTP host key of " + address + ": " + fingerprint(key));
                return true;
            });
            ssh.start();
            try {
                session = ssh.connect(user, host, port).verify(TIMEOUT).getSession();
                session.addPasswordIdentity(password);
                session.auth().verify(TIMEOUT);
                sftp = SftpClientFactory.instance().createSftpClient(session);
            } catch (IOException | RuntimeException e) {
                ssh.stop();
                throw e;
            }
        }

        private static String fingerprint(PublicKey key) {
            return KeyUtils.getFingerPrint(key);
        }

        @Override
        void upload(Path file, String name) throws IOException {
            try (OutputStream out = sftp.write("upload/" + name); InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
        }

        @Override
        void download(String name, Path target) throws IOException {
            try (InputStream in = sftp.read("download/" + name)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        @Override
        public void close() {
            try {
                sftp.close();
                session.close();
            } catch (IOException e) {
                // closing: nothing left to save
            }
            ssh.stop();
        }
    }

    /** FTP in passive mode with commons-net, or explicit FTPS (AUTH TLS, PROT P). */
    private static final class Ftp extends FileTransfer {
        private final FTPClient ftp;

        Ftp(boolean tls, String host, int port, String user, String password, boolean insecure) throws IOException {
            if (tls) {
                FTPSClient secure = new FTPSClient(false);
                if (insecure) {
                    secure.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
                }
                ftp = secure;
            } else {
                ftp = new FTPClient();
            }
            ftp.setConnectTimeout((int) TIMEOUT.toMillis());
            ftp.setControlEncoding("UTF-8");
            ftp.connect(host, port);
            if (tls) {
                ((FTPSClient) ftp).execPBSZ(0);
                ((FTPSClient) ftp).execPROT("P");
            }
            if (!ftp.login(user, password)) {
                String reply = ftp.getReplyString().strip();
                ftp.disconnect();
                throw new IOException("login refused: " + reply);
            }
            ftp.enterLocalPassiveMode();
            ftp.setFileType(FTP.BINARY_FILE_TYPE);
        }

        @Override
        void upload(Path file, String name) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                if (!ftp.storeFile("upload/" + name, in)) {
                    throw new IOException("upload of " + name + " refused: " + ftp.getReplyString().strip());
                }
            }
        }

        @Override
        void download(String name, Path target) throws IOException {
            try (OutputStream out = Files.newOutputStream(target)) {
                if (!ftp.retrieveFile("download/" + name, out)) {
                    throw new IOException("download of " + name + " refused: " + ftp.getReplyString().strip());
                }
            }
        }

        @Override
        public void close() {
            try {
                ftp.logout();
                ftp.disconnect();
            } catch (IOException e) {
                // closing: nothing left to save
            }
        }
    }
}
