package io.listgate;

import io.listgate.config.ConfigLoader;
import io.listgate.config.ConfigurationException;
import io.listgate.config.ListGateConfig;
import io.listgate.db.DatabaseException;
import io.listgate.db.EmbeddedMariaDb;
import io.listgate.user.UserService;

/** Starts the server from the configuration file and environment; stops it on SIGTERM. */
public final class ListGateMain {

    private ListGateMain() {
    }

    public static void main(String[] args) {
        ListGateConfig config;
        try {
            config = ConfigLoader.load(System.getenv());
        } catch (ConfigurationException e) {
            System.err.println("ListGate: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Read by logback.xml to put the log file under LISTGATE_HOME/logs; set before the first logger.
        System.setProperty("listgate.logs", config.logsDir().toString());
        EmbeddedMariaDb.keepDataOutOfTemporaryDirectory(config.home());
        Server server = Server.create(config);
        try {
            server.start();
        } catch (ConfigurationException | DatabaseException e) {
            System.err.println("ListGate: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "listgate-shutdown"));
        server.demoPassword().ifPresent(password -> System.out.printf(
                "%n  First start: created organization '%s' with user %s%n  Its password (shown once, not stored): %s%n"
                        + "  Admin pages: %s%n%n",
                UserService.DEMO_ORGANIZATION, UserService.DEMO_USERNAME, password, server.adminUrl()));
    }
}
