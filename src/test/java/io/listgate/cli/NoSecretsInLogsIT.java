package io.listgate.cli;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.listgate.Server;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every log line the server writes over a run that logs in, fails a login, imports over SFTP with an
 * OAuth access token and over FTP with a password, and calls the API with a session and a bearer token:
 * none holds a password, a session id, a client secret, a refresh token or an access token, in its
 * message, its MDC fields or its stack trace.
 */
class NoSecretsInLogsIT {

    @Test
    void noPasswordSessionIdOrTokenReachesAnyLogLine(@TempDir Path dir) throws Exception {
        Server server = TestServer.shared();
        // the access log does not pass its lines on to the root logger in the tests (logback-test.xml)
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME),
                (Logger) LoggerFactory.getLogger("io.listgate.access"));
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        loggers.forEach(logger -> logger.addAppender(captured));
        List<String> secrets = new ArrayList<>(List.of(TestUsers.ACME_PASSWORD, TestUsers.ACME_CLIENT_SECRET,
                TestUsers.ACME_REFRESH_TOKEN, "Wrong-Password-7"));
        try {
            XmlApiClient api = new XmlApiClient(server.httpPort());
            String session = api.loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
            secrets.add(session);
            assertEquals("TRUE", api.form("<Envelope><Body><GetLists/></Body></Envelope>", session).success());
            api.form("<Envelope><Body><Login><USERNAME>" + TestUsers.ACME_USER + "</USERNAME><PASSWORD>Wrong-Password-7"
                    + "</PASSWORD></Login></Body></Envelope>", null);
            String accessToken = accessToken(server);
            secrets.add(accessToken);

            Path map = Files.writeString(dir.resolve("secret-map.xml"), MappingXml.create(unique("Secrets"))
                    .key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name").xml());
            Path secondMap = Files.writeString(dir.resolve("secret-map-2.xml"), MappingXml.create(unique("Secrets"))
                    .key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name").xml());
            Path source = Files.writeString(dir.resolve("secrets.csv"), "Email,Name\nsue@secret.example.com,Sue\nbad,Bad\n");
            String url = "http://127.0.0.1:" + server.httpPort();
            Listgate.Run oauth = Listgate.run(Map.of("LISTGATE_OAUTH_CLIENT_SECRET", TestUsers.ACME_CLIENT_SECRET,
                    "LISTGATE_OAUTH_REFRESH_TOKEN", TestUsers.ACME_REFRESH_TOKEN), "import", "--url", url,
                    "--oauth-client", TestUsers.ACME_CLIENT, "--map", map.toString(), "--source", source.toString(),
                    "--sftp-port", String.valueOf(server.sftpPort()));
            assertEquals(0, oauth.exit(), oauth.toString());
            Listgate.Run password = Listgate.run(Map.of("LISTGATE_PASSWORD", TestUsers.ACME_PASSWORD), "import", "--url", url,
                    "--user", TestUsers.ACME_USER, "--map", secondMap.toString(), "--source", source.toString(),
                    "--protocol", "ftp", "--ftp-port", String.valueOf(server.ftpPort()));
            assertEquals(0, password.exit(), password.toString());
            assertEquals("TRUE", api.form("<Envelope><Body><Logout/></Body></Envelope>", session).success());
        } finally {
            loggers.forEach(logger -> logger.detachAppender(captured));
            captured.stop();
        }

        List<String> lines;
        synchronized (captured.list) {
            lines = captured.list.stream().map(NoSecretsInLogsIT::everything).toList();
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("Import job") && l.contains("complete")), "the run was logged");
        assertTrue(lines.stream().anyMatch(l -> l.contains("ImportList")), "the requests were logged");
        for (String secret : secrets) {
            for (String line : lines) {
                assertTrue(!line.contains(secret), "a secret in the log: " + line);
            }
        }
    }

    /** The message, every MDC value and the stack trace of one event. */
    private static String everything(ILoggingEvent event) {
        return event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                + (event.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }

    private static String accessToken(Server server) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + TestUsers.ACME_CLIENT
                        + "&client_secret=" + TestUsers.ACME_CLIENT_SECRET + "&refresh_token=" + TestUsers.ACME_REFRESH_TOKEN))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\":\"([0-9a-f]+)\"").matcher(response.body());
        assertTrue(token.find(), response.body());
        HttpResponse<String> bearer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/XMLAPI"))
                .header("Content-Type", "text/xml").header("Authorization", "Bearer " + token.group(1))
                .POST(HttpRequest.BodyPublishers.ofString("<Envelope><Body><GetLists/></Body></Envelope>"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(bearer.body().contains("<SUCCESS>TRUE</SUCCESS>"), bearer.body());
        return token.group(1);
    }
}
