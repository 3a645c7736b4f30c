package io.listgate.cli;

import io.listgate.HomeLock;
import io.listgate.ListGateMain;
import io.listgate.config.ConfigLoader;
import io.listgate.config.ConfigurationException;
import io.listgate.config.ListGateConfig;
import io.listgate.db.Database;
import io.listgate.db.DatabaseException;
import io.listgate.db.EmbeddedMariaDb;
import io.listgate.user.AddressThrottle;
import io.listgate.user.UserService;
import io.listgate.user.UsersFile;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code listgate users ...}: user administration on the server's own machine. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage users (on the server's machine).",
        subcommands = UsersCommand.ResetPassword.class)
final class UsersCommand {

    /**
     * Reads the server's configuration and sets a new generated password, shown once. With the embedded
     * database the server must be stopped (its database lives in its home, which it locks).
     */
    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Give a user a new generated password (printed once) and lift its lock.")
    static final class ResetPassword implements Callable<Integer> {

        @Parameters(paramLabel = "USERNAME", description = "the user, e.g. demo@listgate.local")
        String username;

        @Override
        public Integer call() {
            ListGateConfig config;
            try {
                config = ConfigLoader.load(System.getenv());
            } catch (ConfigurationException e) {
                throw new ClientException(ListGateCommand.USAGE, "configuration error: " + e.getMessage());
            }
            refuseUserOfTheUsersFile(config);
            ListGateMain.useLogSettings(config);
            EmbeddedMariaDb.keepDataOutOfTemporaryDirectory(config.home());
            // An external database is shared with the running server; the embedded one is the stopped server's own.
            try (AutoCloseable lock = config.externalDb().isPresent() ? () -> { } : HomeLock.acquire(config.home());
                 Database database = Database.open(config)) {
                UserService users = new UserService(database, config.login(), new AddressThrottle(
                        config.limits().addressLoginFailures(), config.limits().addressLoginWindow(), Clock.systemUTC()));
                Optional<String> password = users.resetPassword(username);
                if (password.isEmpty()) {
                    throw new ClientException(ListGateCommand.USAGE, "there is no user " + username);
                }
                System.out.printf("New password of %s (shown once, not stored): %s%n", username, password.get());
                return 0;
            } catch (ConfigurationException | DatabaseException e) {
                throw new ClientException(ListGateCommand.UNREACHABLE, e.getMessage());
            } catch (ClientException e) {
                throw e;
            } catch (Exception e) {
                throw new ClientException(ListGateCommand.UNREACHABLE, "cannot reset the password: " + e.getMessage(), e);
            }
        }

        /** The users file sets its users' passwords at every start: a reset would last until the next one. */
        private void refuseUserOfTheUsersFile(ListGateConfig config) {
            Optional<UsersFile> file = config.usersFile().map(UsersFile::read);
            boolean listed = file.stream().flatMap(f -> f.organizations().stream())
                    .flatMap(o -> o.usersOrEmpty().stream()).anyMatch(u -> username.equals(u.username()));
            if (listed) {
                throw new ClientException(ListGateCommand.USAGE, username + " is in the users file "
                        + config.usersFile().get() + ", which sets its password at every start: change it there");
            }
        }
    }
}
