package io.listgate.sftp;

import io.listgate.config.ListGateConfig;
import io.listgate.files.OrganizationFolders;
import io.listgate.tls.KeyMaterial;
import io.listgate.user.Authenticator;
import io.listgate.user.LoginAttempt;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.RejectAllPublickeyAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP door: an SSH server on {@code sftpPort} that offers the SFTP subsystem and nothing else (no
 * shell, no exec, no forwarding), password authentication and public keys of the users file's
 * {@code ssh_keys}, each session rooted at the user's organization folder. The host key comes from
 * {@link KeyMaterial}.
 */
public final class SftpService {

    private static final Logger LOG = LoggerFactory.getLogger(SftpService.class);

    private final ListGateConfig config;
    private final Authenticator authenticator;
    private final OrganizationFolders folders;
    private final KeyMaterial keys;
    private final SessionCap sessions;
    private final Map<String, List<PublicKey>> userKeys;
    private final Function<String, LoginAttempt> admit;
    private final AtomicLong bytesReceived = new AtomicLong();

    private SshServer server;
    private int boundPort = -1;

    /** Password logins only. */
    public SftpService(ListGateConfig config, Authenticator authenticator, OrganizationFolders folders, KeyMaterial keys) {
        this(config, authenticator, folders, keys, Map.of(), username -> LoginAttempt.rejected());
    }

    /**
     * @param userKeys each user's registered public keys (users file {@code ssh_keys})
     * @param admit    signs in a user whose key matched: refuses users gone or locked since
     */
    public SftpService(ListGateConfig config, Authenticator authenticator, OrganizationFolders folders, KeyMaterial keys,
                       Map<String, List<PublicKey>> userKeys, Function<String, LoginAttempt> admit) {
        this.config = config;
        this.userKeys = Map.copyOf(userKeys);
        this.admit = admit;
        this.authenticator = authenticator;
        this.folders = folders;
        this.keys = keys;
        this.sessions = new SessionCap(config.limits().sftpMaxSessions());
    }

    /**
     * Binds the SFTP port and starts accepting sessions.
     *
     * @throws IllegalStateException when already running or the port cannot be bound
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("SFTP service already running on port " + boundPort);
        }
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(config.bindAddress());
        sshd.setPort(config.sftpPort());
        sshd.setKeyPairProvider(KeyPairProvider.wrap(keys.sshHostKey()));
        sshd.setKeyExchangeFactories(keyExchanges());

        sshd.setPasswordAuthenticator(new OrganizationPasswordAuthenticator(authenticator));
        CoreModuleProperties.MAX_CONCURRENT_SESSIONS.set(sshd, config.limits().sftpMaxSessionsPerUser());
        sshd.addSessionListener(sessions);
        sshd.setPublickeyAuthenticator(userKeys.isEmpty() ? RejectAllPublickeyAuthenticator.INSTANCE
                : new OrganizationKeyAuthenticator(userKeys, admit));
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);

        sshd.setShellFactory(null);
        sshd.setCommandFactory(null);
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setAgentFactory(null);

        SftpSubsystemFactory.Builder sftp = new SftpSubsystemFactory.Builder()
                .withFileSystemAccessor(new OrganizationSftpAccessor());
        sftp.addSftpEventListener(new UploadSftpListener());
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void written(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen, Throwable thrown) {
                if (thrown == null) {
                    bytesReceived.addAndGet(dataLen);
                }
            }
        });
        sshd.setSubsystemFactories(List.of(sftp.build()));
        sshd.setFileSystemFactory(new OrganizationRootFileSystemFactory(folders));

        try {
            sshd.start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start SFTP on " + config.bindAddress() + ":" + config.sftpPort(), e);
        }
        server = sshd;
        boundPort = boundPort(sshd);
        LOG.info("SFTP listening on {}:{} with host key {}", config.bindAddress(), boundPort, keys.sshHostKeyFingerprint());
    }

    /** Closes a new session beyond {@code max} at once, before it authenticates. */
    private static final class SessionCap implements SessionListener {
        private final int max;
        private final AtomicInteger open = new AtomicInteger();

        SessionCap(int max) {
            this.max = max;
        }

        @Override
        public void sessionCreated(Session session) {
            if (open.incrementAndGet() > max) {
                LOG.warn("SFTP session from {} refused: {} sessions already open", session.getRemoteAddress(), max);
                session.close(true);
            }
        }

        @Override
        public void sessionClosed(Session session) {
            open.decrementAndGet();
        }
    }

    /** SSH sessions open now (signed in or not). */
    public long openSessions() {
        return sessions.open.get();
    }

    /** Bytes written by SFTP clients since this service was made. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Closes the listener and all sessions. Does nothing when not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop(true);
        } catch (IOException e) {
            LOG.warn("SFTP did not stop cleanly", e);
        }
        server = null;
        LOG.info("SFTP stopped");
    }

    /** The bound port (the one picked by the system when configured as 0); -1 before the first start. */
    public synchronized int port() {
        return boundPort;
    }

    public synchronized boolean isRunning() {
        return server != null && server.isStarted();
    }

    /**
     * MINA's modern defaults, then the SHA-1 group 14 exchange last: JSch 0.1.5x and similar old
     * clients may know nothing newer, and a modern client never picks the last entry.
     */
    private static List<KeyExchangeFactory> keyExchanges() {
        List<KeyExchangeFactory> factories = new ArrayList<>(ServerBuilder.setUpDefaultKeyExchanges(true));
        factories.add(ServerBuilder.DH2KEX.apply(BuiltinDHFactories.dhg14));
        return factories;
    }

    private static int boundPort(SshServer sshd) {
        for (SocketAddress address : sshd.getBoundAddresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        return sshd.getPort();
    }
}
