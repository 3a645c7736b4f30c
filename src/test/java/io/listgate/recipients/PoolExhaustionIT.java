package io.listgate.recipients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.listgate.api.Fault;
import io.listgate.support.ImportSteps;
import io.listgate.support.XmlApiClient.Reply;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A call that finds no free database connection within the pool's wait answers a clear fault at once,
 * instead of waiting the pool's timeout eight more times and answering 99 with a stack trace.
 */
class PoolExhaustionIT {

    private final ImportSteps acme = ImportSteps.acme();

    @Test
    void addRecipientWithEveryPooledConnectionTakenAnswersServerBusyAfterOnePoolWaitAndWorksOnceThePoolIsFree()
            throws Exception {
        // given a database, and every connection of the pool held elsewhere
        long listId = AddRecipientIT.subscribers(acme);
        String call = "<AddRecipient><LIST_ID>" + listId + "</LIST_ID><UPDATE_IF_FOUND>true</UPDATE_IF_FOUND>"
                + "<COLUMN><NAME>EMAIL</NAME><VALUE>busy@example.org</VALUE></COLUMN></AddRecipient>";
        acme.login();
        HikariDataSource pool = (HikariDataSource) acme.server().database().dataSource();
        List<Connection> held = new ArrayList<>();
        Reply busy;
        long elapsed;
        try {
            while (held.size() < pool.getMaximumPoolSize()) {
                held.add(pool.getConnection());
            }

            // when
            long start = System.nanoTime();
            busy = acme.call(call);
            elapsed = System.nanoTime() - start;
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }

        // then one pool wait, not nine, and the busy fault
        assertEquals("false", busy.success(), busy.body());
        assertEquals(String.valueOf(Fault.SERVER_BUSY.errorId()), busy.errorId(), busy.body());
        assertEquals(Fault.SERVER_BUSY.defaultText(), busy.faultString(), busy.body());
        assertTrue(elapsed < Duration.ofMillis(pool.getConnectionTimeout()).multipliedBy(2).toNanos(),
                "answered after " + elapsed / 1_000_000 + " ms");
        // and once connections are free again the same call adds the contact
        AddRecipientIT.recipientId(acme.call(call));
    }
}
