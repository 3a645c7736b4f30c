package io.listgate;

import io.listgate.cli.ListGateCommand;
import io.listgate.config.ConfigLoader;
import io.listgate.config.ConfigurationException;
import io.listgate.config.ListGateConfig;
import io.listgate.db.DatabaseException;
import io.listgate.db.EmbeddedMariaDb;
import io.listgate.user.UserService;
import java.util.Locale;

/**
 * {@code listgate <command>}: {@code serve} (also with no command: the start command of old) starts
 * the server from the configuration file and environment and stops it on SIGTERM; the other commands
 * are clients (see {@link ListGateCommand}).
 */
public final class ListGateMain {

    private ListGateMain() {
    }

    public static void main(String[] args) {
        if (ListGateCommand.isClient(args)) {
            // before the first logger: a client logs warnings to stderr, never into a server's log file
            System.setProperty("logback.configurationFile", "logback-client.xml");
        }
        int code = ListGateCommand.run(args);
        if (code != ListGateCommand.SERVING) {
            System.exit(code);
        }
    }

    /** Starts the server; 0 once it runs (its threads keep the JVM alive), else the exit code. */
    public static int serve() {
        ListGateConfig config;
        try {
            config = ConfigLoader.load(System.getenv());
        } catch (ConfigurationException e) {
            System.err.println("ListGate: configuration error: " + e.getMessage());
            return 2;
        }
        useLogSettings(config);
        EmbeddedMariaDb.keepDataOutOfTemporaryDirectory(config.home());
        Server server = Server.create(config);
        try {
            server.start();
        } catch (ConfigurationException | DatabaseException e) {
            System.err.println("ListGate: cannot start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "listgate-shutdown"));
        server.demoPassword().ifPresent(password -> System.out.printf(
                "%n  First start: created organization '%s' with user %s%n  Its password (shown once, not stored): %s%n"
                        + "  Admin pages: %s%n%n",
                UserService.DEMO_ORGANIZATION, UserService.DEMO_USERNAME, password, server.adminUrl()));
        return 0;
    }

    /** Read by logback.xml (log file under LISTGATE_HOME/logs, text or JSON lines); set before the first logger. */
    public static void useLogSettings(ListGateConfig config) {
        System.setProperty("listgate.logs", config.logsDir().toString());
        System.setProperty("listgate.log.format", config.monitoring().logFormat().name().toLowerCase(Locale.ROOT));
    }
}
