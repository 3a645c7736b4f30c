package io.listgate.flows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.X509TrustManager;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * How a scheduled pull knows it reached the right remote (ADR 0015). SFTP: the host key must have the
 * fingerprint {@code hostKey} of {@code flow.yaml} names, or, without it, the one recorded at the flow's
 * first pull (trust on first use, kept in {@value #HOST_KEYS} in the flow root). FTPS: the certificate
 * must be the one {@code trustedCertificate} names by its SHA-256, or, without it, chain to the JDK's
 * trusted authorities and name the host.
 */
final class FlowTrust {

    /** Host keys seen at first pulls: one {@code host:port SHA256:...} per line. */
    static final String HOST_KEYS = ".pull-hostkeys";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private FlowTrust() {
    }

    /**
     * The OpenSSH fingerprint ({@code SHA256:...}) a {@code hostKey} setting stands for: a fingerprint as
     * {@code ssh-keygen -lf} prints it (the whole line will do), or a {@code known_hosts} line, or a bare
     * public key line.
     *
     * @throws FlowScanner.Refused when it is none of these
     */
    static String hostKeyFingerprint(String hostKey) {
        String[] tokens = hostKey.strip().split("\\s+");
        for (String token : tokens) {
            if (token.startsWith("SHA256:") && token.length() > "SHA256:".length()) {
                return token;
            }
        }
        for (int i = 0; i + 1 < tokens.length; i++) {
            if (KeyUtils.getPublicKeyEntryDecoder(tokens[i]) != null) {
                try {
                    PublicKey key = PublicKeyEntry.parsePublicKeyEntry(tokens[i] + " " + tokens[i + 1])
                            .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
                    return KeyUtils.getFingerPrint(key);
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    throw refused("hostKey's " + tokens[i] + " key does not parse: " + e.getMessage());
                }
            }
        }
        throw refused("hostKey must be a SHA256:... fingerprint (ssh-keygen -lf) or a known_hosts line"
                + " (ssh-keyscan), not '" + hostKey.strip() + "'");
    }

    /**
     * The lower-case hex SHA-256 a {@code trustedCertificate} setting names; colons, spaces and the
     * {@code sha256 Fingerprint=} that {@code openssl x509 -fingerprint -sha256} prints are allowed.
     */
    static String certificateFingerprint(String setting) {
        String hex = setting.strip().replaceFirst("(?i)^sha-?256 fingerprint=", "").replaceAll("[:\\s]", "")
                .toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw refused("trustedCertificate must be the certificate's SHA-256 fingerprint"
                    + " (openssl x509 -noout -fingerprint -sha256), not '" + setting.strip() + "'");
        }
        return hex;
    }

    /** Trusts exactly the certificate of this SHA-256 (hex), as the self-signed remote presents it. */
    static X509TrustManager pinned(String sha256Hex) {
        return new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                String presented = chain == null || chain.length == 0 ? "none" : sha256(chain[0]);
                if (!presented.equals(sha256Hex)) {
                    throw new CertificateException("the remote's certificate has SHA-256 " + presented
                            + ", not flow.yaml's trustedCertificate " + sha256Hex);
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a pull is a client only");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }

    static String sha256(X509Certificate certificate) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new CertificateException(e);
        }
    }

    /** The fingerprint recorded at the first pull from {@code hostAndPort}, or null. */
    static String recordedHostKey(Path flowRoot, String hostAndPort) throws IOException {
        return readHostKeys(flowRoot).get(hostAndPort);
    }

    /** Remembers the host key of the first pull from {@code hostAndPort}. */
    static void recordHostKey(Path flowRoot, String hostAndPort, String fingerprint) throws IOException {
        Map<String, String> keys = readHostKeys(flowRoot);
        keys.put(hostAndPort, fingerprint);
        StringBuilder text = new StringBuilder();
        keys.forEach((host, key) -> text.append(host).append(' ').append(key).append('\n'));
        Path temp = flowRoot.resolve(HOST_KEYS + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, flowRoot.resolve(HOST_KEYS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, String> readHostKeys(Path flowRoot) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        Path file = flowRoot.resolve(HOST_KEYS);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.strip().split(" ");
                if (f.length == 2) {
                    keys.put(f[0], f[1]);
                }
            }
        }
        return keys;
    }

    private static FlowScanner.Refused refused(String why) {
        return new FlowScanner.Refused("import/" + FlowOptions.FILE + ": pull: " + why);
    }
}
