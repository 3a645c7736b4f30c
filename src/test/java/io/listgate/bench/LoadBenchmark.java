package io.listgate.bench;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The longer version of ImportLoadIT (issue 12): {@code bench.load.clients} clients of two
 * organizations loop Login, FTP upload, ImportList, GetJobStatus until COMPLETE, SelectRecipientData
 * and Logout for {@code bench.load.seconds}; every count must be exact and no JOB_ID handed out twice.
 * Prints p50 and p99 per operation.
 */
class LoadBenchmark {

    private static final List<String> OPERATIONS = List.of("Login", "FTP upload", "ImportList", "GetJobStatus",
            "job to COMPLETE", "SelectRecipientData", "Logout");

    private final Map<String, List<Double>> millis = new LinkedHashMap<>();

    @Test
    void loadBenchmark() throws Exception {
        int clients = Integer.getInteger("bench.load.clients", 64);
        Duration run = Duration.ofSeconds(Integer.getInteger("bench.load.seconds", 60));
        OPERATIONS.forEach(operation -> millis.put(operation, Collections.synchronizedList(new ArrayList<>())));
        TestServer.shared();
        Set<Long> jobIds = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        int jobs = 0;
        try {
            List<Future<Integer>> loops = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Supplier<ImportSteps> client = c % 2 == 0 ? ImportSteps::acme : ImportSteps::globex;
                loops.add(pool.submit(() -> loop(client, run, jobIds)));
            }
            for (Future<Integer> loop : loops) {
                jobs += loop.get(run.toSeconds() + 600, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(jobs, jobIds.size(), "a JOB_ID was handed out twice");

        System.out.printf(Locale.ROOT, "%n=== ListGate load benchmark: %d clients, %.0f s, %,d jobs (%.1f jobs/s), 0 errors ===%n",
                clients, seconds, jobs, jobs / seconds);
        System.out.printf(Locale.ROOT, "%-20s %8s %10s %10s %10s%n", "operation", "calls", "p50 ms", "p99 ms", "max ms");
        millis.forEach((operation, times) -> {
            List<Double> sorted = new ArrayList<>(times);
            sorted.sort(Double::compare);
            System.out.printf(Locale.ROOT, "%-20s %8d %10.1f %10.1f %10.1f%n", operation, sorted.size(),
                    percentile(sorted, 50), percentile(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        });
    }

    private int loop(Supplier<ImportSteps> newClient, Duration run, Set<Long> jobIds) throws InterruptedException {
        long deadline = System.nanoTime() + run.toNanos();
        String database = unique("Load");
        long listId = -1;
        int round = 0;
        do {
            ImportSteps steps = newClient.get();
            String email = "round" + round + "-" + database.toLowerCase(Locale.ROOT) + "@example.org";
            String source = "Email,Name\n" + email + ",First\n" + "other-" + email + ",Second\n" + email + ",Again\n";
            MappingXml mapping = listId < 0
                    ? MappingXml.create(database).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name")
                    : MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "Name");
            timedRun("Login", steps::login);
            String map = timed("FTP upload", () -> steps.upload(unique("map") + ".xml", mapping.xml()));
            String data = timed("FTP upload", () -> steps.upload(unique("data") + ".csv", source));
            long submitted = System.nanoTime();
            long jobId = timed("ImportList", () -> steps.importList(map, data));
            Job job;
            do {
                Thread.sleep(20);
                job = timed("GetJobStatus", () -> steps.status(jobId));
            } while (!Set.of("COMPLETE", "ERROR", "CANCELED").contains(job.status()));
            millis.get("job to COMPLETE").add((System.nanoTime() - submitted) / 1e6);
            job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 2, "DUPLICATES", 1);
            if (!jobIds.add(jobId)) {
                throw new AssertionError("JOB_ID " + jobId + " twice");
            }
            listId = job.listId();
            String select = "<SelectRecipientData><LIST_ID>" + listId + "</LIST_ID><EMAIL>" + email + "</EMAIL></SelectRecipientData>";
            Reply selected = timed("SelectRecipientData", () -> steps.call(select));
            assertEquals("TRUE", selected.success(), selected.body());
            Reply logout = timed("Logout", () -> steps.call("<Logout/>"));
            assertEquals("TRUE", logout.success(), logout.body());
            round++;
        } while (System.nanoTime() < deadline);
        return round;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        millis.get(operation).add((System.nanoTime() - start) / 1e6);
        return result;
    }

    private void timedRun(String operation, Runnable call) {
        timed(operation, () -> {
            call.run();
            return null;
        });
    }

    private static double percentile(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
