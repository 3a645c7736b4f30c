package io.listgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Everything the server needs to start, validated once by {@link ConfigLoader}. Tests build it
 * directly through {@link #defaults(Path)} and the {@code with...} copies.
 *
 * @param home           this server's own directory: embedded database, keys, logs
 * @param dataDir        the organizations' file roots ({@code <org>/upload}, {@code <org>/download})
 * @param bindAddress    address every listener binds to
 * @param httpPort       HTTP port, 0 picks a free one, -1 turns plain HTTP off
 * @param ftpPort        FTP control port, 0 picks a free one
 * @param ftpPassivePorts passive data port range in FtpServer syntax, e.g. {@code 30000-30100}
 * @param ftpPassiveAddress address announced in PASV replies, empty for the control connection's
 * @param sftpPort       SFTP port, 0 picks a free one
 * @param externalDb     an external MariaDB; empty starts the embedded one
 * @param embeddedDbPort port of the embedded MariaDB on 127.0.0.1, 0 picks a free one
 * @param usersFile      YAML file of organizations and users applied at every start, if any
 * @param sessionIdle    API session idle timeout
 * @param sessionCacheTtl how long a server answers from a resolved API session before it reads the session
 *                       row again (a Logout on another server takes effect within it); zero turns the cache off
 * @param login          how repeated login failures are slowed down
 * @param maxRequestBytes largest accepted API request body
 * @param importWorkers  how many import jobs may run at once on this server
 * @param oauthTokenLifetime how long an OAuth access token is valid after it is issued
 * @param publicUrl      base URL of this server as people reach it, for links in job-end mail and webhooks;
 *                       empty for {@code https://localhost:<https port>}, or the HTTP one when HTTPS is off
 * @param smtp           the SMTP server job-end mail goes through; empty skips the mail
 * @param webhookDelivery how often and how patiently webhook POSTs are retried
 * @param importMaxExpandedBytes how large a compressed source file may expand before its job ends in ERROR
 * @param importBatchRows rows an import writes and commits at a time: its checkpoint, cancel and crash granularity
 * @param hotFolders     when files dropped in hot folders are taken, and how long results are kept
 * @param limits         what one client may take of the server: HTTP timeouts and in-flight requests,
 *                       failed logins per address, FTP and SFTP logins
 * @param https          the HTTPS listener, its certificate, HSTS and the redirect from HTTP
 * @param trustedProxies peers whose {@code X-Forwarded-*} and {@code Forwarded} headers are believed
 * @param monitoring     where {@code /metrics} is served and who may read it, and the log line format
 * @param embeddedDbCache where the embedded MariaDB's binaries are unpacked, once per version
 *                       ({@code mariadb-<version>/}), shared by every server of this user
 */
public record ListGateConfig(
        Path home,
        Path dataDir,
        String bindAddress,
        int httpPort,
        int ftpPort,
        String ftpPassivePorts,
        String ftpPassiveAddress,
        int sftpPort,
        Optional<ExternalDatabase> externalDb,
        int embeddedDbPort,
        Optional<Path> usersFile,
        Duration sessionIdle,
        Duration sessionCacheTtl,
        LoginPolicy login,
        int maxRequestBytes,
        int importWorkers,
        Duration oauthTokenLifetime,
        Optional<String> publicUrl,
        Optional<Smtp> smtp,
        WebhookDelivery webhookDelivery,
        long importMaxExpandedBytes,
        int importBatchRows,
        HotFolders hotFolders,
        Limits limits,
        Https https,
        List<AddressRange> trustedProxies,
        Monitoring monitoring,
        Path embeddedDbCache) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    /** A port value that turns its listener off. */
    public static final int OFF = -1;
    public static final int DEFAULT_FTP_PORT = 2121;
    public static final String DEFAULT_PASSIVE_PORTS = "30000-30100";
    public static final int DEFAULT_SFTP_PORT = 2222;
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofMinutes(20);
    public static final Duration DEFAULT_SESSION_CACHE_TTL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    public static final int DEFAULT_IMPORT_WORKERS = 4;
    public static final Duration DEFAULT_OAUTH_TOKEN_LIFETIME = Duration.ofMinutes(240);
    /** 64 GiB: above any real contact file; issue 9 asks for no default under 50 GB. */
    public static final long DEFAULT_IMPORT_MAX_EXPANDED_BYTES = 64L * 1024 * 1024 * 1024;
    /** Commits of 10,000 rows cost MariaDB about what one LOAD DATA of the whole file does (ADR 0013). */
    public static final int DEFAULT_IMPORT_BATCH_ROWS = 10_000;

    /**
     * Hot folders: a file in an {@code in/} folder is taken once its size and time have not changed
     * for {@code quietTime} (in flow roots without completion markers); folders are looked at every
     * {@code scanEvery}; files in {@code ok/} and {@code ko/} are removed after {@code keepDays}.
     */
    public record HotFolders(Duration quietTime, Duration scanEvery, int keepDays, long maxBytes,
                             Map<String, Long> maxBytesByOrganization) {
        /** No cap on the size of a hot-folder file (streaming imports need none). */
        public static final long NO_CAP = 0;
        public static final HotFolders DEFAULT = new HotFolders(Duration.ofSeconds(30), Duration.ofSeconds(2), 7);

        public HotFolders {
            maxBytesByOrganization = Map.copyOf(maxBytesByOrganization);
            if (maxBytes < 0 || maxBytesByOrganization.values().stream().anyMatch(v -> v < 0)) {
                throw new ConfigurationException("hot-folder size caps must be 0 (none) or more bytes, not " + maxBytes
                        + " " + maxBytesByOrganization);
            }
        }

        /** No size cap. */
        public HotFolders(Duration quietTime, Duration scanEvery, int keepDays) {
            this(quietTime, scanEvery, keepDays, NO_CAP, Map.of());
        }

        /** The same with {@code organization}'s files capped at {@code bytes} (0: none). */
        public HotFolders withMaxBytes(String organization, long bytes) {
            Map<String, Long> caps = new HashMap<>(maxBytesByOrganization);
            caps.put(organization, bytes);
            return new HotFolders(quietTime, scanEvery, keepDays, maxBytes, caps);
        }

        /** The cap on one file of {@code organization}'s hot folders, if it has one. */
        public OptionalLong maxBytes(String organization) {
            long cap = maxBytesByOrganization.getOrDefault(organization, maxBytes);
            return cap == NO_CAP ? OptionalLong.empty() : OptionalLong.of(cap);
        }
    }

    /** Connection to an external MariaDB (10.6 or newer). */
    public record ExternalDatabase(String url, String user, String password) {
        @Override
        public String toString() {
            return "ExternalDatabase[url=" + url + ", user=" + user + "]";
        }
    }

    /**
     * The SMTP server for job-end mail. {@code user} empty means no authentication; {@code startTls}
     * requires STARTTLS before anything is sent.
     */
    public record Smtp(String host, int port, Optional<String> user, String password, String from, boolean startTls) {
        public static final int DEFAULT_PORT = 25;

        public Smtp {
            if (host == null || host.isBlank()) {
                throw new ConfigurationException("SMTP host must not be empty");
            }
            requirePort("SMTP port", port);
            if (from == null || !from.contains("@")) {
                throw new ConfigurationException("SMTP from address must be an e-mail address, not '" + from + "'");
            }
        }

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", user=" + user.orElse("") + ", from=" + from
                    + ", startTls=" + startTls + "]";
        }
    }

    /**
     * Webhook POSTs are tried {@code attempts} times; the wait before the second try is
     * {@code firstBackoff}, doubling before each further try.
     */
    public record WebhookDelivery(int attempts, Duration firstBackoff, Duration timeout) {
        public static final WebhookDelivery DEFAULT = new WebhookDelivery(5, Duration.ofSeconds(1), Duration.ofSeconds(10));

        public WebhookDelivery {
            if (attempts < 1) {
                throw new ConfigurationException("webhook attempts must be at least 1");
            }
            if (firstBackoff.isNegative()) {
                throw new ConfigurationException("webhook backoff must not be negative");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ConfigurationException("webhook timeout must be positive");
            }
        }
    }

    /**
     * What one client may take of the server (the README's Security section).
     *
     * @param httpIdleTimeout        longest silence while a request or its body is read; a stalled body ends the
     *                               request (408) and the connection
     * @param httpBodyTimeout        longest time a request body may take to arrive in full, however it trickles
     * @param httpRequestsPerAddress requests with a body one client address may have in flight at once; more are
     *                               answered 503
     * @param addressLoginFailures   wrong passwords one client address may send within {@code addressLoginWindow},
     *                               whatever the user names, before its logins are refused for that window
     * @param addressLoginWindow     the window of {@code addressLoginFailures}
     * @param ftpMaxLogins           FTP sessions at once, all users together
     * @param ftpMaxLoginsPerUser    FTP sessions of one user at once
     * @param ftpMaxLoginsPerAddress FTP sessions of one user from one client address at once
     * @param sftpMaxSessions        SFTP sessions at once, all users together
     * @param sftpMaxSessionsPerUser SFTP sessions of one user at once
     */
    public record Limits(Duration httpIdleTimeout, Duration httpBodyTimeout, int httpRequestsPerAddress,
                         int addressLoginFailures, Duration addressLoginWindow, int ftpMaxLogins, int ftpMaxLoginsPerUser,
                         int ftpMaxLoginsPerAddress, int sftpMaxSessions, int sftpMaxSessionsPerUser) {

        /** Sized for hundreds of scripted clients uploading at once (issue 12, item 10). */
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(60), 100, 50,
                Duration.ofMinutes(5),
                1000, 500, 500, 1000, 500);

        public Limits {
            if (httpIdleTimeout.isNegative() || httpIdleTimeout.isZero()) {
                throw new ConfigurationException("HTTP idle timeout must be positive");
            }
            if (httpBodyTimeout.isNegative() || httpBodyTimeout.isZero()) {
                throw new ConfigurationException("HTTP body timeout must be positive");
            }
            if (addressLoginWindow.isNegative() || addressLoginWindow.isZero()) {
                throw new ConfigurationException("address login window must be positive");
            }
            for (int value : new int[] {httpRequestsPerAddress, addressLoginFailures, ftpMaxLogins, ftpMaxLoginsPerUser,
                ftpMaxLoginsPerAddress, sftpMaxSessions, sftpMaxSessionsPerUser}) {
                if (value < 1) {
                    throw new ConfigurationException("request, login and session limits must be at least 1, not " + value);
                }
            }
        }
    }

    /** After {@code maxFailures} consecutive wrong passwords a user is locked for {@code lockout}. */
    public record LoginPolicy(int maxFailures, Duration lockout) {
        public static final LoginPolicy DEFAULT = new LoginPolicy(5, Duration.ofMinutes(5));
    }

    /**
     * Where the HTTPS certificate and key come from: PEM files (the certificate file may hold the full
     * chain), a PKCS#12 keystore, or the self-signed certificate generated for FTPS.
     */
    public sealed interface CertificateSource {
        /** Files to watch for renewal; empty when nothing can change under the running server. */
        List<Path> files();

        /** The generated self-signed certificate under {@code $LISTGATE_HOME/keys}. */
        record Generated() implements CertificateSource {
            @Override
            public List<Path> files() {
                return List.of();
            }
        }

        record PemFiles(Path certificateChain, Path privateKey) implements CertificateSource {
            public PemFiles {
                certificateChain = certificateChain.toAbsolutePath().normalize();
                privateKey = privateKey.toAbsolutePath().normalize();
            }

            @Override
            public List<Path> files() {
                return List.of(certificateChain, privateKey);
            }
        }

        record Pkcs12File(Path keystore, String password) implements CertificateSource {
            public Pkcs12File {
                keystore = keystore.toAbsolutePath().normalize();
            }

            @Override
            public List<Path> files() {
                return List.of(keystore);
            }

            @Override
            public String toString() {
                return "Pkcs12File[keystore=" + keystore + "]";
            }
        }
    }

    /**
     * The HTTPS listener. {@code hostNames} are the names (and IP literals) the generated certificate
     * is valid for; {@code reloadInterval} is how often certificate files are checked for renewal;
     * {@code hstsMaxAge} zero sends no {@code Strict-Transport-Security}; {@code redirectHttp} answers
     * plain HTTP requests, except {@code /health}, with a redirect to HTTPS.
     */
    public record Https(int port, CertificateSource certificate, List<String> hostNames, Duration reloadInterval,
                        Duration hstsMaxAge, boolean redirectHttp) {
        /** Declared before DEFAULT, whose construction checks names against it. */
        private static final Pattern HOST_NAME = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
        public static final int DEFAULT_PORT = 8443;
        public static final List<String> DEFAULT_HOST_NAMES = List.of("localhost", "127.0.0.1");
        /** Well inside the minute issue 16 allows between a renewal on disk and its use. */
        public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(30);
        public static final Https DEFAULT = new Https(DEFAULT_PORT, new CertificateSource.Generated(), DEFAULT_HOST_NAMES,
                DEFAULT_RELOAD_INTERVAL, Duration.ZERO, false);

        public Https {
            requirePortOrOff("HTTPS port", port);
            hostNames = List.copyOf(hostNames);
            if (hostNames.isEmpty()) {
                throw new ConfigurationException("the TLS host names must name at least one host");
            }
            for (String name : hostNames) {
                if (!HOST_NAME.matcher(name).matches() && AddressRange.literal(name).isEmpty()) {
                    throw new ConfigurationException("TLS host name '" + name + "' is neither a DNS name nor an IP address");
                }
            }
            if (reloadInterval.isNegative() || reloadInterval.isZero()) {
                throw new ConfigurationException("the TLS reload interval must be positive");
            }
            if (hstsMaxAge.isNegative()) {
                throw new ConfigurationException("the HSTS max-age must not be negative");
            }
        }

        public boolean enabled() {
            return port != OFF;
        }

        public Https withPort(int newPort) {
            return new Https(newPort, certificate, hostNames, reloadInterval, hstsMaxAge, redirectHttp);
        }

        public Https withCertificate(CertificateSource source) {
            return new Https(port, source, hostNames, reloadInterval, hstsMaxAge, redirectHttp);
        }

        public Https withReloadInterval(Duration interval) {
            return new Https(port, certificate, hostNames, interval, hstsMaxAge, redirectHttp);
        }

        public Https withHsts(Duration maxAge) {
            return new Https(port, certificate, hostNames, reloadInterval, maxAge, redirectHttp);
        }

        public Https withRedirectHttp(boolean redirect) {
            return new Https(port, certificate, hostNames, reloadInterval, hstsMaxAge, redirect);
        }

        public Https withHostNames(List<String> names) {
            return new Https(port, certificate, names, reloadInterval, hstsMaxAge, redirectHttp);
        }
    }

    public ListGateConfig {
        home = home.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        requirePortOrOff("HTTP port", httpPort);
        requirePort("FTP port", ftpPort);
        requirePort("SFTP port", sftpPort);
        requirePort("embedded database port", embeddedDbPort);
        if (!ftpPassivePorts.matches("\\d{1,5}(-\\d{1,5})?(,\\d{1,5}(-\\d{1,5})?)*")) {
            throw new ConfigurationException("FTP passive ports must look like 30000-30100, not '" + ftpPassivePorts + "'");
        }
        if (sessionIdle.isNegative() || sessionIdle.isZero()) {
            throw new ConfigurationException("session idle timeout must be positive");
        }
        if (sessionCacheTtl.isNegative()) {
            throw new ConfigurationException("session cache time to live must not be negative");
        }
        if (maxRequestBytes < 1024) {
            throw new ConfigurationException("max request size must be at least 1024 bytes");
        }
        if (importWorkers < 1) {
            throw new ConfigurationException("import workers must be at least 1");
        }
        if (hotFolders.quietTime().isNegative() || hotFolders.scanEvery().toMillis() < 100 || hotFolders.keepDays() < 1) {
            throw new ConfigurationException("hot folders need a quiet time of 0 s or more, a scan every 100 ms or"
                    + " more and results kept 1 day or more, not " + hotFolders);
        }
        if (importBatchRows < 100 || importBatchRows > 100_000) {
            throw new ConfigurationException("import batch rows must be between 100 and 100000, not " + importBatchRows);
        }
        if (importMaxExpandedBytes <= 0) {
            throw new ConfigurationException("import max expanded bytes must be positive, not "
                    + importMaxExpandedBytes);
        }
        if (oauthTokenLifetime.isNegative() || oauthTokenLifetime.isZero()) {
            throw new ConfigurationException("OAuth access token lifetime must be positive");
        }
        publicUrl = publicUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        publicUrl.ifPresent(url -> {
            if (!url.matches("https?://[^\\s/]+(/\\S*)?")) {
                throw new ConfigurationException("public URL must be an http:// or https:// URL, not '" + url + "'");
            }
        });
        trustedProxies = List.copyOf(trustedProxies);
        requireSomeWayIn(httpPort, https, publicUrl);
    }

    /** At least one listener, on two different ports, and a redirect only when there is somewhere to go. */
    private static void requireSomeWayIn(int httpPort, Https https, Optional<String> publicUrl) {
        if (httpPort == OFF && !https.enabled()) {
            throw new ConfigurationException("HTTP and HTTPS are both turned off (-1): nothing would serve the API");
        }
        if (httpPort > 0 && httpPort == https.port()) {
            throw new ConfigurationException("HTTP and HTTPS cannot share port " + httpPort);
        }
        if (https.redirectHttp()) {
            if (httpPort == OFF) {
                throw new ConfigurationException("the redirect from HTTP to HTTPS needs the HTTP port; it is turned off (-1)");
            }
            if (!https.enabled() && !publicUrl.orElse("").startsWith("https://")) {
                throw new ConfigurationException("the redirect from HTTP to HTTPS needs the HTTPS port or an https:// public URL");
            }
        }
    }

    private static void requirePortOrOff(String what, int port) {
        if (port != OFF) {
            requirePort(what + " (-1 turns it off)", port);
        }
    }

    private static void requirePort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException(what + " must be between 0 and 65535, not " + port);
        }
    }

    /** The embedded defaults rooted at {@code home}. */
    public static ListGateConfig defaults(Path home) {
        return new ListGateConfig(home, home.resolve("data"), "0.0.0.0", DEFAULT_HTTP_PORT, DEFAULT_FTP_PORT,
                DEFAULT_PASSIVE_PORTS, "", DEFAULT_SFTP_PORT, Optional.empty(), 0, Optional.empty(),
                DEFAULT_SESSION_IDLE, DEFAULT_SESSION_CACHE_TTL, LoginPolicy.DEFAULT, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_IMPORT_WORKERS,
                DEFAULT_OAUTH_TOKEN_LIFETIME, Optional.empty(), Optional.empty(), WebhookDelivery.DEFAULT,
                DEFAULT_IMPORT_MAX_EXPANDED_BYTES, DEFAULT_IMPORT_BATCH_ROWS, HotFolders.DEFAULT, Limits.DEFAULT, Https.DEFAULT,
                List.of(), Monitoring.DEFAULT, defaultEmbeddedDbCache());
    }

    /** {@code $XDG_CACHE_HOME/listgate}, else {@code ~/.cache/listgate}: the usual home of such caches on Linux. */
    public static Path defaultEmbeddedDbCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return cache.resolve("listgate");
    }

    public ListGateConfig withPorts(int http, int ftp, String passive, int sftp) {
        return toBuilder().httpPort(http).ftpPort(ftp).ftpPassivePorts(passive).sftpPort(sftp).build();
    }

    public ListGateConfig withExternalDb(ExternalDatabase db) {
        return toBuilder().externalDb(Optional.of(db)).build();
    }

    public ListGateConfig withUsersFile(Path file) {
        return toBuilder().usersFile(Optional.of(file)).build();
    }

    public ListGateConfig withSessionIdle(Duration idle) {
        return toBuilder().sessionIdle(idle).build();
    }

    public ListGateConfig withImportMaxExpandedBytes(long bytes) {
        return toBuilder().importMaxExpandedBytes(bytes).build();
    }

    public ListGateConfig withHotFolders(HotFolders folders) {
        return toBuilder().hotFolders(folders).build();
    }

    public ListGateConfig withDataDir(Path dir) {
        return toBuilder().dataDir(dir).build();
    }

    public ListGateConfig withSmtp(Smtp server) {
        return toBuilder().smtp(Optional.of(server)).build();
    }

    public ListGateConfig withPublicUrl(String url) {
        return toBuilder().publicUrl(Optional.of(url)).build();
    }

    public ListGateConfig withWebhookDelivery(WebhookDelivery delivery) {
        return toBuilder().webhookDelivery(delivery).build();
    }

    public ListGateConfig withHttps(Https listener) {
        return toBuilder().https(listener).build();
    }

    public ListGateConfig withHttpPort(int port) {
        return toBuilder().httpPort(port).build();
    }

    public ListGateConfig withTrustedProxies(List<AddressRange> proxies) {
        return toBuilder().trustedProxies(proxies).build();
    }

    public ListGateConfig withLimits(Limits newLimits) {
        return toBuilder().limits(newLimits).build();
    }

    /** A copy of this configuration to change some settings of. */
    public Builder toBuilder() {
        return new Builder(this);
    }
    /**
     * Changes some settings of a configuration; a new setting is a record component, a field here and a
     * setter, so that adding one never touches the other settings' code.
     */
    public static final class Builder {
        private Path home;
        private Path dataDir;
        private String bindAddress;
        private int httpPort;
        private int ftpPort;
        private String ftpPassivePorts;
        private String ftpPassiveAddress;
        private int sftpPort;
        private Optional<ExternalDatabase> externalDb;
        private int embeddedDbPort;
        private Optional<Path> usersFile;
        private Duration sessionIdle;
        private Duration sessionCacheTtl;
        private LoginPolicy login;
        private int maxRequestBytes;
        private int importWorkers;
        private Duration oauthTokenLifetime;
        private Optional<String> publicUrl;
        private Optional<Smtp> smtp;
        private WebhookDelivery webhookDelivery;
        private long importMaxExpandedBytes;
        private int importBatchRows;
        private HotFolders hotFolders;
        private Limits limits;
        private Https https;
        private List<AddressRange> trustedProxies;
        private Monitoring monitoring;
        private Path embeddedDbCache;

        private Builder(ListGateConfig from) {
            home = from.home;
            dataDir = from.dataDir;
            bindAddress = from.bindAddress;
            httpPort = from.httpPort;
            ftpPort = from.ftpPort;
            ftpPassivePorts = from.ftpPassivePorts;
            ftpPassiveAddress = from.ftpPassiveAddress;
            sftpPort = from.sftpPort;
            externalDb = from.externalDb;
            embeddedDbPort = from.embeddedDbPort;
            usersFile = from.usersFile;
            sessionIdle = from.sessionIdle;
            sessionCacheTtl = from.sessionCacheTtl;
            login = from.login;
            maxRequestBytes = from.maxRequestBytes;
            importWorkers = from.importWorkers;
            oauthTokenLifetime = from.oauthTokenLifetime;
            publicUrl = from.publicUrl;
            smtp = from.smtp;
            webhookDelivery = from.webhookDelivery;
            importMaxExpandedBytes = from.importMaxExpandedBytes;
            importBatchRows = from.importBatchRows;
            hotFolders = from.hotFolders;
            limits = from.limits;
            https = from.https;
            trustedProxies = from.trustedProxies;
            monitoring = from.monitoring;
            embeddedDbCache = from.embeddedDbCache;
        }

        public Builder home(Path value) {
            home = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        public Builder httpPort(int value) {
            httpPort = value;
            return this;
        }

        public Builder ftpPort(int value) {
            ftpPort = value;
            return this;
        }

        public Builder ftpPassivePorts(String value) {
            ftpPassivePorts = value;
            return this;
        }

        public Builder ftpPassiveAddress(String value) {
            ftpPassiveAddress = value;
            return this;
        }

        public Builder sftpPort(int value) {
            sftpPort = value;
            return this;
        }

        public Builder externalDb(Optional<ExternalDatabase> value) {
            externalDb = value;
            return this;
        }

        public Builder embeddedDbPort(int value) {
            embeddedDbPort = value;
            return this;
        }

        public Builder usersFile(Optional<Path> value) {
            usersFile = value;
            return this;
        }

        public Builder sessionIdle(Duration value) {
            sessionIdle = value;
            return this;
        }

        public Builder sessionCacheTtl(Duration value) {
            sessionCacheTtl = value;
            return this;
        }

        public Builder login(LoginPolicy value) {
            login = value;
            return this;
        }

        public Builder maxRequestBytes(int value) {
            maxRequestBytes = value;
            return this;
        }

        public Builder importWorkers(int value) {
            importWorkers = value;
            return this;
        }

        public Builder oauthTokenLifetime(Duration value) {
            oauthTokenLifetime = value;
            return this;
        }

        public Builder publicUrl(Optional<String> value) {
            publicUrl = value;
            return this;
        }

        public Builder smtp(Optional<Smtp> value) {
            smtp = value;
            return this;
        }

        public Builder webhookDelivery(WebhookDelivery value) {
            webhookDelivery = value;
            return this;
        }

        public Builder importMaxExpandedBytes(long value) {
            importMaxExpandedBytes = value;
            return this;
        }

        public Builder importBatchRows(int value) {
            importBatchRows = value;
            return this;
        }

        public Builder hotFolders(HotFolders value) {
            hotFolders = value;
            return this;
        }

        public Builder limits(Limits value) {
            limits = value;
            return this;
        }

        public Builder https(Https value) {
            https = value;
            return this;
        }

        public Builder trustedProxies(List<AddressRange> value) {
            trustedProxies = value;
            return this;
        }

        public Builder monitoring(Monitoring value) {
            monitoring = value;
            return this;
        }

        public Builder embeddedDbCache(Path value) {
            embeddedDbCache = value;
            return this;
        }

        public ListGateConfig build() {
            return new ListGateConfig(home, dataDir, bindAddress, httpPort, ftpPort, ftpPassivePorts, ftpPassiveAddress,
                    sftpPort, externalDb, embeddedDbPort, usersFile, sessionIdle, sessionCacheTtl, login, maxRequestBytes,
                    importWorkers, oauthTokenLifetime, publicUrl, smtp, webhookDelivery, importMaxExpandedBytes, importBatchRows,
                    hotFolders, limits, https, trustedProxies, monitoring, embeddedDbCache);
        }
    }

    /** How log lines are written: {@code text} for people, {@code json} (Logstash fields) for log shippers. */
    public enum LogFormat { TEXT, JSON }

    /**
     * @param metricsToken a bearer token {@code /metrics} asks for; empty serves it to anyone
     * @param metricsPort  a port of its own for {@code /metrics} (off the public listeners), 0 picks a free one;
     *                     {@link #OFF} serves it on the public HTTP/HTTPS listeners
     * @param logFormat    the format of console and file log lines
     */
    public record Monitoring(Optional<String> metricsToken, int metricsPort, LogFormat logFormat) {
        public static final Monitoring DEFAULT = new Monitoring(Optional.empty(), OFF, LogFormat.TEXT);

        public Monitoring {
            requirePortOrOff("metrics port", metricsPort);
            if (metricsToken.isPresent() && metricsToken.get().length() < 16) {
                throw new ConfigurationException("the metrics token must be at least 16 characters long");
            }
        }

        public Monitoring withMetricsToken(String token) {
            return new Monitoring(Optional.of(token), metricsPort, logFormat);
        }

        public Monitoring withMetricsPort(int port) {
            return new Monitoring(metricsToken, port, logFormat);
        }
    }

    /** Where the server keeps generated TLS and SSH keys. */
    public Path keysDir() {
        return home.resolve("keys");
    }

    /** Where the log file goes. */
    public Path logsDir() {
        return home.resolve("logs");
    }
}
