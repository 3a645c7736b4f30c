package io.listgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The organizations and users every integration test server knows. */
public final class TestUsers {

    public static final String ACME = "acme";
    public static final String ACME_USER = "api@acme.test";
    public static final String ACME_PASSWORD = "Acme-Secret-1";
    /** A user whose password needs ISO-8859-1 on the wire. */
    public static final String ACCENT_USER = "accent@acme.test";
    public static final String ACCENT_PASSWORD = "Pässwörd-é1";
    /** Reserved for the lockout test, so locking it never disturbs other tests. */
    public static final String LOCKOUT_USER = "lockout@acme.test";
    public static final String LOCKOUT_PASSWORD = "Lockout-Secret-1";
    /** Reserved for the parallel lockout test. */
    public static final String PARALLEL_LOCKOUT_USER = "parallel-lockout@acme.test";
    public static final String PARALLEL_LOCKOUT_PASSWORD = "Parallel-Lockout-Secret-1";
    /** File transfer tests' users, so their wrong-password checks never lock the API users. */
    public static final String ACME_FTP_USER = "ftp@acme.test";
    public static final String ACME_FTP_PASSWORD = "Acme-Ftp-Secret-1";
    public static final String GLOBEX_FTP_USER = "ftp@globex.test";
    public static final String GLOBEX_FTP_PASSWORD = "Globex-Ftp-Secret-2";
    public static final String GLOBEX = "globex";
    public static final String GLOBEX_USER = "api@globex.test";
    public static final String GLOBEX_PASSWORD = "Globex-Secret-2";

    /** Watches every organization on the admin pages (role system_administrator); its own organization is empty. */
    public static final String ROOT_USER = "root@ops.test";
    public static final String ROOT_PASSWORD = "Ops-Root-Secret-1";

    /** OAuth applications (spec: OAuth); the acme one acts as ACME_USER. */
    public static final String ACME_CLIENT = "acme-integration";
    public static final String ACME_CLIENT_SECRET = "acme-client-secret-0123456789abcdef";
    public static final String ACME_REFRESH_TOKEN = "acme-refresh-token-0123456789abcdef";
    /** Reserved for the expiry test, which ages its tokens in the database. */
    public static final String EXPIRING_CLIENT = "acme-expiring";
    /** Reserved for the revocation test, which drops it from the users file. */
    public static final String REVOCABLE_CLIENT = "acme-revocable";
    /** Declared with hashes only, as an administrator who never writes secrets in plain would. */
    public static final String GLOBEX_CLIENT = "globex-integration";
    /** Reserved for the test that locks its user, whose tokens must then stop opening FTP and SFTP. */
    public static final String LOCKED_CLIENT = "acme-locked";
    public static final String LOCKED_CLIENT_USER = "oauth-lockout@acme.test";
    public static final String GLOBEX_CLIENT_SECRET = "globex-client-secret-0123456789abcdef";
    public static final String GLOBEX_REFRESH_TOKEN = "globex-refresh-token-0123456789abcdef";

    private TestUsers() {
    }

    /** The private key (OpenSSH format) in {@link #ACME_FTP_USER}'s {@code ssh_keys} of the users file written to {@code dir}. */
    public static Path acmeFtpKey(Path dir) {
        return dir.resolve("ssh").resolve("acme-ftp-ed25519");
    }

    /** The private key in {@link #GLOBEX_USER}'s {@code ssh_keys}: scheduled pulls sign in with it. */
    public static Path globexApiKey(Path dir) {
        return dir.resolve("ssh").resolve("globex-api-ed25519");
    }

    public static Path writeUsersFile(Path dir) {
        String yaml = """
                organizations:
                  - name: acme
                    users:
                      - username: api@acme.test
                        password: "Acme-Secret-1"
                      - username: accent@acme.test
                        password: "Pässwörd-é1"
                      - username: lockout@acme.test
                        password: "Lockout-Secret-1"
                      - username: parallel-lockout@acme.test
                        password: "Parallel-Lockout-Secret-1"
                      - username: ftp@acme.test
                        password: "Acme-Ftp-Secret-1"
                        ssh_keys:
                          - "%s"
                      - username: oauth-lockout@acme.test
                        password: "Oauth-Lockout-Secret-1"
                    oauth_clients:
                      - client_id: acme-integration
                        client_secret: "acme-client-secret-0123456789abcdef"
                        refresh_token: "acme-refresh-token-0123456789abcdef"
                        username: api@acme.test
                      - client_id: acme-expiring
                        client_secret: "acme-client-secret-0123456789abcdef"
                        refresh_token: "acme-refresh-token-0123456789abcdef"
                        username: api@acme.test
                      - client_id: acme-revocable
                        client_secret: "acme-client-secret-0123456789abcdef"
                        refresh_token: "acme-refresh-token-0123456789abcdef"
                        username: api@acme.test
                      - client_id: acme-locked
                        client_secret: "acme-client-secret-0123456789abcdef"
                        refresh_token: "acme-refresh-token-0123456789abcdef"
                        username: oauth-lockout@acme.test
                  - name: globex
                    users:
                      - username: api@globex.test
                        password: "Globex-Secret-2"
                        ssh_keys:
                          - "%s"
                      - username: ftp@globex.test
                        password: "Globex-Ftp-Secret-2"
                    oauth_clients:
                      - client_id: globex-integration
                        client_secret_hash: "856bcb49d05b05feebceacee4fae90caf0e8b96bab040a21ee458e291b30bd37"
                        refresh_token_hash: "b55e49a679918f070e2ca5a07ff66843f1bc46fb1623815e827b82853ffcc2c8"
                        username: api@globex.test
                  - name: ops
                    users:
                      - username: root@ops.test
                        password: "Ops-Root-Secret-1"
                        role: system_administrator
                """.formatted(OpenSsh.generateKey(acmeFtpKey(dir), "ed25519"), OpenSsh.generateKey(globexApiKey(dir), "ed25519"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("users.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
