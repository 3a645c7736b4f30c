package io.listgate;

import io.listgate.api.ApiDispatcher;
import io.listgate.api.Operation;
import io.listgate.api.OperationRegistry;
import io.listgate.api.XmlApiServlet;
import io.listgate.config.ListGateConfig;
import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.CreateContactListOperation;
import io.listgate.contacts.GetListsOperation;
import io.listgate.contacts.SelectRecipientDataOperation;
import io.listgate.db.Database;
import io.listgate.files.OrganizationFolders;
import io.listgate.flows.FlowFiling;
import io.listgate.flows.FlowHttpServlet;
import io.listgate.flows.FlowPuller;
import io.listgate.flows.FlowScanner;
import io.listgate.flows.FlowSecrets;
import io.listgate.ftp.FtpService;
import io.listgate.importjob.GetJobStatusOperation;
import io.listgate.importjob.ImportJobService;
import io.listgate.importjob.ImportListOperation;
import io.listgate.importjob.ImportQueue;
import io.listgate.importjob.JobEndListener;
import io.listgate.notify.MailNotifier;
import io.listgate.notify.WebhookNotifier;
import io.listgate.oauth.FileTransferAuthenticator;
import io.listgate.oauth.OAuthService;
import io.listgate.oauth.OAuthTokenServlet;
import io.listgate.oauth.SessionOrBearerResolver;
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
import io.listgate.user.UserService;
import io.listgate.user.UsersFile;
import io.listgate.web.HealthServlet;
import io.listgate.web.HttpServer;
import io.listgate.web.admin.AdminServlet;
import java.time.Clock;
import java.util.ArrayDeque;
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
    private FtpService ftp;
    private SftpService sftp;
    private OrganizationFolders folders;
    private FlowScanner flows;
    private Optional<String> demoPassword = Optional.empty();

    private Server(ListGateConfig config) {
        this.config = config;
    }

    public static Server create(ListGateConfig config) {
        return new Server(config);
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public Server start() {
        long begin = System.nanoTime();
        routeJavaUtilLogging();
        try {
            started.push(HomeLock.acquire(config.home()));
            database = remember(Database.open(config));
            users = new UserService(database, config.login(), new AddressThrottle(config.limits().addressLoginFailures(),
                    config.limits().addressLoginWindow(), Clock.systemUTC()));
            oauth = new OAuthService(database, config.oauthTokenLifetime());
            UsersFile usersFile = config.usersFile().map(UsersFile::read).orElse(new UsersFile(List.of()));
            if (config.usersFile().isPresent()) {
                users.apply(usersFile);
                oauth.apply(usersFile);
            } else {
                demoPassword = users.createDemoUserIfEmpty();
            }
            sessions = new SessionService(database, config.sessionIdle());
            folders = new OrganizationFolders(config.dataDir());

            // Closed after the scheduler: jobs that end while it stops still have their notifications queued.
            MailNotifier mail = remember(new MailNotifier(config.smtp(), this::publicUrl));
            WebhookNotifier webhooks = remember(new WebhookNotifier(usersFile,
                    id -> users.organization(id).orElseThrow().name(), this::publicUrl, config.webhookDelivery()));
            scheduler = remember(new JobScheduler(config, database.dataSource()));
            contacts = new ContactDatabaseService(database);
            LongFunction<String> organizationNames = id -> users.organization(id).orElseThrow().name();
            // hot-folder files are in ok/ or ko/ before mail and webhooks tell anyone the job ended
            FlowFiling filing = new FlowFiling(folders, organizationNames);
            imports = new ImportJobService(database, contacts, folders, organizationNames,
                    new ImportQueue(scheduler.quartz()), JobEndListener.all(List.of(filing, mail, webhooks)),
                    config.importMaxExpandedBytes());
            scheduler.register(ImportQueue.DrainQueue.class, () -> new ImportQueue.DrainQueue(imports));
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
            sftp = new SftpService(config, fileTransferLogins, folders, keys);
            started.push(sftp::stop);
            sftp.start();

            SessionOrBearerResolver callers = new SessionOrBearerResolver(sessions, oauth);
            ApiDispatcher api = new ApiDispatcher(new OperationRegistry(operations()), callers, config.maxRequestBytes());
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
                    .route("/admin/*", new AdminServlet(users, imports, contacts, config.sessionIdle()));
            http.start();
            served.ifPresent(c -> LOG.info("HTTPS certificate: {}", c.describe()));
            if (served.isPresent() && !certificate.files().isEmpty()) {
                HttpServer web = http;
                remember(new CertificateWatcher(certificate, config.https().reloadInterval(),
                        () -> ServerCertificate.load(certificate, keys), web::useCertificate));
            }
            running = true;
            LOG.info("ListGate started in {} ms: HTTP {}, HTTPS {}, FTP {}, SFTP {}", (System.nanoTime() - begin) / 1_000_000,
                    http.port(), http.httpsPort(), ftp.port(), sftp.port());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private List<Operation> operations() {
        return List.of(
                new LoginOperation(users, sessions),
                new LogoutOperation(sessions),
                new ImportListOperation(imports),
                new GetJobStatusOperation(imports),
                new GetListsOperation(contacts),
                new CreateContactListOperation(contacts),
                new SelectRecipientDataOperation(contacts));
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

    /** The bound HTTP port, {@link ListGateConfig#OFF} when plain HTTP is off. */
    public int httpPort() {
        return http.port();
    }

    /** The bound HTTPS port, {@link ListGateConfig#OFF} when HTTPS is off. */
    public int httpsPort() {
        return http.httpsPort();
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
