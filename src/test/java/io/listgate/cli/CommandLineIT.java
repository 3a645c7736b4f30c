package io.listgate.cli;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.listgate.Server;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code listgate import | status | lists} from the packaged jar against a running server, like any client. */
class CommandLineIT {

    private static final Pattern JOB = Pattern.compile("Job (\\d+) COMPLETE");

    private final Server server = TestServer.shared();
    private final Map<String, String> acme = Map.of("LISTGATE_PASSWORD", TestUsers.ACME_PASSWORD);

    @Test
    void importOverSftpWithoutATerminalPrintsAStateLineEachTheCountsAndFetchesTheErrorFile(@TempDir Path dir)
            throws IOException {
        String database = unique("Cli");
        Path map = mapping(dir, database);
        Path source = Files.writeString(dir.resolve("people.csv"),
                "Email,Name\nann@cli.example.com,Ann\nnot-an-address,Bad\nbob@cli.example.com,Bob\n");

        Listgate.Run run = Listgate.run(acme, "import", "--url", url(), "--user", TestUsers.ACME_USER,
                "--map", map.toString(), "--source", source.toString(), "--sftp-port", String.valueOf(server.sftpPort()));

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("Uploaded " + map.getFileName() + " and people.csv by sftp"), run.toString());
        assertTrue(run.out().matches("(?s).*Job \\d+ (WAITING|RUNNING|COMPLETE) rows=\\d+ \\+\\d+ ~\\d+ !\\d+\n.*"), run.toString());
        assertTrue(run.out().matches("(?s).*\n  SQL_ADDED +2\n.*"), run.toString());
        assertTrue(run.out().matches("(?s).*\n  BAD_ADDRESSES +1\n.*"), run.toString());
        assertFalse(run.out().contains("\r"), "no bar without a terminal");
        Path errors = dir.resolve("people.csv.err");
        assertTrue(Files.readString(errors).contains("not-an-address"), "the .err file lies beside the source");

        // and status and lists read the same job and database back through the API
        Matcher job = JOB.matcher(run.out());
        assertTrue(job.find(), run.toString());
        Listgate.Run status = Listgate.run(acme, "status", job.group(1), "--json", "--url", url(), "--user", TestUsers.ACME_USER);
        assertEquals(0, status.exit(), status.toString());
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertEquals("COMPLETE", json.get("status").asText());
        assertEquals(2, json.get("parameters").get("SQL_ADDED").asLong());
        Listgate.Run lists = Listgate.run(acme, "lists", "--url", url(), "--user", TestUsers.ACME_USER);
        assertEquals(0, lists.exit(), lists.toString());
        assertTrue(lists.out().matches("(?s).*database +2 +0  " + database + "\n.*"), lists.toString());

        // and cancel of the finished job forgets it (DeleteJob), after which status no longer finds it
        Listgate.Run cancel = Listgate.run(acme, "cancel", job.group(1), "--url", url(), "--user", TestUsers.ACME_USER);
        assertEquals(0, cancel.exit(), cancel.toString());
        assertTrue(cancel.out().contains("had already ended (COMPLETE); it is forgotten now"), cancel.toString());
        Listgate.Run gone = Listgate.run(acme, "status", job.group(1), "--url", url(), "--user", TestUsers.ACME_USER);
        assertTrue(gone.exit() != 0 && gone.toString().contains("Job ID is not valid"), gone.toString());
    }

    @Test
    void onAPseudoTerminalTheImportDrawsALiveProgressBar(@TempDir Path dir) throws IOException {
        Path map = mapping(dir, unique("Bar"));
        StringBuilder csv = new StringBuilder("Email,Name\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append("p").append(i).append("@bar.example.com,P").append(i).append('\n');
        }
        Path source = Files.writeString(dir.resolve("bar.csv"), csv);

        Listgate.Run run = Listgate.onTerminal(acme, "import", "--url", url(), "--user", TestUsers.ACME_USER,
                "--map", map.toString(), "--source", source.toString(), "--protocol", "ftp",
                "--ftp-port", String.valueOf(server.ftpPort()));

        assertEquals(0, run.exit(), run.toString());
        // the bar redraws its line with carriage returns: task, percentage, rows done of the estimate, speed
        // (shown as ? when the job ended within the bar's first tick)
        assertTrue(run.out().contains("\r"), run.toString());
        assertTrue(run.out().matches("(?s).*Job \\d+ 100% \\[=+\\] 20000/20000 rows \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)"
                + " ([\\d.]+|\\?) rows/s \\+20000 ~0 !0.*"), run.toString());
        assertFalse(run.out().matches("(?s).*Job \\d+ RUNNING rows=.*"), "no state lines on a terminal");
        assertTrue(run.out().matches("(?s).*  SQL_ADDED +20000\r?\n.*"), run.toString());
    }

    @Test
    void aJobEndingInErrorExitsNonZeroAndJsonSaysWhy(@TempDir Path dir) throws IOException {
        Path map = mapping(dir, unique("Empty"));
        Path source = Files.writeString(dir.resolve("empty.csv"), "Email,Name\n");

        Listgate.Run run = Listgate.run(acme, "import", "--json", "--url", url(), "--user", TestUsers.ACME_USER,
                "--map", map.toString(), "--source", source.toString(), "--protocol", "ftp",
                "--ftp-port", String.valueOf(server.ftpPort()));

        assertEquals(1, run.exit(), run.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("ERROR", json.get("status").asText());
        assertFalse(json.get("description").asText().isEmpty(), run.toString());
    }

    @Test
    void aWrongPasswordIsOneLineAndExitCodeThree(@TempDir Path dir) throws IOException {
        Path password = Files.writeString(dir.resolve("password"), "not-the-password\n");

        Listgate.Run run = Listgate.run(Map.of(), "lists", "--url", url(), "--user", TestUsers.ACME_USER,
                "--password-file", password.toString());

        assertEquals(3, run.exit(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), run.toString());
        assertTrue(run.err().startsWith("listgate: "), run.toString());
    }

    private String url() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    private static Path mapping(Path dir, String database) throws IOException {
        return Files.writeString(dir.resolve(database + ".xml"),
                MappingXml.create(database).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name").xml());
    }
}
