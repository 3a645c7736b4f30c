package io.listgate.importjob;

import static io.listgate.support.ServerProcess.BATCH_ROWS;
import static io.listgate.support.ServerProcess.awaitParameter;
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
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server killed with SIGKILL in the middle of an import, then started again on the same home:
 * the cut-off job runs again from its last committed batch, the job queued behind it runs too, and
 * the end state is what one uninterrupted run gives — no duplicate contacts, counts right.
 * The server runs as a separate process (the packaged jar) so that it can really be killed.
 */
class ImportCrashIT {

    private static final int ROWS = 120_000;
    private Process server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void jobCutOffByKillMinus9ResumesAfterRestartAndEndsAsIfRunOnce() throws Exception {
        Path home = TestServer.newHome("crash");
        Path users = TestUsers.writeUsersFile(home);
        int http = freePort();
        Path upload = bigSourceAndMapping(home, "Crash test");

        server = start(home, users, http);
        XmlApiClient api = new XmlApiClient(http);
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);
        String job = api.form(envelope("<ImportList><MAP_FILE>big.xml</MAP_FILE><SOURCE_FILE>big.csv</SOURCE_FILE></ImportList>"),
                session).xpath("//JOB_ID");
        String listId = awaitParameter(api, session, job, "LIST_ID", Duration.ofSeconds(30));
        Files.writeString(upload.resolve("more.csv"), "EMAIL,Name\nlate1@crash.example.com,Late\nlate2@crash.example.com,Later\n");
        Files.writeString(upload.resolve("more.xml"), "<LIST_IMPORT><LIST_INFO><ACTION>ADD_ONLY</ACTION><LIST_ID>" + listId
                + "</LIST_ID><FILE_TYPE>0</FILE_TYPE><HASHEADERS>true</HASHEADERS></LIST_INFO><MAPPING>"
                + "<COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN><COLUMN><INDEX>2</INDEX><NAME>Name</NAME></COLUMN>"
                + "</MAPPING></LIST_IMPORT>");
        String queued = api.form(envelope("<ImportList><MAP_FILE>more.xml</MAP_FILE><SOURCE_FILE>more.csv</SOURCE_FILE></ImportList>"),
                session).xpath("//JOB_ID");

        long done = awaitRowsBetween(api, session, job, 3 * BATCH_ROWS, ROWS / 2);
        assertEquals("WAITING", getJobStatus(api, session, queued).xpath("//JOB_STATUS"),
                "the second job waits behind the first on the same database");
        server.destroyForcibly().waitFor();

        server = start(home, users, http);
        api = new XmlApiClient(http);
        session = api.loginSession(ACME_USER, ACME_PASSWORD);
        awaitStatus(api, session, job, "COMPLETE", Duration.ofMinutes(5));
        awaitStatus(api, session, queued, "COMPLETE", Duration.ofMinutes(1));

