package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.db.Database;
import io.listgate.support.MutableClock;
import io.listgate.support.TestServer;
import io.listgate.user.OrgUser;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Admin sessions in the database: idle expiry, sign-out, and a user that is gone. */
class AdminSessionsIT {

    private final Database database = TestServer.shared().database();
    private final MutableClock clock = new MutableClock();
    private final OrgUser user = new OrgUser(1, "sessions-it@example.org", 1, "acme");

    @Test
    void aSessionUnusedForLongerThanTheIdleTimeIsGone() {
        AdminSessions sessions = new AdminSessions(database, name -> Optional.of(user), Duration.ofMinutes(20), clock);
        AdminSessions.AdminSession session = sessions.open(user);

        clock.advance(Duration.ofMinutes(19));
        assertTrue(sessions.find(session.token()).isPresent());
        clock.advance(Duration.ofMinutes(19));
        assertTrue(sessions.find(session.token()).isPresent(), "each use restarts the idle time");
        clock.advance(Duration.ofMinutes(21));
        assertTrue(sessions.find(session.token()).isEmpty());
    }

    @Test
    void anotherServerOnTheSameDatabaseFindsTheSessionWithItsCsrfTokenUntilSignOut() {
        AdminSessions first = new AdminSessions(database, name -> Optional.of(user), Duration.ofMinutes(20), clock);
        AdminSessions second = new AdminSessions(database, name -> Optional.of(user), Duration.ofMinutes(20), clock);
        AdminSessions.AdminSession session = first.open(user);

        AdminSessions.AdminSession found = second.find(session.token()).orElseThrow();
        assertEquals(session, found);

        second.close(session.token());
        assertTrue(first.find(session.token()).isEmpty());
    }

    @Test
    void aSessionWhoseUserIsGoneIsGone() {
        AdminSessions sessions = new AdminSessions(database, name -> Optional.empty(), Duration.ofMinutes(20), clock);
        AdminSessions.AdminSession session = sessions.open(user);

        assertTrue(sessions.find(session.token()).isEmpty());
        assertTrue(sessions.find("not-a-token").isEmpty());
        assertTrue(sessions.find(null).isEmpty());
    }
}
