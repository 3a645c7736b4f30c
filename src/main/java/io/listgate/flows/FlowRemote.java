package io.listgate.flows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** The remote side of a scheduled pull: list a folder, fetch a file, remove a file; over FTP, FTPS or SFTP. */
interface FlowRemote extends AutoCloseable {

    Duration TIMEOUT = Duration.ofSeconds(30);

    /** A remote file: its name in the folder, size and time, which together tell a new version. */
    record RemoteFile(String name, long size, long modified) {
    }

    List<RemoteFile> list() throws IOException;

    void fetch(String name, OutputStream to) throws IOException;

    void delete(String name) throws IOException;

    @Override
    void close() throws IOException;

    /** A file of the remote folder. */
    static String path(String folder, String name) {
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    /**
     * @param password   null when sftp signs in with {@code privateKey} only
     * @param privateKey sftp: a private key's text (OpenSSH or PEM), or null
     * @param hostKey    sftp: the fingerprint the remote's host key must have; null trusts the key offered
     *                   (the caller records it, see {@link Sftp#hostKey()})
     */
    static FlowRemote open(FlowPull pull, String password, String privateKey, String hostKey) throws IOException {
        return pull.isSftp() ? Sftp.open(pull, password, privateKey, hostKey) : Ftp.open(pull, password);
    }

    /**
     * FTP, or FTPS with explicit TLS (AUTH TLS, PROT P); passive mode, binary. An FTPS remote's
     * certificate is checked: pinned by {@code trustedCertificate}, or chained to the JDK's authorities
     * with the host name checked.
     */
    final class Ftp implements FlowRemote {
        private final FTPClient ftp;
        private final String folder;

        private Ftp(FTPClient ftp, String folder) {
            this.ftp = ftp;
            this.folder = folder;
        }

        static Ftp open(FlowPull pull, String password) throws IOException {
            FTPClient ftp = pull.isFtps() ? ftps(pull.pinnedCertificate()) : new FTPClient();
            ftp.setConnectTimeout((int) TIMEOUT.toMillis());
            ftp.setDefaultTimeout((int) TIMEOUT.toMillis());
            ftp.connect(pull.host(), pull.portOrDefault());
            Ftp remote = new Ftp(ftp, pull.folder());
            try {
                if (!FTPReply.isPositiveCompletion(ftp.getReplyCode()) || !ftp.login(pull.user(), password)) {
                    throw new IOException("the FTP server refused the login of " + pull.user() + ": " + ftp.getReplyString().strip());
                }
                if (ftp instanceof FTPSClient ftps) {
                    ftps.execPBSZ(0);
                    ftps.execPROT("P");
                }
                ftp.enterLocalPassiveMode();
                ftp.setFileType(FTP.BINARY_FILE_TYPE);
                return remote;
            } catch (IOException e) {
                remote.close();
                throw e;
            }
        }

        private static FTPSClient ftps(String pinnedCertificate) throws IOException {
            FTPSClient ftps = new FTPSClient(false);
            if (pinnedCertificate != null) {
                // the pin names the very certificate, so the host name in it does not matter
                ftps.setTrustManager(FlowTrust.pinned(pinnedCertificate));
            } else {
                try {
                    ftps.setTrustManager(TrustManagerUtils.getDefaultTrustManager(null));
                } catch (GeneralSecurityException e) {
                    throw new IOException("the JDK's trusted certificate authorities cannot be read: " + e.getMessage(), e);
                }
                ftps.setEndpointCheckingEnabled(true);
            }
            return ftps;
        }

        private String path(String name) {
            return FlowRemote.path(folder, name);
        }

        @Override
        public List<RemoteFile> list() throws IOException {
            List<RemoteFile> files = new ArrayList<>();
            for (FTPFile file : ftp.listFiles(folder)) {
                if (file != null && file.isFile()) {
                    files.add(new RemoteFile(file.getName(), file.getSize(),
                            file.getTimestamp() == null ? 0 : file.getTimestamp().getTimeInMillis()));
                }
            }
            return files;
        }

        @Override
        public void fetch(String name, OutputStream to) throws IOException {
            if (!ftp.retrieveFile(path(name), to)) {
                throw new IOException("cannot fetch " + path(name) + ": " + ftp.getReplyString().strip());
            }
        }

        @Override
        public void delete(String name) throws IOException {
            if (!ftp.deleteFile(path(name))) {
                throw new IOException("cannot delete " + path(name) + ": " + ftp.getReplyString().strip());
            }
        }

        @Override
        public void close() throws IOException {
            if (ftp.isConnected()) {
                try {
                    ftp.logout();
                } finally {
                    ftp.disconnect();
                }
            }
        }
    }

    /** SFTP with a password or a private key, to a remote whose host key has the expected fingerprint. */
    final class Sftp implements FlowRemote {
        private final SshClient ssh;
        private final ClientSession session;
        private final SftpClient sftp;
        private final String folder;
        private final String hostKey;

        private Sftp(SshClient ssh, ClientSession session, SftpClient sftp, String folder, String hostKey) {
            this.ssh = ssh;
            this.session = session;
            this.sftp = sftp;
            this.folder = folder;
            this.hostKey = hostKey;
        }

        /** The fingerprint ({@code SHA256:...}) of the host key the remote offered. */
        String hostKey() {
            return hostKey;
        }

        static Sftp open(FlowPull pull, String password, String privateKey, String expected) throws IOException {
            SshClient ssh = SshClient.setUpDefaultClient();
            AtomicReference<String> offered = new AtomicReference<>();
            ssh.setServerKeyVerifier((session, address, key) -> {
                offered.set(KeyUtils.getFingerPrint(key));
                return expected == null || expected.equals(offered.get());
            });
            ssh.start();
            ClientSession session = null;
            try {
                session = ssh.connect(pull.user(), pull.host(), pull.portOrDefault()).verify(TIMEOUT).getSession();
                if (privateKey != null) {
                    for (KeyPair pair : keyPairs(privateKey)) {
                        session.addPublicKeyIdentity(pair);
                    }
                }
                if (password != null) {
                    session.addPasswordIdentity(password);
                }
                session.auth().verify(TIMEOUT);
                return new Sftp(ssh, session, SftpClientFactory.instance().createSftpClient(session), pull.folder(),
                        offered.get());
            } catch (IOException e) {
                if (session != null) {
                    session.close();
                }
                ssh.stop();
                if (expected != null && offered.get() != null && !expected.equals(offered.get())) {
                    throw new IOException("SFTP to " + pull.hostAndPort() + " refused: its host key is " + offered.get()
                            + ", not the trusted " + expected + " (flow.yaml hostKey, or the key of the first pull in "
                            + FlowTrust.HOST_KEYS + "). If the remote changed its key, set its new one as hostKey.", e);
                }
                throw new IOException("SFTP to " + pull.host() + " as " + pull.user() + " failed: " + e.getMessage(), e);
            }
        }

        private static Iterable<KeyPair> keyPairs(String privateKey) throws IOException {
            try {
                Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("privateKey of flow.yaml"),
                        new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)), null);
                if (pairs == null || !pairs.iterator().hasNext()) {
                    throw new IOException("privateKey holds no private key (OpenSSH or PEM, without passphrase)");
                }
                return pairs;
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IOException("privateKey cannot be read (OpenSSH or PEM, without passphrase): " + e.getMessage(), e);
            }
        }

        private String path(String name) {
            return FlowRemote.path(folder, name);
        }

        @Override
        public List<RemoteFile> list() throws IOException {
            List<RemoteFile> files = new ArrayList<>();
            for (SftpClient.DirEntry entry : sftp.readDir(folder)) {
                SftpClient.Attributes a = entry.getAttributes();
                if (a.isRegularFile()) {
                    files.add(new RemoteFile(entry.getFilename(), a.getSize(),
                            a.getModifyTime() == null ? 0 : a.getModifyTime().toMillis()));
                }
            }
            return files;
        }

        @Override
        public void fetch(String name, OutputStream to) throws IOException {
            try (InputStream in = sftp.read(path(name))) {
                in.transferTo(to);
            }
        }

        @Override
        public void delete(String name) throws IOException {
            sftp.remove(path(name));
        }

        @Override
        public void close() throws IOException {
            try {
                sftp.close();
                session.close();
            } finally {
                ssh.stop();
            }
        }
    }
}
