package io.listgate.session;

import static io.listgate.support.TestUsers.ACME_PASSWORD;
import static io.listgate.support.TestUsers.ACME_USER;
import static io.listgate.support.XmlApiClient.LOGOUT;
import static io.listgate.support.XmlApiClient.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import io.listgate.support.XmlApiClient.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API sessions without a database write per call (ADR 0018): the shared server (20-minute idle,
 * 5-second cache) for the touch count, Logout and concurrent logins; a server of its own with a
 * 3-second idle time for expiry and the background purge.
 */
class SessionCacheIT {

    /** A call that needs a session and reads one row: a job that does not exist is 135 (Job ID is not valid), not 145. */
    private static final String CALL = "<Envelope><Body><GetJobStatus><JOB_ID>0</JOB_ID></GetJobStatus></Body></Envelope>";
    private static final String NOT_FOUND = "135";
    private static final Duration SHORT_IDLE = Duration.ofSeconds(3);

    private static Server shared;
    private static XmlApiClient api;
    private static Server shortIdle;
    private static XmlApiClient shortApi;

    @BeforeAll
    static void startServers() throws SQLException {
        shared = TestServer.shared();
        api = new XmlApiClient(shared.httpPort());
        sql(shared, "CREATE TABLE IF NOT EXISTS it_session_touch (token_hash CHAR(64) NOT NULL)");
        sql(shared, "CREATE TRIGGER IF NOT EXISTS it_count_session_touch AFTER UPDATE ON api_session FOR EACH ROW"
                + " INSERT INTO it_session_touch VALUES (NEW.token_hash)");
        ListGateConfig config = TestServer.config(TestServer.newHome("short-idle")).withSessionIdle(SHORT_IDLE);
        shortIdle = Server.create(config).start();
        shortApi = new XmlApiClient(shortIdle.httpPort());
    }

    @AfterAll
    static void stopServers() throws SQLException {
        sql(shared, "DROP TRIGGER IF EXISTS it_count_session_touch");
        sql(shared, "DROP TABLE IF EXISTS it_session_touch");
        if (shortIdle != null) {
            shortIdle.close();
        }
    }

    @Test
    void aHundredCallsOnAFreshSessionWriteItsRowNever() throws Exception {
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);

        for (int i = 0; i < 100; i++) {
            assertEquals(NOT_FOUND, api.form(CALL, session).errorId());
        }

