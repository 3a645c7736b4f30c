package io.listgate.ftp;

import io.listgate.config.ListGateConfig;
import io.listgate.files.OrganizationFolders;
import io.listgate.tls.KeyMaterial;
import io.listgate.user.Authenticator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.command.CommandFactoryFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpStatistics;
import org.apache.ftpserver.ftplet.Ftplet;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FTP door: one listener on {@code ftpPort} speaking plain FTP and, after {@code AUTH TLS}, explicit
 * FTPS (TLS optional, no implicit FTPS). Users sign in with their API credentials and land in their
 * organization's root; passive data connections use the configured port range.
 */
public final class FtpService {

    private static final Logger LOG = LoggerFactory.getLogger(FtpService.class);
    private static final String LISTENER = "default";
    /** Failed logins before FtpServer drops the control connection; the Authenticator's lockout still applies. */
    private static final int MAX_LOGIN_FAILURES = 3;
    private static final int LOGIN_FAILURE_DELAY_MILLIS = 500;

    private final ListGateConfig config;
    private final Authenticator authenticator;
    private final OrganizationFolders folders;
    private final KeyMaterial keys;

    private FtpServer server;
    private Listener listener;

    public FtpService(ListGateConfig config, Authenticator authenticator, OrganizationFolders folders, KeyMaterial keys) {
        this.config = config;
        this.authenticator = authenticator;
        this.folders = folders;
        this.keys = keys;
    }

    /**
     * Binds the control port and starts accepting sessions.
     *
     * @throws IllegalStateException when already running or the port cannot be bound
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("FTP service already running on port " + port());
        }
        SslConfiguration tls = tlsConfiguration();

        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassivePorts(config.ftpPassivePorts());
        if (!config.ftpPassiveAddress().isBlank()) {
            data.setPassiveExternalAddress(config.ftpPassiveAddress());
        }
        // Data connections must come from the client's own address: no port stealing, no FTP bounce.
        data.setPassiveIpCheck(true);
        data.setActiveIpCheck(true);
        data.setSslConfiguration(tls);
        data.setImplicitSsl(false);

        ListenerFactory listenerFactory = new ListenerFactory();
        listenerFactory.setServerAddress(config.bindAddress());
        listenerFactory.setPort(config.ftpPort());
        listenerFactory.setSslConfiguration(tls);
        listenerFactory.setImplicitSsl(false);
        listenerFactory.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        Listener newListener = listenerFactory.createListener();

        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(false);
        connections.setMaxLoginFailures(MAX_LOGIN_FAILURES);
        connections.setLoginFailureDelay(LOGIN_FAILURE_DELAY_MILLIS);
        // FtpServer's default is 10 sessions in all: scripted clients upload by the hundred at once.
        connections.setMaxLogins(config.limits().ftpMaxLogins());

        CommandFactoryFactory commands = new CommandFactoryFactory();
        commands.addCommand("EPSV", new ExtendedPassiveCommand());

        FtpServerFactory factory = new FtpServerFactory();
        factory.addListener(LISTENER, newListener);
        factory.setConnectionConfig(connections.createConnectionConfig());
        factory.setUserManager(new OrganizationUserManager(authenticator, folders,
                config.limits().ftpMaxLoginsPerUser(), config.limits().ftpMaxLoginsPerAddress()));
        factory.setFileSystem(new OrganizationFileSystemFactory());
        factory.setCommandFactory(commands.createCommandFactory());
        // FtpServer clears this map on stop, so it must be mutable
        Map<String, Ftplet> ftplets = new LinkedHashMap<>();
        ftplets.put("upload", new UploadFtplet());
        factory.setFtplets(ftplets);

        FtpServer newServer = factory.createServer();
        try {
            newServer.start();
        } catch (FtpException | RuntimeException e) {
            throw new IllegalStateException("cannot start FTP on " + config.bindAddress() + ":" + config.ftpPort(), e);
        }
        server = newServer;
        listener = newListener;
        LOG.info("FTP/FTPS listening on {}:{}, passive ports {}{}", config.bindAddress(), listener.getPort(),
                config.ftpPassivePorts(),
                config.ftpPassiveAddress().isBlank() ? "" : " announced as " + config.ftpPassiveAddress());
    }

    /** Closes the listener and all sessions. Does nothing when not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop();
        server = null;
        LOG.info("FTP stopped");
    }

    /** The bound control port (the one picked by the system when configured as 0); -1 before the first start. */
    public synchronized int port() {
        return listener == null ? -1 : listener.getPort();
    }

    public synchronized boolean isRunning() {
        return server != null && !server.isStopped();
    }

    /** Control connections open now (signed in or not); 0 when stopped. */
    public synchronized long openSessions() {
        return statistics() == null ? 0 : statistics().getCurrentConnectionNumber();
    }

    /** Bytes of completed and running uploads since the service started. */
    public synchronized long bytesReceived() {
        return statistics() == null ? 0 : statistics().getTotalUploadSize();
    }

    private FtpStatistics statistics() {
        return server instanceof DefaultFtpServer running ? running.getServerContext().getFtpStatistics() : null;
    }

    private SslConfiguration tlsConfiguration() {
        SslConfigurationFactory tls = new SslConfigurationFactory();
        tls.setKeystoreFile(keys.keystore().toFile());
        tls.setKeystoreType("PKCS12");
        tls.setKeystorePassword(keys.keystorePassword());
        tls.setKeyPassword(keys.keystorePassword());
        tls.setKeyAlias(keys.keyAlias());
        tls.setSslProtocol("TLSv1.2", "TLSv1.3");
        tls.setClientAuthentication("NONE");
        return tls.createSslConfiguration();
    }
}
