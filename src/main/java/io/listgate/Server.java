package io.listgate;

import io.listgate.api.ApiDispatcher;
import io.listgate.api.Operation;
import io.listgate.api.OperationRegistry;
import io.listgate.api.XmlApiServlet;
import io.listgate.config.ListGateConfig;
import io.listgate.contacts.AddListColumnOperation;
import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.ContactReader;
import io.listgate.contacts.CreateContactListOperation;
import io.listgate.contacts.GetListMetaDataOperation;
import io.listgate.contacts.GetListsOperation;
import io.listgate.contacts.SelectRecipientDataOperation;
import io.listgate.db.Database;
import io.listgate.exportjob.ExportListOperation;
import io.listgate.exportjob.ExportService;
import io.listgate.exportjob.ExportWriter;
import io.listgate.exportjob.ScheduledExports;
import io.listgate.files.OrganizationFolders;
import io.listgate.flows.FlowFiling;
import io.listgate.flows.FlowHttpServlet;
import io.listgate.flows.FlowOverview;
import io.listgate.flows.FlowPuller;
import io.listgate.flows.FlowScanner;
import io.listgate.flows.FlowSecrets;
import io.listgate.ftp.FtpService;
import io.listgate.importjob.DeleteJobOperation;
import io.listgate.importjob.GetJobStatusOperation;
import io.listgate.importjob.ImportJobService;
import io.listgate.importjob.ImportListOperation;
import io.listgate.importjob.ImportQueue;
import io.listgate.importjob.JobEndListener;
import io.listgate.importjob.SingleContactImport;
import io.listgate.metrics.MetricsListener;
import io.listgate.metrics.MetricsServlet;
import io.listgate.metrics.ServerMetrics;
import io.listgate.notify.MailNotifier;
import io.listgate.notify.WebhookNotifier;
import io.listgate.oauth.FileTransferAuthenticator;
import io.listgate.oauth.OAuthService;
import io.listgate.oauth.OAuthTokenServlet;
import io.listgate.oauth.SessionOrBearerResolver;
import io.listgate.recipients.RecipientService;
import io.listgate.scheduler.Housekeeping;
import io.listgate.scheduler.JobScheduler;
import io.listgate.session.LoginOperation;
import io.listgate.session.LogoutOperation;
import io.listgate.session.SessionService;
import io.listgate.sftp.SftpService;
import io.listgate.soap.SoapApiServlet;
import io.listgate.tls.CertificateWatcher;
import io.listgate.tls.KeyMaterial;
import io.listgate.tls.ServerCertificate;
import io.listgate.user.AddressThrottle;
import io.listgate.user.LoginAttempt;
import io.listgate.user.UserService;
import io.listgate.user.UsersFile;
import io.listgate.web.HealthServlet;
import io.listgate.web.HttpServer;
import io.listgate.web.RootRedirect;
import io.listgate.web.admin.AdminServlet;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The composition root: the only place that wires the parts together. {@code main} and the
 * integration tests both start the server through {@link #create} and {@link #start}.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final ListGateConfig config;
    /** The time scheduled exports reckon "yesterday" and file ages by; tests may set it. */
    private final Clock clock;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private volatile boolean running;

    private Database database;
    private UserService users;
    private SessionService sessions;
    private OAuthService oauth;
    private JobScheduler scheduler;
    private volatile HttpServer http;
    private ContactDatabaseService contacts;
    private ImportJobService imports;
    private ExportService exports;
    private ScheduledExports scheduledExports;
    private FtpService ftp;
    private SftpService sftp;
    private OrganizationFolders folders;
    private FlowScanner flows;
    private ServerMetrics metrics;
    private MetricsListener metricsListener;
    private Optional<String> demoPassword = Optional.empty();

    private Server(ListGateConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public static Server create(ListGateConfig config) {
        return new Server(config, Clock.systemDefaultZone());
    }

    /** A server whose scheduled exports and their housekeeping read {@code clock} (tests move time). */
    public static Server create(ListGateConfig config, Clock clock) {
        return new Server(config, clock);
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public Server start() {
        long begin = System.nanoTime();
        routeJavaUtilLogging();
        try {
            started.push(HomeLock.acquire(config.home()));
            PortCheck.requireFree(config);
            database = remember(Database.open(config));
            metrics = remember(new ServerMetrics());
            users = new UserService(database, config.login(), new AddressThrottle(config.limits().addressLoginFailures(),
                    config.limits().addressLoginWindow(), Clock.systemUTC()));
            users.observe(metrics);
            oauth = new OAuthService(database, config.oauthTokenLifetime());
            UsersFile usersFile = config.usersFile().map(UsersFile::read).orElse(new UsersFile(List.of()));
            if (config.usersFile().isPresent()) {
                users.apply(usersFile);
                oauth.apply(usersFile);
            } else {
                demoPassword = users.createDemoUserIfEmpty();
            }
            sessions = new SessionService(database, config.sessionIdle(), config.sessionCacheTtl());
            folders = new OrganizationFolders(config.dataDir());

            // Closed after the scheduler: jobs that end while it stops still have their notifications queued.
            MailNotifier mail = remember(new MailNotifier(config.smtp(), this::publicUrl));
            WebhookNotifier webhooks = remember(new WebhookNotifier(database, JobScheduler.instanceId(config.home()), usersFile,
                    id -> users.organization(id).orElseThrow().name(), this::publicUrl, config.webhookDelivery()));
            scheduler = remember(new JobScheduler(config, database.dataSource()));
            contacts = new ContactDatabaseService(database);
            LongFunction<String> organizationNames = id -> users.organization(id).orElseThrow().name();
            // hot-folder files are in ok/ or ko/ before mail and webhooks tell anyone the job ended
            FlowFiling filing = new FlowFiling(folders, organizationNames);
            ExportWriter exportWriter = new ExportWriter(contacts, new ContactReader(database.dataSource()), folders,
                    organizationNames);
            imports = new ImportJobService(database, contacts, folders, organizationNames,
                    new ImportQueue(scheduler.quartz()), JobEndListener.all(List.of(filing, mail, webhooks, metrics)),
                    config.importMaxExpandedBytes(), config.importBatchRows(), exportWriter);
            exports = new ExportService(contacts, imports, exportWriter, Clock.systemDefaultZone());
            scheduler.register(ImportQueue.DrainQueue.class, () -> new ImportQueue.DrainQueue(imports));
            scheduledExports = new ScheduledExports(contacts, imports, users, folders, clock);
            scheduler.register(ScheduledExports.Run.class, () -> new ScheduledExports.Run(scheduledExports));
            scheduledExports.schedule(scheduler.quartz(), usersFile);
            scheduler.housekeeping(sessions.purgeInterval(), List.of(
                    new Housekeeping.Task("idle API sessions", sessions::purgeIdle),
                    new Housekeeping.Task("expired OAuth tokens", oauth::purgeExpiredTokens),
                    new Housekeeping.Task("reporting files", scheduledExports::tidy)));
            FlowPuller puller = new FlowPuller(folders, FlowSecrets.loadOrCreate(config.keysDir()), scheduler.quartz(),
                    Clock.systemUTC());
            scheduler.register(FlowPuller.Pull.class, () -> new FlowPuller.Pull(puller));
            // Closed before the scheduler: running imports stop at their next batch boundary.
            started.push(imports::stop);
            scheduler.start();
            imports.resumePending();
            flows = new FlowScanner(folders, users, contacts, imports, filing, puller, config.hotFolders(),
                    config.importMaxExpandedBytes(), Clock.systemUTC());
            // Closed before the imports stop: no file is taken while the server goes down.
            started.push(flows::close);
            flows.start();

            KeyMaterial keys = KeyMaterial.loadOrCreate(config.keysDir(), config.https().hostNames());
            FileTransferAuthenticator fileTransferLogins = new FileTransferAuthenticator(users, oauth);
            ftp = new FtpService(config, fileTransferLogins, folders, keys);
            started.push(ftp::stop);
            ftp.start();
            sftp = new SftpService(config, fileTransferLogins, folders, keys, usersFile.sshKeysByUser(),
                    username -> users.user(username).map(users::admit).orElse(LoginAttempt.rejected()));
            started.push(sftp::stop);
            sftp.start();

            SessionOrBearerResolver callers = new SessionOrBearerResolver(sessions, oauth);
            ApiDispatcher api = new ApiDispatcher(new OperationRegistry(operations()), callers, config.maxRequestBytes(), metrics);
            XmlApiServlet xmlApi = new XmlApiServlet(api);
            ListGateConfig.CertificateSource certificate = config.https().certificate();
            Optional<ServerCertificate> served = config.https().enabled()
                    ? Optional.of(ServerCertificate.load(certificate, keys)) : Optional.empty();
            http = remember(new HttpServer(config, served))
                    .limits(config.limits())
                    .route("/XMLAPI", xmlApi)
                    .route("/XMLAPI/*", xmlApi)
                    .route("/oauth/token", new OAuthTokenServlet(oauth))
                    .route("/flows/*", new FlowHttpServlet(flows, imports, callers))
                    .route("/SoapApi", new SoapApiServlet(api))
                    .route("/health", new HealthServlet(healthChecks()))
                    .route("/admin/*", new AdminServlet(users, imports, contacts, new FlowOverview(folders, imports), database,
                            config.sessionIdle()))
                    .route(RootRedirect.PATH, new RootRedirect());
            MetricsServlet metricsServlet = new MetricsServlet(metrics, config.monitoring().metricsToken());
            if (config.monitoring().metricsPort() == ListGateConfig.OFF) {
                http.route("/metrics", metricsServlet);
            } else {
                metricsListener = remember(new MetricsListener(config.bindAddress(), config.monitoring().metricsPort(),
                        metricsServlet)).start();
            }
            http.start();
            watch(metrics);
            served.ifPresent(c -> LOG.info("HTTPS certificate: {}", c.describe()));
            if (served.isPresent() && !certificate.files().isEmpty()) {
                HttpServer web = http;
                remember(new CertificateWatcher(certificate, config.https().reloadInterval(),
                        () -> ServerCertificate.load(certificate, keys), web::useCertificate));
            }
            running = true;
            LOG.info("ListGate started in {} ms: HTTP {}, HTTPS {}, FTP {}, SFTP {}; admin pages at {}",
                    (System.nanoTime() - begin) / 1_000_000, http.port(), http.httpsPort(), ftp.port(), sftp.port(), adminUrl());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private List<Operation> operations() {
        List<Operation> features = List.of(
                new LoginOperation(users, sessions),
                new LogoutOperation(sessions),
                new ImportListOperation(imports),
                new GetJobStatusOperation(imports),
                new DeleteJobOperation(imports),
                new ExportListOperation(exports),
                new GetListsOperation(contacts),
                new CreateContactListOperation(contacts),
                new SelectRecipientDataOperation(contacts),
                new GetListMetaDataOperation(contacts),
                new AddListColumnOperation(contacts, imports::importPending));
        List<Operation> all = new ArrayList<>(features);
        all.addAll(new RecipientService(contacts, new SingleContactImport(database)).operations());
        return all;
    }

    /** What the metrics read when Prometheus scrapes: the parts themselves, not copies. */
    private void watch(ServerMetrics meters) {
        meters.watchJobs(imports::figures);
        meters.watchApiSessions(sessions::openSessions);
        meters.watchFileTransfer("ftp", ftp::openSessions, ftp::bytesReceived);
        meters.watchFileTransfer("sftp", sftp::openSessions, sftp::bytesReceived);
        meters.watchJetty(http.threadPool());
        meters.watchPool(database.dataSource());
        meters.watchScheduler(scheduler.quartz());
    }

    private Map<String, BooleanSupplier> healthChecks() {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("database", database::isUp);
        checks.put("scheduler", scheduler::isRunning);
        checks.put("http", () -> running && http.isRunning());
        checks.put("ftp", ftp::isRunning);
        checks.put("sftp", sftp::isRunning);
        return checks;
    }

    private <T extends AutoCloseable> T remember(T part) {
        started.push(part);
        return part;
    }

    private static void routeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    public ListGateConfig config() {
        return config;
    }

    /**
     * Base of links in job-end mail and webhooks, which are written with no request to take a scheme
     * from: LISTGATE_PUBLIC_URL, else https://localhost:<https port>, else http://localhost:<http port>.
     */
    public String publicUrl() {
        HttpServer web = http;
        return config.publicUrl().orElseGet(() -> {
            if (config.https().enabled()) {
                return "https://localhost:" + (web != null ? web.httpsPort() : config.https().port());
            }
            return "http://localhost:" + (web != null ? web.port() : config.httpPort());
        });
    }

    /**
     * Where a person on this machine opens the admin pages: LISTGATE_PUBLIC_URL when set, else plain
     * HTTP on localhost (no certificate warning), else HTTPS.
     */
    public String adminUrl() {
        if (config.publicUrl().isEmpty() && http.port() != ListGateConfig.OFF) {
            return "http://localhost:" + http.port() + "/admin/";
        }
        return publicUrl() + "/admin/";
    }

    /** The bound HTTP port, {@link ListGateConfig#OFF} when plain HTTP is off. */
    public int httpPort() {
        return http.port();
    }

    /** The bound HTTPS port, {@link ListGateConfig#OFF} when HTTPS is off. */
    public int httpsPort() {
        return http.httpsPort();
    }

    /** The port of the metrics listener of its own; {@link ListGateConfig#OFF} when /metrics is on the public ones. */
    public int metricsPort() {
        return metricsListener == null ? ListGateConfig.OFF : metricsListener.port();
    }

    public int ftpPort() {
        return ftp.port();
    }

    public int sftpPort() {
        return sftp.port();
    }

    public OrganizationFolders folders() {
        return folders;
    }

    public Database database() {
        return database;
    }

    /** The daily exports to reporting/: tests run one for a given day and tidy the files. */
    public ScheduledExports scheduledExports() {
        return scheduledExports;
    }

    /** The generated password of the first-start demo user, once, for the console. */
    public Optional<String> demoPassword() {
        return demoPassword;
    }

    /** Stops in reverse order of start; running jobs reach a safe point first. */
    @Override
    public synchronized void close() {
        running = false;
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
