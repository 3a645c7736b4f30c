package io.listgate.flows;

import static io.listgate.support.ServerProcess.BATCH_ROWS;
import static io.listgate.support.ServerProcess.awaitRowsBetween;
import static io.listgate.support.ServerProcess.awaitStatus;
import static io.listgate.support.ServerProcess.envelope;
import static io.listgate.support.ServerProcess.freePort;
import static io.listgate.support.ServerProcess.getJobStatus;
import static io.listgate.support.ServerProcess.parameter;
import static io.listgate.support.ServerProcess.start;
import static io.listgate.support.TestUsers.ACME;
import static io.listgate.support.TestUsers.ACME_PASSWORD;
import static io.listgate.support.TestUsers.ACME_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.ftp.Eventually;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server killed with SIGKILL while a hot-folder file is in {@code on/} and its job is running,
 * then started again on the same home: the job resumes, the file ends in {@code ok/} exactly once
 * and every contact is imported exactly once. The server runs as a process of its own.
 */
class HotFolderCrashIT {

    private static final int ROWS = 120_000;
    /** Past three batches of the engine: something was committed before the kill. */
    private static final int COMMITTED = 3 * BATCH_ROWS;
    private Process server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void aFileWhoseJobIsCutOffByKillMinus9EndsInOkOnceWithEveryContactImportedOnce() throws Exception {
        // given a server whose contacts/ flow creates a database, and a file dropped over HTTP
        Path home = TestServer.newHome("flow-crash");
        Path users = TestUsers.writeUsersFile(home);
        int http = freePort();
        Map<String, String> settings = Map.of("LISTGATE_FLOW_SCAN_MS", "200");
        server = start(home, users, http, settings);
        Path flow = home.resolve("data").resolve(ACME).resolve("contacts").resolve("import");
        Files.writeString(flow.resolve("map.xml"), """
                <LIST_IMPORT><LIST_INFO><ACTION>CREATE</ACTION><LIST_NAME>Flow crash</LIST_NAME>
                <FILE_TYPE>0</FILE_TYPE><HASHEADERS>true</HASHEADERS></LIST_INFO>
                <COLUMNS><COLUMN><NAME>EMAIL</NAME><TYPE>9</TYPE><KEY_COLUMN>true</KEY_COLUMN></COLUMN>
                <COLUMN><NAME>Name</NAME><TYPE>0</TYPE></COLUMN></COLUMNS>
                <MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN><COLUMN><INDEX>2</INDEX><NAME>Name</NAME></COLUMN></MAPPING>
                </LIST_IMPORT>""");
        Path source = home.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(source, StandardCharsets.UTF_8)) {
            out.write("EMAIL,Name\n");
            for (int i = 0; i < ROWS; i++) {
                out.write("user" + i + "@flow-crash.example.com,Name " + i + "\n");
            }
        }
        XmlApiClient api = new XmlApiClient(http);
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);
        String job = drop(http, session, source);

        // when the server is killed while the job runs with the file in on/
        long done = awaitRowsBetween(api, session, job, COMMITTED, ROWS / 2);
        assertEquals(1, names(flow.resolve("on")).stream().filter(n -> n.endsWith("_big.csv")).count());
        server.destroyForcibly().waitFor();

        // and started again
        server = start(home, users, http, settings);
        api = new XmlApiClient(http);
        session = api.loginSession(ACME_USER, ACME_PASSWORD);
        awaitStatus(api, session, job, "COMPLETE", Duration.ofMinutes(5));

        // then the file is in ok/ once with its report, nowhere else, and each contact is there once
        Eventually.await("big.csv filed in ok/", Duration.ofMinutes(1), () -> names(flow.resolve("ok")).size() == 2);
        List<String> ok = names(flow.resolve("ok"));
        assertTrue(ok.get(0).matches("[0-9]+_big\\.csv") && ok.get(1).equals(ok.get(0) + ".res"), ok.toString());
        assertEquals(List.of(), names(flow.resolve("on")));
        assertEquals(List.of(), names(flow.resolve("ko")));
        assertEquals(List.of(), names(flow.resolve("in")));
        assertTrue(done < ROWS, "the server was killed before the end");
        XmlApiClient.Reply status = getJobStatus(api, session, job);
        assertEquals(String.valueOf(ROWS), parameter(status, "TOTAL_ROWS"));
        assertEquals(String.valueOf(ROWS), parameter(status, "SQL_ADDED"));
        String listId = parameter(status, "LIST_ID");
        String size = api.form(envelope("<GetLists><VISIBILITY>0</VISIBILITY><LIST_TYPE>0</LIST_TYPE></GetLists>"), session)
                .xpath("//LIST[ID='" + listId + "']/SIZE");
        assertEquals(String.valueOf(ROWS), size, "no contact may exist twice");
        String res = Files.readString(flow.resolve("ok").resolve(ok.get(1)));
        assertTrue(res.contains("ListGate import job " + job) && res.contains("Status: COMPLETE"), res);
    }

    /** POSTs the file to {@code /flows/contacts/files}; its JOB_ID. */
    private static String drop(int http, String session, Path file) throws IOException, InterruptedException {
        String boundary = "----listgate-crash";
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n"),
                HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http + "/flows/contacts/files;jsessionid=" + session))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, reply.statusCode(), reply.body());
        Matcher id = Pattern.compile("\"job_id\":([0-9]+)").matcher(reply.body());
        assertTrue(id.find(), reply.body());
        return id.group(1);
    }

    /** The visible files of a folder, by name. */
    private static List<String> names(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