        assertEquals(0, touches(session));
    }

    @Test
    void aHundredCallsOnASessionDueForATouchWriteItsRowOnce() throws Exception {
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);
        // Older than the touch interval (1 minute of the 20), well within the idle time.
        lastUsedAgo(shared, session, Duration.ofMinutes(2));

        for (int i = 0; i < 100; i++) {
            assertEquals(NOT_FOUND, api.form(CALL, session).errorId());
        }

        assertEquals(1, touches(session));
        assertTrue(idleSeconds(shared, session) < 30, "the one touch moved last_used_at to about now");
    }

    @Test
    void sixtyFourThreadsSharingOneSessionDueForATouchWriteItsRowOnce() throws Exception {
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);
        lastUsedAgo(shared, session, Duration.ofMinutes(2));

        Map<String, Integer> answers = inParallel(64, 5, () -> api.form(CALL, session).errorId());

        assertEquals(Map.of(NOT_FOUND, 320), answers);
        assertEquals(1, touches(session));
    }

    @Test
    void logoutRefusesTheSessionAtOnceOnTheServerThatLoggedOut() {
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);
        assertEquals(NOT_FOUND, api.form(CALL, session).errorId());

        assertEquals("TRUE", api.form(LOGOUT, session).success());

        assertEquals("145", api.form(CALL, session).errorId());
    }

    @Test
    void aSessionLoggedOutOnAnotherServerIsRefusedHereWithinTheCacheTimeToLive() throws Exception {
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);
        assertEquals(NOT_FOUND, api.form(CALL, session).errorId());

        // What another server's Logout leaves in the shared database.
        sql(shared, "DELETE FROM api_session WHERE token_hash = SHA2('" + session + "', 256)");
        long deleted = System.nanoTime();
        Duration refusedAfter = null;
        while (refusedAfter == null && System.nanoTime() - deleted < Duration.ofSeconds(20).toNanos()) {
            if (api.form(CALL, session).errorId().equals("145")) {
                refusedAfter = Duration.ofNanos(System.nanoTime() - deleted);
            } else {
                Thread.sleep(100);
            }
        }

        Duration ttl = shared.config().sessionCacheTtl();
        assertTrue(refusedAfter != null && refusedAfter.compareTo(ttl.plusSeconds(1)) <= 0,
                "refused after " + refusedAfter + ", cache time to live " + ttl);
    }

    @Test
    void fiftyClientsLoggingInTogetherGetNoFault() throws Exception {
        Map<String, Integer> answers = inParallel(50, 3, () -> {
            Reply login = api.form(login(ACME_USER, ACME_PASSWORD), null);
            if (!"TRUE".equals(login.success())) {
                return "login " + login.errorId() + " " + login.faultString();
            }
            String call = api.form(CALL, login.xpath("/Envelope/Body/RESULT/SESSIONID")).errorId();
            return call.equals(NOT_FOUND) ? "ok" : "call " + call;
        });

        assertEquals(Map.of("ok", 150), answers);
    }

    @Test
    void aSessionUsedEveryHalfSecondOutlivesItsThreeSecondIdleTime() throws Exception {
        String session = shortApi.loginSession(ACME_USER, ACME_PASSWORD);
        long end = System.nanoTime() + SHORT_IDLE.multipliedBy(3).toNanos();

        while (System.nanoTime() < end) {
            assertEquals(NOT_FOUND, shortApi.form(CALL, session).errorId());
            Thread.sleep(500);
        }
    }

    @Test
    void aSessionIdleLongerThanItsIdleTimeIsRefusedAndPurgedInTheBackground() throws Exception {
        String session = shortApi.loginSession(ACME_USER, ACME_PASSWORD);
        assertEquals(NOT_FOUND, shortApi.form(CALL, session).errorId());

        Thread.sleep(SHORT_IDLE.plusMillis(500).toMillis());

        assertEquals("145", shortApi.form(CALL, session).errorId());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (rows(shortIdle, session) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, rows(shortIdle, session), "the housekeeping job deleted the idle row");
    }

    private interface Client {
        String call() throws Exception;
    }

    /** {@code threads} clients each calling {@code times}; counts the answers. */
    private static Map<String, Integer> inParallel(int threads, int times, Client client) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < threads * times; i++) {
                answers.add(clients.submit(client::call));
            }
            Map<String, Integer> counted = new TreeMap<>();
            for (Future<String> answer : answers) {
                counted.merge(answer.get(120, TimeUnit.SECONDS), 1, Integer::sum);
            }
            return counted;
        } finally {
            clients.shutdownNow();
        }
    }

    private static long touches(String session) throws SQLException {
        return number(shared, "SELECT COUNT(*) FROM it_session_touch WHERE token_hash = SHA2(?, 256)", session);
    }

    private static long idleSeconds(Server server, String session) throws SQLException {
        return number(server, "SELECT TIMESTAMPDIFF(SECOND, last_used_at, NOW(3)) FROM api_session"
                + " WHERE token_hash = SHA2(?, 256)", session);
    }

    private static long rows(Server server, String session) throws SQLException {
        return number(server, "SELECT COUNT(*) FROM api_session WHERE token_hash = SHA2(?, 256)", session);
    }

    private static void lastUsedAgo(Server server, String session, Duration ago) throws SQLException {
        try (Connection c = server.database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE api_session SET last_used_at = NOW(3) - INTERVAL ? SECOND"
                     + " WHERE token_hash = SHA2(?, 256)")) {
            s.setLong(1, ago.toSeconds());
            s.setString(2, session);
            assertEquals(1, s.executeUpdate());
        }
        // The aging itself went through the trigger: count from here.
        sql(server, "DELETE FROM it_session_touch WHERE token_hash = SHA2('" + session + "', 256)");
    }

    private static long number(Server server, String query, String session) throws SQLException {
        try (Connection c = server.database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(query)) {
            s.setString(1, session);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void sql(Server server, String statement) throws SQLException {
        try (Connection c = server.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
