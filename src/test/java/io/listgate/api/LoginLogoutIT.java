package io.listgate.api;

import static io.listgate.support.TestUsers.*;
import static io.listgate.support.XmlApiClient.LOGOUT;
import static io.listgate.support.XmlApiClient.login;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.Server;
import io.listgate.support.Fixtures;
import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import io.listgate.support.XmlApiClient.Reply;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoginLogoutIT {

    private static Server server;
    private static XmlApiClient api;

    @BeforeAll
    static void startServer() {
        server = TestServer.shared();
        api = new XmlApiClient(server.httpPort());
    }

    @Test
    void loginAsUrlEncodedFormAnswersASessionInTheDocumentedShape() {
        Reply reply = api.form(login(ACME_USER, ACME_PASSWORD), null);

        assertEquals(200, reply.status());
        assertEquals("text/xml;charset=UTF-8", reply.contentType());
        Fixtures.assertMatches("login/login-success.response.xml", reply.body());
        assertTrue(reply.body().contains("<SUCCESS>TRUE</SUCCESS>"), reply.body());
    }

    @Test
    void loginAsRawXmlAfterXmlEqualsIsAccepted() {
        String xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" standalone=\"yes\"?>\n<Envelope>\n\t<Body>\n\t\t<Login>"
                + "<USERNAME><![CDATA[" + ACME_USER + "]]></USERNAME><PASSWORD>" + ACME_PASSWORD + "</PASSWORD></Login>\n\t</Body>\n</Envelope>";

        Reply reply = api.rawForm(xml, null);

        Fixtures.assertMatches("login/login-success.response.xml", reply.body());
    }

    @Test
    void loginAsTextXmlBodyIsAccepted() {
        Reply reply = api.textXml("<Envelope><Body><Login><USERNAME>" + ACME_USER + "</USERNAME><PASSWORD>"
                + ACME_PASSWORD + "</PASSWORD></Login></Body></Envelope>", null);

        Fixtures.assertMatches("login/login-success.response.xml", reply.body());
    }

    @Test
    void formWithoutCharsetIsDecodedAsIso88591() {
        Reply reply = api.form(login(ACCENT_USER, ACCENT_PASSWORD), null, StandardCharsets.ISO_8859_1, false);

        assertEquals("TRUE", reply.success(), reply.body());
    }

    @Test
    void formWithUtf8CharsetIsDecodedAsUtf8() {
        Reply reply = api.form(login(ACCENT_USER, ACCENT_PASSWORD), null, StandardCharsets.UTF_8, true);

        assertEquals("TRUE", reply.success(), reply.body());
    }

    @Test
    void wrongPasswordIsAFaultThatIsNotTheSessionFault() {
        Reply reply = api.form(login(ACME_USER, "not-the-password"), null);

        Fixtures.assertMatches("login/login-wrong-password.response.xml", reply.body());
        assertNotEquals("145", reply.errorId());
    }

    @Test
    void unknownUserGetsTheSameFaultAsAWrongPassword() {
        Reply reply = api.form(login("nobody@nowhere.test", "whatever"), null);

        Fixtures.assertMatches("login/login-wrong-password.response.xml", reply.body());
    }

    @Test
    void parallelWrongPasswordsLockTheUserAtTheSixthWhateverTheInterleaving() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(30);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                String password = "wrong-" + i;
                answers.add(clients.submit(() -> api.form(login(PARALLEL_LOCKOUT_USER, password), null).errorId()));
            }
            Map<String, Integer> byErrorId = new TreeMap<>();
            for (Future<String> answer : answers) {
                byErrorId.merge(answer.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }

            assertEquals(Map.of("140", 5, "141", 115), byErrorId);
            assertEquals("141", api.form(login(PARALLEL_LOCKOUT_USER, PARALLEL_LOCKOUT_PASSWORD), null).errorId());
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void repeatedFailuresLockTheUserEvenForTheRightPassword() {
        for (int i = 0; i < 5; i++) {
            assertEquals("140", api.form(login(LOCKOUT_USER, "wrong-" + i), null).errorId());
        }

        Reply reply = api.form(login(LOCKOUT_USER, LOCKOUT_PASSWORD), null);

        assertEquals("false", reply.success());
        assertEquals("141", reply.errorId());
        assertTrue(reply.faultString().contains("Too many failed logins"), reply.faultString());
    }

    @Test
    void loginWithoutPasswordNamesTheMissingElement() {
        Reply reply = api.form("<Envelope><Body><Login><USERNAME>" + ACME_USER + "</USERNAME><PASSWORD/></Login></Body></Envelope>", null);

        assertEquals("55", reply.errorId());
        assertTrue(reply.faultString().contains("PASSWORD"), reply.faultString());
    }

    @Test
    void logoutEndsTheSessionAndLaterUseGetsErrorId145() {
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);

        Reply logout = api.form(LOGOUT, session);
        Reply reuse = api.form(LOGOUT, session);

        Fixtures.assertMatches("login/logout-success.response.xml", logout.body());
        Fixtures.assertMatches("login/session-invalid.response.xml", reuse.body());
    }

    @Test
    void unknownSessionGetsErrorId145() {
        Reply reply = api.form(LOGOUT, "0123456789ABCDEF0123456789ABCDEF");

        Fixtures.assertMatches("login/session-invalid.response.xml", reply.body());
    }

    @Test
    void missingSessionGetsErrorId145() {
        Reply reply = api.form(LOGOUT, null);

        assertEquals("145", reply.errorId());
        assertEquals("SP.Admin", reply.errorClass());
    }

    @Test
    void sessionIdleLongerThanTheTimeoutGetsErrorId145() throws Exception {
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);
        lastUsedMinutesAgo(session, 21);

        Reply reply = api.form(LOGOUT, session);

        Fixtures.assertMatches("login/session-invalid.response.xml", reply.body());
    }

    @Test
    void sessionUsedWithinTheTimeoutStaysValid() throws Exception {
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);
        lastUsedMinutesAgo(session, 19);

        assertEquals("TRUE", api.form(LOGOUT, session).success());
    }

    /** Ages a session against the 20-minute idle timeout by moving its clock back. */
    private static void lastUsedMinutesAgo(String session, int minutes) throws Exception {
        try (Connection c = server.database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE api_session SET last_used_at = NOW(3) - INTERVAL ? MINUTE WHERE token_hash = SHA2(?, 256)")) {
            s.setInt(1, minutes);
            s.setString(2, session);
            assertEquals(1, s.executeUpdate());
        }
    }
}
