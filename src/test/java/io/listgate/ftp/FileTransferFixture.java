package io.listgate.ftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.listgate.config.ListGateConfig;
import io.listgate.files.OrganizationFolders;
import io.listgate.sftp.SftpService;
import io.listgate.tls.KeyMaterial;
import io.listgate.user.Authenticator;
import io.listgate.user.LoginAttempt;
import io.listgate.user.OrgUser;

/**
 * Running FTP and SFTP services for file transfer tests, started once per test JVM on free ports and
 * stopped when all tests are done. Tests see only what a remote client would know (host, ports, an
 * account per organization) plus the {@link OrganizationFolders} to check what landed where, so this
 * fixture can later start the whole server instead of the two services.
 *
 * <p>Use with {@code @ExtendWith(FileTransferFixture.Extension.class)} and a
 * {@code FileTransferFixture} constructor or method parameter.
 */
public final class FileTransferFixture implements AutoCloseable {

    /** Credentials of one user and the organization whose folders it works in. */
    public record Account(String username, String password, String organization) {
    }

    private static final Account ORG_A = new Account("alice", "alice-Secret-1", "acme");
    private static final Account ORG_B = new Account("bob", "bob-Secret-2", "globex");

    private final Path home;
    private final OrganizationFolders folders;
    private final FtpService ftp;
    private final SftpService sftp;

    private FileTransferFixture() throws IOException {
        home = Files.createTempDirectory("listgate-transfer");
        // passive "0": FtpServer then picks any free port for each data connection
        ListGateConfig config = ListGateConfig.defaults(home).withPorts(0, 0, "0", 0);
        folders = new OrganizationFolders(config.dataDir());
        KeyMaterial keys = KeyMaterial.loadOrCreate(config.keysDir());
        Authenticator authenticator = fixedUsers(Map.of(ORG_A.username(), ORG_A, ORG_B.username(), ORG_B));
        ftp = new FtpService(config, authenticator, folders, keys);
        sftp = new SftpService(config, authenticator, folders, keys);
        ftp.start();
        sftp.start();
    }

    private static Authenticator fixedUsers(Map<String, Account> accounts) {
        return (username, password) -> {
            Account account = accounts.get(username);
            if (account == null || !account.password().equals(password)) {
                return LoginAttempt.rejected();
            }
            long id = account == ORG_A ? 1 : 2;
            return LoginAttempt.accepted(new OrgUser(id, username, id, account.organization()));
        };
    }

    public String host() {
        return "127.0.0.1";
    }

    public int ftpPort() {
        return ftp.port();
    }

    public int sftpPort() {
        return sftp.port();
    }

    public Account orgA() {
        return ORG_A;
    }

    public Account orgB() {
        return ORG_B;
    }

    public OrganizationFolders folders() {
        return folders;
    }

    @Override
    public void close() throws IOException {
        ftp.stop();
        sftp.stop();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Resolves {@code FileTransferFixture} parameters to the one shared, started fixture. */
    public static final class Extension implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FileTransferFixture.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == FileTransferFixture.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // stored on the root context: shared by all test classes, closed once at the very end
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(FileTransferFixture.class, key -> {
                try {
                    return new FileTransferFixture();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot start file transfer services", e);
                }
            }, FileTransferFixture.class);
        }
    }
}
