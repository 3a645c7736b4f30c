package io.listgate.flows;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * A scheduled pull of a flow ({@code pull:} in {@code import/flow.yaml}, Sendethic's model): on its
 * Quartz cron, the remote files whose names match {@code file} are fetched into {@code import/in}
 * complete, and imported like any dropped file.
 *
 * @param protocol          {@code ftp}, {@code ftps} (explicit TLS) or {@code sftp}
 * @param port              default 21, or 22 for sftp
 * @param password          as the user writes it; the server replaces it by {@code passwordEncrypted}
 *                          at its next look at the flow, so it never stays readable in the file
 * @param passwordEncrypted the password encrypted with the server's key ({@code FlowSecrets})
 * @param path              the remote folder, default the login folder
 * @param file              a file name, {@code *} any characters, {@code $YYYYMMDD}, {@code $YYYY},
 *                          {@code $MM}, {@code $DD} the date of the pull (UTC)
 * @param cron              a Quartz cron expression, e.g. {@code 0 0 6 * * ?}
 * @param deleteAfterImport remove the remote file once its import is COMPLETE (in {@code ok/})
 * @param hostKey           sftp: the remote's host key, a {@code SHA256:} fingerprint or a
 *                          {@code known_hosts} line; absent, the key of the first pull is trusted and
 *                          recorded ({@link FlowTrust})
 * @param trustedCertificate ftps: the SHA-256 fingerprint of the remote's (self-signed) certificate;
 *                          absent, the certificate must chain to the JDK's authorities and name the host
 * @param privateKey        sftp: a private key (OpenSSH or PEM, no passphrase) to sign in with, inline
 *                          (encrypted in place like the password) or the path of a file in the
 *                          organization's folder
 * @param privateKeyEncrypted an inline {@code privateKey} encrypted with the server's key
 */
record FlowPull(String protocol, String host, Integer port, String user, String password, String passwordEncrypted,
                String path, String file, String cron, Boolean deleteAfterImport, String hostKey,
                String trustedCertificate, String privateKey, String privateKeyEncrypted) {

    static final String FIELDS = "protocol, host, port, user, password, path, file, cron, deleteAfterImport, hostKey,"
            + " trustedCertificate, privateKey";
    private static final List<String> PROTOCOLS = List.of("ftp", "ftps", "sftp");

    /** Refuses a pull that could never run, saying what is wrong. */
    void check() {
        if (protocol == null || !PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
            throw refused("protocol must be ftp, ftps or sftp, not " + protocol);
        }
        if (blank(host) || blank(user) || blank(file)) {
            throw refused("host, user and file are required");
        }
        boolean keyed = !blank(privateKey) || !blank(privateKeyEncrypted);
        if (keyed && !isSftp()) {
            throw refused("privateKey is for sftp");
        }
        if (blank(password) && blank(passwordEncrypted) && !keyed) {
            throw refused(isSftp() ? "password or privateKey is required" : "password is required");
        }
        if (cron == null || !CronExpression.isValidExpression(cron)) {
            throw refused("cron must be a Quartz cron expression (e.g. '0 0 6 * * ?'), not " + cron);
        }
        if (!blank(hostKey)) {
            if (!isSftp()) {
                throw refused("hostKey is for sftp; an ftps remote is trusted by trustedCertificate");
            }
            FlowTrust.hostKeyFingerprint(hostKey);
        }
        if (!blank(trustedCertificate)) {
            if (!isFtps()) {
                throw refused("trustedCertificate is for ftps" + (isSftp() ? "; an sftp remote is trusted by hostKey" : ""));
            }
            FlowTrust.certificateFingerprint(trustedCertificate);
        }
    }

    /** The host key fingerprint flow.yaml pins, or null (trust on first use). */
    String pinnedHostKey() {
        return blank(hostKey) ? null : FlowTrust.hostKeyFingerprint(hostKey);
    }

    /** The certificate SHA-256 (hex) flow.yaml pins, or null (the JDK's authorities). */
    String pinnedCertificate() {
        return blank(trustedCertificate) ? null : FlowTrust.certificateFingerprint(trustedCertificate);
    }

    /** Where the remote is, as the recorded host keys name it. */
    String hostAndPort() {
        return host + ":" + portOrDefault();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static FlowScanner.Refused refused(String why) {
        return new FlowScanner.Refused("import/" + FlowOptions.FILE + ": pull: " + why);
    }

    boolean isSftp() {
        return protocol.equalsIgnoreCase("sftp");
    }

    boolean isFtps() {
        return protocol.equalsIgnoreCase("ftps");
    }

    int portOrDefault() {
        return port != null ? port : isSftp() ? 22 : 21;
    }

    String folder() {
        return blank(path) ? "." : path;
    }

    boolean deletes() {
        return Boolean.TRUE.equals(deleteAfterImport);
    }

    /** The names {@code file} stands for on {@code day}. */
    Pattern names(LocalDate day) {
        String expanded = file.replace("$YYYYMMDD", "%04d%02d%02d".formatted(day.getYear(), day.getMonthValue(), day.getDayOfMonth()))
                .replace("$YYYY", "%04d".formatted(day.getYear()))
                .replace("$MM", "%02d".formatted(day.getMonthValue()))
                .replace("$DD", "%02d".formatted(day.getDayOfMonth()));
        StringBuilder regex = new StringBuilder();
        for (String piece : expanded.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(piece));
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether flow.yaml holds a secret in clear: a password or an inline private key. */
    boolean hasClearSecret() {
        return !blank(password) || hasInlineKey();
    }

    /** An inline key (PEM text) rather than the path of a key file. */
    boolean hasInlineKey() {
        return !blank(privateKey) && privateKey.contains("-----BEGIN");
    }

    /** The same pull with its clear password and inline key encrypted. */
    FlowPull encrypted(FlowSecrets secrets) {
        boolean clearPassword = !blank(password);
        return new FlowPull(protocol, host, port, user, null, clearPassword ? secrets.encrypt(password) : passwordEncrypted,
                path, file, cron, deleteAfterImport, hostKey, trustedCertificate, hasInlineKey() ? null : privateKey,
                hasInlineKey() ? secrets.encrypt(privateKey) : privateKeyEncrypted);
    }
}
