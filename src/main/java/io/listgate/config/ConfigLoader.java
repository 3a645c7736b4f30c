package io.listgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the optional configuration file, then lets environment variables override it. A key
 * {@code LISTGATE_HTTP_PORT} in the environment is {@code http_port} in the file.
 */
public final class ConfigLoader {

    public static final String PREFIX = "LISTGATE_";
    public static final String CONFIG_FILE = "LISTGATE_CONFIG";

    private final Map<String, String> values;

    private ConfigLoader(Map<String, String> values) {
        this.values = values;
    }

    /** Loads from {@code env}: the file named by {@code LISTGATE_CONFIG}, if any, then the variables themselves. */
    public static ListGateConfig load(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        Optional.ofNullable(env.get(CONFIG_FILE)).filter(s -> !s.isBlank())
                .ifPresent(file -> merged.putAll(readFile(Path.of(file))));
        env.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && !k.equals(CONFIG_FILE)) {
                merged.put(k, v);
            }
        });
        return new ConfigLoader(merged).build();
    }

    static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("configuration file " + file + " does not exist");
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            Map<String, String> out = new HashMap<>();
            if (root == null || root.isMissingNode() || root.isNull()) {
                return out;
            }
            if (!root.isObject()) {
                throw new ConfigurationException("configuration file " + file + " must be a map of key: value");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode()) {
                    throw new ConfigurationException("configuration key '" + e.getKey() + "' must have a plain value");
                }
                out.put(PREFIX + e.getKey().toUpperCase(Locale.ROOT), e.getValue().asText());
            }
            return out;
        } catch (IOException e) {
            throw new ConfigurationException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private ListGateConfig build() {
        Path home = Path.of(text("HOME", "listgate-home"));
        Path dataDir = Path.of(text("DATA_DIR", home.resolve("data").toString()));
        Optional<ListGateConfig.ExternalDatabase> db = optional("DB_URL").map(url -> {
            if (!url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:mysql:")) {
                throw new ConfigurationException("LISTGATE_DB_URL must be a jdbc:mariadb:// URL, not '" + url + "'");
            }
            return new ListGateConfig.ExternalDatabase(url, text("DB_USER", "listgate"), text("DB_PASSWORD", ""));
        });
        ListGateConfig.LoginPolicy login = new ListGateConfig.LoginPolicy(
                integer("LOGIN_MAX_FAILURES", ListGateConfig.LoginPolicy.DEFAULT.maxFailures()),
                Duration.ofSeconds(integer("LOGIN_LOCKOUT_SECONDS",
                        (int) ListGateConfig.LoginPolicy.DEFAULT.lockout().toSeconds())));
        return ListGateConfig.defaults(home).toBuilder()
                .dataDir(dataDir)
                .bindAddress(text("BIND_ADDRESS", "0.0.0.0"))
                .httpPort(integer("HTTP_PORT", ListGateConfig.DEFAULT_HTTP_PORT))
                .ftpPort(integer("FTP_PORT", ListGateConfig.DEFAULT_FTP_PORT))
                .ftpPassivePorts(text("FTP_PASSIVE_PORTS", ListGateConfig.DEFAULT_PASSIVE_PORTS))
                .ftpPassiveAddress(text("FTP_PASSIVE_ADDRESS", ""))
                .sftpPort(integer("SFTP_PORT", ListGateConfig.DEFAULT_SFTP_PORT))
                .externalDb(db)
                .embeddedDbPort(integer("EMBEDDED_DB_PORT", 0))
                .embeddedDbCache(Path.of(text("EMBEDDED_DB_CACHE", ListGateConfig.defaultEmbeddedDbCache().toString())))
                .usersFile(optional("USERS_FILE").map(Path::of))
                .sessionIdle(Duration.ofMinutes(integer("SESSION_IDLE_MINUTES",
                        (int) ListGateConfig.DEFAULT_SESSION_IDLE.toMinutes())))
                .sessionCacheTtl(Duration.ofSeconds(integer("SESSION_CACHE_SECONDS",
                        (int) ListGateConfig.DEFAULT_SESSION_CACHE_TTL.toSeconds())))
                .login(login)
                .maxRequestBytes(integer("MAX_REQUEST_BYTES", ListGateConfig.DEFAULT_MAX_REQUEST_BYTES))
                .importWorkers(integer("IMPORT_WORKERS", ListGateConfig.DEFAULT_IMPORT_WORKERS))
                .oauthTokenLifetime(Duration.ofMinutes(integer("OAUTH_TOKEN_MINUTES",
                        (int) ListGateConfig.DEFAULT_OAUTH_TOKEN_LIFETIME.toMinutes())))
                .publicUrl(optional("PUBLIC_URL"))
                .smtp(smtp())
                .webhookDelivery(webhookDelivery())
                .importMaxExpandedBytes(number("IMPORT_MAX_EXPANDED_BYTES", ListGateConfig.DEFAULT_IMPORT_MAX_EXPANDED_BYTES))
                .importBatchRows(integer("IMPORT_BATCH_ROWS", ListGateConfig.DEFAULT_IMPORT_BATCH_ROWS))
                .hotFolders(hotFolders())
                .limits(limits())
                .https(https())
                .trustedProxies(list("TRUSTED_PROXIES").stream().map(AddressRange::parse).toList())
                .monitoring(new ListGateConfig.Monitoring(optional("METRICS_TOKEN"),
                        integer("METRICS_PORT", ListGateConfig.OFF), logFormat()))
                .build();
    }

    private ListGateConfig.HotFolders hotFolders() {
        ListGateConfig.HotFolders d = ListGateConfig.HotFolders.DEFAULT;
        return new ListGateConfig.HotFolders(
                Duration.ofSeconds(integer("FLOW_QUIET_SECONDS", (int) d.quietTime().toSeconds())),
                Duration.ofMillis(integer("FLOW_SCAN_MS", (int) d.scanEvery().toMillis())),
                integer("FLOW_KEEP_DAYS", d.keepDays()),
                number("FLOW_MAX_BYTES", d.maxBytes()),
                flowCaps());
    }

    /** {@code LISTGATE_FLOW_MAX_BYTES_PER_ORGANIZATION}: {@code acme=500000000,globex=0}. */
    private Map<String, Long> flowCaps() {
        Map<String, Long> caps = new HashMap<>();
        for (String entry : list("FLOW_MAX_BYTES_PER_ORGANIZATION")) {
            String[] pair = entry.split("=", 2);
            try {
                caps.put(pair[0].strip(), Long.parseLong(pair[1].strip()));
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new ConfigurationException(PREFIX + "FLOW_MAX_BYTES_PER_ORGANIZATION must list organization=bytes,"
                        + " not '" + entry + "'");
            }
        }
        return caps;
    }

    private ListGateConfig.Limits limits() {
        ListGateConfig.Limits d = ListGateConfig.Limits.DEFAULT;
        return new ListGateConfig.Limits(
                Duration.ofSeconds(integer("HTTP_IDLE_TIMEOUT_SECONDS", (int) d.httpIdleTimeout().toSeconds())),
                Duration.ofSeconds(integer("HTTP_BODY_TIMEOUT_SECONDS", (int) d.httpBodyTimeout().toSeconds())),
                integer("HTTP_MAX_REQUESTS_PER_ADDRESS", d.httpRequestsPerAddress()),
                integer("LOGIN_ADDRESS_MAX_FAILURES", d.addressLoginFailures()),
                Duration.ofSeconds(integer("LOGIN_ADDRESS_WINDOW_SECONDS", (int) d.addressLoginWindow().toSeconds())),
                integer("FTP_MAX_LOGINS", d.ftpMaxLogins()),
                integer("FTP_MAX_LOGINS_PER_USER", d.ftpMaxLoginsPerUser()),
                integer("FTP_MAX_LOGINS_PER_ADDRESS", d.ftpMaxLoginsPerAddress()),
                integer("SFTP_MAX_SESSIONS", d.sftpMaxSessions()),
                integer("SFTP_MAX_SESSIONS_PER_USER", d.sftpMaxSessionsPerUser()));
    }

    private ListGateConfig.Https https() {
        ListGateConfig.Https d = ListGateConfig.Https.DEFAULT;
        List<String> hostNames = list("TLS_HOST_NAMES");
        return new ListGateConfig.Https(
                integer("HTTPS_PORT", d.port()),
                certificateSource(),
                hostNames.isEmpty() ? d.hostNames() : hostNames,
                Duration.ofSeconds(integer("TLS_RELOAD_SECONDS", (int) d.reloadInterval().toSeconds())),
                Duration.ofSeconds(number("HSTS_SECONDS", d.hstsMaxAge().toSeconds())),
                bool("HTTP_REDIRECT", d.redirectHttp()));
    }

    /** PEM files, or a PKCS#12 keystore, or neither for the generated certificate; never both, never half. */
    private ListGateConfig.CertificateSource certificateSource() {
        Optional<Path> cert = optional("TLS_CERT_FILE").map(Path::of);
        Optional<Path> key = optional("TLS_KEY_FILE").map(Path::of);
        Optional<Path> keystore = optional("TLS_KEYSTORE_FILE").map(Path::of);
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigurationException(PREFIX + "TLS_CERT_FILE and " + PREFIX + "TLS_KEY_FILE go together: set both or neither");
        }
        if (cert.isPresent() && keystore.isPresent()) {
            throw new ConfigurationException("set either " + PREFIX + "TLS_CERT_FILE/" + PREFIX + "TLS_KEY_FILE or "
                    + PREFIX + "TLS_KEYSTORE_FILE, not both");
        }
        if (cert.isPresent()) {
            requireReadable("TLS_CERT_FILE", cert.get());
            requireReadable("TLS_KEY_FILE", key.get());
            return new ListGateConfig.CertificateSource.PemFiles(cert.get(), key.get());
        }
        if (keystore.isPresent()) {
            requireReadable("TLS_KEYSTORE_FILE", keystore.get());
            return new ListGateConfig.CertificateSource.Pkcs12File(keystore.get(), text("TLS_KEYSTORE_PASSWORD", ""));
        }
        return new ListGateConfig.CertificateSource.Generated();
    }

    private static void requireReadable(String key, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigurationException(PREFIX + key + " names " + file + ", which is not a readable file");
        }
    }

    /** A comma-separated value, blanks dropped. */
    private List<String> list(String key) {
        return optional(key).map(raw -> Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private Optional<ListGateConfig.Smtp> smtp() {
        return optional("SMTP_HOST").map(host -> new ListGateConfig.Smtp(host,
                integer("SMTP_PORT", ListGateConfig.Smtp.DEFAULT_PORT),
                optional("SMTP_USER"),
                text("SMTP_PASSWORD", ""),
                text("SMTP_FROM", "listgate@localhost"),
                bool("SMTP_STARTTLS", false)));
    }

    private ListGateConfig.WebhookDelivery webhookDelivery() {
        ListGateConfig.WebhookDelivery d = ListGateConfig.WebhookDelivery.DEFAULT;
        return new ListGateConfig.WebhookDelivery(
                integer("WEBHOOK_ATTEMPTS", d.attempts()),
                Duration.ofMillis(integer("WEBHOOK_BACKOFF_MS", (int) d.firstBackoff().toMillis())),
                Duration.ofMillis(integer("WEBHOOK_TIMEOUT_MS", (int) d.timeout().toMillis())));
    }

    private boolean bool(String key, boolean fallback) {
        Optional<String> raw = optional(key).map(s -> s.toLowerCase(Locale.ROOT));
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigurationException(PREFIX + key + " must be true or false, not '" + raw.get() + "'");
        };
    }

    private ListGateConfig.LogFormat logFormat() {
        String raw = text("LOG_FORMAT", "text");
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "text" -> ListGateConfig.LogFormat.TEXT;
            case "json" -> ListGateConfig.LogFormat.JSON;
            default -> throw new ConfigurationException(PREFIX + "LOG_FORMAT must be text or json, not '" + raw + "'");
        };
    }

    private Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(PREFIX + key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private String text(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    private int integer(String key, int fallback) {
        long value = number(key, fallback);
        if (value != (int) value) {
            throw new ConfigurationException(PREFIX + key + " is out of range: " + value);
        }
        return (int) value;
    }

    private long number(String key, long fallback) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(PREFIX + key + " must be a whole number, not '" + raw.get() + "'");
        }
    }
}
