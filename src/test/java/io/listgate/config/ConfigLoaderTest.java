package io.listgate.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void metricsTokenPortAndJsonLogsComeFromTheEnvironmentAndABadFormatIsNamed() {
        ListGateConfig config = ConfigLoader.load(Map.of("LISTGATE_METRICS_TOKEN", "a-token-of-20-chars!",
                "LISTGATE_METRICS_PORT", "9404", "LISTGATE_LOG_FORMAT", "JSON"));

        assertEquals(Optional.of("a-token-of-20-chars!"), config.monitoring().metricsToken());
        assertEquals(9404, config.monitoring().metricsPort());
        assertEquals(ListGateConfig.LogFormat.JSON, config.monitoring().logFormat());
        assertEquals(ListGateConfig.Monitoring.DEFAULT, ConfigLoader.load(Map.of()).monitoring());
        ConfigurationException bad = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_LOG_FORMAT", "xml")));
        assertEquals("LISTGATE_LOG_FORMAT must be text or json, not 'xml'", bad.getMessage());
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_METRICS_TOKEN", "short")));
    }

    @Test
    void emptyEnvironmentGivesTheEmbeddedDefaults() {
        ListGateConfig config = ConfigLoader.load(Map.of());

        assertEquals(Path.of("listgate-home").toAbsolutePath(), config.home());
        assertEquals(config.home().resolve("data"), config.dataDir());
        assertEquals(8080, config.httpPort());
        assertEquals(2121, config.ftpPort());
        assertEquals(2222, config.sftpPort());
        assertEquals("30000-30100", config.ftpPassivePorts());
        assertTrue(config.externalDb().isEmpty());
        assertTrue(config.usersFile().isEmpty());
        assertEquals(Duration.ofMinutes(20), config.sessionIdle());
        assertEquals(Duration.ofHours(4), config.oauthTokenLifetime());
    }

    @Test
    void withoutSmtpHostThereIsNoMailServerAndWebhooksUseTheirDefaults() {
        ListGateConfig config = ConfigLoader.load(Map.of("LISTGATE_SMTP_PORT", "587"));

        assertTrue(config.smtp().isEmpty());
        assertTrue(config.publicUrl().isEmpty());
        assertEquals(ListGateConfig.WebhookDelivery.DEFAULT, config.webhookDelivery());
    }

    @Test
    void theSmtpServerPublicUrlAndWebhookRetriesAreRead() {
        ListGateConfig config = ConfigLoader.load(Map.of("LISTGATE_SMTP_HOST", "smtp.example.org",
                "LISTGATE_SMTP_PORT", "587", "LISTGATE_SMTP_USER", "listgate", "LISTGATE_SMTP_PASSWORD", "pw",
                "LISTGATE_SMTP_FROM", "listgate@example.org", "LISTGATE_SMTP_STARTTLS", "true",
                "LISTGATE_PUBLIC_URL", "https://listgate.example.org/", "LISTGATE_WEBHOOK_ATTEMPTS", "3",
                "LISTGATE_WEBHOOK_BACKOFF_MS", "250", "LISTGATE_WEBHOOK_TIMEOUT_MS", "2000"));

        ListGateConfig.Smtp smtp = config.smtp().orElseThrow();
        assertEquals("smtp.example.org", smtp.host());
        assertEquals(587, smtp.port());
        assertEquals("listgate", smtp.user().orElseThrow());
        assertEquals("pw", smtp.password());
        assertEquals("listgate@example.org", smtp.from());
        assertTrue(smtp.startTls());
        assertFalse(smtp.toString().contains("pw"), "the password stays out of logs");
        assertEquals("https://listgate.example.org", config.publicUrl().orElseThrow());
        assertEquals(new ListGateConfig.WebhookDelivery(3, Duration.ofMillis(250), Duration.ofSeconds(2)),
                config.webhookDelivery());
    }

    @Test
    void clientLimitsHaveDefaultsForHundredsOfScriptedClientsAndAreRead() {
        ListGateConfig.Limits byDefault = ConfigLoader.load(Map.of()).limits();
        ListGateConfig.Limits read = ConfigLoader.load(Map.ofEntries(
                Map.entry("LISTGATE_HTTP_IDLE_TIMEOUT_SECONDS", "10"), Map.entry("LISTGATE_HTTP_BODY_TIMEOUT_SECONDS", "20"),
                Map.entry("LISTGATE_HTTP_MAX_REQUESTS_PER_ADDRESS", "30"), Map.entry("LISTGATE_LOGIN_ADDRESS_MAX_FAILURES", "40"),
                Map.entry("LISTGATE_LOGIN_ADDRESS_WINDOW_SECONDS", "50"), Map.entry("LISTGATE_FTP_MAX_LOGINS", "60"),
                Map.entry("LISTGATE_FTP_MAX_LOGINS_PER_USER", "70"), Map.entry("LISTGATE_FTP_MAX_LOGINS_PER_ADDRESS", "80"),
                Map.entry("LISTGATE_SFTP_MAX_SESSIONS", "90"), Map.entry("LISTGATE_SFTP_MAX_SESSIONS_PER_USER", "100"))).limits();

        assertEquals(ListGateConfig.Limits.DEFAULT, byDefault);
        assertTrue(byDefault.ftpMaxLogins() >= 500 && byDefault.ftpMaxLoginsPerUser() >= 200, byDefault.toString());
        assertEquals(new ListGateConfig.Limits(Duration.ofSeconds(10), Duration.ofSeconds(20), 30, 40, Duration.ofSeconds(50),
                60, 70, 80, 90, 100), read);
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_FTP_MAX_LOGINS", "0")));
    }

    @Test
    void aBadStarttlsFlagOrPublicUrlIsRefused() {
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_SMTP_HOST", "h",
                "LISTGATE_SMTP_STARTTLS", "maybe")));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_PUBLIC_URL", "listgate.example.org")));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_WEBHOOK_ATTEMPTS", "0")));
    }

    @Test
    void compressedImportSourcesMayExpandTo64GibUnlessConfiguredOtherwise(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("listgate.yaml");
        Files.writeString(file, "import_max_expanded_bytes: 1048576\n");

        ListGateConfig byDefault = ConfigLoader.load(Map.of());
        ListGateConfig fromFile = ConfigLoader.load(Map.of("LISTGATE_CONFIG", file.toString()));
        ListGateConfig fromEnvironment = ConfigLoader.load(Map.of("LISTGATE_IMPORT_MAX_EXPANDED_BYTES", "107374182400"));

        assertEquals(64L * 1024 * 1024 * 1024, byDefault.importMaxExpandedBytes());
        assertEquals(1024 * 1024, fromFile.importMaxExpandedBytes());
        assertEquals(100L * 1024 * 1024 * 1024, fromEnvironment.importMaxExpandedBytes());
    }

    @Test
    void anImportExpansionLimitThatIsNotAPositiveNumberIsRefused() {
        assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_IMPORT_MAX_EXPANDED_BYTES", "0")));
        assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_IMPORT_MAX_EXPANDED_BYTES", "-1")));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_IMPORT_MAX_EXPANDED_BYTES", "64G")));
        assertTrue(e.getMessage().contains("LISTGATE_IMPORT_MAX_EXPANDED_BYTES"), e.getMessage());
    }

    @Test
    void aNumberTooLargeForItsSettingIsRefusedNamingTheVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_IMPORT_WORKERS", "4294967297")));

        assertTrue(e.getMessage().contains("LISTGATE_IMPORT_WORKERS"), e.getMessage());
    }

    @Test
    void oauthTokenLifetimeIsTakenInMinutes() {
        ListGateConfig config = ConfigLoader.load(Map.of("LISTGATE_OAUTH_TOKEN_MINUTES", "30"));

        assertEquals(Duration.ofMinutes(30), config.oauthTokenLifetime());
    }

    @Test
    void environmentOverridesTheConfigurationFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("listgate.yaml");
        Files.writeString(file, "http_port: 9000\nftp_port: 2100\nsession_idle_minutes: 5\n");

        ListGateConfig config = ConfigLoader.load(Map.of(
                "LISTGATE_CONFIG", file.toString(),
                "LISTGATE_HTTP_PORT", "9100",
                "LISTGATE_HOME", dir.resolve("home").toString()));

        assertEquals(9100, config.httpPort());
        assertEquals(2100, config.ftpPort());
        assertEquals(Duration.ofMinutes(5), config.sessionIdle());
        assertEquals(dir.resolve("home").resolve("data"), config.dataDir());
    }

    @Test
    void externalDatabaseIsTakenFromUrlUserAndPassword() {
        ListGateConfig config = ConfigLoader.load(Map.of(
                "LISTGATE_DB_URL", "jdbc:mariadb://db:3306/listgate",
                "LISTGATE_DB_USER", "lg",
                "LISTGATE_DB_PASSWORD", "secret"));

        ListGateConfig.ExternalDatabase db = config.externalDb().orElseThrow();
        assertEquals("jdbc:mariadb://db:3306/listgate", db.url());
        assertEquals("lg", db.user());
        assertEquals("secret", db.password());
        assertFalse(db.toString().contains("secret"), "the password must not be printable");
    }

    @Test
    void aNonNumericPortIsRefusedNamingTheVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_HTTP_PORT", "eighty")));

        assertTrue(e.getMessage().contains("LISTGATE_HTTP_PORT"), e.getMessage());
    }

    @Test
    void anOutOfRangePortIsRefused() {
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_FTP_PORT", "70000")));
    }

    @Test
    void aMalformedPassiveRangeIsRefused() {
        assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_FTP_PASSIVE_PORTS", "lots")));
    }

    @Test
    void aDatabaseUrlThatIsNotMariaDbIsRefused() {
        assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_DB_URL", "jdbc:postgresql://db/listgate")));
    }

    @Test
    void aMissingConfigurationFileIsRefused(@TempDir Path dir) {
        assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_CONFIG", dir.resolve("nope.yaml").toString())));
    }

    @Test
    void httpsIsOnAt8443WithTheGeneratedCertificateAndNothingElseByDefault() {
        ListGateConfig config = ConfigLoader.load(Map.of());

        assertEquals(8443, config.https().port());
        assertEquals(new ListGateConfig.CertificateSource.Generated(), config.https().certificate());
        assertEquals(List.of("localhost", "127.0.0.1"), config.https().hostNames());
        assertEquals(Duration.ofSeconds(30), config.https().reloadInterval());
        assertEquals(Duration.ZERO, config.https().hstsMaxAge());
        assertFalse(config.https().redirectHttp());
        assertTrue(config.trustedProxies().isEmpty());
    }

    @Test
    void theTlsSettingsAreRead(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("fullchain.pem"), "x");
        Path key = Files.writeString(dir.resolve("privkey.pem"), "x");

        ListGateConfig config = ConfigLoader.load(Map.of("LISTGATE_HTTPS_PORT", "0", "LISTGATE_TLS_CERT_FILE", cert.toString(),
                "LISTGATE_TLS_KEY_FILE", key.toString(), "LISTGATE_TLS_HOST_NAMES", "listgate.example.org, 10.0.0.5",
                "LISTGATE_TLS_RELOAD_SECONDS", "5", "LISTGATE_HSTS_SECONDS", "31536000", "LISTGATE_HTTP_REDIRECT", "true",
                "LISTGATE_TRUSTED_PROXIES", "10.0.0.0/8, ::1"));

        assertEquals(0, config.https().port());
        assertEquals(new ListGateConfig.CertificateSource.PemFiles(cert, key), config.https().certificate());
        assertEquals(List.of("listgate.example.org", "10.0.0.5"), config.https().hostNames());
        assertEquals(Duration.ofSeconds(5), config.https().reloadInterval());
        assertEquals(Duration.ofDays(365), config.https().hstsMaxAge());
        assertTrue(config.https().redirectHttp());
        assertEquals(List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("::1")), config.trustedProxies());
    }

    @Test
    void aPkcs12KeystoreIsReadWithItsPassword(@TempDir Path dir) throws Exception {
        Path keystore = Files.writeString(dir.resolve("server.p12"), "x");

        ListGateConfig config = ConfigLoader.load(Map.of("LISTGATE_TLS_KEYSTORE_FILE", keystore.toString(),
                "LISTGATE_TLS_KEYSTORE_PASSWORD", "secret"));

        assertEquals(new ListGateConfig.CertificateSource.Pkcs12File(keystore, "secret"), config.https().certificate());
        assertFalse(config.https().certificate().toString().contains("secret"), "the password stays out of logs");
    }

    @Test
    void httpCanBeTurnedOffButNotTogetherWithHttps() {
        assertEquals(-1, ConfigLoader.load(Map.of("LISTGATE_HTTP_PORT", "-1")).httpPort());

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("LISTGATE_HTTP_PORT", "-1", "LISTGATE_HTTPS_PORT", "-1")));
        assertTrue(e.getMessage().contains("nothing would serve"), e.getMessage());
    }

    @Test
    void inconsistentTlsSettingsStopTheServerAtBoot(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");

        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_TLS_CERT_FILE", cert.toString())));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_TLS_CERT_FILE", cert.toString(),
                "LISTGATE_TLS_KEY_FILE", dir.resolve("missing.pem").toString())));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_TLS_CERT_FILE", cert.toString(),
                "LISTGATE_TLS_KEY_FILE", cert.toString(), "LISTGATE_TLS_KEYSTORE_FILE", cert.toString())));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_HTTP_PORT", "-1",
                "LISTGATE_HTTP_REDIRECT", "true")));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_HTTPS_PORT", "-1",
                "LISTGATE_HTTP_REDIRECT", "true")));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_HTTPS_PORT", "8080")));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_HTTPS_PORT", "-2")));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_TLS_HOST_NAMES", "bad_name!")));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_TRUSTED_PROXIES", "proxy.example")));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_TRUSTED_PROXIES", "10.0.0.0/33")));
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of("LISTGATE_HSTS_SECONDS", "-1")));
    }

    @Test
    void aRedirectWithoutOwnHttpsGoesToAnHttpsPublicUrl() {
        ListGateConfig config = ConfigLoader.load(Map.of("LISTGATE_HTTPS_PORT", "-1", "LISTGATE_HTTP_REDIRECT", "true",
                "LISTGATE_PUBLIC_URL", "https://listgate.example.org"));

        assertTrue(config.https().redirectHttp());
    }
}
