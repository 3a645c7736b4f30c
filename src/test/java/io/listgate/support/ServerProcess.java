package io.listgate.support;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A server as a process of its own (the packaged jar), so that a test can really kill it with
 * SIGKILL, and the XML API calls that watch a job from outside.
 */
public final class ServerProcess {

    private ServerProcess() {
    }

    /** Rows a server started here commits at a time: small, so that a kill lands in the middle of a test's file. */
    public static final int BATCH_ROWS = 2000;

    /** Starts the packaged server on this home, answering HTTP on {@code http}; healthy when this returns. */
    public static Process start(Path home, Path users, int http) throws Exception {
        return start(home, users, http, Map.of());
    }

    /** The same with more {@code LISTGATE_*} settings. */
    public static Process start(Path home, Path users, int http, Map<String, String> settings) throws Exception {
        Path jar = Path.of("target", "listgate.jar").toAbsolutePath();
        assertTrue(Files.exists(jar), "the packaged jar is built before integration tests run");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server-process.log").toFile()));
        builder.environment().put("LISTGATE_HOME", home.toString());
        builder.environment().put("LISTGATE_EMBEDDED_DB_CACHE", TestServer.EMBEDDED_DB_CACHE.toString());
        builder.environment().put("LISTGATE_USERS_FILE", users.toString());
        builder.environment().put("LISTGATE_HTTP_PORT", String.valueOf(http));
        builder.environment().put("LISTGATE_HTTPS_PORT", "0");
        builder.environment().put("LISTGATE_FTP_PORT", "0");
        builder.environment().put("LISTGATE_FTP_PASSIVE_PORTS", "0");
        builder.environment().put("LISTGATE_SFTP_PORT", "0");
        builder.environment().put("LISTGATE_BIND_ADDRESS", "127.0.0.1");
        builder.environment().put("LISTGATE_IMPORT_BATCH_ROWS", String.valueOf(BATCH_ROWS));
        builder.environment().putAll(settings);
        Process process = builder.start();
        XmlApiClient api = new XmlApiClient(http);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "server process died; see " + home.resolve("server-process.log"));
            try {
                if (api.get("/health").status() == 200) {
                    return process;
                }
            } catch (AssertionError notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server did not become healthy");
    }

    public static String envelope(String body) {
        return "<Envelope><Body>" + body + "</Body></Envelope>";
    }

    public static XmlApiClient.Reply getJobStatus(XmlApiClient api, String session, String job) {
        return api.form(envelope("<GetJobStatus><JOB_ID>" + job + "</JOB_ID></GetJobStatus>"), session);
    }

    public static String parameter(XmlApiClient.Reply reply, String name) {
        return reply.xpath("//PARAMETER[NAME='" + name + "']/VALUE");
    }

    public static String awaitParameter(XmlApiClient api, String session, String job, String name, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String value = parameter(getJobStatus(api, session, job), name);
            if (!value.isEmpty()) {
                return value;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " of job " + job + " never appeared");
    }

    public static long awaitRowsBetween(XmlApiClient api, String session, String job, long low, long high)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            String rows = parameter(getJobStatus(api, session, job), "TOTAL_ROWS");
            long done = rows.isEmpty() ? 0 : Long.parseLong(rows);
            if (done >= low) {
                assertTrue(done < high, "the import ran too fast to be cut off half way: " + done);
                return done;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + job + " made no progress");
    }

    public static void awaitStatus(XmlApiClient api, String session, String job, String wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = getJobStatus(api, session, job).xpath("//JOB_STATUS");
            if (status.equals(wanted)) {
                return;
            }
            assertNotEquals("ERROR", status, "job " + job + " failed");
            Thread.sleep(50);
        }
        throw new AssertionError("job " + job + " is " + status + ", not " + wanted);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
