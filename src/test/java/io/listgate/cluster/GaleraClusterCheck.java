package io.listgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.MappingXml;
import io.listgate.support.ServerProcess;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import io.listgate.web.admin.AdminHttp;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster harness (README: "Cluster harness"; {@code mvn -B verify -Pcluster}): three Galera
 * nodes from Debian's packages on loopback ({@code src/test/cluster/galera.sh}), two ListGate nodes
 * as processes of the packaged jar sharing one data directory and the driver's failover URL, and the
 * cases of issue 18 with exact results. Rows per import: {@code -Dcluster.rows} (default 20000).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GaleraClusterCheck {

    private static final int ROWS = Integer.getInteger("cluster.rows", 20_000);
    private static final Path SCRIPT = Path.of("src", "test", "cluster", "galera.sh").toAbsolutePath();
    private static final String FAILOVER = "jdbc:mariadb:sequential://127.0.0.1:13306,127.0.0.1:13307,127.0.0.1:13308/listgate";
    private static final String SINGLE = "jdbc:mariadb://127.0.0.1:13310/listgate";

    private static Path data;
    private static Path users;
    private static final List<Node> NODES = new ArrayList<>();
    private static Node a;
    private static Node b;

    /** One ListGate node: a process of the packaged jar. */
    record Node(String name, Path home, int http, Process process) {
        XmlApiClient api() {
            return new XmlApiClient(http);
        }

        String log() throws IOException {
            return Files.readString(home.resolve("server-process.log"));
        }
    }

    @BeforeAll
    static void startTheCluster() throws Exception {
        galera("start");
        Path root = TestServer.newHome("cluster");
        data = Files.createDirectories(root.resolve("shared-data"));
        users = TestUsers.writeUsersFile(root);
        a = start("a", FAILOVER);
        b = start("b", FAILOVER);
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        for (Node node : NODES) {
            node.process().destroyForcibly().waitFor();
        }
        galera("stop");
    }

    @Test
    @Order(1)
    void createOnGaleraTakesThisMuchLongerThanOnOneMariaDb() throws Exception {
        Node single = start("single", SINGLE);
        try {
            long galeraMillis = timedCreate(a, "RatioGalera");
            long singleMillis = timedCreate(single, "RatioSingle");
            System.out.printf("CLUSTER CREATE of %d rows: Galera %d ms, single MariaDB %d ms, ratio %.2f%n", ROWS,
                    galeraMillis, singleMillis, (double) galeraMillis / singleMillis);
        } finally {
            single.process().destroyForcibly().waitFor();
            NODES.remove(single);
        }
    }

    @Test
    @Order(2)
    void aJobSurvivesTheDeathOfItsDatabaseNodeThroughTheFailoverUrl() throws Exception {
        String session = a.api().loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        String job = submitCreate(a, session, "DbNodeDies");
        long before = awaitRowsAtLeast(a, session, job, ROWS / 5);
        galera("kill", "1");
        try {
            assertExactCreate(a, session, job);
            System.out.printf("CLUSTER database node n1 killed with the job RUNNING at %d of %d rows: COMPLETE, %d contacts%n",
                    before, ROWS, ROWS);
        } finally {
            galera("restart", "1");
        }
    }

    @Test
    @Order(3)
    void aCancelOnTheOtherNodeEndsTheJobCanceled() throws Exception {
        String session = a.api().loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        // five times the rows: the cancel must come while it runs
        String job = submitCreate(a, session, "CancelAcross", 5 * ROWS);
        awaitRowsAtLeast(a, session, job, 1);
        Node other = runnerOf(job) == a ? b : a;
        AdminHttp admin = new AdminHttp(other.http());
        String cookie = admin.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        String csrf = AdminHttp.csrf(admin.get("/admin/jobs", cookie).body());
        admin.post("/admin/jobs/" + job + "/cancel", cookie, "csrf", csrf);
        assertEquals("CANCELED", awaitEnd(a, session, job));
        long added = Long.parseLong(parameter(a, session, job, "SQL_ADDED"));
        assertEquals(String.valueOf(added), size(a, session, parameter(a, session, job, "LIST_ID")),
                "what the canceled job wrote is there once");
    }

    @Test
    @Order(4)
    void oneApiSessionUsedThroughBothNodesAnswersNoFault() throws Exception {
        String session = a.api().loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger faults = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(Integer.getInteger("cluster.session.seconds", 10)).toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Node node = t % 2 == 0 ? a : b;
                loops.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        XmlApiClient.Reply reply = node.api().form(envelope("<GetLists><VISIBILITY>0</VISIBILITY>"
                                + "<LIST_TYPE>0</LIST_TYPE></GetLists>"), session);
                        calls.incrementAndGet();
                        if (!"TRUE".equalsIgnoreCase(reply.success())) {
                            faults.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
        } finally {
            threads.shutdownNow();
        }
        System.out.printf("CLUSTER one session on two nodes: %d calls, %d faults%n", calls.get(), faults.get());
        assertEquals(0, faults.get(), faults.get() + " of " + calls.get() + " calls answered a fault");
    }

    @Test
    @Order(5)
    void aKilledListGateNodesJobIsResumedExactlyByTheOther() throws Exception {
        String session = a.api().loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        String job = submitCreate(a, session, "NodeKilled");
        awaitRowsAtLeast(a, session, job, ROWS / 5);
        Node runner = runnerOf(job);
        Node survivor = runner == a ? b : a;
        runner.process().destroyForcibly().waitFor();
        String survivorSession = survivor.api().loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        assertExactCreate(survivor, survivorSession, job);
        Node restarted = start(runner.name(), FAILOVER);
        if (runner == a) {
            a = restarted;
        } else {
            b = restarted;
        }
    }

    @Test
    @Order(6)
    void healthAnswersInTimeAndNamesTheDatabaseWhenItsOnlyDatabaseNodeIsDown() throws Exception {
        Node lonely = start("lonely", "jdbc:mariadb://127.0.0.1:13308/listgate");
        try {
            galera("kill", "3");
            long begin = System.nanoTime();
            XmlApiClient.Reply health = awaitHealthDown(lonely);
            long millis = (System.nanoTime() - begin) / 1_000_000;
            System.out.printf("CLUSTER /health with its database node down: %d in %d ms: %s%n", health.status(), millis,
                    health.body());
            assertTrue(health.body().contains("\"database\":\"DOWN\""), health.body());
        } finally {
            galera("restart", "3");
            lonely.process().destroyForcibly().waitFor();
            NODES.remove(lonely);
        }
    }

    /** Asks until /health says 503; each answer must come within 3 s (the 2 s deadline and the round trip). */
    private static XmlApiClient.Reply awaitHealthDown(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long begin = System.nanoTime();
            XmlApiClient.Reply reply = node.api().get("/health");
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertTrue(millis < 3_000, "/health took " + millis + " ms");
            if (reply.status() == 503) {
                return reply;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/health never noticed its database node was down");
    }

    private static long timedCreate(Node node, String name) throws Exception {
        XmlApiClient api = node.api();
        String session = api.loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        long begin = System.nanoTime();
        String job = submitCreate(node, session, name);
        assertExactCreate(node, session, job);
        return (System.nanoTime() - begin) / 1_000_000;
    }

    private static String submitCreate(Node node, String session, String name) throws IOException {
        return submitCreate(node, session, name, ROWS);
    }

    private static String submitCreate(Node node, String session, String name, int rows) throws IOException {
        Path upload = Files.createDirectories(data.resolve(TestUsers.ACME).resolve("upload"));
        String file = name + "-" + System.nanoTime();
        try (BufferedWriter out = Files.newBufferedWriter(upload.resolve(file + ".csv"), StandardCharsets.UTF_8)) {
            out.write("EMAIL,Name\n");
            for (int i = 0; i < rows; i++) {
                out.write("row" + i + "@" + file.toLowerCase() + ".example.com,Name " + i + "\n");
            }
        }
        Files.writeString(upload.resolve(file + ".xml"),
                MappingXml.create(file).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name").xml());
        XmlApiClient.Reply reply = node.api().form(envelope("<ImportList><MAP_FILE>" + file + ".xml</MAP_FILE><SOURCE_FILE>"
                + file + ".csv</SOURCE_FILE></ImportList>"), session);
        assertEquals("TRUE", reply.success().toUpperCase(), reply.body());
        return reply.xpath("//JOB_ID");
    }

    private static void assertExactCreate(Node node, String session, String job) throws Exception {
        assertEquals("COMPLETE", awaitEnd(node, session, job), parameter(node, session, job, "JOB_DESCRIPTION"));
        assertEquals(String.valueOf(ROWS), parameter(node, session, job, "SQL_ADDED"));
        assertEquals(String.valueOf(ROWS), size(node, session, parameter(node, session, job, "LIST_ID")),
                "every contact stored once");
    }

    private static String awaitEnd(Node node, String session, String job) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            String status = status(node, session, job).xpath("//JOB_STATUS");
            if (List.of("COMPLETE", "ERROR", "CANCELED").contains(status)) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + job + " did not end");
    }

    /** Waits until the job, still running, has done {@code rows}; the rows it had then. */
    private static long awaitRowsAtLeast(Node node, String session, String job, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            XmlApiClient.Reply reply = status(node, session, job);
            String total = reply.xpath("//PARAMETER[NAME='TOTAL_ROWS']/VALUE");
            assertTrue(List.of("WAITING", "RUNNING").contains(reply.xpath("//JOB_STATUS")), "job " + job
                    + " ended before the failure could be injected: " + reply.body());
            if (!total.isEmpty() && Long.parseLong(total) >= rows) {
                return Long.parseLong(total);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + job + " did not reach " + rows + " rows");
    }

    private static Node runnerOf(String job) throws IOException {
        for (Node node : List.of(a, b)) {
            if (node.log().contains("Import job " + job + " starts")) {
                return node;
            }
        }
        throw new AssertionError("no node logged starting job " + job);
    }

    private static XmlApiClient.Reply status(Node node, String session, String job) {
        return node.api().form(envelope("<GetJobStatus><JOB_ID>" + job + "</JOB_ID></GetJobStatus>"), session);
    }

    private static String parameter(Node node, String session, String job, String name) {
        XmlApiClient.Reply reply = status(node, session, job);
        return name.equals("JOB_DESCRIPTION") ? reply.xpath("//JOB_DESCRIPTION")
                : reply.xpath("//PARAMETER[NAME='" + name + "']/VALUE");
    }

    private static String size(Node node, String session, String listId) {
        return node.api().form(envelope("<GetLists><VISIBILITY>0</VISIBILITY><LIST_TYPE>0</LIST_TYPE></GetLists>"), session)
                .xpath("//LIST[ID='" + listId + "']/SIZE");
    }

    private static String envelope(String body) {
        return "<Envelope><Body>" + body + "</Body></Envelope>";
    }

    private static void galera(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), "galera.sh " + String.join(" ", arguments));
    }

    private static Node start(String name, String jdbcUrl) throws Exception {
        Path home = TestServer.newHome("cluster-" + name);
        int http;
        try (ServerSocket free = new ServerSocket(0)) {
            http = free.getLocalPort();
        }
        Path jar = Path.of("target", "listgate.jar").toAbsolutePath();
        assertTrue(Files.exists(jar), "the packaged jar is built before integration tests run");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server-process.log").toFile()));
        builder.environment().put("LISTGATE_HOME", home.toString());
        builder.environment().put("LISTGATE_DATA_DIR", data.toString());
        builder.environment().put("LISTGATE_USERS_FILE", users.toString());
        builder.environment().put("LISTGATE_DB_URL", jdbcUrl);
        builder.environment().put("LISTGATE_DB_USER", "listgate");
        builder.environment().put("LISTGATE_DB_PASSWORD", "listgate");
        builder.environment().put("LISTGATE_HTTP_PORT", String.valueOf(http));
        builder.environment().put("LISTGATE_HTTPS_PORT", "-1");
        builder.environment().put("LISTGATE_FTP_PORT", "0");
        builder.environment().put("LISTGATE_FTP_PASSIVE_PORTS", "0");
        builder.environment().put("LISTGATE_SFTP_PORT", "0");
        builder.environment().put("LISTGATE_BIND_ADDRESS", "127.0.0.1");
        // small batches: a database node's death lands in the middle of a batch, not between two
        builder.environment().put("LISTGATE_IMPORT_BATCH_ROWS", String.valueOf(ServerProcess.BATCH_ROWS));
        Node node = new Node(name, home, http, builder.start());
        NODES.add(node);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(node.process().isAlive(), "node " + name + " died; see " + home.resolve("server-process.log"));
            try {
                if (node.api().get("/health").status() == 200) {
                    return node;
                }
            } catch (AssertionError notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("node " + name + " did not become healthy");
    }
}
