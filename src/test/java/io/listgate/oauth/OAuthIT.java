package io.listgate.oauth;

import static io.listgate.support.TestUsers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.Server;
import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import io.listgate.user.UsersFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OAuthIT {

    private static final Pattern TOKEN_RESPONSE = Pattern.compile(
            "\\{\"access_token\":\"([0-9a-f]{64})\",\"token_type\":\"bearer\",\"refresh_token\":\"([^\"]+)\",\"expires_in\":14400}");
    private static final String GET_LISTS = "<Envelope><Body><GetLists><VISIBILITY>1</VISIBILITY><LIST_TYPE>2</LIST_TYPE></GetLists></Body></Envelope>";

    private static Server server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startServer() {
        server = TestServer.shared();
    }

    @Test
    void theRefreshTokenGrantAnswersCompactJsonWithAnIntegerExpiry() throws Exception {
        HttpResponse<String> response = token("refresh_token", ACME_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        Matcher m = TOKEN_RESPONSE.matcher(response.body());
        assertTrue(m.matches(), response.body());
        assertEquals(ACME_REFRESH_TOKEN, m.group(2));
    }

    @Test
    void aBearerTokenIdentifiesTheCallerOnTheXmlApiWithoutASession() throws Exception {
        String accessToken = accessToken(ACME_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);

        HttpResponse<String> reply = xmlApi(GET_LISTS, "Bearer " + accessToken);

        assertEquals(200, reply.statusCode());
        assertTrue(reply.body().contains("<SUCCESS>TRUE</SUCCESS>"), reply.body());
    }

    @Test
    void aClientDeclaredWithHashesOnlyGetsTokensThatWork() throws Exception {
        String accessToken = accessToken(GLOBEX_CLIENT, GLOBEX_CLIENT_SECRET, GLOBEX_REFRESH_TOKEN);

        HttpResponse<String> reply = xmlApi(GET_LISTS, "Bearer " + accessToken);

        assertTrue(reply.body().contains("<SUCCESS>TRUE</SUCCESS>"), reply.body());
    }

    @Test
    void aWrongClientSecretIsHttp401WithAJsonError() throws Exception {
        HttpResponse<String> response = token("refresh_token", ACME_CLIENT, "not-the-secret", ACME_REFRESH_TOKEN);

        assertEquals(401, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().startsWith("{\"error\":\"invalid_client\",\"error_description\":"), response.body());
    }

    @Test
    void anUnknownClientGetsTheSameAnswerAsAWrongSecret() throws Exception {
        HttpResponse<String> response = token("refresh_token", "no-such-client", ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);

        assertEquals(401, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":\"invalid_client\""), response.body());
    }

    @Test
    void aWrongRefreshTokenIsHttp401WithAJsonError() throws Exception {
        HttpResponse<String> response = token("refresh_token", ACME_CLIENT, ACME_CLIENT_SECRET, "not-the-refresh-token");

        assertEquals(401, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":\"invalid_grant\""), response.body());
    }

    @Test
    void aGrantTypeOtherThanRefreshTokenIsHttp400() throws Exception {
        HttpResponse<String> response = token("password", ACME_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);

        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":\"unsupported_grant_type\""), response.body());
    }

    @Test
    void aMissingClientSecretIsHttp400NamingTheField() throws Exception {
        HttpResponse<String> response = post("/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=refresh_token&client_id=" + ACME_CLIENT + "&refresh_token=" + ACME_REFRESH_TOKEN, null);

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("client_secret is missing"), response.body());
    }

    @Test
    void aFormThatCannotBeDecodedIsHttp400WithTheJsonError() throws Exception {
        HttpResponse<String> response = post("/oauth/token", "application/x-www-form-urlencoded", "grant_type=%ZZ", null);

        assertEquals(400, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().startsWith("{\"error\":\"invalid_request\""), response.body());
    }

    @Test
    void anUnknownBearerTokenGetsTheSessionFault() throws Exception {
        HttpResponse<String> reply = xmlApi(GET_LISTS, "Bearer 00000000000000000000000000000000");

        assertSessionFault(reply.body());
    }

    @Test
    void anExpiredAccessTokenGetsTheSessionFault() throws Exception {
        String accessToken = accessToken(EXPIRING_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);
        assertTrue(xmlApi(GET_LISTS, "Bearer " + accessToken).body().contains("<SUCCESS>TRUE</SUCCESS>"));

        expire(accessToken);

        assertSessionFault(xmlApi(GET_LISTS, "Bearer " + accessToken).body());
    }

    @Test
    void aClientDroppedFromTheUsersFileLosesItsTokensAndItsGrant() throws Exception {
        String accessToken = accessToken(REVOCABLE_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);
        UsersFile file = UsersFile.read(server.config().usersFile().orElseThrow());
        UsersFile without = new UsersFile(file.organizations().stream()
                .map(org -> new UsersFile.OrganizationEntry(org.name(), org.users(), org.oauthClientsOrEmpty().stream()
                        .filter(c -> !c.clientId().equals(REVOCABLE_CLIENT)).toList()))
                .toList());

        new OAuthService(server.database(), Duration.ofMinutes(240)).apply(without);

        assertSessionFault(xmlApi(GET_LISTS, "Bearer " + accessToken).body());
        assertEquals(401, token("refresh_token", REVOCABLE_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN).statusCode());
        assertEquals(200, token("refresh_token", ACME_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN).statusCode(),
                "the clients still listed keep working");
    }

    @Test
    void aLockedUsersTokensAndGrantAreRefusedUntilTheLockEnds() throws Exception {
        String accessToken = accessToken(ACME_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);

        lockUserOf(ACME_CLIENT, "NOW(3) + INTERVAL 1 HOUR");
        try {
            assertSessionFault(xmlApi(GET_LISTS, "Bearer " + accessToken).body());
            HttpResponse<String> grant = token("refresh_token", ACME_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);
            assertEquals(401, grant.statusCode(), grant.body());
            assertTrue(grant.body().contains("\"error\":\"invalid_grant\"") && grant.body().contains("locked"), grant.body());
        } finally {
            lockUserOf(ACME_CLIENT, "NULL");
        }

        assertTrue(xmlApi(GET_LISTS, "Bearer " + accessToken).body().contains("<SUCCESS>TRUE</SUCCESS>"),
                "the token works again once the lock has ended");
    }

    @Test
    void aSessionOnTheUrlStillWinsOverABearerHeader() throws Exception {
        String session = new XmlApiClient(server.httpPort()).loginSession(ACME_USER, ACME_PASSWORD);

        HttpResponse<String> reply = post("/XMLAPI;jsessionid=" + session, "text/xml", GET_LISTS,
                "Bearer 00000000000000000000000000000000");

        assertTrue(reply.body().contains("<SUCCESS>TRUE</SUCCESS>"), reply.body());
    }

    /** Ages one access token past its expiry, by the database clock that decides it. */
    static void expire(String accessToken) throws Exception {
        try (Connection c = TestServer.shared().database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE oauth_access_token SET expires_at = NOW(3) - INTERVAL 1 SECOND"
                     + " WHERE token_hash = ?")) {
            s.setString(1, Sha256.hex(accessToken));
            assertEquals(1, s.executeUpdate());
        }
    }

    /** Sets the lock of the user an OAuth client acts as, as repeated wrong passwords would. */
    private static void lockUserOf(String clientId, String lockedUntil) throws Exception {
        try (Connection c = TestServer.shared().database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE app_user u JOIN oauth_client c ON c.user_id = u.id"
                     + " SET u.locked_until = " + lockedUntil + " WHERE c.client_id = ?")) {
            s.setString(1, clientId);
            assertEquals(1, s.executeUpdate());
        }
    }

    static void assertSessionFault(String body) {
        assertTrue(body.contains("<SUCCESS>false</SUCCESS>"), body);
        assertTrue(body.contains("<errorid>145</errorid>"), body);
        assertTrue(body.contains("<class>SP.Admin</class>"), body);
    }

    static String accessToken(String clientId, String secret, String refreshToken) throws Exception {
        HttpResponse<String> response = token("refresh_token", clientId, secret, refreshToken);
        Matcher m = TOKEN_RESPONSE.matcher(response.body());
        assertTrue(m.matches(), response.body());
        return m.group(1);
    }

    static HttpResponse<String> token(String grantType, String clientId, String secret, String refreshToken) throws Exception {
        String form = String.join("&", List.of(
                "grant_type=" + enc(grantType), "client_id=" + enc(clientId),
                "client_secret=" + enc(secret), "refresh_token=" + enc(refreshToken)));
        return post("/oauth/token", "application/x-www-form-urlencoded", form, null);
    }

    private static HttpResponse<String> xmlApi(String envelope, String authorization) throws Exception {
        return post("/XMLAPI", "text/xml", envelope, authorization);
    }

    private static HttpResponse<String> post(String path, String contentType, String body, String authorization) throws Exception {
        // the shared server, also when another test class calls these helpers
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + TestServer.shared().httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
