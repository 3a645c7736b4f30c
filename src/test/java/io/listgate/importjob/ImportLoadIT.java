package io.listgate.importjob;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Many clients of two organizations at once, each looping Login, FTP upload, ImportList, GetJobStatus
 * until the job ends, SelectRecipientData and Logout for a few seconds: no error, every job ends
 * COMPLETE once with exact counts, no JOB_ID is handed out twice.
 */
class ImportLoadIT {

    private static final int CLIENTS = 16;
    private static final Duration RUN = Duration.ofSeconds(8);

    @Test
    void concurrentClientsOfTwoOrganizationsLoseNoJobAndGetExactCounts() throws Exception {
        Set<Long> jobIds = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> loops = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Supplier<ImportSteps> client = c % 2 == 0 ? ImportSteps::acme : ImportSteps::globex;
                loops.add(clients.submit(() -> loop(client, jobIds)));
            }
            int jobs = 0;
            for (Future<Integer> loop : loops) {
                jobs += loop.get(RUN.toSeconds() + 120, TimeUnit.SECONDS);
            }

            assertEquals(jobs, jobIds.size(), "a JOB_ID was handed out twice");
            assertTrue(jobs >= CLIENTS, "every client finished at least one job: " + jobs);
        } finally {
            clients.shutdownNow();
        }
    }

    /** One client's loop; a fresh session (Login) each round, since each round ends with Logout. */
    private static int loop(Supplier<ImportSteps> newClient, Set<Long> jobIds) {
        long deadline = System.nanoTime() + RUN.toNanos();
        String database = unique("Load");
        long listId = -1;
        int round = 0;
        do {
            ImportSteps steps = newClient.get();
            String email = "round" + round + "-" + database.toLowerCase() + "@example.org";
            String source = "Email,Name\n" + email + ",First\n" + "other-" + email + ",Second\n" + email + ",Again\n";
            MappingXml mapping = listId < 0
                    ? MappingXml.create(database).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name")
                    : MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "Name");
            Job job = steps.run(mapping, source);
            job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 2, "DUPLICATES", 1);
            assertTrue(jobIds.add(job.id()), "JOB_ID " + job.id() + " twice");
            listId = job.listId();
            Reply select = steps.call("<SelectRecipientData><LIST_ID>" + listId + "</LIST_ID><EMAIL>" + email
                    + "</EMAIL></SelectRecipientData>");
            assertEquals("TRUE", select.success(), select.body());
            assertEquals("TRUE", steps.call("<Logout/>").success());
            round++;
        } while (System.nanoTime() < deadline);
        return round;
    }
}