        XmlApiClient.Reply big = getJobStatus(api, session, job);
        int bad = ROWS / 1000;
        int duplicates = ROWS / 1000;
        assertTrue(done < ROWS, "the server was killed before the end");
        assertEquals(String.valueOf(ROWS), parameter(big, "TOTAL_ROWS"));
        assertEquals(String.valueOf(ROWS - bad - duplicates), parameter(big, "SQL_ADDED"));
        assertEquals(String.valueOf(bad), parameter(big, "BAD_ADDRESSES"));
        assertEquals(String.valueOf(duplicates), parameter(big, "DUPLICATES"));
        assertEquals("2", parameter(getJobStatus(api, session, queued), "SQL_ADDED"));
        String size = api.form(envelope("<GetLists><VISIBILITY>0</VISIBILITY><LIST_TYPE>0</LIST_TYPE></GetLists>"), session)
                .xpath("//LIST[ID='" + listId + "']/SIZE");
        assertEquals(String.valueOf(ROWS - bad - duplicates + 2), size, "no contact may exist twice");
        List<String> errors = Files.readAllLines(home.resolve("data").resolve(ACME).resolve("download").resolve(job + ".err"));
        assertEquals(1 + bad + duplicates, errors.size(), "each rejected row is recorded once");
    }

    @Test
    void listSyncAndDeleteJobsCutOffByKillMinus9EndAsIfRunOnce() throws Exception {
        // given a database of the source's contacts, all of them members of a contact list
        Path home = TestServer.newHome("crash-sync");
        Path users = TestUsers.writeUsersFile(home);
        int http = freePort();
        Path upload = bigSourceAndMapping(home, "Crash sync");
        Set<Integer> contacts = new TreeSet<>();
        for (int i = 0; i < ROWS; i++) {
            if (i % 1000 != 999 && i % 1000 != 500) {
                contacts.add(i);
            }
        }
        server = start(home, users, http);
        XmlApiClient api = new XmlApiClient(http);
        String session = api.loginSession(ACME_USER, ACME_PASSWORD);
        String create = importList(api, session, "big.xml", "big.csv");
        awaitStatus(api, session, create, "COMPLETE", Duration.ofMinutes(5));
        String listId = parameter(getJobStatus(api, session, create), "LIST_ID");
        String contactList = api.form(envelope("<CreateContactList><DATABASE_ID>" + listId + "</DATABASE_ID>"
                + "<CONTACT_LIST_NAME>Everyone</CONTACT_LIST_NAME><VISIBILITY>0</VISIBILITY></CreateContactList>"), session)
                .xpath("//CONTACT_LIST_ID");
        Files.writeString(upload.resolve("join.xml"), emailMapping("ADD_AND_UPDATE", listId,
                "<CONTACT_LISTS><CONTACT_LIST_ID>" + contactList + "</CONTACT_LIST_ID></CONTACT_LISTS>", ""));
        awaitStatus(api, session, importList(api, session, "join.xml", "big.csv"), "COMPLETE", Duration.ofMinutes(5));
        assertEquals(String.valueOf(contacts.size()), size(api, session, contactList));

        // when a synced UPDATE_ONLY naming the even contacts is cut off mid-way, and the server restarted
        Set<Integer> even = new TreeSet<>(contacts.stream().filter(i -> i % 2 == 0).toList());
        writeEmails(upload.resolve("even.csv"), even, 0);
        Files.writeString(upload.resolve("sync.xml"), emailMapping("UPDATE_ONLY", listId,
                "<CONTACT_LISTS><CONTACT_LIST_ID>" + contactList + "</CONTACT_LIST_ID></CONTACT_LISTS>",
                "<SYNC_CONTACT_LISTS>true</SYNC_CONTACT_LISTS>"));
        String sync = importList(api, session, "sync.xml", "even.csv");
        long syncDone = killMidwayAndRestart(api, session, sync, even.size(), home, users, http);
        api = new XmlApiClient(http);
        session = api.loginSession(ACME_USER, ACME_PASSWORD);

        // then the list holds exactly the file's contacts, counted once
        assertTrue(syncDone < even.size(), "the server was killed before the end");
        XmlApiClient.Reply synced = getJobStatus(api, session, sync);
        assertEquals(String.valueOf(even.size()), parameter(synced, "SQL_UPDATED"));
        assertEquals(String.valueOf(contacts.size() - even.size()), parameter(synced, "LIST_REMOVED"));
        assertEquals(String.valueOf(even.size()), size(api, session, contactList));
        assertEquals(String.valueOf(contacts.size()), size(api, session, listId), "sync never deletes a contact");

        // when a DELETE of every third contact and 50 unknown ones is cut off mid-way, and the server restarted
        Set<Integer> third = new TreeSet<>(contacts.stream().filter(i -> i % 3 == 0).toList());
        writeEmails(upload.resolve("third.csv"), third, 50);
        Files.writeString(upload.resolve("delete.xml"), emailMapping("DELETE", listId, "", ""));
        String delete = importList(api, session, "delete.xml", "third.csv");
        long deleteDone = killMidwayAndRestart(api, session, delete, third.size(), home, users, http);
        api = new XmlApiClient(http);
        session = api.loginSession(ACME_USER, ACME_PASSWORD);

        // then each named contact is deleted once, with its membership
        assertTrue(deleteDone < third.size(), "the server was killed before the end");
        XmlApiClient.Reply deleted = getJobStatus(api, session, delete);
        assertEquals(String.valueOf(third.size()), parameter(deleted, "SQL_DELETED"));
        assertEquals("50", parameter(deleted, "SKIPPED"));
        assertEquals(String.valueOf(contacts.size() - third.size()), size(api, session, listId));
        long evenLeft = even.stream().filter(i -> i % 3 != 0).count();
        assertEquals(String.valueOf(evenLeft), size(api, session, contactList));
    }

    /**
     * Kills the server with SIGKILL once the job is past three batches and before half of its
     * {@code rows}, starts it again and waits for the job to complete; the rows done when killed.
     */
    private long killMidwayAndRestart(XmlApiClient api, String session, String job, long rows, Path home, Path users,
                                      int http) throws Exception {
        long done = awaitRowsBetween(api, session, job, 3 * BATCH_ROWS, rows / 2);
        server.destroyForcibly().waitFor();
        server = start(home, users, http);
        XmlApiClient restarted = new XmlApiClient(http);
        awaitStatus(restarted, restarted.loginSession(ACME_USER, ACME_PASSWORD), job, "COMPLETE", Duration.ofMinutes(5));
        return done;
    }

    private static String importList(XmlApiClient api, String session, String map, String source) {
        return api.form(envelope("<ImportList><MAP_FILE>" + map + "</MAP_FILE><SOURCE_FILE>" + source
                + "</SOURCE_FILE></ImportList>"), session).xpath("//JOB_ID");
    }

    /** A mapping of EMAIL alone into the database, with extra elements of LIST_IMPORT and LIST_INFO. */
    private static String emailMapping(String action, String listId, String extra, String extraInfo) {
        return "<LIST_IMPORT><LIST_INFO><ACTION>" + action + "</ACTION><LIST_ID>" + listId + "</LIST_ID><FILE_TYPE>0</FILE_TYPE>"
                + "<HASHEADERS>true</HASHEADERS>" + extraInfo + "</LIST_INFO><MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME>"
                + "</COLUMN></MAPPING>" + extra + "</LIST_IMPORT>";
    }

    /** The addresses of these rows of the big source, then {@code unknown} addresses no contact has. */
    private static void writeEmails(Path file, Set<Integer> rows, int unknown) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("EMAIL\n");
            for (int i : rows) {
                out.write("user" + i + "@crash.example.com\n");
            }
            for (int i = 0; i < unknown; i++) {
                out.write("nobody" + i + "@crash.example.com\n");
            }
        }
    }

    /** SIZE of a database or contact list as GetLists reports it. */
    private static String size(XmlApiClient api, String session, String listId) {
        return api.form(envelope("<GetLists><VISIBILITY>0</VISIBILITY></GetLists>"), session)
                .xpath("//LIST[ID='" + listId + "']/SIZE");
    }

    /** The organization's upload folder holding big.csv and big.xml, a CREATE of it named {@code listName}. */
    private static Path bigSourceAndMapping(Path home, String listName) throws IOException {
        Path upload = home.resolve("data").resolve(ACME).resolve("upload");
        Files.createDirectories(upload);
        writeSource(upload.resolve("big.csv"));
        Files.writeString(upload.resolve("big.xml"), """
                <LIST_IMPORT><LIST_INFO><ACTION>CREATE</ACTION><LIST_NAME>%s</LIST_NAME>
                <FILE_TYPE>0</FILE_TYPE><HASHEADERS>true</HASHEADERS></LIST_INFO>
                <COLUMNS><COLUMN><NAME>EMAIL</NAME><TYPE>9</TYPE><KEY_COLUMN>true</KEY_COLUMN></COLUMN>
                <COLUMN><NAME>Name</NAME><TYPE>0</TYPE></COLUMN></COLUMNS>
                <MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN><COLUMN><INDEX>2</INDEX><NAME>Name</NAME></COLUMN></MAPPING>
                </LIST_IMPORT>""".formatted(listName));
        return upload;
    }

    /** Row i is user{i}; every thousandth row has a bad address, and another repeats the row before it. */
    private static void writeSource(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("EMAIL,Name\n");
            for (int i = 0; i < ROWS; i++) {
                String email = i % 1000 == 999 ? "bad-address-" + i : i % 1000 == 500 ? "user" + (i - 1) + "@crash.example.com"
                        : "user" + i + "@crash.example.com";
                out.write(email + ",Name " + i + "\n");
            }
        }
    }
}
