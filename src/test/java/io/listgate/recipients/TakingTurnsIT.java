package io.listgate.recipients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Calls on a database without a unique key take turns (one contact per address, ADR 19); they wait for
 * their turn without holding a pooled connection, so 64 callers on one such database leave the pool to
 * everything else. (Before, each waited on the database's row lock inside its transaction: 20 of 20
 * connections busy and 57 threads waiting for one, measured with this test on 2026-12-02.)
 */
class TakingTurnsIT {

    private static final int CLIENTS = 64;
    private static final int CALLS = 640;

    @Test
    void sixtyFourCallersOnADatabaseWithoutAUniqueKeyNeverHoldTheWholePoolAndMakeOneContactPerAddress()
            throws Exception {
        // given a database without a unique key
        ImportSteps acme = ImportSteps.acme();
        long db = acme.createDatabase(MappingXml.create(ImportSteps.unique("Turns")).column("EMAIL", 9).column("Name", 0)
                .map("EMAIL", "Name"), "Email,Name\nseed@example.org,S\n");
        acme.login();
        HikariDataSource pool = (HikariDataSource) acme.server().database().dataSource();
        AtomicInteger peakActive = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakActive.accumulateAndGet(pool.getHikariPoolMXBean().getActiveConnections(),
                Math::max), 0, 2, TimeUnit.MILLISECONDS);

        // when 64 clients make 640 AddRecipient calls with UPDATE_IF_FOUND on 100 addresses
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < CALLS; i++) {
                int n = i % 100;
                calls.add(clients.submit(() -> acme.call("<AddRecipient><LIST_ID>" + db + "</LIST_ID>"
                        + "<UPDATE_IF_FOUND>true</UPDATE_IF_FOUND><COLUMN><NAME>EMAIL</NAME><VALUE>turn" + n
                        + "@example.org</VALUE></COLUMN></AddRecipient>").body()));
            }
            for (Future<String> call : calls) {
                String body = call.get(120, TimeUnit.SECONDS);
                assertTrue(body.contains("<RecipientId>"), body);
            }
        } finally {
            clients.shutdownNow();
            sampler.shutdownNow();
        }

        // then every call succeeded, one contact per address, and the pool always had connections to spare
        assertEquals(101, acme.contacts(db).size());
        assertTrue(peakActive.get() < pool.getMaximumPoolSize(),
                "peak " + peakActive.get() + " of " + pool.getMaximumPoolSize() + " connections in use");
    }
}
