package io.listgate.ftp;


import io.listgate.Server;
import io.listgate.files.OrganizationFolders;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The shared test server's FTP and SFTP, started once per test JVM on free ports. Tests see only what a remote client would know (host, ports, an
 * account per organization) plus the {@link OrganizationFolders} to check what landed where.
 *
 * <p>Use with {@code @ExtendWith(FileTransferFixture.Extension.class)} and a
 * {@code FileTransferFixture} constructor or method parameter.
 */
public final class FileTransferFixture implements AutoCloseable {

    /** Credentials of one user and the organization whose folders it works in. */
    public record Account(String username, String password, String organization) {
    }

    private static final Account ORG_A = new Account(TestUsers.ACME_FTP_USER, TestUsers.ACME_FTP_PASSWORD, TestUsers.ACME);
    private static final Account ORG_B = new Account(TestUsers.GLOBEX_FTP_USER, TestUsers.GLOBEX_FTP_PASSWORD, TestUsers.GLOBEX);

    private final Server server;

    private FileTransferFixture() {
        // The whole server, through the same composition root as main.
        server = TestServer.shared();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int ftpPort() {
        return server.ftpPort();
    }

    public int sftpPort() {
        return server.sftpPort();
    }

    public Account orgA() {
        return ORG_A;
    }

    public Account orgB() {
        return ORG_B;
    }

    /** The private key registered in {@link #orgA()}'s {@code ssh_keys} (OpenSSH format, no passphrase). */
    public Path orgASshKey() {
        return TestUsers.acmeFtpKey(server.config().home());
    }

    public Path root(Account account) {
        return folders().root(account.organization());
    }

    public Path upload(Account account) {
        return folders().upload(account.organization());
    }

    public Path download(Account account) {
        return folders().download(account.organization());
    }

    /**
     * Plants, in the account's root, links to a folder outside it holding {@code secret.txt}:
     * {@code download/<link>}, {@code download/<link>.txt} (to the file) and {@code upload/<link>}.
     * Returns the link name.
     */
    public String plantLinksTo(Path outside, Account account) throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "do not show");
        String link = unique("outside");
        Files.createSymbolicLink(download(account).resolve(link), outside);
        Files.createSymbolicLink(download(account).resolve(link + ".txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(upload(account).resolve(link), outside);
        return link;
    }

    /** A file name no other test uses. */
    public static String unique(String name) {
        return UUID.randomUUID().toString().substring(0, 8) + "-" + name;
    }

    public OrganizationFolders folders() {
        return server.folders();
    }

    @Override
    public void close() {
        // The shared server stops with the test JVM.
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
                return new FileTransferFixture();
            }, FileTransferFixture.class);
        }
    }
}
