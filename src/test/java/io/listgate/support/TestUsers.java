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
    /** File transfer tests' users, so their wrong-password checks never lock the API users. */
    public static final String ACME_FTP_USER = "ftp@acme.test";
    public static final String ACME_FTP_PASSWORD = "Acme-Ftp-Secret-1";
    public static final String GLOBEX_FTP_USER = "ftp@globex.test";
    public static final String GLOBEX_FTP_PASSWORD = "Globex-Ftp-Secret-2";
    public static final String GLOBEX = "globex";
    public static final String GLOBEX_USER = "api@globex.test";
    public static final String GLOBEX_PASSWORD = "Globex-Secret-2";

    private TestUsers() {
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
                      - username: ftp@acme.test
                        password: "Acme-Ftp-Secret-1"
                  - name: globex
                    users:
                      - username: api@globex.test
                        password: "Globex-Secret-2"
                      - username: ftp@globex.test
                        password: "Globex-Ftp-Secret-2"
                """;
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
